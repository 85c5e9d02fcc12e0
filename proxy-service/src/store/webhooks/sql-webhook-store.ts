/**
 * The webhook pipeline's tables (see webhook-store.ts), written once for SQLite and PostgreSQL. Where they differ:
 * PostgreSQL claims with FOR UPDATE SKIP LOCKED, so several proxy instances share the work without taking the same
 * row; SQLite has one writer at a time (a claim is one statement, or a BEGIN IMMEDIATE transaction).
 */
import { sql } from 'kysely';
import type { UpdateResult } from 'kysely';
import type { StoreDatabase, StoreDb } from '../sql/store-database';
import { inTransaction } from '../sql/transaction';
import {
  batchChangeFromRow,
  outboxFromRow,
  outboxStateFromRow,
  pendingEventFromRow,
  subscriptionFromRow,
} from './webhook-rows';
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
} from './webhook-store';

const changed = (result: UpdateResult): number => Number(result.numUpdatedRows);

export class SqlWebhookStore implements WebhookStore {
  constructor(private readonly database: StoreDatabase) {}

  /** Every transaction here writes: on SQLite it takes the write lock first (BEGIN IMMEDIATE). */
  private write<T>(work: (trx: StoreDb) => Promise<T>): Promise<T> {
    return inTransaction(this.database, work, { immediate: true });
  }

