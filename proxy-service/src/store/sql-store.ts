/**
 * The store's reads and writes, written once for SQLite and PostgreSQL (Kysely, see sql/README.md). What differs —
 * opening the database, the token refresh lock — lives in sqlite-store.ts and postgres-store.ts.
 */
import { sql } from 'kysely';
import type { InvoiceLedgerStore } from './invoice-ledger/invoice-ledger-store';
import type { AdminNoticeStore } from '../pages/admin-notice-store';
import type { AdminSessionStore } from '../pages/admin-session-store';
import type { SyncActivityStore } from '../pages/sync-activity-store';
import type { WebhookStore } from './webhooks/webhook-store';
import { apiKeysFromRows, connectionFromRow } from './connection-rows';
import type { StoreDatabase, StoreDb } from './sql/store-database';
import { inTransaction } from './sql/transaction';
import { isoOf, jsonOf } from './sql/values';
import { grantsOf } from './store';
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
import type { WorkLeaseStore } from './work-leases';

/** /readyz's check must answer even when the database does not. */
const PING_TIMEOUT_MS = 3000;

/** The table stores that sit beside the store on the same database. */
export interface StoreParts {
  webhooks: WebhookStore;
  invoiceLedger: InvoiceLedgerStore;
  leases: WorkLeaseStore;
  adminSessions: AdminSessionStore;
  adminNotices: AdminNoticeStore;
  syncActivity: SyncActivityStore;
}

