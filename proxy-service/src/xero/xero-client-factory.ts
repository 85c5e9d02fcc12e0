/**
 * Builds xero-node clients. One new XeroClient per call: xero-node keeps one mutable token set per client
 * (reference/peers.md §2.1), so a shared client in a multi-tenant proxy would race.
 *
 * Pointing xero-node somewhere other than Xero (the emulator, or a test double) takes three moves
 * (reference/xero-api.md §11): the openid-client Issuer is discovered from XERO_IDENTITY_URL instead of
 * `initialize()`'s hard-coded identity.xero.com; `accountingApi.basePath` is set; and xero-node's axios calls to the
 * hard-coded https://identity.xero.com and https://api.xero.com (client-credentials token, GET/DELETE /connections)
 * are rewritten by one axios interceptor. The interceptor reads the target from an AsyncLocalStorage scope, so
 * several gateways with different targets can live in one process (tests) without sharing a global setting.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { Issuer, custom } from 'openid-client';
import type { BaseClient } from 'openid-client';
import { AccountingApi, XeroClient } from 'xero-node';

export const XERO_IDENTITY_URL = 'https://identity.xero.com';
export const XERO_API_URL = 'https://api.xero.com';

export interface XeroEndpoints {
  identityUrl: string;
  apiUrl: string;
  timeoutMs: number;
}

interface AxiosLike {
  interceptors: { request: { use(fn: (config: { url?: string; timeout?: number }) => unknown): number } };
}

const scope = new AsyncLocalStorage<XeroEndpoints>();
let interceptorInstalled = false;

/** The axios copy xero-node itself resolves: an interceptor on any other copy would never run. */
function xeroNodeAxios(): AxiosLike {
  const requireFromXeroNode = createRequire(require.resolve('xero-node'));
  const mod = requireFromXeroNode('axios') as AxiosLike & { default?: AxiosLike };
  return mod.default ?? mod;
}

function installInterceptor(): void {
  if (interceptorInstalled) return;
  interceptorInstalled = true;
  xeroNodeAxios().interceptors.request.use((config) => {
    const target = scope.getStore();
    if (!target) return config;
    if (config.url?.startsWith(XERO_IDENTITY_URL))
      config.url = target.identityUrl + config.url.slice(XERO_IDENTITY_URL.length);
    else if (config.url?.startsWith(XERO_API_URL))
      config.url = target.apiUrl + config.url.slice(XERO_API_URL.length);
    // Generated AccountingApi calls set no timeout at all; without one a hung Xero call would hold a rate slot forever.
    if (!config.timeout) config.timeout = target.timeoutMs;
    return config;
  });
}

export interface XeroAppCredentials {
  clientId: string;
  clientSecret: string;
  redirectUri?: string;
  scopes: string[];
}

export class XeroClientFactory {
  private issuer?: Promise<Issuer<BaseClient>>;

  constructor(readonly endpoints: XeroEndpoints) {
    installInterceptor();
    custom.setHttpOptionsDefaults({ timeout: endpoints.timeoutMs });
  }

  /** Runs xero-node work with its hard-coded hosts redirected to this factory's endpoints. */
  within<T>(work: () => Promise<T>): Promise<T> {
    return scope.run(this.endpoints, work);
  }

  private discover(): Promise<Issuer<BaseClient>> {
    if (!this.issuer) {
      this.issuer = Issuer.discover(this.endpoints.identityUrl).catch((error: unknown) => {
        this.issuer = undefined; // try again next time rather than caching a failure
        throw error;
      });
    }
    return this.issuer;
  }

  /** Reachability of Xero's identity service (discovery document), for /readyz. */
  async ping(): Promise<void> {
    const response = await fetch(`${this.endpoints.identityUrl}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(this.endpoints.timeoutMs),
    });
    if (!response.ok) throw new Error(`Xero identity answered ${response.status}`);
  }

  /** A client for the authorization-code/refresh/revoke paths (openid-client) and GET/DELETE /connections. */
  async forApp(app: XeroAppCredentials, accessToken?: string): Promise<XeroClient> {
    const xero = new XeroClient({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUris: app.redirectUri ? [app.redirectUri] : [],
      scopes: app.scopes,
      grantType: app.redirectUri ? undefined : 'client_credentials',
      httpTimeout: this.endpoints.timeoutMs,
    });
    const issuer = await this.discover();
    xero.openIdClient = new issuer.Client({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uris: app.redirectUri ? [app.redirectUri] : [],
      response_types: ['code'],
    });
    this.pointAtEndpoints(xero);
    if (accessToken) xero.setTokenSet({ access_token: accessToken });
    return xero;
  }

  /**
   * A client for Accounting API calls with the given access token. A bare AccountingApi (what XeroClient wraps for
   * these calls) rather than a whole XeroClient, which would also build nine API objects this proxy never uses.
   * `updateTenants`/`disconnect` need the full client: use `forAccessTokenWithConnections`.
   */
  forAccessToken(accessToken: string): { accountingApi: AccountingApi } {
    const accountingApi = new AccountingApi(`${this.endpoints.apiUrl}/api.xro/2.0`);
    accountingApi.accessToken = accessToken;
    return { accountingApi };
  }

  /** A full XeroClient holding the token, for GET/DELETE /connections. */
  forAccessTokenWithConnections(accessToken: string): XeroClient {
    const xero = new XeroClient();
    this.pointAtEndpoints(xero);
    xero.setTokenSet({ access_token: accessToken });
    return xero;
  }

  private pointAtEndpoints(xero: XeroClient): void {
    xero.accountingApi.basePath = `${this.endpoints.apiUrl}/api.xro/2.0`;
  }
}