  async saveXeroEvents(events: XeroEventRow[], now: string): Promise<number> {
    if (events.length === 0) return 0;
    return this.write(async (trx) => {
      let added = 0;
      for (const e of events) {
        const inserted = await trx
          .insertInto('webhook_events')
          .values({
            event_key: e.eventKey,
            event_id: e.eventId,
            tenant_id: e.tenantId,
            event_category: e.eventCategory,
            event_type: e.eventType,
            resource_id: e.resourceId,
            event_date_utc: e.eventDateUtc,
            received_at: e.receivedAt,
            next_attempt_at: now,
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        added += Number(inserted.numInsertedOrUpdatedRows ?? 0);
      }
      return added;
    });
  }

  async claimXeroEvents(now: string, leaseUntil: string, limit: number): Promise<PendingXeroEvent[]> {
    // Oldest first: the changes of one invoice are processed in the order Xero made them.
    const due = this.database.db
      .selectFrom('webhook_events')
      .select('event_key')
      .where('processed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('event_date_utc')
      .orderBy('received_at')
      .limit(limit)
      .$if(this.database.kind === 'postgres', (q) => q.forUpdate().skipLocked());
    const rows = await this.database.db
      .updateTable('webhook_events')
      .set({ next_attempt_at: leaseUntil })
      .where('event_key', 'in', due)
      .returningAll()
      .execute();
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
    await this.write(async (trx) => {
      await trx
        .updateTable('webhook_events')
        .set((eb) => ({
          processed_at: now,
          outcome: result.outcome,
          invoice_status: result.invoiceStatus,
          attempts: eb('attempts', '+', 1),
          last_error: null,
        }))
        .where('event_key', '=', eventKey)
        .execute();
      for (const n of notifications) {
        await trx
          .insertInto('webhook_outbox')
          .values({
            id: n.id,
            subscription_id: n.subscriptionId,
            event_id: n.eventId,
            callback_url: n.callbackUrl,
            payload: n.payload,
            next_attempt_at: now,
            created_at: n.createdAt,
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      for (const c of batchChanges) {
        await trx
          .insertInto('webhook_batch_changes')
          .values({
            subscription_id: c.subscriptionId,
            event_key: c.eventKey,
            xero_invoice_id: c.xeroInvoiceId,
            changed_at: c.changedAt,
            created_at: c.createdAt,
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    });
  }

  async deferXeroEvents(eventKeys: string[], nextAttemptAt: string): Promise<void> {
    if (eventKeys.length === 0) return;
    await this.database.db
      .updateTable('webhook_events')
      .set({ next_attempt_at: nextAttemptAt })
      .where('event_key', 'in', eventKeys)
      .where('processed_at', 'is', null)
      .execute();
  }

  async retryXeroEvent(
    eventKey: string,
    error: string,
    nextAttemptAt: string | null,
    now: string,
  ): Promise<void> {
    const givenUp = nextAttemptAt === null;
    await this.database.db
      .updateTable('webhook_events')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: error,
        next_attempt_at: nextAttemptAt ?? now,
        processed_at: givenUp ? now : null,
        outcome: givenUp ? 'gave-up' : null,
      }))
      .where('event_key', '=', eventKey)
      .execute();
  }

  async lastInvoiceStatus(
    tenantId: string,
    resourceId: string,
    beforeEventKey: string,
  ): Promise<string | null> {
    const row = await this.database.db
      .selectFrom('webhook_events')
      .select('invoice_status')
      .where('tenant_id', '=', tenantId)
      .where('resource_id', '=', resourceId)
      .where('event_key', '<>', beforeEventKey)
      .where('processed_at', 'is not', null)
      .where('invoice_status', 'is not', null)
      .orderBy('processed_at', 'desc')
      .orderBy('event_key', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.invoice_status ?? null;
  }

  async createSubscription(s: NewSubscription): Promise<void> {
    await this.database.db
      .insertInto('invoice_subscriptions')
      .values({
        id: s.id,
        kind: s.kind ?? 'invoice',
        connection_id: s.connectionId,
        tenant_id: s.tenantId,
        callback_url: s.callbackUrl,
        event_types: JSON.stringify(s.eventTypes),
        created_at: s.createdAt,
        group_id: s.groupId ?? null,
      })
      .execute();
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    const row = await this.database.db
      .selectFrom('invoice_subscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && subscriptionFromRow(row);
  }

  async listSubscriptionGroup(id: string): Promise<SubscriptionRecord[]> {
    const rows = await this.database.db
      .selectFrom('invoice_subscriptions')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', id), eb('group_id', '=', id)]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(subscriptionFromRow);
  }

  async listActiveSubscriptions(tenantId: string): Promise<SubscriptionRecord[]> {
    const rows = await this.database.db
      .selectFrom('invoice_subscriptions as s')
      .innerJoin('connections as c', 'c.id', 's.connection_id')
      .selectAll('s')
      .where('s.tenant_id', '=', tenantId)
      .where('s.deleted_at', 'is', null)
      .orderBy('s.created_at')
      .orderBy('s.id')
      .execute();
    return rows.map(subscriptionFromRow);
  }

  async deleteSubscription(id: string, reason: string, now: string): Promise<boolean> {
    return this.write(async (trx) => {
      const deleted = await trx
        .updateTable('invoice_subscriptions')
        .set({ deleted_at: now, delete_reason: reason })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      await trx
        .updateTable('webhook_outbox')
        .set({ failed_at: now, last_error: `subscription deleted: ${reason}` })
        .where('subscription_id', '=', id)
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .execute();
      return changed(deleted) > 0;
    });
  }

  async queueBatches(
    now: string,
    form: (subscription: SubscriptionRecord, waiting: BatchChange[]) => FormedBatch | undefined,
  ): Promise<number> {
    return this.write(async (trx) => {
      let queued = 0;
      for (const subscription of await this.dueBatches(trx, now)) {
        const waiting = await trx
          .selectFrom('webhook_batch_changes')
          .selectAll()
          .where('subscription_id', '=', subscription.id)
          .where('outbox_id', 'is', null)
          .orderBy('changed_at')
          .orderBy('created_at')
          .orderBy('event_key')
          .execute();
        const batch = form(subscription, waiting.map(batchChangeFromRow));
        if (!batch) continue;
        await this.queueBatch(trx, subscription, batch, now);
        queued += 1;
      }
      return queued;
    });
  }

  /** The subscriptions whose next batch may be queued now. */
  private async dueBatches(trx: StoreDb, now: string): Promise<SubscriptionRecord[]> {
    // SKIP LOCKED (PostgreSQL): a subscription another instance is batching is left to it. The conditions on the
    // row's own columns are checked again on the row as locked, so a batch another instance just queued is seen.
    const rows = await trx
      .selectFrom('invoice_subscriptions as s')
      .selectAll('s')
      .where('s.kind', '=', 'batched')
      .where('s.deleted_at', 'is', null)
      .where('s.batch_in_flight', 'is', null)
      .where((eb) => eb.or([eb('s.next_batch_at', 'is', null), eb('s.next_batch_at', '<=', now)]))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('webhook_batch_changes as c')
            .select('c.event_key')
            .whereRef('c.subscription_id', '=', 's.id')
            .where('c.outbox_id', 'is', null),
        ),
      )
      .$if(this.database.kind === 'postgres', (q) => q.forUpdate('s').skipLocked())
      .execute();
    return rows.map(subscriptionFromRow);
  }

  private async queueBatch(
    trx: StoreDb,
    subscription: SubscriptionRecord,
    { notification: n, eventKeys }: FormedBatch,
    now: string,
  ): Promise<void> {
    await trx
      .insertInto('webhook_outbox')
      .values({
        id: n.id,
        subscription_id: subscription.id,
        event_id: n.eventId,
        callback_url: subscription.callbackUrl,
        payload: n.payload,
        next_attempt_at: now,
        created_at: n.createdAt,
      })
      .execute();
    if (eventKeys.length)
      await trx
        .updateTable('webhook_batch_changes')
        .set({ outbox_id: n.id })
        .where('subscription_id', '=', subscription.id)
        .where('event_key', 'in', eventKeys)
        .execute();
    await trx
      .updateTable('invoice_subscriptions')
      .set({ batch_in_flight: n.id })
      .where('id', '=', subscription.id)
      .execute();
  }

  async listBatchChanges(subscriptionId: string): Promise<BatchChangeState[]> {
    const rows = await this.database.db
      .selectFrom('webhook_batch_changes')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .orderBy('changed_at')
      .orderBy('created_at')
      .orderBy('event_key')
      .execute();
    return rows.map(batchChangeFromRow);
  }

  async claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
    const due = this.database.db
      .selectFrom('webhook_outbox')
      .select('id')
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .$if(this.database.kind === 'postgres', (q) => q.forUpdate().skipLocked());
    const rows = await this.database.db
      .updateTable('webhook_outbox')
      .set({ next_attempt_at: leaseUntil })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows
      .map(outboxFromRow)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** A batch is settled (delivered or given up): its subscription may have the next one from `nextBatchAt`. */
  private async settleBatch(trx: StoreDb, outboxId: string, nextBatchAt: string): Promise<void> {
    await trx
      .updateTable('invoice_subscriptions')
      .set({ batch_in_flight: null, next_batch_at: nextBatchAt })
      .where('batch_in_flight', '=', outboxId)
      .execute();
  }

  async markDelivered(id: string, status: number, now: string, nextBatchAt = now): Promise<void> {
    await this.write(async (trx) => {
      await trx
        .updateTable('webhook_outbox')
        .set((eb) => ({
          delivered_at: now,
          last_status: status,
          attempts: eb('attempts', '+', 1),
          last_error: null,
        }))
        .where('id', '=', id)
        .execute();
      await this.settleBatch(trx, id, nextBatchAt);
    });
  }

  async markDeliveryFailed(
    id: string,
    error: string,
    nextAttemptAt: string | null,
    now: string,
    nextBatchAt = now,
  ): Promise<void> {
    await this.write(async (trx) => {
      await trx
        .updateTable('webhook_outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: error,
          next_attempt_at: nextAttemptAt ?? now,
          failed_at: nextAttemptAt === null ? now : null,
        }))
        .where('id', '=', id)
        .execute();
      if (nextAttemptAt === null) await this.settleBatch(trx, id, nextBatchAt);
    });
  }

  async listOutbox(subscriptionId: string): Promise<OutboxState[]> {
    const rows = await this.database.db
      .selectFrom('webhook_outbox')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(outboxStateFromRow);
  }

  async purgeSettled(before: string): Promise<PurgeCounts> {
    return this.write(async (trx) => {
      // An event with a status is kept while it is its invoice's latest (same order as lastInvoiceStatus).
      const events = await trx
        .deleteFrom('webhook_events as e')
        .where('e.processed_at', '<', before)
        .where((eb) =>
          eb.or([
            eb('e.invoice_status', 'is', null),
            eb.exists(
              eb
                .selectFrom('webhook_events as n')
                .select('n.event_key')
                .whereRef('n.tenant_id', '=', 'e.tenant_id')
                .whereRef('n.resource_id', '=', 'e.resource_id')
                .where('n.processed_at', 'is not', null)
                .where('n.invoice_status', 'is not', null)
                .where((later) =>
                  later.or([
                    later('n.processed_at', '>', later.ref('e.processed_at')),
                    later.and([
                      later('n.processed_at', '=', later.ref('e.processed_at')),
                      later('n.event_key', '>', later.ref('e.event_key')),
                    ]),
                  ]),
                ),
            ),
          ]),
        )
        .executeTakeFirst();
      const outbox = await trx
        .deleteFrom('webhook_outbox')
        .where((eb) => eb.or([eb('delivered_at', '<', before), eb('failed_at', '<', before)]))
        .executeTakeFirst();
      const subscriptions = await trx
        .deleteFrom('invoice_subscriptions as s')
        .where('s.deleted_at', '<', before)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('webhook_outbox as o').select('o.id').whereRef('o.subscription_id', '=', 's.id'),
            ),
          ),
        )
        .executeTakeFirst();
      return {
        events: Number(events.numDeletedRows),
        outbox: Number(outbox.numDeletedRows),
        subscriptions: Number(subscriptions.numDeletedRows),
      };
    });
  }

  async sealPlainCallbackUrls(seal: (subscriptionId: string, url: string) => string): Promise<number> {
    const plain = sql<boolean>`substr(callback_url, 1, 3) <> 'v1.'`;
    const postgres = this.database.kind === 'postgres';
    return this.write(async (trx) => {
      const subscriptions = await trx
        .selectFrom('invoice_subscriptions')
        .select(['id', 'id as subscription_id', 'callback_url'])
        .where(plain)
        .$if(postgres, (q) => q.forUpdate())
        .execute();
      const outbox = await trx
        .selectFrom('webhook_outbox')
        .select(['id', 'subscription_id', 'callback_url'])
        .where(plain)
        .$if(postgres, (q) => q.forUpdate())
        .execute();
      let sealed = 0;
      for (const [table, rows] of [
        ['invoice_subscriptions', subscriptions],
        ['webhook_outbox', outbox],
      ] as const) {
        for (const r of rows) {
          const url = seal(r.subscription_id, r.callback_url);
          sealed += changed(
            await trx.updateTable(table).set({ callback_url: url }).where('id', '=', r.id).executeTakeFirst(),
          );
        }
      }
      return sealed;
    });
  }
}
