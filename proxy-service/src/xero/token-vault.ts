/**
 * Keeps every connection's Xero access token fresh without ever spending a refresh token twice
 * (reference/peers.md §2.1, xero-api.md §9):
 * - in-process single flight: concurrent callers of one connection await the same refresh;
 * - cross-instance lock (Store.withRefreshLock) and a re-read after taking it: if another instance refreshed
 *   meanwhile (token version moved on), its tokens are used and Xero is not called;
 * - proactive refresh when less than `refreshMarginMs` is left, and a reactive one when Xero answers 401;
 * - a lost refresh response (network error, timeout, 5xx) is retried with the same refresh token, which Xero
 *   accepts for a 30-minute grace period; the stored tokens stay untouched until a refresh succeeds;
 * - `invalid_grant` marks the connection ReconnectNeeded; every later call fails fast with XERO_RECONNECT_NEEDED;
 * - a keep-alive timer refreshes idle connections well inside the 60-day refresh-token lifetime.
 */
import type { Logger } from 'pino';
import { ProxyError } from '../errors';
import type { ProxyMetrics } from '../metrics';
import type { SecretBox } from '../store/secret-box';
import type { ConnectionRecord, Store, TokenWrite } from '../store/store';
import type { XeroAppCredentials, XeroClientFactory } from './xero-client-factory';
import { parseXeroFailure } from './xero-failure';

export interface XeroTokens {
  accessToken: string;
  /** Absent for custom connections (client_credentials grants have no refresh token). */
  refreshToken?: string;
  expiresAt: string;
  scope?: string;
  /** The custom connection app's own credentials. */
  custom?: { clientId: string; clientSecret: string };
}

export interface TokenVaultOptions {
  store: Store;
  box: SecretBox;
  factory: XeroClientFactory;
  /** The proxy's Xero app (authorization-code connections refresh with it). */
  app: XeroAppCredentials;
  logger: Logger;
  metrics: ProxyMetrics;
  /** Where an admin reconnects; named in XERO_RECONNECT_NEEDED messages. */
  adminUrl: string;
  now?: () => number;
  refreshMarginMs?: number;
  keepAliveDays: number;
}

const GRACE_RETRIES = 2;

export class TokenVault {
  private readonly inFlight = new Map<string, Promise<ConnectionRecord>>();
  private readonly now: () => number;
  private readonly margin: number;
  private keepAliveTimer?: NodeJS.Timeout;

  constructor(private readonly o: TokenVaultOptions) {
    this.now = o.now ?? Date.now;
    this.margin = o.refreshMarginMs ?? 5 * 60_000;
  }

  seal(connectionId: string, tokens: XeroTokens): string {
    return this.o.box.seal(JSON.stringify(tokens), `connection:${connectionId}`);
  }

  open(connection: ConnectionRecord): XeroTokens {
    return JSON.parse(this.o.box.open(connection.sealedTokens, `connection:${connection.id}`)) as XeroTokens;
  }

  reconnectNeeded(connection: Pick<ConnectionRecord, 'tenantName'>): ProxyError {
    return new ProxyError(
      'XERO_RECONNECT_NEEDED',
      409,
      `The authorisation for Xero organisation "${connection.tenantName}" has lapsed or was revoked. ` +
        `An administrator must reconnect it at ${this.o.adminUrl}.`,
    );
  }

  /**
   * A usable access token for the connection. With `staleVersion` (the token version a call was made with when
   * Xero answered 401), refreshes unless someone already replaced that version.
   */
  async accessToken(
    connection: ConnectionRecord,
    staleVersion?: number,
  ): Promise<{ token: string; version: number }> {
    if (connection.status === 'ReconnectNeeded') throw this.reconnectNeeded(connection);
    const tokens = this.open(connection);
    if (staleVersion === undefined && Date.parse(tokens.expiresAt) - this.now() > this.margin) {
      return { token: tokens.accessToken, version: connection.tokenVersion };
    }
    const refreshed = await this.refreshOnce(connection, staleVersion);
    if (refreshed.status === 'ReconnectNeeded') throw this.reconnectNeeded(refreshed);
    return { token: this.open(refreshed).accessToken, version: refreshed.tokenVersion };
  }

