/**
 * The one persistence interface. Two implementations: SQLite (embedded default, zero set-up) and PostgreSQL (for
 * several proxy instances sharing one database). The same test suite (store.test.ts) runs against both.
 * Secrets arrive here already sealed (see secret-box.ts): the store never sees a plaintext token.
 */
import type { InvoiceLedgerStore } from './invoice-ledger/invoice-ledger-store';
import type { AdminNoticeStore } from '../pages/admin-notice-store';
import type { AdminSessionStore } from '../pages/admin-session-store';
import type { SyncActivityStore } from '../pages/sync-activity-store';
import type { WebhookStore } from './webhooks/webhook-store';
import type { WorkLeaseStore } from './work-leases';

/** Connected: tokens work. ReconnectNeeded: Xero said invalid_grant (or the org was disconnected at Xero). */
export type ConnectionStatus = 'Connected' | 'ReconnectNeeded';

export interface ConnectionRecord {
  id: string;
  tenantId: string;
  tenantName: string;
  shortCode: string | null;
  baseCurrency: string | null;
  countryCode: string | null;
  /** oauth: authorization-code grant with rotating refresh tokens; custom: a Xero Custom Connection (client_credentials). */
  kind: 'oauth' | 'custom';
  /** The id of the row in Xero's GET /connections (needed for DELETE /connections/{id}); null for custom connections. */
  xeroConnectionId: string | null;
  status: ConnectionStatus;
  statusReason: string | null;
  /** Sealed JSON (access/refresh token, scope, custom-connection credentials). */
  sealedTokens: string;
  tokenExpiresAt: string;
  /** Incremented on every token write: lets a reader tell that someone else refreshed meanwhile. */
  tokenVersion: number;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  lastRefreshAt: string | null;
}

export interface NewConnection {
  id: string;
  tenantId: string;
  tenantName: string;
  shortCode: string | null;
  baseCurrency: string | null;
  countryCode: string | null;
  kind: 'oauth' | 'custom';
  xeroConnectionId: string | null;
  sealedTokens: string;
  tokenExpiresAt: string;
}

/** What a refresh (or its failure) writes back while holding the refresh lock. */
export interface TokenWrite {
  sealedTokens?: string;
  tokenExpiresAt?: string;
  lastRefreshAt?: string;
  status?: ConnectionStatus;
  statusReason?: string | null;
}

export interface ApiKeyRecord {
  id: string;
  /** The organisation the key was issued for (the first granted); deleting that connection deletes the key. */
  connectionId: string;
  /**
   * Every connection the key may reach, `connectionId` first. Keys issued before grants existed hold exactly their
   * `connectionId` (migration 7 copied it).
   */
  grantedConnectionIds: string[];
  /** The non-secret start of the key (`dxc_<id>`), shown in the admin list and used to find the row. */
  prefix: string;
  /** SHA-256 of the whole key, hex. */
  hash: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type NewApiKey = Omit<ApiKeyRecord, 'revokedAt' | 'lastUsedAt' | 'grantedConnectionIds'> & {
  grantedConnectionIds?: string[];
};

/** `connectionId` first, then the other grants once each. */
export function grantsOf(key: Pick<NewApiKey, 'connectionId' | 'grantedConnectionIds'>): string[] {
  return [...new Set([key.connectionId, ...(key.grantedConnectionIds ?? [])])];
}

export interface OAuthStateRecord {
  state: string;
  /** authorize: waiting for Xero's callback (payload = PKCE verifier); pick: waiting for the admin to choose an org. */
  purpose: 'authorize' | 'pick';
  sealedPayload: string;
  expiresAt: string;
}

export interface RateHeaders {
  dayRemaining?: number;
  minuteRemaining?: number;
  appMinuteRemaining?: number;
}

export interface UsageRecord {
  tenantId: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  calls: number;
  rateLimited: number;
  lastHeaders: RateHeaders & { at?: string };
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Webhook events, trigger subscriptions and the notification outbox (store/webhooks/webhook-store.ts). */
  readonly webhooks: WebhookStore;
  /** The invoice sync ledger and write intent journal (store/invoice-ledger/invoice-ledger-store.ts). */
  readonly invoiceLedger: InvoiceLedgerStore;
  /** Named expiring leases shared by every instance on this database (work-leases.ts). */
  readonly leases: WorkLeaseStore;
  /** Signed-in admin sessions, so signing out ends a session everywhere (pages/admin-session-store.ts). */
  readonly adminSessions: AdminSessionStore;
  /** The admin portal's one-time notices, for post-redirect-get (pages/admin-notice-store.ts). */
  readonly adminNotices: AdminNoticeStore;
  /** Sync runs and webhook health for the portal's sync activity page (pages/sync-activity-store.ts). */
  readonly syncActivity: SyncActivityStore;
  /** Applies pending migrations (versioned, idempotent, safe when several instances start at once). */
  migrate(): Promise<void>;
  /** Throws when the database cannot answer (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Creates the connection or, when the tenant is already connected, replaces its tokens and details. */
  upsertConnection(connection: NewConnection, now: string): Promise<ConnectionRecord>;
  getConnection(id: string): Promise<ConnectionRecord | undefined>;
  getConnectionByTenant(tenantId: string): Promise<ConnectionRecord | undefined>;
  listConnections(): Promise<ConnectionRecord[]>;
  deleteConnection(id: string): Promise<void>;
  touchConnection(id: string, now: string): Promise<void>;
  /**
   * Runs `refresh` while holding a cross-instance lock on the connection's tokens, giving it the row as re-read
   * after the lock was taken; writes what it returns. PostgreSQL: SELECT … FOR UPDATE in a transaction.
   * SQLite: a lease claimed in a BEGIN IMMEDIATE transaction (an open SQLite write transaction cannot span an await).
   */
  withRefreshLock(
    connectionId: string,
    refresh: (current: ConnectionRecord) => Promise<TokenWrite | null>,
  ): Promise<ConnectionRecord>;
  /** Connections whose last refresh (or creation) is older than `before`, for the keep-alive refresh. */
  listConnectionsNotRefreshedSince(before: string): Promise<ConnectionRecord[]>;

  /** Grants the key `connectionId` and every connection of `grantedConnectionIds` (none given: only `connectionId`). */
  createApiKey(key: NewApiKey): Promise<ApiKeyRecord>;
  findApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | undefined>;
  /** The keys granted this connection (issued for it or for another organisation with it among their grants). */
  listApiKeys(connectionId: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string, now: string): Promise<void>;
  touchApiKey(id: string, now: string): Promise<void>;

  saveOAuthState(record: OAuthStateRecord): Promise<void>;
  /** Returns and deletes the state (single use); undefined when unknown or expired. */
  takeOAuthState(state: string, now: string): Promise<OAuthStateRecord | undefined>;
  purgeExpiredOAuthStates(now: string): Promise<number>;

  recordUsage(
    tenantId: string,
    day: string,
    usage: { calls: number; rateLimited: number; headers?: RateHeaders & { at: string } },
  ): Promise<void>;
  getUsage(tenantId: string, day: string): Promise<UsageRecord | undefined>;
}
