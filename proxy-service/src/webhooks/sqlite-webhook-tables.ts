/** SQLite side of the webhook pipeline's persistence (see webhook-store.ts). */
import type Database from 'better-sqlite3';
import type {
  BatchChange,
  BatchChangeState,
  FormedBatch,
  NewSubscription,
  OutboxRow,
  OutboxState,
  PendingXeroEvent,
  PurgeCounts,
  SubscriptionKind,
  SubscriptionRecord,
  WebhookStore,
  XeroEventRow,
} from '../store/webhooks/webhook-store';

type Row = Record<string, unknown>;

export function subscriptionFromRow(row: Row): SubscriptionRecord {
  const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : String(v));
  return {
    id: String(row.id),
    kind: String(row.kind ?? 'invoice') as SubscriptionKind,
    connectionId: String(row.connection_id),
    tenantId: String(row.tenant_id),
    callbackUrl: String(row.callback_url),
    eventTypes: JSON.parse(String(row.event_types)) as string[],
    createdAt: iso(row.created_at)!,
    deletedAt: iso(row.deleted_at),
    deleteReason: (row.delete_reason as string | null) ?? null,
    groupId: (row.group_id as string | null) ?? null,
  };
}

export function pendingEventFromRow(row: Row): PendingXeroEvent {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
  return {
    eventKey: String(row.event_key),
    eventId: String(row.event_id),
    tenantId: String(row.tenant_id),
    eventCategory: String(row.event_category),
    eventType: String(row.event_type),
    resourceId: String(row.resource_id),
    eventDateUtc: String(row.event_date_utc),
    receivedAt: iso(row.received_at),
    attempts: Number(row.attempts),
  };
}

export function outboxFromRow(row: Row): OutboxRow {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
  return {
    id: String(row.id),
    subscriptionId: String(row.subscription_id),
    eventId: String(row.event_id),
    callbackUrl: String(row.callback_url),
    payload: String(row.payload),
    attempts: Number(row.attempts),
    createdAt: iso(row.created_at),
  };
}

export function batchChangeFromRow(row: Row): BatchChangeState {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
  return {
    subscriptionId: String(row.subscription_id),
    eventKey: String(row.event_key),
    xeroInvoiceId: String(row.xero_invoice_id),
    changedAt: iso(row.changed_at),
    createdAt: iso(row.created_at),
    outboxId: (row.outbox_id as string | null) ?? null,
  };
}

/** The subscriptions whose next batch may be queued now (shared text: both stores have the same columns). */
export const DUE_BATCHES_WHERE = `s.kind = 'batched' AND s.deleted_at IS NULL AND s.batch_in_flight IS NULL
  AND (s.next_batch_at IS NULL OR s.next_batch_at <= $now)
  AND EXISTS (SELECT 1 FROM webhook_batch_changes c WHERE c.subscription_id = s.id AND c.outbox_id IS NULL)`;

export function outboxStateFromRow(row: Row): OutboxState {
  const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : String(v));
  return {
    id: String(row.id),
    subscriptionId: String(row.subscription_id),
    eventId: String(row.event_id),
    attempts: Number(row.attempts),
    deliveredAt: iso(row.delivered_at),
    failedAt: iso(row.failed_at),
    lastError: (row.last_error as string | null) ?? null,
    payload: String(row.payload),
  };
}

export class SqliteWebhookTables implements WebhookStore {
  constructor(private readonly db: Database.Database) {}