/** Writes what a refresh returned; returns the row as written. */
export function writeTokens(db: StoreDb, connectionId: string, w: TokenWrite) {
  return db
    .updateTable('connections')
    .set((eb) => ({
      updated_at: new Date().toISOString(),
      ...(w.sealedTokens !== undefined
        ? { sealed_tokens: w.sealedTokens, token_version: eb('token_version', '+', 1) }
        : {}),
      ...(w.tokenExpiresAt !== undefined ? { token_expires_at: w.tokenExpiresAt } : {}),
      ...(w.lastRefreshAt !== undefined ? { last_refresh_at: w.lastRefreshAt } : {}),
      ...(w.status !== undefined ? { status: w.status } : {}),
      ...(w.statusReason !== undefined ? { status_reason: w.statusReason } : {}),
    }))
    .where('id', '=', connectionId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export abstract class SqlStore implements Store {
  abstract readonly kind: 'sqlite' | 'postgres';
  readonly webhooks: WebhookStore;
  readonly invoiceLedger: InvoiceLedgerStore;
  readonly leases: WorkLeaseStore;
  readonly adminSessions: AdminSessionStore;
  readonly adminNotices: AdminNoticeStore;
  readonly syncActivity: SyncActivityStore;
  protected readonly db: StoreDb;

  protected constructor(
    protected readonly database: StoreDatabase,
    parts: StoreParts,
  ) {
    this.db = database.db;
    this.webhooks = parts.webhooks;
    this.invoiceLedger = parts.invoiceLedger;
    this.leases = parts.leases;
    this.adminSessions = parts.adminSessions;
    this.adminNotices = parts.adminNotices;
    this.syncActivity = parts.syncActivity;
  }

  abstract migrate(): Promise<void>;

  abstract withRefreshLock(
    connectionId: string,
    refresh: (current: ConnectionRecord) => Promise<TokenWrite | null>,
  ): Promise<ConnectionRecord>;

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the database did not answer within ${PING_TIMEOUT_MS} ms`)),
        PING_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([sql`SELECT 1`.execute(this.db), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.database.kind === 'postgres') await this.database.pool.end();
    else if (this.database.sqlite.open) this.database.sqlite.close();
  }

  async upsertConnection(c: NewConnection, now: string): Promise<ConnectionRecord> {
    const row = await this.db
      .insertInto('connections')
      .values({
        id: c.id,
        tenant_id: c.tenantId,
        tenant_name: c.tenantName,
        short_code: c.shortCode,
        base_currency: c.baseCurrency,
        country_code: c.countryCode,
        kind: c.kind,
        xero_connection_id: c.xeroConnectionId,
        status: 'Connected',
        status_reason: null,
        sealed_tokens: c.sealedTokens,
        token_expires_at: c.tokenExpiresAt,
        created_at: now,
        updated_at: now,
        last_refresh_at: now,
      })
      .onConflict((oc) =>
        oc.column('tenant_id').doUpdateSet((eb) => ({
          tenant_name: eb.ref('excluded.tenant_name'),
          short_code: eb.ref('excluded.short_code'),
          base_currency: eb.ref('excluded.base_currency'),
          country_code: eb.ref('excluded.country_code'),
          kind: eb.ref('excluded.kind'),
          xero_connection_id: eb.ref('excluded.xero_connection_id'),
          status: 'Connected',
          status_reason: null,
          sealed_tokens: eb.ref('excluded.sealed_tokens'),
          token_expires_at: eb.ref('excluded.token_expires_at'),
          token_version: eb('connections.token_version', '+', 1),
          updated_at: eb.ref('excluded.updated_at'),
          last_refresh_at: eb.ref('excluded.last_refresh_at'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return connectionFromRow(row);
  }

  async getConnection(id: string): Promise<ConnectionRecord | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && connectionFromRow(row);
  }

  async getConnectionByTenant(tenantId: string): Promise<ConnectionRecord | undefined> {
    const row = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row && connectionFromRow(row);
  }

  async listConnections(): Promise<ConnectionRecord[]> {
    const rows = await this.db
      .selectFrom('connections')
      .selectAll()
      .orderBy('tenant_name')
      .orderBy('id')
      .execute();
    return rows.map(connectionFromRow);
  }

  async deleteConnection(id: string): Promise<void> {
    await this.db.deleteFrom('connections').where('id', '=', id).execute();
  }

  async touchConnection(id: string, now: string): Promise<void> {
    await this.db.updateTable('connections').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async listConnectionsNotRefreshedSince(before: string): Promise<ConnectionRecord[]> {
    const rows = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('kind', '=', 'oauth')
      .where('status', '=', 'Connected')
      .where((eb) => eb(eb.fn.coalesce('last_refresh_at', 'created_at'), '<', before))
      .orderBy('id')
      .execute();
    return rows.map(connectionFromRow);
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const grants = grantsOf(key);
    await inTransaction(this.database, async (db) => {
      await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          connection_id: key.connectionId,
          prefix: key.prefix,
          hash: key.hash,
          label: key.label,
          created_at: key.createdAt,
        })
        .execute();
      // The foreign key says the same; checked here too so the refusal names the connection.
      const known = await db.selectFrom('connections').select('id').where('id', 'in', grants).execute();
      const missing = grants.find((id) => !known.some((k) => k.id === id));
      if (missing) throw new Error(`API key grant: no connection ${missing}`);
      await db
        .insertInto('api_key_grants')
        .values(grants.map((connectionId) => ({ api_key_id: key.id, connection_id: connectionId })))
        .execute();
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

  /** Keys joined with their grants, one row per grant, so a key lookup stays one round trip. */
  private keysWithGrants() {
    return this.db
      .selectFrom('api_keys as k')
      .leftJoin('api_key_grants as g', 'g.api_key_id', 'k.id')
      .selectAll('k')
      .select('g.connection_id as granted');
  }

  async findApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    return apiKeysFromRows(await this.keysWithGrants().where('k.prefix', '=', prefix).execute())[0];
  }

  async listApiKeys(connectionId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.keysWithGrants()
      .where((eb) =>
        eb.or([
          eb('k.connection_id', '=', connectionId),
          eb.exists(
            eb
              .selectFrom('api_key_grants as other')
              .select('other.api_key_id')
              .whereRef('other.api_key_id', '=', 'k.id')
              .where('other.connection_id', '=', connectionId),
          ),
        ]),
      )
      .orderBy('k.created_at')
      .orderBy('k.id')
      .execute();
    return apiKeysFromRows(rows);
  }

  async revokeApiKey(id: string, now: string): Promise<void> {
    // A key revoked already keeps its first revocation time.
    await this.db
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async touchApiKey(id: string, now: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async saveOAuthState(r: OAuthStateRecord): Promise<void> {
    await this.db
      .insertInto('oauth_states')
      .values({
        state: r.state,
        purpose: r.purpose,
        sealed_payload: r.sealedPayload,
        expires_at: r.expiresAt,
      })
      .execute();
  }

  async takeOAuthState(state: string, now: string): Promise<OAuthStateRecord | undefined> {
    const row = await this.db
      .deleteFrom('oauth_states')
      .where('state', '=', state)
      .returningAll()
      .executeTakeFirst();
    if (!row || Date.parse(isoOf(row.expires_at)) <= Date.parse(now)) return undefined;
    return {
      state: row.state,
      purpose: row.purpose,
      sealedPayload: row.sealed_payload,
      expiresAt: isoOf(row.expires_at),
    };
  }

  async purgeExpiredOAuthStates(now: string): Promise<number> {
    const result = await this.db.deleteFrom('oauth_states').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async recordUsage(
    tenantId: string,
    day: string,
    usage: { calls: number; rateLimited: number; headers?: RateHeaders & { at: string } },
  ): Promise<void> {
    const headers = JSON.stringify(usage.headers ?? {});
    await this.db
      .insertInto('usage')
      .values({
        tenant_id: tenantId,
        day,
        calls: usage.calls,
        rate_limited: usage.rateLimited,
        last_headers: headers,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'day']).doUpdateSet((eb) => ({
          calls: eb('usage.calls', '+', eb.ref('excluded.calls')),
          rate_limited: eb('usage.rate_limited', '+', eb.ref('excluded.rate_limited')),
          // A call without rate headers keeps the last ones seen.
          ...(headers === '{}' ? {} : { last_headers: eb.ref('excluded.last_headers') }),
        })),
      )
      .execute();
  }

  async getUsage(tenantId: string, day: string): Promise<UsageRecord | undefined> {
    const row = await this.db
      .selectFrom('usage')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('day', '=', day)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      tenantId,
      day,
      calls: Number(row.calls),
      rateLimited: Number(row.rate_limited),
      lastHeaders: jsonOf(row.last_headers),
    };
  }
}
