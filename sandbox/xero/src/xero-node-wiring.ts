/**
 * Points the real `xero-node` SDK (v20) at an emulator, the way reference/xero-api.md section 11 found works:
 * - openid-client paths (buildConsentUrl, apiCallback, refreshToken, revokeToken): skip `initialize()` and set
 *   `xero.openIdClient` from `Issuer.discover(<emulator>)`;
 * - Accounting API: `xero.accountingApi.basePath = <emulator>/api.xro/2.0`;
 * - axios paths with hard-coded hosts (refreshWithRefreshToken, getClientCredentialsToken, updateTenants,
 *   disconnect): an interceptor on the axios instance xero-node itself resolves, rewriting
 *   https://identity.xero.com and https://api.xero.com to the emulator.
 * The interceptor is process-wide (xero-node uses the global axios). With several emulators in one process, a
 * request carrying an emulator-issued bearer token goes to its issuer; anything else goes to the most recently
 * wired emulator. `dispose()` removes the wiring.
 *
 * Import it as `@dxc/xero-emulator/xero-node-wiring` (kept out of the package index so the emulator itself
 * never loads xero-node).
 */
// Plain imports on purpose: they resolve to the same module instances xero-node's own `require('axios')` gets —
// also under jest, whose per-file module registry a createRequire() would bypass.
import defaultAxios, { type AxiosStatic, type InternalAxiosRequestConfig } from 'axios';
import { custom, Issuer, type Client, type TokenSet } from 'openid-client';
import { XeroClient } from 'xero-node';

/** The scopes the demo app asks for by default: everything the product uses, plus the id_token. */
export const DEFAULT_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.transactions',
  'accounting.contacts',
  'accounting.settings',
];

export interface XeroNodeWiringOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  scopes?: string[];
  state?: string;
  /** 'client_credentials' for a custom connection. */
  grantType?: string;
  /** Applied to axios calls routed to the emulator (xero-node sets none on Accounting calls) and to openid-client. */
  httpTimeoutMs?: number;
  /** The axios instance xero-node uses, when the caller resolves a different copy than this package. */
  axios?: AxiosStatic;
}

export interface WiredXeroNode {
  xero: XeroClient;
  emulatorUrl: string;
  /** Runs the authorization-code flow through the emulator's control API (no browser) and returns the token set. */
  authorize(decision?: { tenantIds?: string[]; userEmail?: string }): Promise<TokenSet>;
  dispose(): void;
}

interface Target {
  url: string;
  timeoutMs?: number;
}

interface AxiosWiring {
  interceptorId: number;
  targets: Target[];
}

const wirings = new Map<AxiosStatic, AxiosWiring>();
const XERO_HOSTS = /^https:\/\/(identity\.xero\.com|api\.xero\.com)(?=\/|$)/i;

function issuerOfBearer(config: InternalAxiosRequestConfig): string | undefined {
  const auth = config.headers?.Authorization ?? config.headers?.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+[^.]+\.([^.]+)\./.exec(auth) : null;
  if (!m?.[1]) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

function installInterceptor(axios: AxiosStatic): AxiosWiring {
  const existing = wirings.get(axios);
  if (existing) return existing;
  const wiring: AxiosWiring = { interceptorId: -1, targets: [] };
  wiring.interceptorId = axios.interceptors.request.use((config) => {
    const url = config.url ?? '';
    const iss = issuerOfBearer(config);
    const target = wiring.targets.find((t) => t.url === iss) ?? wiring.targets[wiring.targets.length - 1];
    if (!target) return config;
    if (XERO_HOSTS.test(url)) config.url = url.replace(XERO_HOSTS, target.url);
    const routed = wiring.targets.find((t) => (config.url ?? '').startsWith(`${t.url}/`));
    if (routed?.timeoutMs && !config.timeout) config.timeout = routed.timeoutMs;
    return config;
  });
  wirings.set(axios, wiring);
  return wiring;
}

/** Wires an existing XeroClient (e.g. one the proxy constructed) to the emulator at `emulatorUrl`. */
export async function wireXeroNode(
  xero: XeroClient,
  emulatorUrl: string,
  opts: Pick<XeroNodeWiringOptions, 'httpTimeoutMs' | 'axios'> = {},
): Promise<() => void> {
  const base = emulatorUrl.replace(/\/+$/, '');
  const config = xero.config;
  if (config && config.grantType !== 'client_credentials') {
    const issuer = await Issuer.discover(base);
    const client: Client = new issuer.Client({
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uris: config.redirectUris,
    });
    client[custom.clock_tolerance] = config.clockTolerance ?? 5;
    if (opts.httpTimeoutMs)
      client[custom.http_options] = (_url, o) => ({ ...o, timeout: opts.httpTimeoutMs });
    xero.openIdClient = client;
  }
  xero.accountingApi.basePath = `${base}/api.xro/2.0`;
  const axios = opts.axios ?? defaultAxios;
  const wiring = installInterceptor(axios);
  const target: Target = { url: base, timeoutMs: opts.httpTimeoutMs };
  wiring.targets.push(target);
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    wiring.targets = wiring.targets.filter((t) => t !== target);
    if (wiring.targets.length === 0 && wirings.get(axios) === wiring) {
      axios.interceptors.request.eject(wiring.interceptorId);
      wirings.delete(axios);
    }
  };
}

/** Builds a XeroClient for the emulator's demo app (or the given app) and wires it. */
export async function connectXeroNode(
  emulatorUrl: string,
  opts: XeroNodeWiringOptions = {},
): Promise<WiredXeroNode> {
  const base = emulatorUrl.replace(/\/+$/, '');
  const clientCredentials = opts.grantType === 'client_credentials';
  const xero = new XeroClient({
    clientId: opts.clientId ?? 'sandbox',
    clientSecret: opts.clientSecret ?? 'sandbox-secret',
    ...(clientCredentials ? {} : { redirectUris: [opts.redirectUri ?? 'http://localhost:5000/callback'] }),
    scopes: opts.scopes ?? (clientCredentials ? [] : DEFAULT_SCOPES),
    ...(opts.state !== undefined ? { state: opts.state } : {}),
    ...(opts.grantType ? { grantType: opts.grantType } : {}),
    ...(opts.httpTimeoutMs ? { httpTimeout: opts.httpTimeoutMs } : {}),
  });
  const dispose = await wireXeroNode(xero, base, opts);
  return {
    xero,
    emulatorUrl: base,
    dispose,
    authorize: async (decision = {}) => {
      const authorizeUrl = await xero.buildConsentUrl();
      const response = await fetch(`${base}/__emulator/consent`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ authorizeUrl, ...decision }),
      });
      if (!response.ok)
        throw new Error(`emulator consent failed: HTTP ${response.status} ${await response.text()}`);
      const { callbackUrl } = (await response.json()) as { callbackUrl: string };
      return xero.apiCallback(callbackUrl);
    },
  };
}
