/**
 * The embedded default store: one SQLite file (better-sqlite3, WAL mode). Synchronous driver, async interface.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteWorkLeases } from './sqlite-work-leases';
import { SqliteAdminNotices } from '../pages/sqlite-admin-notices';
import { SqliteAdminSessions } from '../pages/sqlite-admin-sessions';
import { SqliteSyncActivity } from '../pages/sqlite-sync-activity';
import { SqlInvoiceLedger } from './invoice-ledger/sql-invoice-ledger';
import { MIGRATIONS } from './migrations';
import { sqliteStoreDatabase } from './sql/store-database';
import { isSqliteBusy, retryingWhenBusy, SQLITE_BUSY_TIMEOUT_MS, untilNotBusy } from './sqlite-busy';
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

type Row = Record<string, unknown>;

/** How long a refresh lease is valid; longer than any refresh call (Xero HTTP timeout) so it never lapses mid-refresh. */
const LEASE_MS = 60_000;
const LEASE_POLL_MS = 25;
const LEASE_WAIT_MS = 70_000;

export function connectionFromRow(row: Row): ConnectionRecord {
  const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : String(v));
  return {
    id: String(row.id),
    tenantId: String(row.tenant_id),
    tenantName: String(row.tenant_name),
    shortCode: (row.short_code as string | null) ?? null,
    baseCurrency: (row.base_currency as string | null) ?? null,
    countryCode: (row.country_code as string | null) ?? null,
    kind: row.kind as ConnectionRecord['kind'],
    xeroConnectionId: (row.xero_connection_id as string | null) ?? null,
    status: row.status as ConnectionRecord['status'],
    statusReason: (row.status_reason as string | null) ?? null,
    sealedTokens: String(row.sealed_tokens),
    tokenExpiresAt: iso(row.token_expires_at)!,
    tokenVersion: Number(row.token_version),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    lastUsedAt: iso(row.last_used_at),
    lastRefreshAt: iso(row.last_refresh_at),
  };
}

