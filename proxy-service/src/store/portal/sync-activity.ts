/**
 * The sync activity page's reads and the sync run record (see pages/sync-activity-store.ts), for both databases.
 * Counts are sums of CASE (PostgreSQL's FILTER has no SQLite twin); values.ts evens out what each driver returns.
 */
import { sql } from 'kysely';
import type { Expression, Selectable, SqlBool } from 'kysely';
import type {
  SyncActivityStore,
  SyncRunRecord,
  WebhookHealth,
  WebhookProblem,
} from '../../pages/sync-activity-store';
import type { StoreDatabase } from '../sql/store-database';
import { inTransaction } from '../sql/transaction';
import { countOf, isoOf, isoOrNull, jsonOf, truthOf } from '../sql/values';
import type { SyncRunsTable } from '../tables/portal';

function runFromRow(r: Selectable<SyncRunsTable>): SyncRunRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    finishedAt: isoOf(r.finished_at),
    total: Number(r.total),
    created: Number(r.created),
    updated: Number(r.updated),
    unchanged: Number(r.unchanged),
    failed: Number(r.failed),
    failures: jsonOf(r.failures),
    error: r.error,
  };
}

type ProblemRow = { at: unknown; message: string | null; given_up: unknown };

function problemFromRow(r: ProblemRow | undefined): WebhookProblem | null {
  return r ? { at: isoOf(r.at), message: String(r.message), givenUp: truthOf(r.given_up) } : null;
}

/** How many rows meet the condition. */
const countWhere = (condition: Expression<SqlBool>) =>
  sql<number | string | null>`sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/** 1 when the condition holds, else 0. */
const oneWhen = (condition: Expression<SqlBool>) => sql<number>`CASE WHEN ${condition} THEN 1 ELSE 0 END`;

export class SyncActivityTables implements SyncActivityStore {
  constructor(private readonly database: StoreDatabase) {}

  async recordSyncRun(run: SyncRunRecord, keepAfter: string): Promise<void> {
    await inTransaction(this.database, async (db) => {
      await db
        .deleteFrom('sync_runs')
        .where('tenant_id', '=', run.tenantId)
        .where('finished_at', '<', keepAfter)
        .execute();
      await db
        .insertInto('sync_runs')
        .values({
          id: run.id,
          tenant_id: run.tenantId,
          finished_at: run.finishedAt,
          total: run.total,
          created: run.created,
          updated: run.updated,
          unchanged: run.unchanged,
          failed: run.failed,
          failures: JSON.stringify(run.failures),
          error: run.error,
        })
        .execute();
    });
  }

  async listSyncRuns(tenantId: string, limit: number): Promise<SyncRunRecord[]> {
    const rows = await this.database.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('finished_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(runFromRow);
  }

  async webhookHealth(tenantId: string, since: string): Promise<WebhookHealth> {
    const { db } = this.database;
    const outboxOfTenant = db
      .selectFrom('webhook_outbox as o')
      .innerJoin('invoice_subscriptions as s', 's.id', 'o.subscription_id')
      .where('s.tenant_id', '=', tenantId);
    const [subscriptions, events, eventProblem, outbox, deliveryProblem] = await Promise.all([
      db
        .selectFrom('invoice_subscriptions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('webhook_events')
        .select((eb) => [
          eb.fn.max('received_at').as('last_at'),
          countWhere(eb('received_at', '>', since)).as('since'),
          countWhere(eb('processed_at', 'is', null)).as('waiting'),
        ])
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('webhook_events')
        .select((eb) => [
          eb.fn.coalesce('processed_at', 'received_at').as('at'),
          'last_error as message',
          oneWhen(eb('outcome', '=', 'gave-up')).as('given_up'),
        ])
        .where('tenant_id', '=', tenantId)
        .where('last_error', 'is not', null)
        .where((eb) => eb.or([eb('processed_at', 'is', null), eb('outcome', '=', 'gave-up')]))
        .orderBy('at', 'desc')
        .limit(1)
        .executeTakeFirst(),
      outboxOfTenant
        .select((eb) => [
          countWhere(eb.and([eb('o.delivered_at', 'is', null), eb('o.failed_at', 'is', null)])).as('waiting'),
          countWhere(eb('o.delivered_at', '>', since)).as('delivered'),
          countWhere(eb('o.failed_at', '>', since)).as('given_up'),
          eb.fn.max('o.delivered_at').as('last_delivered'),
        ])
        .executeTakeFirstOrThrow(),
      outboxOfTenant
        .select((eb) => [
          eb.fn.coalesce('o.failed_at', 'o.created_at').as('at'),
          'o.last_error as message',
          oneWhen(eb('o.failed_at', 'is not', null)).as('given_up'),
        ])
        .where('o.last_error', 'is not', null)
        .where('o.delivered_at', 'is', null)
        .orderBy('at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    return {
      activeSubscriptions: countOf(subscriptions.n),
      lastEventAt: isoOrNull(events.last_at),
      eventsSince: countOf(events.since),
      eventsWaiting: countOf(events.waiting),
      lastEventProblem: problemFromRow(eventProblem),
      notificationsWaiting: countOf(outbox.waiting),
      deliveredSince: countOf(outbox.delivered),
      givenUpSince: countOf(outbox.given_up),
      lastDeliveredAt: isoOrNull(outbox.last_delivered),
      lastDeliveryProblem: problemFromRow(deliveryProblem),
    };
  }
}
