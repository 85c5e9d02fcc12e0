/**
 * Xero's `Idempotency-Key` header (reference/xero-api.md section 2): honoured on POST, PUT and PATCH, up to 128
 * characters, kept 6 minutes from the first call (emulator clock), scoped per app (and here per tenant too). A
 * repeat of the same request replays the stored status and body without processing again — errors included; a
 * concurrent repeat waits for the first; the same key with a different request is a 400. Replays still count
 * against the rate limits, because the limiter runs first.
 *
 * Xero's 400 bodies for a reused or over-long key were never captured; the emulator answers in the shape of Xero's
 * other 400s (`ErrorNumber`/`Type`/`Message`) — an assumption (UNVERIFIED).
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Clock } from '../clock';
import { captureResponse, type CapturedResponse } from '../http/response-capture';
import { TENANT_ID_LOCAL } from '../accounting/seam';

export const IDEMPOTENCY_KEY_MAX = 128;
export const IDEMPOTENCY_RETENTION_MS = 6 * 60_000;
const METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Not a Xero header: lets tests and logs see that an answer was a replay. */
export const REPLAY_HEADER = 'X-Emulator-Idempotent-Replay';

interface Entry {
  fingerprint: string;
  firstSeen: number;
  response?: CapturedResponse;
  waiting: ((r: CapturedResponse) => void)[];
}

export interface RawBodyRequest extends Request {
  rawBody?: Buffer;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  replays = 0;
  private waitingWatchers: { n: number; resolve: () => void }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly retentionMs = IDEMPOTENCY_RETENTION_MS,
  ) {}

  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  middleware(clientIdOf: (res: Response) => string): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const key = req.get('Idempotency-Key');
      if (key === undefined || !METHODS.has(req.method)) return next();
      if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX) {
        res.status(400).json({
          ErrorNumber: 10,
          Type: 'ValidationException',
          Message: `The Idempotency-Key header must be between 1 and ${IDEMPOTENCY_KEY_MAX} characters long`,
        });
        return;
      }
      this.sweep();
      const scope = `${clientIdOf(res)}\u0000${String(res.locals[TENANT_ID_LOCAL])}\u0000${key}`;
      const fingerprint = fingerprintOf(req as RawBodyRequest);
      const entry = this.entries.get(scope);
      if (entry) {
        if (entry.fingerprint !== fingerprint) {
          res.status(400).json({
            ErrorNumber: 10,
            Type: 'ValidationException',
            Message: 'The Idempotency-Key has already been used with a different request',
          });
          return;
        }
        this.replays += 1;
        if (entry.response) replay(res, entry.response);
        else {
          entry.waiting.push((r) => replay(res, r));
          this.notifyWaiting();
        }
        return;
      }
      const fresh: Entry = { fingerprint, firstSeen: this.clock.now().getTime(), waiting: [] };
      this.entries.set(scope, fresh);
      // Even when the client has gone, the router still finishes and the answer is stored: a retry must replay it.
      captureResponse(res, (captured, proceed) => {
        fresh.response = captured;
        for (const w of fresh.waiting.splice(0)) w(captured);
        proceed();
      });
      next();
    };
  }

  /** Repeats currently parked behind a first request that is still being processed. */
  get waitingCount(): number {
    return [...this.entries.values()].reduce((n, e) => n + e.waiting.length, 0);
  }

  /** Resolves once `n` repeats are parked (lets tests prove a repeat waited, without sleeping). */
  waitUntilWaiting(n: number): Promise<void> {
    if (this.waitingCount >= n) return Promise.resolve();
    return new Promise((resolve) => this.waitingWatchers.push({ n, resolve }));
  }

  private notifyWaiting(): void {
    const count = this.waitingCount;
    for (const w of this.waitingWatchers.filter((x) => count >= x.n)) w.resolve();
    this.waitingWatchers = this.waitingWatchers.filter((x) => count < x.n);
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [k, e] of this.entries) if (now - e.firstSeen >= this.retentionMs) this.entries.delete(k);
  }
}

function fingerprintOf(req: RawBodyRequest): string {
  return createHash('sha256')
    .update(`${req.method} ${req.originalUrl}\n`)
    .update(req.rawBody ?? Buffer.alloc(0))
    .digest('hex');
}

const REPLAYED_HEADERS = ['content-type'];

function replay(res: Response, r: CapturedResponse): void {
  const headers: OutgoingHttpHeaders = {};
  for (const h of REPLAYED_HEADERS) if (r.headers[h] !== undefined) headers[h] = r.headers[h];
  res
    .status(r.status)
    .set(headers as Record<string, string>)
    .set(REPLAY_HEADER, 'true')
    .send(r.body);
}
