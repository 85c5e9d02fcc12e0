/**
 * PostgreSQL side of the webhook pipeline's persistence (see webhook-store.ts). Claims use FOR UPDATE SKIP LOCKED so
 * several proxy instances share the work without taking the same row.
 */
import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '../store/postgres-transaction';
import {
  batchChangeFromRow,
  DUE_BATCHES_WHERE,
  outboxFromRow,
  outboxStateFromRow,
  pendingEventFromRow,
  subscriptionFromRow,
} from './sqlite-webhook-tables';
import type {
  BatchChange,
  BatchChangeState,
  FormedBatch,
  NewSubscription,
  OutboxRow,
  OutboxState,
  PendingXeroEvent,
  PurgeCounts,
  SubscriptionRecord,
  WebhookStore,
  XeroEventRow,
} from '../store/webhooks/webhook-store';

export class PostgresWebhookTables implements WebhookStore {
  constructor(private readonly pool: Pool) {}

  private inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  async saveXeroEvents(events: XeroEventRow[], now: string): Promise<number> {
    if (events.length === 0) return 0;
    return this.inTransaction(async (c) => {
      let added = 0;
      for (const e of events) {
        const r = await c.query(
          `INSERT INTO webhook_events (event_key, event_id, tenant_id, event_category, event_type, resource_id,
             event_date_utc, received_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (event_key) DO NOTHING`,
          [
            e.eventKey,
            e.eventId,
            e.tenantId,
            e.eventCategory,
            e.eventType,
            e.resourceId,
            e.eventDateUtc,
            e.receivedAt,
            now,
          ],
        );
        added += r.rowCount ?? 0;
      }
      return added;
    });
  }