  private refreshOnce(
    connection: ConnectionRecord,
    staleVersion: number | undefined,
  ): Promise<ConnectionRecord> {
    const key = connection.id;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.refreshUnderLock(connection.id, staleVersion).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Refreshes regardless of expiry (keep-alive); still skips when another instance refreshed since `version`. */
  forceRefresh(connection: ConnectionRecord): Promise<ConnectionRecord> {
    return this.refreshOnce(connection, connection.tokenVersion);
  }

  private refreshUnderLock(
    connectionId: string,
    staleVersion: number | undefined,
  ): Promise<ConnectionRecord> {
    return this.o.store.withRefreshLock(connectionId, async (current) => {
      if (current.status === 'ReconnectNeeded') return null;
      const tokens = this.open(current);
      const stillFresh = Date.parse(tokens.expiresAt) - this.now() > this.margin;
      const replaced = staleVersion !== undefined && current.tokenVersion !== staleVersion;
      if ((staleVersion === undefined && stillFresh) || (replaced && stillFresh)) {
        this.o.metrics.tokenRefreshes.inc({ outcome: 'skipped_already_fresh' });
        return null;
      }
      return this.callTokenEndpoint(current, tokens);
    });
  }

  private async callTokenEndpoint(current: ConnectionRecord, tokens: XeroTokens): Promise<TokenWrite> {
    const log = this.o.logger.child({ connectionId: current.id, tenantId: current.tenantId });
    let lastFailure: ReturnType<typeof parseXeroFailure> | undefined;
    for (let attempt = 0; attempt <= GRACE_RETRIES; attempt += 1) {
      try {
        const next = await this.exchange(current, tokens);
        this.o.metrics.tokenRefreshes.inc({ outcome: 'ok' });
        log.info({ event: 'token_refreshed', expiresAt: next.expiresAt, attempt }, 'Xero token refreshed');
        return {
          sealedTokens: this.seal(current.id, next),
          tokenExpiresAt: next.expiresAt,
          lastRefreshAt: new Date(this.now()).toISOString(),
          status: 'Connected',
          statusReason: null,
        };
      } catch (thrown) {
        const failure = parseXeroFailure(thrown);
        lastFailure = failure;
        const rejected =
          failure.oauthError === 'invalid_grant' ||
          failure.oauthError === 'invalid_client' ||
          failure.oauthError === 'unauthorized_client';
        if (rejected) {
          this.o.metrics.tokenRefreshes.inc({ outcome: 'invalid_grant' });
          log.warn(
            { event: 'token_rejected', oauthError: failure.oauthError },
            'Xero rejected the refresh; reconnect needed',
          );
          return {
            status: 'ReconnectNeeded',
            statusReason: `Xero answered ${failure.oauthError} at ${new Date(this.now()).toISOString()}`,
          };
        }
        const transient = failure.status === 0 || failure.status >= 500 || failure.status === 429;
        if (!transient) break;
        // The response may have been lost after Xero rotated the token: the same refresh token stays valid for
        // 30 minutes (grace period), so retrying with it is safe and not a second spend.
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
    this.o.metrics.tokenRefreshes.inc({ outcome: 'failed' });
    log.error(
      { event: 'token_refresh_failed', status: lastFailure?.status, messages: lastFailure?.messages },
      'refresh failed',
    );
    throw new ProxyError(
      'XERO_UNAVAILABLE',
      503,
      'Xero could not renew the authorisation just now; try again shortly.',
      {
        retryAfterSeconds: 30,
      },
    );
  }

  private async exchange(current: ConnectionRecord, tokens: XeroTokens): Promise<XeroTokens> {
    const factory = this.o.factory;
    if (current.kind === 'custom') {
      if (!tokens.custom) throw new Error('custom connection without credentials');
      const xero = await factory.forApp({ ...tokens.custom, scopes: [] });
      const set = await factory.within(() => xero.getClientCredentialsToken());
      return { ...toTokens(set, this.now()), custom: tokens.custom };
    }
    if (!tokens.refreshToken) throw new Error('connection has no refresh token');
    const xero = await factory.forApp(this.o.app);
    const set = await factory.within(() => xero.openIdClient.refresh(tokens.refreshToken!));
    return toTokens(set, this.now());
  }

  /** Starts the keep-alive: connections not refreshed for `keepAliveDays` are refreshed (checked every hour). */
  startKeepAlive(intervalMs = 3_600_000): void {
    this.keepAliveTimer = setInterval(() => void this.keepAlive(), intervalMs);
    this.keepAliveTimer.unref();
  }

  async keepAlive(): Promise<number> {
    const before = new Date(this.now() - this.o.keepAliveDays * 86_400_000).toISOString();
    const stale = await this.o.store.listConnectionsNotRefreshedSince(before);
    let refreshed = 0;
    for (const connection of stale) {
      try {
        await this.forceRefresh(connection);
        refreshed += 1;
      } catch (error) {
        this.o.logger.warn(
          { event: 'keepalive_failed', connectionId: connection.id, err: error },
          'keep-alive refresh failed',
        );
      }
    }
    return refreshed;
  }

  stop(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
  }
}

/** openid-client TokenSet or the token endpoint's JSON → our stored shape. */
export function toTokens(
  set: {
    access_token?: string;
    refresh_token?: string;
    expires_in?: number;
    expires_at?: number;
    scope?: string;
  },
  now: number,
): XeroTokens {
  if (!set.access_token) throw new Error('Xero returned no access token');
  const expiresAt =
    typeof set.expires_in === 'number'
      ? new Date(now + set.expires_in * 1000)
      : new Date(typeof set.expires_at === 'number' ? set.expires_at * 1000 : now + 1800_000);
  return {
    accessToken: set.access_token,
    refreshToken: set.refresh_token,
    expiresAt: expiresAt.toISOString(),
    scope: set.scope,
  };
}
