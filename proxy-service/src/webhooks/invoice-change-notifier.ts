/**
 * The webhook pipeline after the receiver: turns stored Xero INVOICE events into notifications for the
 * subscriptions of that organisation, and delivers the outbox with retries.
 *
 * - Everything is driven from the store (events → outbox → delivered), so a restart, or another instance sharing a
 *   PostgreSQL database, picks up where this one stopped; rows are claimed with a lease, never held in memory only.
 * - WhenAnInvoiceChanges (`invoice` subscriptions): one notification per change. Invoices are read from Xero in
 *   batches of at most 50 ids (the IDs filter; reference/xero-api.md), and only when the organisation has such a
 *   subscription: events nobody listens to, or only batched subscriptions, cost no Xero call.
 * - WhenInvoicesChange (`batched` subscriptions): each change waits in the store for the subscription's next batch
 *   (batch-notification.ts). The first change after a quiet spell goes out in the same pass; after a batch is
 *   delivered the next waits `batchIntervalMs`, collecting whatever arrives meanwhile. In an organisation with
 *   both kinds, an event waits for the per-invoice read (a failed read delays its batch too).
 * - The proxy's own writes come back as events too (own-write.ts): per-invoice notifications say so
 *   (`changedByThisProxy`), batches leave them out. While a write of the organisation's is under way (a pending
 *   intent in the journal) its events wait, so that the ledger holds the write's answer when they are judged.
 * - Delivery is at least once. A callback answering 404 or 410 is gone (Power Automate answers so for a removed or
 *   disabled flow; power-platform.md §2.2), so its subscription is removed. Other failures are retried with
 *   exponential backoff (first 5 s, doubling, at most 15 min apart) for 24 h, then given up.
 * - An invoice the proxy synced is known to the ledger: its notification names the Dataverse invoice, and the
 *   ledger takes the status and payments Xero showed, so the next SyncInvoices refuses a change Xero would refuse
 *   without sending it.
 * - Settled rows are purged after `retentionMs`, at most once an hour per instance.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Invoice as XeroInvoice } from 'xero-node';
import type { InvoiceLedgerRecord } from '../store/invoice-ledger/invoice-ledger-store';
import { catchUpLedger } from '../orchestration/xero-invoice-state';
import type { ConnectionRecord, Store } from '../store/store';
import { mapInvoiceStatus } from '../domain/map-invoice-status';
import type { XeroGateway } from '../xero/xero-gateway';
import { formBatch } from './batch-notification';
import { CallbackDelivery } from './callback-delivery';
import { buildInvoiceChangedEvent } from './invoice-change-event';
import { isOwnWrite, isOwnWriteEvent } from './own-write';
import type {
  BatchChange,
  OutboxRow,
  PendingXeroEvent,
  SubscriptionRecord,
} from '../store/webhooks/webhook-store';
import { eventTime } from './xero-webhook-payload';

export interface NotifierOptions {
  store: Store;
  gateway: XeroGateway;
  logger: Logger;
  now: () => number;
  /** How often due work is looked for besides the kicks after each receipt (real time). */
  pollMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  giveUpAfterMs?: number;
  deliveryTimeoutMs?: number;
  /**
   * How long settled events, notifications and deleted subscriptions are kept (default 7 days). Keep it well
   * above Xero's redelivery window (24 h): a purged event that Xero sends again would be notified again.
   */
  retentionMs?: number;
  /** Opens sealed callback URLs and POSTs through the callback address policy (public https only by default). */
  callbacks?: CallbackDelivery;
  /** After a batch is delivered, how long its subscription's next batch waits (WEBHOOK_BATCH_INTERVAL_SECONDS). */
  batchIntervalMs?: number;
}

