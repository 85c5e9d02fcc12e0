/**
 * PostgreSQL store for several proxy instances sharing one database. Its reads and writes are SqlStore's; here:
 * the pool and its timeouts, migrating, and the token refresh lock — SELECT … FOR UPDATE on the connection row,
 * held for the length of the refresh call, which serialises refreshes across instances.
 */
import { Pool } from 'pg';
import { withTransaction } from './postgres-transaction';
import type { PoolClient } from 'pg';
import { SqlInvoiceLedger } from './invoice-ledger/sql-invoice-ledger';
import { AdminNoticeTables } from './portal/admin-notices';
import { AdminSessionTables } from './portal/admin-sessions';
import { SyncActivityTables } from './portal/sync-activity';
import { SqlWebhookStore } from './webhooks/sql-webhook-store';
import { WorkLeaseTables } from './work-lease-tables';
import { connectionFromRow } from './connection-rows';
import { MIGRATIONS } from './migrations';
import { postgresStoreDatabase } from './sql/store-database';
import { inTransaction } from './sql/transaction';
import { SqlStore, writeTokens } from './sql-store';
import type { ConnectionRecord, TokenWrite } from './store';

export interface PostgresTimeouts {
  /** Connecting, and waiting for a free pooled connection. */
  connectTimeoutMs: number;
  /** statement_timeout and idle_in_transaction_session_timeout on the server. */
  statementTimeoutMs: number;
}

export const DEFAULT_POSTGRES_TIMEOUTS: PostgresTimeouts = {
  connectTimeoutMs: 5000,
  statementTimeoutMs: 60_000,
};

function openPool(url: string, schema: string, timeouts: PostgresTimeouts): Pool {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  // Without timeouts a stalled database holds every request (and /readyz) for as long as TCP does: minutes.
  const pool = new Pool({
    connectionString: url,
    max: 10,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.statementTimeoutMs,
    // The server's timeouts cannot help when the network to it stalls: the client gives up a little later.
    query_timeout: timeouts.statementTimeoutMs + 5000,
    keepAlive: true,
  });
  // An idle client losing its connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => undefined);
  return pool;
}

export class PostgresStore extends SqlStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(
    url: string,
    private readonly schema = 'public',
    timeouts: PostgresTimeouts = DEFAULT_POSTGRES_TIMEOUTS,
  ) {
    const pool = openPool(url, schema, timeouts);
    const database = postgresStoreDatabase(pool);
    super(database, {
      webhooks: new SqlWebhookStore(database),
      invoiceLedger: new SqlInvoiceLedger(database),
      leases: new WorkLeaseTables(database),
      adminSessions: new AdminSessionTables(database),
      adminNotices: new AdminNoticeTables(database),
      syncActivity: new SyncActivityTables(database),
    });
    this.pool = pool;
  }

  private inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  async migrate(): Promise<void> {
    await this.inTransaction(async (c) => {
      // Instances starting together: the first one migrates, the others wait here and then find nothing to do.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dxc-migrations:${this.schema}`]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await c.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TIMESTAMPTZ)',
      );
      const done = new Set(
        (await c.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)),
      );
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.postgres);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
          m.version,
          m.name,
        ]);
      }
    });
  }

  async withRefreshLock(
    connectionId: string,
    refresh: (current: ConnectionRecord) => Promise<TokenWrite | null>,
  ): Promise<ConnectionRecord> {
    return inTransaction(this.database, async (db) => {
      // The row lock is held until COMMIT: another instance's refresh waits here, then re-reads the new tokens.
      const row = await db
        .selectFrom('connections')
        .selectAll()
        .where('id', '=', connectionId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new Error(`Connection ${connectionId} not found`);
      const write = await refresh(connectionFromRow(row));
      return connectionFromRow(write ? await writeTokens(db, connectionId, write) : row);
    });
  }
}
