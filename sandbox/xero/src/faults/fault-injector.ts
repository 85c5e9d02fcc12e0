/**
 * Fault injection: make the next N matching calls fail the way Xero (or the network) fails, so clients can be
 * tested against 500s, 503s, hung connections, lost responses, slow calls and an organisation going offline.
 *
 * - `status`: answers 500 (Xero's JSON body) or 503 (Xero's plain-text body) or any other code, before processing.
 * - `timeout`: the connection hangs without an answer until the client gives up (nothing is processed).
 * - `drop-response`: the request IS processed (and stored for idempotent replay), then the answer never comes —
 *   the case that makes retries dangerous without an Idempotency-Key, or a lost refresh-token response.
 * - `latency`: adds real delay, then processes normally.
 * - `hold`: parks the request until `release()`; tests use it to hold calls "in flight" (concurrency limits).
 * - offline organisations: every call for the tenant gets 503 "The Organisation is Offline" until brought online.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { captureResponse } from '../http/response-capture';
import { API_UNAVAILABLE_TEXT, internalErrorBody, ORGANISATION_OFFLINE_TEXT } from '../http/xero-errors';
import { TENANT_ID_LOCAL } from '../accounting/seam';

export const FAULT_TARGETS = ['accounting', 'token', 'connections'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export const faultSpecSchema = z
  .object({
    kind: z.enum(['status', 'timeout', 'drop-response', 'latency', 'hold']),
    status: z.number().int().min(400).max(599).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** How many matching calls the fault hits; `null` = every call until cleared. */
    count: z.number().int().positive().nullable().default(1),
    /** Only calls for this tenant (accounting target); omitted = every tenant. */
    tenantId: z.string().optional(),
    target: z.enum(FAULT_TARGETS).default('accounting'),
    method: z.string().toUpperCase().optional(),
    /** Only calls whose path (below /api.xro/2.0 for accounting) starts with this, case-insensitive, e.g. "/Invoices". */
    path: z.string().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'status' && f.status === undefined)
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'a status fault needs a status' });
    if (f.kind === 'latency' && f.latencyMs === undefined) {
      ctx.addIssue({ code: 'custom', path: ['latencyMs'], message: 'a latency fault needs latencyMs' });
    }
  });

export type FaultSpecInput = z.input<typeof faultSpecSchema>;
export type FaultSpec = z.output<typeof faultSpecSchema> & { id: string; hits: number };

interface HeldRequest {
  res: Response;
  release?: () => void;
}

export class FaultInjector {
  private rules: FaultSpec[] = [];
  private readonly offline = new Set<string>();
  private readonly held = new Set<HeldRequest>();
  private heldWaiters: { n: number; resolve: () => void }[] = [];

  inject(input: FaultSpecInput): FaultSpec {
    const rule: FaultSpec = { ...faultSpecSchema.parse(input), id: randomUUID(), hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultSpec[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Removes every rule, brings every organisation online and releases held (not timed-out) requests. */
  clear(): void {
    this.rules = [];
    this.offline.clear();
    this.release();
  }

  takeOffline(tenantId: string): void {
    this.offline.add(tenantId);
  }

  bringOnline(tenantId: string): void {
    this.offline.delete(tenantId);
  }

  isOffline(tenantId: string): boolean {
    return this.offline.has(tenantId);
  }

  offlineTenants(): string[] {
    return [...this.offline];
  }

  /** Number of requests currently parked by `hold`, `timeout` or `drop-response`. */
  get heldCount(): number {
    return this.held.size;
  }

  /** Resolves once at least `n` requests are parked (no sleeping in tests). */
  waitForHeld(n: number): Promise<void> {
    if (this.held.size >= n) return Promise.resolve();
    return new Promise((resolve) => this.heldWaiters.push({ n, resolve }));
  }

  /** Lets `hold` requests continue; `timeout`/`drop-response` ones stay hung until the client closes. */
  release(): void {
    for (const h of [...this.held]) {
      if (h.release) {
        this.held.delete(h);
        h.release();
      }
    }
  }

  /** Destroys every parked connection (emulator shutdown). */
  destroyHeld(): void {
    for (const h of this.held) h.res.socket?.destroy();
    this.held.clear();
  }

  middleware(target: FaultTarget): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const tenantId = res.locals[TENANT_ID_LOCAL] as string | undefined;
      if (target === 'accounting' && tenantId && this.offline.has(tenantId)) {
        res.status(503).type('text/plain').send(ORGANISATION_OFFLINE_TEXT);
        return;
      }
      const rule = this.take(target, req, tenantId);
      if (!rule) return next();
      switch (rule.kind) {
        case 'status':
          return sendStatusFault(res, rule.status ?? 500);
        case 'latency': {
          const timer = setTimeout(next, rule.latencyMs ?? 0);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        case 'timeout':
          return this.park({ res });
        case 'hold':
          return this.park({ res, release: () => next() });
        case 'drop-response':
          captureResponse(res, () => this.park({ res }));
          return next();
      }
    };
  }

  private park(h: HeldRequest): void {
    this.held.add(h);
    h.res.on('close', () => this.held.delete(h));
    const ready = this.heldWaiters.filter((w) => this.held.size >= w.n);
    this.heldWaiters = this.heldWaiters.filter((w) => this.held.size < w.n);
    for (const w of ready) w.resolve();
  }

  private take(target: FaultTarget, req: Request, tenantId: string | undefined): FaultSpec | undefined {
    const rule = this.rules.find(
      (r) =>
        r.target === target &&
        (r.tenantId === undefined || r.tenantId === tenantId) &&
        (r.method === undefined || r.method === req.method) &&
        (r.path === undefined || req.path.toLowerCase().startsWith(r.path.toLowerCase())),
    );
    if (!rule) return undefined;
    rule.hits += 1;
    if (rule.count !== null && rule.hits >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}

function sendStatusFault(res: Response, status: number): void {
  if (status === 500) res.status(500).json(internalErrorBody());
  else if (status === 503) res.status(503).type('text/plain').send(API_UNAVAILABLE_TEXT);
  else
    res.status(status).json({
      Title: 'Injected fault',
      Status: status,
      Detail: `Fault injected by the Xero emulator (HTTP ${status})`,
    });
}
