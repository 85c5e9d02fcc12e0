/**
 * Xero's webhook delivery (reference/xero-api.md section 10), for one app subscription:
 * - every change the books commit (through the API or written directly) becomes one event (book-change-event.ts);
 *   the events of one turn of the event loop (one request, or a burst of direct writes) are batched into one POST
 *   `{events, firstEventSequence, lastEventSequence, entropy}`;
 * - every POST carries `x-xero-signature` = base64(HMAC-SHA256(webhook key, raw body));
 * - Intent to Receive runs when a subscription is registered (or on demand): several POSTs with `events: []` and
 *   sequence 0, some signed correctly and some deliberately wrong; the receiver must answer 200 to the good ones
 *   and 401 to the bad ones. Events are held until it passes;
 * - a receiver that answers non-200 or not within the timeout (5 s, as Xero's docs) is retried: once at once,
 *   then every 15 minutes for 24 hours (the 2026 third-party reading of Xero's page), then the subscription is
 *   disabled. Batches are delivered in order; a failing batch holds back later ones. Retry times follow the
 *   emulator clock: `deliverDue()` (called by `emulator.advanceClock()` and a background tick) sends what is due.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { WebhookCategory, XeroWebhookEvent } from '../accounting/seam';

/** What a subscription receives when it names no categories: what the proxy subscribes to. */
export const DEFAULT_WEBHOOK_CATEGORIES: readonly WebhookCategory[] = ['INVOICE', 'CONTACT'];

export const webhookConfigSchema = z.object({
  url: z.string().url('webhook url must be an absolute http(s) URL'),
  key: z.string().min(1, 'webhook key must not be empty'),
  /** Per-attempt timeout (real time). Xero's is 5 s. */
  timeoutMs: z.number().int().positive().default(5000),
  /** Wait between retries after the immediate one (emulator clock). */
  retryIntervalMs: z
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  /** How long retries go on before the subscription is disabled (emulator clock). */
  giveUpAfterMs: z
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60_000),
  /** Number of Intent-to-Receive probes; at least one good and one bad is always sent. */
  intentProbes: z.number().int().min(2).max(20).default(4),
  /** Skip Intent to Receive and deliver at once (for receivers that are not under test). */
  skipIntentToReceive: z.boolean().default(false),
  /**
   * The event categories the app subscribes to (in Xero's developer portal): it receives only these. INVOICE and
   * CONTACT unless told; CREDITNOTE events exist too (Xero-OpenAPI xero-webhooks.yaml).
   */
  categories: z
    .array(z.enum(['INVOICE', 'CONTACT', 'CREDITNOTE']))
    .min(1, 'subscribe to at least one webhook category')
    .default([...DEFAULT_WEBHOOK_CATEGORIES]),
});
export type WebhookConfigInput = z.input<typeof webhookConfigSchema>;
export type WebhookConfig = z.output<typeof webhookConfigSchema>;

export interface IntentProbe {
  signature: 'valid' | 'invalid';
  expectedStatus: 200 | 401;
  status: number | null;
  error?: string;
  ok: boolean;
}

export interface IntentToReceiveResult {
  status: 'passed' | 'failed';
  checkedAt: string;
  probes: IntentProbe[];
}

export interface DeliveryAttempt {
  kind: 'intent-to-receive' | 'events';
  at: string;
  attempt: number;
  firstEventSequence: number;
  lastEventSequence: number;
  eventCount: number;
  signatureValid: boolean;
  status: number | null;
  error?: string;
  ok: boolean;
  body: string;
}

interface Batch {
  events: XeroWebhookEvent[];
  first: number;
  last: number;
  attempts: number;
  firstAttemptAt?: number;
  nextAttemptAt: number;
}

export type SubscriptionStatus =
  'not-configured' | 'awaiting-intent-to-receive' | 'intent-to-receive-failed' | 'active' | 'disabled';

export class WebhookDispatcher {
  private config?: WebhookConfig;
  private status: SubscriptionStatus = 'not-configured';
  private intent?: IntentToReceiveResult;
  private sequence = 0;
  private pendingEvents: XeroWebhookEvent[] = [];
  private flushScheduled = false;
  private queue: Batch[] = [];
  private pumping?: Promise<void>;
  private readonly log: DeliveryAttempt[] = [];
  private readonly emitted: XeroWebhookEvent[] = [];
  private readonly ticker: NodeJS.Timeout;
  private closed = false;
  private readonly inflight = new Set<AbortController>();

