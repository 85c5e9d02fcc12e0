/** PostgreSQL side of the sync activity page's reads and the sync run record (see sync-activity-store.ts). */
import type { Pool } from 'pg';
import type { SyncActivityStore, SyncRunRecord, WebhookHealth, WebhookProblem } from './sync-activity-store';

type Row = Record<string, unknown>;

const iso = (value: unknown): string | null =>
  value == null ? null : value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();

function runFromRow(r: Row): SyncRunRecord {
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    finishedAt: iso(r.finished_at)!,
    total: Number(r.total),
    created: Number(r.created),
    updated: Number(r.updated),
    unchanged: Number(r.unchanged),
    failed: Number(r.failed),
    failures: r.failures as SyncRunRecord['failures'],
    error: r.error === null ? null : String(r.error),
  };
}

function problemFromRow(r: Row | undefined): WebhookProblem | null {
  return r ? { at: iso(r.at)!, message: String(r.message), givenUp: r.given_up === true } : null;
}

export class PostgresSyncActivity implements SyncActivityStore {
  constructor(private readonly pool: Pool) {}

  async recordSyncRun(run: SyncRunRecord, keepAfter: string): Promise<void> {
    await this.pool.query('DELETE FROM sync_runs WHERE tenant_id = $1 AND finished_at < $2', [
      run.tenantId,
      keepAfter,
    ]);
    await this.pool.query(
      `INSERT INTO sync_runs (id, tenant_id, finished_at, total, created, updated, unchanged, failed, failures, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        run.id,
        run.tenantId,
        run.finishedAt,
        run.total,
        run.created,
        run.updated,
        run.unchanged,
        run.failed,
        JSON.stringify(run.failures),
        run.error,
      ],
    );
  }

  async listSyncRuns(tenantId: string, limit: number): Promise<SyncRunRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM sync_runs WHERE tenant_id = $1 ORDER BY finished_at DESC, id LIMIT $2',
      [tenantId, limit],
    );
    return rows.map(runFromRow);
  }

  async webhookHealth(tenantId: string, since: string): Promise<WebhookHealth> {
    const one = async (sql: string, params: unknown[]) => (await this.pool.query<Row>(sql, params)).rows[0];
    const [subscriptions, events, eventProblem, outbox, deliveryProblem] = await Promise.all([
      one(
        'SELECT count(*)::int AS n FROM invoice_subscriptions WHERE tenant_id = $1 AND deleted_at IS NULL',
        [tenantId],
      ),
      one(
        `SELECT max(received_at) AS last_at,
                count(*) FILTER (WHERE received_at > $1)::int AS since,
                count(*) FILTER (WHERE processed_at IS NULL)::int AS waiting
         FROM webhook_events WHERE tenant_id = $2`,
        [since, tenantId],
      ),
      one(
        `SELECT coalesce(processed_at, received_at) AS at, last_error AS message, outcome = 'gave-up' AS given_up
         FROM webhook_events
         WHERE tenant_id = $1 AND last_error IS NOT NULL AND (processed_at IS NULL OR outcome = 'gave-up')
         ORDER BY at DESC LIMIT 1`,
        [tenantId],
      ),
      one(
        `SELECT count(*) FILTER (WHERE o.delivered_at IS NULL AND o.failed_at IS NULL)::int AS waiting,
                count(*) FILTER (WHERE o.delivered_at > $1)::int AS delivered,
                count(*) FILTER (WHERE o.failed_at > $1)::int AS given_up,
                max(o.delivered_at) AS last_delivered
         FROM webhook_outbox o JOIN invoice_subscriptions s ON s.id = o.subscription_id
         WHERE s.tenant_id = $2`,
        [since, tenantId],
      ),
      one(
        `SELECT coalesce(o.failed_at, o.created_at) AS at, o.last_error AS message, o.failed_at IS NOT NULL AS given_up
         FROM webhook_outbox o JOIN invoice_subscriptions s ON s.id = o.subscription_id
         WHERE s.tenant_id = $1 AND o.last_error IS NOT NULL AND o.delivered_at IS NULL
         ORDER BY at DESC LIMIT 1`,
        [tenantId],
      ),
    ]);
    return {
      activeSubscriptions: Number(subscriptions!.n),
      lastEventAt: iso(events!.last_at),
      eventsSince: Number(events!.since),
      eventsWaiting: Number(events!.waiting),
      lastEventProblem: problemFromRow(eventProblem),
      notificationsWaiting: Number(outbox!.waiting),
      deliveredSince: Number(outbox!.delivered),
      givenUpSince: Number(outbox!.given_up),
      lastDeliveredAt: iso(outbox!.last_delivered),
      lastDeliveryProblem: problemFromRow(deliveryProblem),
    };
  }
}