  async saveXeroEvents(events: XeroEventRow[], now: string): Promise<number> {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO webhook_events (event_key, event_id, tenant_id, event_category, event_type, resource_id,
         event_date_utc, received_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.db.transaction(() => {
      let added = 0;
      for (const e of events) {
        added += insert.run(
          e.eventKey,
          e.eventId,
          e.tenantId,
          e.eventCategory,
          e.eventType,
          e.resourceId,
          e.eventDateUtc,
          e.receivedAt,
          now,
        ).changes;
      }
      return added;
    })();
  }

  async claimXeroEvents(now: string, leaseUntil: string, limit: number): Promise<PendingXeroEvent[]> {
    return this.db
      .transaction(() => {
        // Oldest first: the changes of one invoice are processed in the order Xero made them.
        const rows = this.db
          .prepare(
            `SELECT * FROM webhook_events WHERE processed_at IS NULL AND next_attempt_at <= ?
           ORDER BY event_date_utc, received_at LIMIT ?`,
          )
          .all(now, limit) as Row[];
        const lease = this.db.prepare('UPDATE webhook_events SET next_attempt_at = ? WHERE event_key = ?');
        for (const r of rows) lease.run(leaseUntil, r.event_key);
        return rows.map(pendingEventFromRow);
      })
      .immediate();
  }

  async completeXeroEvent(
    eventKey: string,
    result: { invoiceStatus: string | null; outcome: string },
    notifications: Omit<OutboxRow, 'attempts'>[],
    now: string,
    batchChanges: BatchChange[] = [],
  ): Promise<void> {
    const queue = this.db.prepare(
      `INSERT OR IGNORE INTO webhook_outbox (id, subscription_id, event_id, callback_url, payload, next_attempt_at,
         created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const wait = this.db.prepare(
      `INSERT OR IGNORE INTO webhook_batch_changes (subscription_id, event_key, xero_invoice_id, changed_at,
         created_at) VALUES (?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE webhook_events SET processed_at = ?, outcome = ?, invoice_status = ?, attempts = attempts + 1,
             last_error = NULL WHERE event_key = ?`,
        )
        .run(now, result.outcome, result.invoiceStatus, eventKey);
      for (const n of notifications)
        queue.run(n.id, n.subscriptionId, n.eventId, n.callbackUrl, n.payload, now, n.createdAt);
      for (const c of batchChanges)
        wait.run(c.subscriptionId, c.eventKey, c.xeroInvoiceId, c.changedAt, c.createdAt);
    })();
  }

  async deferXeroEvents(eventKeys: string[], nextAttemptAt: string): Promise<void> {
    const defer = this.db.prepare(
      'UPDATE webhook_events SET next_attempt_at = ? WHERE event_key = ? AND processed_at IS NULL',
    );
    this.db.transaction(() => {
      for (const key of eventKeys) defer.run(nextAttemptAt, key);
    })();
  }

  async retryXeroEvent(
    eventKey: string,
    error: string,
    nextAttemptAt: string | null,
    now: string,
  ): Promise<void> {
    this.db
      .prepare(
        `UPDATE webhook_events SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           processed_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END,
           outcome = CASE WHEN ? IS NULL THEN 'gave-up' ELSE NULL END WHERE event_key = ?`,
      )
      .run(error, nextAttemptAt ?? now, nextAttemptAt, now, nextAttemptAt, eventKey);
  }

  async lastInvoiceStatus(
    tenantId: string,
    resourceId: string,
    beforeEventKey: string,
  ): Promise<string | null> {
    const row = this.db
      .prepare(
        `SELECT invoice_status FROM webhook_events WHERE tenant_id = ? AND resource_id = ? AND event_key <> ?
           AND processed_at IS NOT NULL AND invoice_status IS NOT NULL ORDER BY processed_at DESC, event_key DESC LIMIT 1`,
      )
      .get(tenantId, resourceId, beforeEventKey) as Row | undefined;
    return row ? String(row.invoice_status) : null;
  }

  async createSubscription(s: NewSubscription): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO invoice_subscriptions (id, kind, connection_id, tenant_id, callback_url, event_types, created_at,
           group_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.id,
        s.kind ?? 'invoice',
        s.connectionId,
        s.tenantId,
        s.callbackUrl,
        JSON.stringify(s.eventTypes),
        s.createdAt,
        s.groupId ?? null,
      );
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM invoice_subscriptions WHERE id = ?').get(id) as
      Row | undefined;
    return row ? subscriptionFromRow(row) : undefined;
  }

  async listSubscriptionGroup(id: string): Promise<SubscriptionRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM invoice_subscriptions WHERE id = ? OR group_id = ? ORDER BY created_at, id')
      .all(id, id) as Row[];
    return rows.map(subscriptionFromRow);
  }

  async listActiveSubscriptions(tenantId: string): Promise<SubscriptionRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT s.* FROM invoice_subscriptions s JOIN connections c ON c.id = s.connection_id
         WHERE s.tenant_id = ? AND s.deleted_at IS NULL ORDER BY s.created_at, s.id`,
      )
      .all(tenantId) as Row[];
    return rows.map(subscriptionFromRow);
  }

  async deleteSubscription(id: string, reason: string, now: string): Promise<boolean> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          'UPDATE invoice_subscriptions SET deleted_at = ?, delete_reason = ? WHERE id = ? AND deleted_at IS NULL',
        )
        .run(now, reason, id).changes;
      this.db
        .prepare(
          `UPDATE webhook_outbox SET failed_at = ?, last_error = ? WHERE subscription_id = ?
             AND delivered_at IS NULL AND failed_at IS NULL`,
        )
        .run(now, `subscription deleted: ${reason}`, id);
      return changed > 0;
    })();
  }

  async queueBatches(
    now: string,
    form: (subscription: SubscriptionRecord, waiting: BatchChange[]) => FormedBatch | undefined,
  ): Promise<number> {
    return this.db
      .transaction(() => {
        const due = this.db
          .prepare(`SELECT s.* FROM invoice_subscriptions s WHERE ${DUE_BATCHES_WHERE.replace('$now', '?')}`)
          .all(now) as Row[];
        const waitingOf = this.db.prepare(
          `SELECT * FROM webhook_batch_changes WHERE subscription_id = ? AND outbox_id IS NULL
             ORDER BY changed_at, created_at, event_key`,
        );
        const queue = this.db.prepare(
          `INSERT INTO webhook_outbox (id, subscription_id, event_id, callback_url, payload, next_attempt_at,
             created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        );
        const assign = this.db.prepare(
          'UPDATE webhook_batch_changes SET outbox_id = ? WHERE subscription_id = ? AND event_key = ?',
        );
        const inFlight = this.db.prepare('UPDATE invoice_subscriptions SET batch_in_flight = ? WHERE id = ?');
        let queued = 0;
        for (const row of due) {
          const subscription = subscriptionFromRow(row);
          const waiting = (waitingOf.all(subscription.id) as Row[]).map(batchChangeFromRow);
          const batch = form(subscription, waiting);
          if (!batch) continue;
          const n = batch.notification;
          queue.run(n.id, subscription.id, n.eventId, subscription.callbackUrl, n.payload, now, n.createdAt);
          for (const key of batch.eventKeys) assign.run(n.id, subscription.id, key);
          inFlight.run(n.id, subscription.id);
          queued += 1;
        }
        return queued;
      })
      .immediate();
  }

  async listBatchChanges(subscriptionId: string): Promise<BatchChangeState[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM webhook_batch_changes WHERE subscription_id = ? ORDER BY changed_at, created_at, event_key`,
      )
      .all(subscriptionId) as Row[];
    return rows.map(batchChangeFromRow);
  }

  async claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT * FROM webhook_outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
           ORDER BY created_at, id LIMIT ?`,
          )
          .all(now, limit) as Row[];
        const lease = this.db.prepare('UPDATE webhook_outbox SET next_attempt_at = ? WHERE id = ?');
        for (const r of rows) lease.run(leaseUntil, r.id);
        return rows.map(outboxFromRow);
      })
      .immediate();
  }

  /** A batch is settled (delivered or given up): its subscription may have the next one from `nextBatchAt`. */
  private settleBatch(outboxId: string, nextBatchAt: string): void {
    this.db
      .prepare(
        'UPDATE invoice_subscriptions SET batch_in_flight = NULL, next_batch_at = ? WHERE batch_in_flight = ?',
      )
      .run(nextBatchAt, outboxId);
  }

  async markDelivered(id: string, status: number, now: string, nextBatchAt = now): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE webhook_outbox SET delivered_at = ?, last_status = ?, attempts = attempts + 1, last_error = NULL
           WHERE id = ?`,
        )
        .run(now, status, id);
      this.settleBatch(id, nextBatchAt);
    })();
  }

  async markDeliveryFailed(
    id: string,
    error: string,
    nextAttemptAt: string | null,
    now: string,
    nextBatchAt = now,
  ): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE webhook_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
             failed_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE id = ?`,
        )
        .run(error, nextAttemptAt ?? now, nextAttemptAt, now, id);
      if (nextAttemptAt === null) this.settleBatch(id, nextBatchAt);
    })();
  }

  async listOutbox(subscriptionId: string): Promise<OutboxState[]> {
    const rows = this.db
      .prepare('SELECT * FROM webhook_outbox WHERE subscription_id = ? ORDER BY created_at, id')
      .all(subscriptionId) as Row[];
    return rows.map(outboxStateFromRow);
  }

  async purgeSettled(before: string): Promise<PurgeCounts> {
    return this.db
      .transaction(() => {
        // An event with a status is kept while it is its invoice's latest (same order as lastInvoiceStatus).
        const events = this.db
          .prepare(
            `DELETE FROM webhook_events WHERE processed_at IS NOT NULL AND processed_at < ?
               AND (invoice_status IS NULL OR EXISTS (
                 SELECT 1 FROM webhook_events n WHERE n.tenant_id = webhook_events.tenant_id
                   AND n.resource_id = webhook_events.resource_id AND n.processed_at IS NOT NULL
                   AND n.invoice_status IS NOT NULL
                   AND (n.processed_at > webhook_events.processed_at
                     OR (n.processed_at = webhook_events.processed_at AND n.event_key > webhook_events.event_key))))`,
          )
          .run(before).changes;
        const outbox = this.db
          .prepare(
            `DELETE FROM webhook_outbox WHERE (delivered_at IS NOT NULL AND delivered_at < ?)
               OR (failed_at IS NOT NULL AND failed_at < ?)`,
          )
          .run(before, before).changes;
        const subscriptions = this.db
          .prepare(
            `DELETE FROM invoice_subscriptions WHERE deleted_at IS NOT NULL AND deleted_at < ?
               AND NOT EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.subscription_id = invoice_subscriptions.id)`,
          )
          .run(before).changes;
        return { events, outbox, subscriptions };
      })
      .immediate();
  }

  async sealPlainCallbackUrls(seal: (subscriptionId: string, url: string) => string): Promise<number> {
    return this.db
      .transaction(() => {
        let changed = 0;
        for (const [table, subscriptionColumn] of [
          ['invoice_subscriptions', 'id'],
          ['webhook_outbox', 'subscription_id'],
        ] as const) {
          const rows = this.db
            .prepare(
              `SELECT id, ${subscriptionColumn} AS subscription_id, callback_url FROM ${table}
                 WHERE substr(callback_url, 1, 3) <> 'v1.'`,
            )
            .all() as Row[];
          const update = this.db.prepare(`UPDATE ${table} SET callback_url = ? WHERE id = ?`);
          for (const r of rows)
            changed += update.run(seal(String(r.subscription_id), String(r.callback_url)), r.id).changes;
        }
        return changed;
      })
      .immediate();
  }
}
