/**
 * Sandbox mode (SANDBOX=true, which `npm start` sets when no Xero app is configured): the proxy starts the Xero
 * emulator in-process, uses its demo app, connects its demo organisation through the real consent flow and makes
 * sure an API key exists, so a newcomer can call the proxy a minute after cloning. Nothing here runs otherwise.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type * as XeroEmulatorModule from '@dxc/xero-emulator';
import type { XeroEmulator } from '@dxc/xero-emulator';
import { ConfigError } from './config';
import type { ProxyConfig } from './config';
import type { Proxy } from './create-proxy';
import { hashApiKey, issueApiKey } from './http/api-keys';

export interface SandboxXero {
  url: string;
  clientId: string;
  clientSecret: string;
  consent(authorizeUrl: string): string;
  /** Registers the proxy's webhook endpoint; resolves with the Intent to Receive outcome. */
  registerWebhook(url: string, key: string): Promise<'passed' | 'failed'>;
  /** The emulator itself (its control API is at `${url}/__emulator`), for the demo's "pay in Xero" button. */
  emulator: XeroEmulator;
  close(): Promise<void>;
}

/** Where the emulator's books are kept between starts: beside the proxy's own store, so the two never disagree. */
export const sandboxBooksFile = (dataDir: string): string => path.join(dataDir, 'xero-emulator-books.json');

/**
 * Starts the emulator. It is imported lazily and is not part of the production bundle or install (it is an optional
 * dependency of proxy-service, TypeScript source run through tsx): asking a production install for sandbox mode is
 * refused as configuration, naming SANDBOX, rather than failing with a module error. With a data folder its books
 * persist there (sandboxBooksFile): the proxy's ledger in the same folder outlives a restart, so Xero's books must
 * too, or a re-sync would answer "unchanged" for an invoice the fresh emulator no longer has.
 */
export async function startSandboxXero(options: { dataDir?: string } = {}): Promise<SandboxXero> {
  let emulatorModule: typeof XeroEmulatorModule;
  try {
    emulatorModule = await import('@dxc/xero-emulator');
  } catch (error) {
    throw new ConfigError([
      {
        variable: 'SANDBOX',
        reason:
          'needs the Xero emulator, which only a full checkout run with `npm start` has ' +
          `(${(error as Error).message.split('\n')[0]}); a production install talks to Xero: unset SANDBOX and set ` +
          'XERO_CLIENT_ID and XERO_CLIENT_SECRET',
      },
    ]);
  }
  const { startXeroEmulator, persistBooks, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } = emulatorModule;
  const emulator = await startXeroEmulator({ port: 0, host: '127.0.0.1' });
  let books;
  try {
    books = options.dataDir ? persistBooks(emulator, sandboxBooksFile(options.dataDir)) : undefined;
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return {
    url: emulator.url,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    consent: (authorizeUrl) => emulator.consent(authorizeUrl),
    registerWebhook: async (url, key) => (await emulator.webhooks.register({ url, key }))?.status ?? 'passed',
    emulator,
    close: async () => {
      books?.close();
      await emulator.close();
    },
  };
}

export function sandboxConfig(config: ProxyConfig, xero: SandboxXero): ProxyConfig {
  return {
    ...config,
    xeroApp: {
      clientId: xero.clientId,
      clientSecret: xero.clientSecret,
      redirectUri: `${config.publicUrl}/admin/connect/callback`,
    },
    xeroIdentityUrl: xero.url,
    xeroApiUrl: xero.url,
    // The emulator lives in this process and signs its webhooks with whatever key it is given.
    webhookKey: config.webhookKey ?? randomBytes(32).toString('base64'),
    // Sandbox flows run on this machine and call back on loopback; WEBHOOK_ALLOW_PRIVATE_CALLBACKS=false still wins.
    allowPrivateCallbacks: config.allowPrivateCallbacks ?? true,
  };
}

/**
 * SANDBOX_API_KEY is printed as the key to use, so it must work: a key whose id part (`dxc_<8 chars>`) is already
 * stored with another secret, or was revoked, would be printed and then answered 401. Checked before the proxy is
 * ready; refused as configuration (exit 78).
 */
export async function assertSandboxKeyUsable(proxy: Proxy): Promise<void> {
  const key = proxy.services.config.sandboxApiKey;
  if (!key) return;
  const existing = await proxy.services.store.findApiKeyByPrefix(key.slice(0, 12));
  if (!existing) return;
  const reason =
    existing.hash !== hashApiKey(key)
      ? `its id part ${existing.prefix} already belongs to another key stored here (the secret part was changed); ` +
        'set the key used before, or choose a new id part (the 8 characters after dxc_)'
      : existing.revokedAt
        ? `was revoked on the admin page (${existing.revokedAt}); choose a new id part (the 8 characters after dxc_)`
        : undefined;
  if (reason) {
    await proxy.close();
    throw new ConfigError([{ variable: 'SANDBOX_API_KEY', reason }]);
  }
}

/**
 * Connects the emulator's demo organisation. The emulator lives only as long as this process, so its tokens from
 * an earlier run are useless: the organisation is connected afresh on every start (same connection id and keys).
 * Returns a key to print: SANDBOX_API_KEY when given, else a new one when the connection has no active key.
 */
export async function connectSandboxOrganisation(
  proxy: Proxy,
  xero: SandboxXero,
  listenUrl?: string,
): Promise<{ tenantName: string; apiKey?: string }> {
  const { connect, store, config } = proxy.services;
  const outcome = await connect.completeAuthorization(xero.consent(await connect.startAuthorization()));
  if (outcome.kind !== 'connected') throw new Error('the sandbox consent offered several organisations');
  await registerSandboxWebhook(proxy, xero, listenUrl);
  const connection = outcome.connection;
  const now = new Date().toISOString();
  if (config.sandboxApiKey) {
    const prefix = config.sandboxApiKey.slice(0, 12);
    const existing = await store.findApiKeyByPrefix(prefix);
    if (!existing)
      await issueApiKey(store, connection.id, 'Sandbox (SANDBOX_API_KEY)', now, config.sandboxApiKey);
    return { tenantName: connection.tenantName, apiKey: config.sandboxApiKey };
  }
  const active = (await store.listApiKeys(connection.id)).filter((k) => !k.revokedAt);
  if (active.length > 0) return { tenantName: connection.tenantName };
  const { key } = await issueApiKey(store, connection.id, 'Sandbox', now);
  return { tenantName: connection.tenantName, apiKey: key };
}

/**
 * Points the emulator's webhooks at this proxy's /webhooks/xero (Intent to Receive runs at once), so invoices
 * changed in the emulator reach WhenAnInvoiceChanges subscribers. The emulator runs in this process, so the
 * loopback address is used when the public URL says localhost (which may resolve to ::1 while the proxy listens on
 * IPv4 only).
 */
export async function registerSandboxWebhook(
  proxy: Proxy,
  xero: SandboxXero,
  listenUrl?: string,
): Promise<void> {
  const { config, logger } = proxy.services;
  if (!config.webhookKey) return;
  const base = new URL(listenUrl ?? config.publicUrl);
  if (base.hostname === 'localhost') base.hostname = '127.0.0.1';
  const url = new URL('/webhooks/xero', base).toString();
  const outcome = await xero.registerWebhook(url, config.webhookKey);
  logger.info(
    { event: 'sandbox_webhook_registered', url, intentToReceive: outcome },
    'emulator webhooks registered',
  );
}
