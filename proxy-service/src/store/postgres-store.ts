/**
 * PostgreSQL store for several proxy instances sharing one database. Token refreshes are serialised across
 * instances with SELECT … FOR UPDATE on the connection row, held for the length of the refresh call.
 */
import { Pool } from 'pg';
import { withTransaction } from './postgres-transaction';
import type { PoolClient } from 'pg';
import { PostgresWorkLeases } from './postgres-work-leases';
import { PostgresAdminNotices } from '../pages/postgres-admin-notices';
import { PostgresAdminSessions } from '../pages/postgres-admin-sessions';
import { PostgresSyncActivity } from '../pages/postgres-sync-activity';
import { SqlInvoiceLedger } from './invoice-ledger/sql-invoice-ledger';
import { MIGRATIONS } from './migrations';
import { postgresStoreDatabase } from './sql/store-database';
import { apiKeyFromRow, connectionFromRow } from './sqlite-store';
import { grantsOf } from './store';
import { SqlWebhookStore } from './webhooks/sql-webhook-store';
import type {
  ApiKeyRecord,
  ConnectionRecord,
  NewApiKey,
  NewConnection,
  OAuthStateRecord,
  RateHeaders,
  Store,
  TokenWrite,
  UsageRecord,
} from './store';

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

/** /readyz's check must answer even when the database does not. */
const PING_TIMEOUT_MS = 3000;

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  readonly webhooks: SqlWebhookStore;
  readonly invoiceLedger: SqlInvoiceLedger;
  readonly leases: PostgresWorkLeases;
  readonly adminSessions: PostgresAdminSessions;
  readonly adminNotices: PostgresAdminNotices;
  readonly syncActivity: PostgresSyncActivity;

  constructor(
    url: string,
    private readonly schema = 'public',
    timeouts: PostgresTimeouts = DEFAULT_POSTGRES_TIMEOUTS,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
    // Without timeouts a stalled database holds every request (and /readyz) for as long as TCP does: minutes.
    this.pool = new Pool({
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
    const database = postgresStoreDatabase(this.pool);
    this.webhooks = new SqlWebhookStore(database);
    this.invoiceLedger = new SqlInvoiceLedger(database);
    this.leases = new PostgresWorkLeases(this.pool);
    this.adminSessions = new PostgresAdminSessions(this.pool);
    this.adminNotices = new PostgresAdminNotices(this.pool);
    this.syncActivity = new PostgresSyncActivity(this.pool);
    // An idle client losing its connection must not crash the process; the next query gets a fresh one.
    this.pool.on('error', () => undefined);
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

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the database did not answer within ${PING_TIMEOUT_MS} ms`)),
        PING_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async upsertConnection(c: NewConnection, now: string): Promise<ConnectionRecord> {
    const { rows } = await this.pool.query(
      `INSERT INTO connections (id, tenant_id, tenant_name, short_code, base_currency, country_code, kind,
         xero_connection_id, status, status_reason, sealed_tokens, token_expires_at, created_at, updated_at, last_refresh_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Connected', NULL, $9, $10, $11, $11, $11)
       ON CONFLICT (tenant_id) DO UPDATE SET tenant_name = excluded.tenant_name, short_code = excluded.short_code,
         base_currency = excluded.base_currency, country_code = excluded.country_code, kind = excluded.kind,
         xero_connection_id = excluded.xero_connection_id, status = 'Connected', status_reason = NULL,
         sealed_tokens = excluded.sealed_tokens, token_expires_at = excluded.token_expires_at,
         token_version = connections.token_version + 1, updated_at = excluded.updated_at,
         last_refresh_at = excluded.last_refresh_at
       RETURNING *`,
      [
        c.id,
        c.tenantId,
        c.tenantName,
        c.shortCode,
        c.baseCurrency,
        c.countryCode,
        c.kind,
        c.xeroConnectionId,
        c.sealedTokens,
        c.tokenExpiresAt,
        now,
      ],
    );
    return connectionFromRow(rows[0]);
  }

  async getConnection(id: string): Promise<ConnectionRecord | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM connections WHERE id = $1', [id]);
    return rows[0] && connectionFromRow(rows[0]);
  }

  async getConnectionByTenant(tenantId: string): Promise<ConnectionRecord | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM connections WHERE tenant_id = $1', [tenantId]);
    return rows[0] && connectionFromRow(rows[0]);
  }

  async listConnections(): Promise<ConnectionRecord[]> {
    const { rows } = await this.pool.query('SELECT * FROM connections ORDER BY tenant_name, id');
    return rows.map(connectionFromRow);
  }

  async deleteConnection(id: string): Promise<void> {
    await this.pool.query('DELETE FROM connections WHERE id = $1', [id]);
  }

  async touchConnection(id: string, now: string): Promise<void> {
    await this.pool.query('UPDATE connections SET last_used_at = $1 WHERE id = $2', [now, id]);
  }

  async withRefreshLock(
    connectionId: string,
    refresh: (current: ConnectionRecord) => Promise<TokenWrite | null>,
  ): Promise<ConnectionRecord> {
    return this.inTransaction(async (c) => {
      // The row lock is held until COMMIT: another instance's refresh waits here, then re-reads the new tokens.
      const { rows } = await c.query('SELECT * FROM connections WHERE id = $1 FOR UPDATE', [connectionId]);
      if (!rows[0]) throw new Error(`Connection ${connectionId} not found`);
      const write = await refresh(connectionFromRow(rows[0]));
      if (!write) return connectionFromRow(rows[0]);
      const updated = await c.query(
        `UPDATE connections SET
           sealed_tokens = COALESCE($2, sealed_tokens),
           token_version = token_version + CASE WHEN $2::text IS NULL THEN 0 ELSE 1 END,
           token_expires_at = COALESCE($3, token_expires_at),
           last_refresh_at = COALESCE($4, last_refresh_at),
           status = COALESCE($5, status),
           status_reason = CASE WHEN $6 THEN $7 ELSE status_reason END,
           updated_at = now()
         WHERE id = $1 RETURNING *`,
        [
          connectionId,
          write.sealedTokens ?? null,
          write.tokenExpiresAt ?? null,
          write.lastRefreshAt ?? null,
          write.status ?? null,
          write.statusReason !== undefined,
          write.statusReason ?? null,
        ],
      );
      return connectionFromRow(updated.rows[0]);
    });
  }

  async listConnectionsNotRefreshedSince(before: string): Promise<ConnectionRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM connections WHERE kind = 'oauth' AND status = 'Connected'
         AND COALESCE(last_refresh_at, created_at) < $1 ORDER BY id`,
      [before],
    );
    return rows.map(connectionFromRow);
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const grants = grantsOf(key);
    await this.inTransaction(async (c) => {
      await c.query(
        'INSERT INTO api_keys (id, connection_id, prefix, hash, label, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [key.id, key.connectionId, key.prefix, key.hash, key.label, key.createdAt],
      );
      await c.query('INSERT INTO api_key_grants (api_key_id, connection_id) SELECT $1, unnest($2::text[])', [
        key.id,
        grants,
      ]);
    });
    return {
      id: key.id,
      connectionId: key.connectionId,
      grantedConnectionIds: grants,
      prefix: key.prefix,
      hash: key.hash,
      label: key.label,
      createdAt: key.createdAt,
      revokedAt: null,
      lastUsedAt: null,
    };
  }

  /** Keys with their grants in one query (array_agg), so a key lookup stays one round trip. */
  private static readonly KEY_WITH_GRANTS = `SELECT k.*,
      ARRAY(SELECT g.connection_id FROM api_key_grants g WHERE g.api_key_id = k.id) AS granted
    FROM api_keys k`;

  async findApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query(`${PostgresStore.KEY_WITH_GRANTS} WHERE k.prefix = $1`, [prefix]);
    return rows[0] && apiKeyFromRow(rows[0], rows[0].granted as string[]);
  }

  async listApiKeys(connectionId: string): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query(
      `${PostgresStore.KEY_WITH_GRANTS} WHERE k.connection_id = $1
         OR EXISTS (SELECT 1 FROM api_key_grants g WHERE g.api_key_id = k.id AND g.connection_id = $1)
       ORDER BY k.created_at, k.id`,
      [connectionId],
    );
    return rows.map((row) => apiKeyFromRow(row, row.granted as string[]));
  }

  async revokeApiKey(id: string, now: string): Promise<void> {
    await this.pool.query('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2', [
      now,
      id,
    ]);
  }

  async touchApiKey(id: string, now: string): Promise<void> {
    await this.pool.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [now, id]);
  }

  async saveOAuthState(r: OAuthStateRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO oauth_states (state, purpose, sealed_payload, expires_at) VALUES ($1, $2, $3, $4)',
      [r.state, r.purpose, r.sealedPayload, r.expiresAt],
    );
  }

  async takeOAuthState(state: string, now: string): Promise<OAuthStateRecord | undefined> {
    const { rows } = await this.pool.query('DELETE FROM oauth_states WHERE state = $1 RETURNING *', [state]);
    const row = rows[0];
    if (!row || new Date(row.expires_at).getTime() <= Date.parse(now)) return undefined;
    return {
      state: row.state,
      purpose: row.purpose,
      sealedPayload: row.sealed_payload,
      expiresAt: new Date(row.expires_at).toISOString(),
    };
  }

  async purgeExpiredOAuthStates(now: string): Promise<number> {
    const result = await this.pool.query('DELETE FROM oauth_states WHERE expires_at <= $1', [now]);
    return result.rowCount ?? 0;
  }

  async recordUsage(
    tenantId: string,
    day: string,
    usage: { calls: number; rateLimited: number; headers?: RateHeaders & { at: string } },
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO usage (tenant_id, day, calls, rate_limited, last_headers) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, day) DO UPDATE SET calls = usage.calls + excluded.calls,
         rate_limited = usage.rate_limited + excluded.rate_limited,
         last_headers = CASE WHEN excluded.last_headers = '{}'::jsonb THEN usage.last_headers ELSE excluded.last_headers END`,
      [tenantId, day, usage.calls, usage.rateLimited, JSON.stringify(usage.headers ?? {})],
    );
  }

  async getUsage(tenantId: string, day: string): Promise<UsageRecord | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM usage WHERE tenant_id = $1 AND day = $2', [
      tenantId,
      day,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      tenantId,
      day,
      calls: Number(row.calls),
      rateLimited: Number(row.rate_limited),
      lastHeaders: row.last_headers,
    };
  }
}