/** Xero's `IDs` filter takes many ids; 50 keeps the URL short and matches the contract's GetInvoiceStatuses cap. */
export const INVOICE_BATCH = 50;
const CLAIM_LIMIT = 200;
const LEASE_MS = 60_000;
const DELIVERY_CONCURRENCY = 8;
/** Purging is a few DELETEs over indexed columns; once an hour keeps the tables small without churning. */
export const PURGE_EVERY_MS = 3_600_000;
/**
 * A journalled write younger than this is taken to be under way: the organisation's events wait for its answer to
 * reach the ledger. Older pending intents are writes whose answer was lost (they wait for recovery), and hold
 * nothing. Above the gateway's retries of a write (3 × XERO_HTTP_TIMEOUT_MS by default) and a rate-limit wait.
 */
export const OWN_WRITE_HOLD_MS = 120_000;
/** How soon events held for a write under way are looked at again. */
const HOLD_RECHECK_MS = 500;

export class InvoiceChangeNotifier {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastPurgeAt = Number.NEGATIVE_INFINITY;
  private readonly o: Required<NotifierOptions>;

  constructor(options: NotifierOptions) {
    this.o = {
      pollMs: 1000,
      firstRetryMs: 5000,
      maxRetryMs: 15 * 60_000,
      giveUpAfterMs: 24 * 3_600_000,
      deliveryTimeoutMs: 10_000,
      retentionMs: 7 * 24 * 3_600_000,
      callbacks: CallbackDelivery.strict(),
      batchIntervalMs: 300_000,
      ...options,
    };
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs a pass now (coalesced: a pass already running runs once more afterwards). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((e: unknown) =>
        this.o.logger.error({ err: e, event: 'webhook_pass_failed' }, 'webhook pass failed'),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  private iso(offsetMs = 0): string {
    return new Date(this.o.now() + offsetMs).toISOString();
  }

  private backoff(attempts: number): number {
    const base = Math.min(this.o.maxRetryMs, this.o.firstRetryMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private async pass(): Promise<void> {
    await this.purgeWhenDue();
    for (let round = 0; round < 20 && !this.stopped; round++) {
      const events = await this.o.store.webhooks.claimXeroEvents(this.iso(), this.iso(LEASE_MS), CLAIM_LIMIT);
      if (events.length > 0) await this.processEvents(events);
      const now = this.iso();
      await this.o.store.webhooks.queueBatches(now, (subscription, waiting) =>
        formBatch(subscription, waiting, now),
      );
      const outbox = await this.o.store.webhooks.claimOutbox(this.iso(), this.iso(LEASE_MS), CLAIM_LIMIT);
      for (let i = 0; i < outbox.length; i += DELIVERY_CONCURRENCY)
        await Promise.all(outbox.slice(i, i + DELIVERY_CONCURRENCY).map((row) => this.deliver(row)));
      if (events.length < CLAIM_LIMIT && outbox.length < CLAIM_LIMIT) return;
    }
  }

  /** Retention is housekeeping: a failure is logged and tried again an hour later, never stops delivery. */
  private async purgeWhenDue(): Promise<void> {
    const now = this.o.now();
    if (now - this.lastPurgeAt < PURGE_EVERY_MS) return;
    this.lastPurgeAt = now;
    const before = this.iso(-this.o.retentionMs);
    try {
      const removed = await this.o.store.webhooks.purgeSettled(before);
      this.o.logger.info({ event: 'webhook_purge', before, ...removed }, 'settled webhook rows purged');
    } catch (error) {
      this.o.logger.warn(
        { event: 'webhook_purge_failed', before, err: (error as Error).message },
        'could not purge settled webhook rows; will try again in an hour',
      );
    }
  }

  private async processEvents(events: PendingXeroEvent[]): Promise<void> {
    const { store } = this.o;
    const byTenant = new Map<string, PendingXeroEvent[]>();
    for (const e of events) {
      if (e.eventCategory !== 'INVOICE') {
        await store.webhooks.completeXeroEvent(
          e.eventKey,
          { invoiceStatus: null, outcome: 'ignored' },
          [],
          this.iso(),
        );
        continue;
      }
      byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    }
    for (const [tenantId, tenantEvents] of byTenant) {
      const connection = await store.getConnectionByTenant(tenantId);
      const subscriptions = connection ? await store.webhooks.listActiveSubscriptions(tenantId) : [];
      if (!connection || subscriptions.length === 0) {
        for (const e of tenantEvents)
          await store.webhooks.completeXeroEvent(
            e.eventKey,
            { invoiceStatus: null, outcome: connection ? 'no-subscriptions' : 'unknown-organisation' },
            [],
            this.iso(),
          );
        continue;
      }
      if (await this.ownWriteUnderWay(tenantId)) {
        await store.webhooks.deferXeroEvents(
          tenantEvents.map((e) => e.eventKey),
          this.iso(HOLD_RECHECK_MS),
        );
        continue;
      }
      const perInvoice = subscriptions.filter((s) => s.kind === 'invoice');
      const batched = subscriptions.filter((s) => s.kind === 'batched');
      const ids = [...new Set(tenantEvents.map((e) => e.resourceId.toLowerCase()))];
      for (let i = 0; i < ids.length; i += INVOICE_BATCH) {
        const batchIds = ids.slice(i, i + INVOICE_BATCH);
        const batchEvents = tenantEvents.filter((e) => batchIds.includes(e.resourceId.toLowerCase()));
        const ledger = await this.ledgerRecords(tenantId, batchIds);
        let read: Map<string, XeroInvoice> | undefined;
        if (perInvoice.length > 0) {
          read = await this.readInvoices(connection, tenantId, batchIds, batchEvents);
          if (!read) continue;
        }
        for (const e of batchEvents) {
          const id = e.resourceId.toLowerCase();
          const record = ledger.get(id);
          const createdAt = this.iso();
          const outcome: string[] = [];
          let invoiceStatus: string | null = null;
          const rows: Omit<OutboxRow, 'attempts'>[] = [];
          const invoice = read?.get(id);
          if (read && !invoice) outcome.push('invoice-not-found');
          if (invoice) {
            const previous = await store.webhooks.lastInvoiceStatus(tenantId, e.resourceId, e.eventKey);
            const s = mapInvoiceStatus(invoice);
            const notification = buildInvoiceChangedEvent(
              e,
              invoice,
              previous,
              record?.invoiceId,
              isOwnWrite(record, { updatedAt: s.updatedAt, status: s.status }),
            );
            invoiceStatus = notification.status;
            rows.push(
              ...perInvoice
                .filter((s) => s.eventTypes.length === 0 || s.eventTypes.includes(notification.eventType))
                .map((s) => ({
                  id: randomUUID(),
                  subscriptionId: s.id,
                  eventId: e.eventId,
                  callbackUrl: s.callbackUrl,
                  payload: JSON.stringify(notification),
                  createdAt,
                })),
            );
            outcome.push(`queued ${rows.length}${notification.changedByThisProxy ? ' (own write)' : ''}`);
          }
          const changes = this.batchChanges(batched, e, record, createdAt);
          if (batched.length > 0)
            outcome.push(changes.length > 0 ? `batched ${changes.length}` : 'own write, not batched');
          await store.webhooks.completeXeroEvent(
            e.eventKey,
            { invoiceStatus, outcome: outcome.join(', ') },
            rows,
            this.iso(),
            changes,
          );
        }
      }
    }
  }

  /** A write of this organisation's is journalled and not answered yet (see OWN_WRITE_HOLD_MS). */
  private async ownWriteUnderWay(tenantId: string): Promise<boolean> {
    const pending = await this.o.store.invoiceLedger.listPendingIntents(tenantId);
    return pending.some((intent) => this.o.now() - Date.parse(intent.createdAt) < OWN_WRITE_HOLD_MS);
  }

  /** The ledger records of these Xero invoices (lower-cased ids), for telling the proxy's own writes. */
  private async ledgerRecords(tenantId: string, ids: string[]): Promise<Map<string, InvoiceLedgerRecord>> {
    const records = await this.o.store.invoiceLedger.findLedgerByXeroIds(tenantId, ids);
    return new Map(records.map((r) => [r.entry.xeroInvoiceId.toLowerCase(), r]));
  }

  /**
   * One Xero read of these invoices, and the ledger brought up to date with them; undefined when Xero could not
   * be read (the events are then retried with backoff, or given up after giveUpAfterMs).
   */
  private async readInvoices(
    connection: ConnectionRecord,
    tenantId: string,
    ids: string[],
    events: PendingXeroEvent[],
  ): Promise<Map<string, XeroInvoice> | undefined> {
    const { store, logger } = this.o;
    let invoices: XeroInvoice[];
    const readAt = this.iso();
    try {
      // Archived ones included: voided and deleted invoices are changes too.
      invoices = await this.o.gateway.listInvoicesByIds(connection, ids);
    } catch (error) {
      const message = (error as Error).message;
      logger.warn(
        { event: 'webhook_invoice_read_failed', tenantId, count: events.length, err: message },
        'could not read the changed invoices; will retry',
      );
      for (const e of events) {
        const giveUp = this.o.now() - Date.parse(e.receivedAt) > this.o.giveUpAfterMs;
        await store.webhooks.retryXeroEvent(
          e.eventKey,
          message,
          giveUp ? null : this.iso(this.backoff(e.attempts + 1)),
          this.iso(),
        );
      }
      return undefined;
    }
    const { refreshed } = await catchUpLedger(store.invoiceLedger, tenantId, invoices, readAt, this.iso());
    if (refreshed)
      logger.info(
        { event: 'webhook_ledger_refreshed', tenantId, count: refreshed },
        'ledger caught up with invoices changed in Xero',
      );
    return new Map(invoices.map((inv) => [String(inv.invoiceID).toLowerCase(), inv]));
  }

  /** The event as a change waiting for each batched subscription's next batch; none when it is the proxy's echo. */
  private batchChanges(
    batched: SubscriptionRecord[],
    e: PendingXeroEvent,
    record: InvoiceLedgerRecord | undefined,
    createdAt: string,
  ): BatchChange[] {
    if (batched.length === 0 || isOwnWriteEvent(record, e.eventDateUtc)) return [];
    const changedAt = new Date(eventTime(e.eventDateUtc) ?? Date.parse(e.receivedAt)).toISOString();
    return batched.map((s) => ({
      subscriptionId: s.id,
      eventKey: e.eventKey,
      xeroInvoiceId: e.resourceId.toLowerCase(),
      changedAt,
      createdAt,
    }));
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { store, logger } = this.o;
    const log = { event: 'webhook_delivery', subscriptionId: row.subscriptionId, eventId: row.eventId };
    let status = 0;
    let problem: string;
    let retryAfterMs = 0;
    try {
      const response = await this.o.callbacks.post(row, this.o.deliveryTimeoutMs);
      status = response.status;
      if (status >= 200 && status < 300) {
        await store.webhooks.markDelivered(row.id, status, this.iso(), this.iso(this.o.batchIntervalMs));
        logger.info({ ...log, status, attempt: row.attempts + 1 }, 'notification delivered');
        return;
      }
      if (status === 404 || status === 410) {
        await store.webhooks.deleteSubscription(
          row.subscriptionId,
          `callback answered ${status}`,
          this.iso(),
        );
        logger.warn({ ...log, status }, 'the callback is gone; subscription removed');
        return;
      }
      const retryAfter = Number(response.retryAfter);
      if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = Math.min(retryAfter, 3600) * 1000;
      problem = `callback answered HTTP ${status}`;
    } catch (error) {
      problem = `callback unreachable: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`;
    }
    const giveUp = this.o.now() - Date.parse(row.createdAt) > this.o.giveUpAfterMs;
    const next = giveUp ? null : this.iso(Math.max(retryAfterMs, this.backoff(row.attempts + 1)));
    await store.webhooks.markDeliveryFailed(
      row.id,
      problem,
      next,
      this.iso(),
      this.iso(this.o.batchIntervalMs),
    );
    logger.warn(
      { ...log, status, attempt: row.attempts + 1, nextAttemptAt: next, problem },
      'notification not delivered',
    );
  }
}
