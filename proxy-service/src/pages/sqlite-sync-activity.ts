/** SQLite side of the sync activity page's reads and the sync run record (see sync-activity-store.ts). */
import type Database from 'better-sqlite3';
import type { SyncActivityStore, SyncRunRecord, WebhookHealth, WebhookProblem } from './sync-activity-store';

type Row = Record<string, unknown>;

function runFromRow(r: Row): SyncRunRecord {
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    finishedAt: String(r.finished_at),
    total: Number(r.total),
    created: Number(r.created),
    updated: Number(r.updated),
    unchanged: Number(r.unchanged),
    failed: Number(r.failed),
    failures: JSON.parse(String(r.failures)) as SyncRunRecord['failures'],
    error: r.error === null ? null : String(r.error),
  };
}

function problemFromRow(r: Row | undefined): WebhookProblem | null {
  return r ? { at: String(r.at), message: String(r.message), givenUp: Number(r.given_up) === 1 } : null;
}

export class SqliteSyncActivity implements SyncActivityStore {
  constructor(private readonly db: Database.Database) {}

  async recordSyncRun(run: SyncRunRecord, keepAfter: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM sync_runs WHERE tenant_id = ? AND finished_at < ?')
        .run(run.tenantId, keepAfter);
      this.db
        .prepare(
          `INSERT INTO sync_runs (id, tenant_id, finished_at, total, created, updated, unchanged, failed, failures, error)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
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
        );
    })();
  }

  async listSyncRuns(tenantId: string, limit: number): Promise<SyncRunRecord[]> {
    return (
      this.db
        .prepare('SELECT * FROM sync_runs WHERE tenant_id = ? ORDER BY finished_at DESC, id LIMIT ?')
        .all(tenantId, limit) as Row[]
    ).map(runFromRow);
  }

  async webhookHealth(tenantId: string, since: string): Promise<WebhookHealth> {
    const one = (sql: string, ...params: unknown[]) => this.db.prepare(sql).get(...params) as Row | undefined;
    const subscriptions = one(
      'SELECT count(*) AS n FROM invoice_subscriptions WHERE tenant_id = ? AND deleted_at IS NULL',
      tenantId,
    )!;
    const events = one(
      `SELECT max(received_at) AS last_at,
              sum(CASE WHEN received_at > ? THEN 1 ELSE 0 END) AS since,
              sum(CASE WHEN processed_at IS NULL THEN 1 ELSE 0 END) AS waiting
       FROM webhook_events WHERE tenant_id = ?`,
      since,
      tenantId,
    )!;
    const eventProblem = one(
      `SELECT coalesce(processed_at, received_at) AS at, last_error AS message,
              CASE WHEN outcome = 'gave-up' THEN 1 ELSE 0 END AS given_up
       FROM webhook_events
       WHERE tenant_id = ? AND last_error IS NOT NULL AND (processed_at IS NULL OR outcome = 'gave-up')
       ORDER BY at DESC LIMIT 1`,
      tenantId,
    );
    const outbox = one(
      `SELECT sum(CASE WHEN o.delivered_at IS NULL AND o.failed_at IS NULL THEN 1 ELSE 0 END) AS waiting,
              sum(CASE WHEN o.delivered_at > ? THEN 1 ELSE 0 END) AS delivered,
              sum(CASE WHEN o.failed_at > ? THEN 1 ELSE 0 END) AS given_up,
              max(o.delivered_at) AS last_delivered
       FROM webhook_outbox o JOIN invoice_subscriptions s ON s.id = o.subscription_id
       WHERE s.tenant_id = ?`,
      since,
      since,
      tenantId,
    )!;
    const deliveryProblem = one(
      `SELECT coalesce(o.failed_at, o.created_at) AS at, o.last_error AS message,
              CASE WHEN o.failed_at IS NULL THEN 0 ELSE 1 END AS given_up
       FROM webhook_outbox o JOIN invoice_subscriptions s ON s.id = o.subscription_id
       WHERE s.tenant_id = ? AND o.last_error IS NOT NULL AND o.delivered_at IS NULL
       ORDER BY at DESC LIMIT 1`,
      tenantId,
    );
    return {
      activeSubscriptions: Number(subscriptions.n),
      lastEventAt: events.last_at == null ? null : String(events.last_at),
      eventsSince: Number(events.since ?? 0),
      eventsWaiting: Number(events.waiting ?? 0),
      lastEventProblem: problemFromRow(eventProblem),
      notificationsWaiting: Number(outbox.waiting ?? 0),
      deliveredSince: Number(outbox.delivered ?? 0),
      givenUpSince: Number(outbox.given_up ?? 0),
      lastDeliveredAt: outbox.last_delivered == null ? null : String(outbox.last_delivered),
      lastDeliveryProblem: problemFromRow(deliveryProblem),
    };
  }
}