  constructor(
    private readonly clock: Clock,
    tickMs = 250,
  ) {
    this.ticker = setInterval(() => void this.deliverDue(), tickMs);
    this.ticker.unref();
  }

  /** Registers (or replaces) the subscription and runs Intent to Receive, unless told to skip it. */
  async register(input: WebhookConfigInput): Promise<IntentToReceiveResult | undefined> {
    this.config = webhookConfigSchema.parse(input);
    this.intent = undefined;
    if (this.config.skipIntentToReceive) {
      this.status = 'active';
      await this.deliverDue();
      return undefined;
    }
    this.status = 'awaiting-intent-to-receive';
    return this.intentToReceive();
  }

  unregister(): void {
    this.config = undefined;
    this.status = 'not-configured';
  }

  /** Runs Intent to Receive against the registered URL; events flow once it passes. */
  async intentToReceive(): Promise<IntentToReceiveResult> {
    const config = this.requireConfig();
    const kinds: ('valid' | 'invalid')[] = ['valid', 'invalid'];
    while (kinds.length < config.intentProbes) kinds.push(Math.random() < 0.5 ? 'valid' : 'invalid');
    kinds.sort(() => Math.random() - 0.5);
    const probes: IntentProbe[] = [];
    for (const kind of kinds) {
      const body = JSON.stringify({
        events: [],
        firstEventSequence: 0,
        lastEventSequence: 0,
        entropy: entropy(),
      });
      const outcome = await this.post(config, body, kind === 'valid');
      const expectedStatus = kind === 'valid' ? 200 : 401;
      const ok = outcome.status === expectedStatus;
      probes.push({
        signature: kind,
        expectedStatus,
        status: outcome.status,
        ...(outcome.error ? { error: outcome.error } : {}),
        ok,
      });
      this.record({
        kind: 'intent-to-receive',
        attempt: 1,
        first: 0,
        last: 0,
        count: 0,
        valid: kind === 'valid',
        outcome,
        ok,
        body,
      });
    }
    const passed = probes.every((p) => p.ok);
    this.intent = { status: passed ? 'passed' : 'failed', checkedAt: this.clock.now().toISOString(), probes };
    if (this.config === config) this.status = passed ? 'active' : 'intent-to-receive-failed';
    if (passed) await this.deliverDue();
    return this.intent;
  }

  /** Called once per committed book change (the emulator listens to each organisation's books). */
  emit(event: XeroWebhookEvent): void {
    // Xero sends an app only the categories it subscribed to; the rest never become events for it.
    if (!(this.config?.categories ?? DEFAULT_WEBHOOK_CATEGORIES).includes(event.eventCategory)) return;
    this.emitted.push(event);
    if (!this.config) return;
    this.pendingEvents.push(event);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Everything one request (or one synchronous run of direct writes) changes goes into one delivery.
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Turns pending events into a batch now (instead of on the next tick) and delivers what is due. */
  async flushAndDeliver(): Promise<void> {
    this.flush();
    await this.deliverDue();
  }

  /** Sends every batch whose (re)try time has come, in order; resolves when nothing due is left. */
  async deliverDue(): Promise<void> {
    while (this.pumping) await this.pumping;
    if (!this.hasDueWork()) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
    await this.pumping;
  }

  private hasDueWork(): boolean {
    const head = this.queue[0];
    return (
      !this.closed &&
      this.status === 'active' &&
      head !== undefined &&
      head.nextAttemptAt <= this.clock.now().getTime()
    );
  }

  get subscription(): {
    status: SubscriptionStatus;
    url?: string;
    categories?: WebhookCategory[];
    intentToReceive?: IntentToReceiveResult;
    queuedBatches: number;
    nextAttemptAt?: string;
  } {
    const head = this.queue[0];
    return {
      status: this.status,
      ...(this.config ? { url: this.config.url, categories: [...this.config.categories] } : {}),
      ...(this.intent ? { intentToReceive: this.intent } : {}),
      queuedBatches: this.queue.length,
      ...(head ? { nextAttemptAt: new Date(head.nextAttemptAt).toISOString() } : {}),
    };
  }

  /** Every POST made, in order (intent probes and event deliveries, including failed attempts). */
  get deliveries(): DeliveryAttempt[] {
    return [...this.log];
  }

  /** Every event the books emitted for the subscribed categories, delivered or not. */
  get emittedEvents(): XeroWebhookEvent[] {
    return [...this.emitted];
  }

  /** Re-enables a disabled subscription (Xero's portal has the same button); its held batches are retried. */
  async reenable(): Promise<void> {
    if (this.status !== 'disabled') return;
    this.status = 'active';
    for (const b of this.queue) {
      b.firstAttemptAt = undefined;
      b.attempts = 0;
      b.nextAttemptAt = this.clock.now().getTime();
    }
    await this.deliverDue();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.ticker);
    for (const c of this.inflight) c.abort();
  }