  async claimXeroEvents(now: string, leaseUntil: string, limit: number): Promise<PendingXeroEvent[]> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_events SET next_attempt_at = $2 WHERE event_key IN (
         SELECT event_key FROM webhook_events WHERE processed_at IS NULL AND next_attempt_at <= $1
         ORDER BY event_date_utc, received_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, leaseUntil, limit],
    );
    return rows
      .map(pendingEventFromRow)
      .sort(
        (a, b) => a.eventDateUtc.localeCompare(b.eventDateUtc) || a.receivedAt.localeCompare(b.receivedAt),
      );
  }

  async completeXeroEvent(
    eventKey: string,
    result: { invoiceStatus: string | null; outcome: string },
    notifications: Omit<OutboxRow, 'attempts'>[],
    now: string,
    batchChanges: BatchChange[] = [],
  ): Promise<void> {
    await this.inTransaction(async (c) => {
      await c.query(
        `UPDATE webhook_events SET processed_at = $1, outcome = $2, invoice_status = $3, attempts = attempts + 1,
           last_error = NULL WHERE event_key = $4`,
        [now, result.outcome, result.invoiceStatus, eventKey],
      );
      for (const n of notifications) {
        await c.query(
          `INSERT INTO webhook_outbox (id, subscription_id, event_id, callback_url, payload, next_attempt_at,
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
          [n.id, n.subscriptionId, n.eventId, n.callbackUrl, n.payload, now, n.createdAt],
        );
      }
      for (const b of batchChanges) {
        await c.query(
          `INSERT INTO webhook_batch_changes (subscription_id, event_key, xero_invoice_id, changed_at, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subscription_id, event_key) DO NOTHING`,
          [b.subscriptionId, b.eventKey, b.xeroInvoiceId, b.changedAt, b.createdAt],
        );
      }
    });
  }

  async deferXeroEvents(eventKeys: string[], nextAttemptAt: string): Promise<void> {
    if (eventKeys.length === 0) return;
    await this.pool.query(
      `UPDATE webhook_events SET next_attempt_at = $1 WHERE event_key = ANY($2::text[]) AND processed_at IS NULL`,
      [nextAttemptAt, eventKeys],
    );
  }

  async retryXeroEvent(
    eventKey: string,
    error: string,
    nextAttemptAt: string | null,
    now: string,
  ): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_events SET attempts = attempts + 1, last_error = $1,
         next_attempt_at = COALESCE($2::timestamptz, $3::timestamptz),
         processed_at = CASE WHEN $2::timestamptz IS NULL THEN $3::timestamptz ELSE NULL END,
         outcome = CASE WHEN $2::timestamptz IS NULL THEN 'gave-up' ELSE NULL END WHERE event_key = $4`,
      [error, nextAttemptAt, now, eventKey],
    );
  }

  async lastInvoiceStatus(
    tenantId: string,
    resourceId: string,
    beforeEventKey: string,
  ): Promise<string | null> {
    const { rows } = await this.pool.query(
      `SELECT invoice_status FROM webhook_events WHERE tenant_id = $1 AND resource_id = $2 AND event_key <> $3
         AND processed_at IS NOT NULL AND invoice_status IS NOT NULL ORDER BY processed_at DESC, event_key DESC LIMIT 1`,
      [tenantId, resourceId, beforeEventKey],
    );
    return rows[0] ? String(rows[0].invoice_status) : null;
  }

  async createSubscription(s: NewSubscription): Promise<void> {
    await this.pool.query(
      `INSERT INTO invoice_subscriptions (id, kind, connection_id, tenant_id, callback_url, event_types, created_at,
         group_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        s.id,
        s.kind ?? 'invoice',
        s.connectionId,
        s.tenantId,
        s.callbackUrl,
        JSON.stringify(s.eventTypes),
        s.createdAt,
        s.groupId ?? null,
      ],
    );
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM invoice_subscriptions WHERE id = $1', [id]);
    return rows[0] ? subscriptionFromRow(rows[0]) : undefined;
  }

  async listSubscriptionGroup(id: string): Promise<SubscriptionRecord[]> {
    const { rows } = await this.pool.query(
      'SELECT * FROM invoice_subscriptions WHERE id = $1 OR group_id = $1 ORDER BY created_at, id',
      [id],
    );
    return rows.map(subscriptionFromRow);
  }

  async listActiveSubscriptions(tenantId: string): Promise<SubscriptionRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT s.* FROM invoice_subscriptions s JOIN connections c ON c.id = s.connection_id
       WHERE s.tenant_id = $1 AND s.deleted_at IS NULL ORDER BY s.created_at, s.id`,
      [tenantId],
    );
    return rows.map(subscriptionFromRow);
  }

  async deleteSubscription(id: string, reason: string, now: string): Promise<boolean> {
    return this.inTransaction(async (c) => {
      const r = await c.query(
        'UPDATE invoice_subscriptions SET deleted_at = $1, delete_reason = $2 WHERE id = $3 AND deleted_at IS NULL',
        [now, reason, id],
      );
      await c.query(
        `UPDATE webhook_outbox SET failed_at = $1, last_error = $2 WHERE subscription_id = $3
           AND delivered_at IS NULL AND failed_at IS NULL`,
        [now, `subscription deleted: ${reason}`, id],
      );
      return (r.rowCount ?? 0) > 0;
    });
  }

  async queueBatches(
    now: string,
    form: (subscription: SubscriptionRecord, waiting: BatchChange[]) => FormedBatch | undefined,
  ): Promise<number> {
    return this.inTransaction(async (c) => {
      // SKIP LOCKED: a subscription another instance is batching is left to it. The conditions on the row's own
      // columns are checked again on the row as locked, so a batch another instance just queued is seen.
      const { rows: due } = await c.query(
        `SELECT s.* FROM invoice_subscriptions s WHERE ${DUE_BATCHES_WHERE.replace('$now', '$1::timestamptz')}
           FOR UPDATE OF s SKIP LOCKED`,
        [now],
      );
      let queued = 0;
      for (const row of due) {
        const subscription = subscriptionFromRow(row);
        const { rows: waiting } = await c.query(
          `SELECT * FROM webhook_batch_changes WHERE subscription_id = $1 AND outbox_id IS NULL
             ORDER BY changed_at, created_at, event_key`,
          [subscription.id],
        );
        const batch = form(subscription, waiting.map(batchChangeFromRow));
        if (!batch) continue;
        const n = batch.notification;
        await c.query(
          `INSERT INTO webhook_outbox (id, subscription_id, event_id, callback_url, payload, next_attempt_at,
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [n.id, subscription.id, n.eventId, subscription.callbackUrl, n.payload, now, n.createdAt],
        );
        await c.query(
          `UPDATE webhook_batch_changes SET outbox_id = $1 WHERE subscription_id = $2
             AND event_key = ANY($3::text[])`,
          [n.id, subscription.id, batch.eventKeys],
        );
        await c.query('UPDATE invoice_subscriptions SET batch_in_flight = $1 WHERE id = $2', [
          n.id,
          subscription.id,
        ]);
        queued += 1;
      }
      return queued;
    });
  }

  async listBatchChanges(subscriptionId: string): Promise<BatchChangeState[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM webhook_batch_changes WHERE subscription_id = $1 ORDER BY changed_at, created_at, event_key`,
      [subscriptionId],
    );
    return rows.map(batchChangeFromRow);
  }

  async claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_outbox SET next_attempt_at = $2 WHERE id IN (
         SELECT id FROM webhook_outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
         ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, leaseUntil, limit],
    );
    return rows
      .map(outboxFromRow)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  // One statement each (a CTE): the row and, when it is a batch, its subscription change together. A settled batch
  // (delivered, or given up) lets its subscription have the next one from `nextBatchAt`.
  async markDelivered(id: string, status: number, now: string, nextBatchAt = now): Promise<void> {
    await this.pool.query(
      `WITH delivered AS (
         UPDATE webhook_outbox SET delivered_at = $1, last_status = $2, attempts = attempts + 1, last_error = NULL
         WHERE id = $3 RETURNING id)
       UPDATE invoice_subscriptions SET batch_in_flight = NULL, next_batch_at = $4
         WHERE batch_in_flight IN (SELECT id FROM delivered)`,
      [now, status, id, nextBatchAt],
    );
  }

  async markDeliveryFailed(
    id: string,
    error: string,
    nextAttemptAt: string | null,
    now: string,
    nextBatchAt = now,
  ): Promise<void> {
    await this.pool.query(
      `WITH failed AS (
         UPDATE webhook_outbox SET attempts = attempts + 1, last_error = $1,
           next_attempt_at = COALESCE($2::timestamptz, $3::timestamptz),
           failed_at = CASE WHEN $2::timestamptz IS NULL THEN $3::timestamptz ELSE NULL END
         WHERE id = $4 RETURNING id, failed_at)
       UPDATE invoice_subscriptions SET batch_in_flight = NULL, next_batch_at = $5
         WHERE batch_in_flight IN (SELECT id FROM failed WHERE failed_at IS NOT NULL)`,
      [error, nextAttemptAt, now, id, nextBatchAt],
    );
  }

  async listOutbox(subscriptionId: string): Promise<OutboxState[]> {
    const { rows } = await this.pool.query(
      'SELECT * FROM webhook_outbox WHERE subscription_id = $1 ORDER BY created_at, id',
      [subscriptionId],
    );
    return rows.map(outboxStateFromRow);
  }

  async purgeSettled(before: string): Promise<PurgeCounts> {
    return this.inTransaction(async (c) => {
      // An event with a status is kept while it is its invoice's latest (same order as lastInvoiceStatus).
      const events = await c.query(
        `DELETE FROM webhook_events e WHERE e.processed_at IS NOT NULL AND e.processed_at < $1::timestamptz
           AND (e.invoice_status IS NULL OR EXISTS (
             SELECT 1 FROM webhook_events n WHERE n.tenant_id = e.tenant_id AND n.resource_id = e.resource_id
               AND n.processed_at IS NOT NULL AND n.invoice_status IS NOT NULL
               AND (n.processed_at > e.processed_at
                 OR (n.processed_at = e.processed_at AND n.event_key > e.event_key))))`,
        [before],
      );
      const outbox = await c.query(
        `DELETE FROM webhook_outbox WHERE delivered_at < $1::timestamptz OR failed_at < $1::timestamptz`,
        [before],
      );
      const subscriptions = await c.query(
        `DELETE FROM invoice_subscriptions s WHERE s.deleted_at < $1::timestamptz
           AND NOT EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.subscription_id = s.id)`,
        [before],
      );
      return {
        events: events.rowCount ?? 0,
        outbox: outbox.rowCount ?? 0,
        subscriptions: subscriptions.rowCount ?? 0,
      };
    });
  }

  async sealPlainCallbackUrls(seal: (subscriptionId: string, url: string) => string): Promise<number> {
    return this.inTransaction(async (c) => {
      let changed = 0;
      for (const [table, subscriptionColumn] of [
        ['invoice_subscriptions', 'id'],
        ['webhook_outbox', 'subscription_id'],
      ] as const) {
        const { rows } = await c.query(
          `SELECT id, ${subscriptionColumn} AS subscription_id, callback_url FROM ${table}
             WHERE left(callback_url, 3) <> 'v1.' FOR UPDATE`,
        );
        for (const r of rows) {
          const updated = await c.query(`UPDATE ${table} SET callback_url = $1 WHERE id = $2`, [
            seal(String(r.subscription_id), String(r.callback_url)),
            r.id,
          ]);
          changed += updated.rowCount ?? 0;
        }
      }
      return changed;
    });
  }
}