/** `grants`: the key's api_key_grants connection ids (any order; the issuing connection is put first). */
export function apiKeyFromRow(row: Row, grants: readonly string[]): ApiKeyRecord {
  const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : String(v));
  const connectionId = String(row.connection_id);
  return {
    id: String(row.id),
    connectionId,
    grantedConnectionIds: grantsOf({ connectionId, grantedConnectionIds: [...grants].sort() }),
    prefix: String(row.prefix),
    hash: String(row.hash),
    label: String(row.label),
    createdAt: iso(row.created_at)!,
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

/**
 * The database holds sealed tokens, API key hashes and the invoice ledger: readable by the proxy's user only.
 * The file is created 0600 before SQLite opens it (SQLite creates its -wal and -shm files with the database's
 * mode), and a file an older proxy left 0644 is tightened, whether or not the folder already existed.
 */
function ownerOnly(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  readonly webhooks: SqlWebhookStore;
  readonly invoiceLedger: SqlInvoiceLedger;
  readonly leases: SqliteWorkLeases;
  readonly adminSessions: SqliteAdminSessions;
  readonly adminNotices: SqliteAdminNotices;
  readonly syncActivity: SqliteSyncActivity;

  constructor(file: string) {
    if (file !== ':memory:') ownerOnly(file);
    this.db = new Database(file);
    const counted = () => void (this.waitsForLock += 1);
    const database = sqliteStoreDatabase(this.db);
    this.webhooks = retryingWhenBusy(new SqlWebhookStore(database), counted);
    this.invoiceLedger = retryingWhenBusy(new SqlInvoiceLedger(database), counted);
    this.leases = retryingWhenBusy(new SqliteWorkLeases(this.db), counted);
    this.adminSessions = new SqliteAdminSessions(this.db);
    this.adminNotices = retryingWhenBusy(new SqliteAdminNotices(this.db), counted);
    this.syncActivity = retryingWhenBusy(new SqliteSyncActivity(this.db), counted);
    this.db.pragma('journal_mode = WAL');
    // WAL + NORMAL: no fsync per commit (a power cut may lose the last commits, never corrupts the file). Usage
    // counters and last-used stamps are written on every call; token writes are rare and retried by Xero's grace.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // Another process holding the write lock: SQLite waits only briefly (it blocks the event loop meanwhile);
    // longer waits are asynchronous (sqlite-busy.ts).
    this.db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // Every method is one statement or one transaction, so one that failed busy can run again whole; the refresh
    // lock runs a Xero call between its statements and retries its own.
    return retryingWhenBusy(this, counted, ['withRefreshLock']);
  }

  /** How often a call found the database locked by another process and waited (without blocking). */
  waitsForLock = 0;

  /** Prepared statements are compiled once and reused: preparing on every call showed up in profiles. */
  private readonly statements = new Map<string, Database.Statement>();

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async migrate(): Promise<void> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)',
    );
    const apply = this.db.transaction(() => {
      const done = new Set(
        (this.db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) =>
          Number(r.version),
        ),
      );
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        this.db.exec(m.sqlite);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, new Date().toISOString());
      }
    });
    apply.immediate();
  }

  async ping(): Promise<void> {
    this.stmt('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async upsertConnection(c: NewConnection, now: string): Promise<ConnectionRecord> {
    this.db
      .prepare(
        `INSERT INTO connections (id, tenant_id, tenant_name, short_code, base_currency, country_code, kind,
           xero_connection_id, status, status_reason, sealed_tokens, token_expires_at, created_at, updated_at, last_refresh_at)
         VALUES (@id, @tenantId, @tenantName, @shortCode, @baseCurrency, @countryCode, @kind, @xeroConnectionId,
           'Connected', NULL, @sealedTokens, @tokenExpiresAt, @now, @now, @now)
         ON CONFLICT (tenant_id) DO UPDATE SET tenant_name = excluded.tenant_name, short_code = excluded.short_code,
           base_currency = excluded.base_currency, country_code = excluded.country_code, kind = excluded.kind,
           xero_connection_id = excluded.xero_connection_id, status = 'Connected', status_reason = NULL,
           sealed_tokens = excluded.sealed_tokens, token_expires_at = excluded.token_expires_at,
           token_version = connections.token_version + 1, updated_at = excluded.updated_at,
           last_refresh_at = excluded.last_refresh_at`,
      )
      .run({ ...c, now });
    return (await this.getConnectionByTenant(c.tenantId))!;
  }

  async getConnection(id: string): Promise<ConnectionRecord | undefined> {
    const row = this.stmt('SELECT * FROM connections WHERE id = ?').get(id) as Row | undefined;
    return row && connectionFromRow(row);
  }

  async getConnectionByTenant(tenantId: string): Promise<ConnectionRecord | undefined> {
    const row = this.stmt('SELECT * FROM connections WHERE tenant_id = ?').get(tenantId) as Row | undefined;
    return row && connectionFromRow(row);
  }

  async listConnections(): Promise<ConnectionRecord[]> {
    return (this.stmt('SELECT * FROM connections ORDER BY tenant_name, id').all() as Row[]).map(
      connectionFromRow,
    );
  }

  async deleteConnection(id: string): Promise<void> {
    this.stmt('DELETE FROM connections WHERE id = ?').run(id);
  }

  async touchConnection(id: string, now: string): Promise<void> {
    this.stmt('UPDATE connections SET last_used_at = ? WHERE id = ?').run(now, id);
  }

  async withRefreshLock(
    connectionId: string,
    refresh: (current: ConnectionRecord) => Promise<TokenWrite | null>,
  ): Promise<ConnectionRecord> {
    // Each claim has its own owner token: the lease is not re-entrant, so two refreshes in this process serialise too.
    const owner = randomUUID();
    const claim = this.db.transaction((now: Date) => {
      const row = this.db
        .prepare('SELECT refresh_lock_owner, refresh_lock_until FROM connections WHERE id = ?')
        .get(connectionId) as Row | undefined;
      if (!row) throw new Error(`Connection ${connectionId} not found`);
      const until = row.refresh_lock_until ? Date.parse(String(row.refresh_lock_until)) : 0;
      if (row.refresh_lock_owner && until > now.getTime()) return false;
      this.db
        .prepare('UPDATE connections SET refresh_lock_owner = ?, refresh_lock_until = ? WHERE id = ?')
        .run(owner, new Date(now.getTime() + LEASE_MS).toISOString(), connectionId);
      return true;
    });
    const deadline = Date.now() + LEASE_WAIT_MS;
    const claimed = () => {
      try {
        return claim.immediate(new Date());
      } catch (error) {
        if (isSqliteBusy(error)) return false; // another process is writing: poll again, without blocking
        throw error;
      }
    };
    while (!claimed()) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for the token refresh lock of ${connectionId}`);
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
    }
    try {
      const current = (await this.getConnection(connectionId))!;
      const write = await refresh(current);
      if (write) await untilNotBusy(() => this.writeTokens(connectionId, write));
    } finally {
      await untilNotBusy(() =>
        this.db
          .prepare(
            'UPDATE connections SET refresh_lock_owner = NULL, refresh_lock_until = NULL WHERE id = ? AND refresh_lock_owner = ?',
          )
          .run(connectionId, owner),
      );
    }
    return (await this.getConnection(connectionId))!;
  }

  private writeTokens(connectionId: string, w: TokenWrite): void {
    const sets: string[] = ['updated_at = @now'];
    if (w.sealedTokens !== undefined)
      sets.push('sealed_tokens = @sealedTokens', 'token_version = token_version + 1');
    if (w.tokenExpiresAt !== undefined) sets.push('token_expires_at = @tokenExpiresAt');
    if (w.lastRefreshAt !== undefined) sets.push('last_refresh_at = @lastRefreshAt');
    if (w.status !== undefined) sets.push('status = @status');
    if (w.statusReason !== undefined) sets.push('status_reason = @statusReason');
    this.stmt(`UPDATE connections SET ${sets.join(', ')} WHERE id = @id`).run({
      sealedTokens: null,
      tokenExpiresAt: null,
      lastRefreshAt: null,
      status: null,
      statusReason: null,
      ...w,
      id: connectionId,
      now: new Date().toISOString(),
    });
  }

  async listConnectionsNotRefreshedSince(before: string): Promise<ConnectionRecord[]> {
    return (
      this.db
        .prepare(
          `SELECT * FROM connections WHERE kind = 'oauth' AND status = 'Connected'
             AND COALESCE(last_refresh_at, created_at) < ? ORDER BY id`,
        )
        .all(before) as Row[]
    ).map(connectionFromRow);
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const grants = grantsOf(key);
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO api_keys (id, connection_id, prefix, hash, label, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(key.id, key.connectionId, key.prefix, key.hash, key.label, key.createdAt);
      const grant = this.db.prepare('INSERT INTO api_key_grants (api_key_id, connection_id) VALUES (?, ?)');
      const known = this.db.prepare('SELECT 1 FROM connections WHERE id = ?');
      for (const connectionId of grants) {
        // The foreign key says the same; checked here too so the refusal names the connection.
        if (!known.get(connectionId)) throw new Error(`API key grant: no connection ${connectionId}`);
        grant.run(key.id, connectionId);
      }
    })();
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

  private withGrants(row: Row): ApiKeyRecord {
    const grants = (
      this.stmt('SELECT connection_id FROM api_key_grants WHERE api_key_id = ?').all(row.id) as Row[]
    ).map((g) => String(g.connection_id));
    return apiKeyFromRow(row, grants);
  }

  async findApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    const row = this.stmt('SELECT * FROM api_keys WHERE prefix = ?').get(prefix) as Row | undefined;
    return row && this.withGrants(row);
  }

  async listApiKeys(connectionId: string): Promise<ApiKeyRecord[]> {
    return (
      this.db
        .prepare(
          `SELECT * FROM api_keys k WHERE k.connection_id = ?
             OR EXISTS (SELECT 1 FROM api_key_grants g WHERE g.api_key_id = k.id AND g.connection_id = ?)
           ORDER BY k.created_at, k.id`,
        )
        .all(connectionId, connectionId) as Row[]
    ).map((row) => this.withGrants(row));
  }

  async revokeApiKey(id: string, now: string): Promise<void> {
    this.stmt('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(now, id);
  }

  async touchApiKey(id: string, now: string): Promise<void> {
    this.stmt('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, id);
  }

  async saveOAuthState(r: OAuthStateRecord): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO oauth_states (state, purpose, sealed_payload, expires_at) VALUES (@state, @purpose, @sealedPayload, @expiresAt)',
      )
      .run(r);
  }

  async takeOAuthState(state: string, now: string): Promise<OAuthStateRecord | undefined> {
    const row = this.stmt('DELETE FROM oauth_states WHERE state = ? RETURNING *').get(state) as
      Row | undefined;
    if (!row || Date.parse(String(row.expires_at)) <= Date.parse(now)) return undefined;
    return {
      state: String(row.state),
      purpose: row.purpose as OAuthStateRecord['purpose'],
      sealedPayload: String(row.sealed_payload),
      expiresAt: String(row.expires_at),
    };
  }

  async purgeExpiredOAuthStates(now: string): Promise<number> {
    return this.stmt('DELETE FROM oauth_states WHERE expires_at <= ?').run(now).changes;
  }

  async recordUsage(
    tenantId: string,
    day: string,
    usage: { calls: number; rateLimited: number; headers?: RateHeaders & { at: string } },
  ): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO usage (tenant_id, day, calls, rate_limited, last_headers) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, day) DO UPDATE SET calls = usage.calls + excluded.calls,
           rate_limited = usage.rate_limited + excluded.rate_limited,
           last_headers = CASE WHEN excluded.last_headers = '{}' THEN usage.last_headers ELSE excluded.last_headers END`,
      )
      .run(tenantId, day, usage.calls, usage.rateLimited, JSON.stringify(usage.headers ?? {}));
  }

  async getUsage(tenantId: string, day: string): Promise<UsageRecord | undefined> {
    const row = this.stmt('SELECT * FROM usage WHERE tenant_id = ? AND day = ?').get(tenantId, day) as
      Row | undefined;
    if (!row) return undefined;
    return {
      tenantId,
      day,
      calls: Number(row.calls),
      rateLimited: Number(row.rate_limited),
      lastHeaders: JSON.parse(String(row.last_headers)),
    };
  }
}