  private flush(): void {
    if (this.pendingEvents.length === 0) return;
    const events = this.pendingEvents.splice(0);
    const first = this.sequence + 1;
    this.sequence += events.length;
    this.queue.push({
      events,
      first,
      last: this.sequence,
      attempts: 0,
      nextAttemptAt: this.clock.now().getTime(),
    });
    void this.deliverDue();
  }

  private async pump(): Promise<void> {
    while (!this.closed && this.config && this.status === 'active') {
      const config = this.config;
      const batch = this.queue[0];
      if (!batch || batch.nextAttemptAt > this.clock.now().getTime()) return;
      const body = JSON.stringify({
        events: batch.events,
        firstEventSequence: batch.first,
        lastEventSequence: batch.last,
        entropy: entropy(),
      });
      batch.attempts += 1;
      const now = this.clock.now().getTime();
      batch.firstAttemptAt ??= now;
      const outcome = await this.post(config, body, true);
      const ok = outcome.status === 200;
      this.record({
        kind: 'events',
        attempt: batch.attempts,
        first: batch.first,
        last: batch.last,
        count: batch.events.length,
        valid: true,
        outcome,
        ok,
        body,
      });
      if (ok) {
        this.queue.shift();
        continue;
      }
      const after = this.clock.now().getTime();
      if (after - batch.firstAttemptAt >= config.giveUpAfterMs) {
        this.status = 'disabled';
        return;
      }
      // One immediate retry, then the regular interval.
      batch.nextAttemptAt = batch.attempts === 1 ? after : after + config.retryIntervalMs;
    }
  }

  private async post(
    config: WebhookConfig,
    body: string,
    validSignature: boolean,
  ): Promise<{ status: number | null; error?: string }> {
    const key = validSignature ? config.key : `${config.key}-wrong-${randomBytes(4).toString('hex')}`;
    const signature = createHmac('sha256', key).update(body, 'utf8').digest('base64');
    const controller = new AbortController();
    this.inflight.add(controller);
    const timer = setTimeout(() => controller.abort(), config.timeoutMs);
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'x-xero-signature': signature,
          'User-Agent': 'Xero-Emulator-Webhooks',
        },
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status };
    } catch (err) {
      const timedOut = controller.signal.aborted;
      return {
        status: null,
        error: timedOut ? `no answer within ${config.timeoutMs} ms` : (err as Error).message,
      };
    } finally {
      clearTimeout(timer);
      this.inflight.delete(controller);
    }
  }

  private record(r: {
    kind: DeliveryAttempt['kind'];
    attempt: number;
    first: number;
    last: number;
    count: number;
    valid: boolean;
    outcome: { status: number | null; error?: string };
    ok: boolean;
    body: string;
  }): void {
    this.log.push({
      kind: r.kind,
      at: this.clock.now().toISOString(),
      attempt: r.attempt,
      firstEventSequence: r.first,
      lastEventSequence: r.last,
      eventCount: r.count,
      signatureValid: r.valid,
      status: r.outcome.status,
      ...(r.outcome.error ? { error: r.outcome.error } : {}),
      ok: r.ok,
      body: r.body,
    });
  }

  private requireConfig(): WebhookConfig {
    if (!this.config) throw new Error('no webhook subscription is registered');
    return this.config;
  }
}

function entropy(): string {
  return randomBytes(15)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 20)
    .toUpperCase();
}
