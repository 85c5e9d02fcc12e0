/**
 * The proxy's entry point: configuration → store → app → listen, with graceful shutdown on SIGINT/SIGTERM (requests
 * in flight, a SyncInvoices batch among them, finish before the process exits). Production runs the compiled
 * bundle (`node main.js`, see scripts/build-proxy.mjs); `npm start` runs this source through tsx. Sandbox mode (the
 * Xero emulator in-process) runs only when SANDBOX=true asks for it (see sandbox-mode.ts); `npm start` does.
 */
import { adminSecretNotice } from './admin-secret-notice';
import { ConfigError, loadConfig } from './config';
import type { ProxyConfig } from './config';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import type PinoPretty from 'pino-pretty';
import { createProxy, openServer } from './create-proxy';
import {
  assertSandboxKeyUsable,
  connectSandboxOrganisation,
  sandboxConfig,
  startSandboxXero,
} from './sandbox-mode';
import type { SandboxXero } from './sandbox-mode';

function announce(lines: string[]): void {
  // Written outside the JSON log on purpose: this is the one place a generated secret is shown, once.
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
}

/** A listen error that is the configuration's fault, named by its variable. */
function listenProblem(error: unknown, config: ProxyConfig): ConfigError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  const at = `${config.host}:${config.port}`;
  const problem = (variable: string, reason: string) => new ConfigError([{ variable, reason }]);
  switch (code) {
    case 'EADDRINUSE':
      return problem('PORT', `${config.port} is already in use on ${config.host} (${at})`);
    case 'EACCES':
      return problem('PORT', `${config.port} needs privileges this process does not have (${at})`);
    case 'EADDRNOTAVAIL':
      return problem('HOST', `${config.host} is not an address of this machine`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return problem('HOST', `${config.host} cannot be resolved to an address of this machine`);
    default:
      return undefined;
  }
}

/** A person at a terminal reads one line per entry; pino-pretty is loaded only then (production writes JSON). */
async function logDestinationFor(config: ProxyConfig): Promise<DestinationStream | undefined> {
  if (config.logFormat !== 'pretty') return undefined;
  let pretty: typeof PinoPretty;
  try {
    ({ default: pretty } = await import('pino-pretty'));
  } catch {
    // An optional dependency: an install without it logs JSON rather than refusing to start.
    return undefined;
  }
  return pretty({
    ignore: 'pid,hostname,service',
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
    sync: true,
  });
}

async function main(): Promise<void> {
  let config = loadConfig();

  let server: Server;
  try {
    server = await openServer(config.port, config.host, config.httpKeepAliveTimeoutMs);
  } catch (error) {
    throw listenProblem(error, config) ?? error;
  }
  const boundPort = (server.address() as AddressInfo).port;
  if (config.port === 0 && !process.env.PUBLIC_URL?.trim()) {
    // PORT=0: the URLs derived from the port (public URL, OAuth redirect) use the one actually given.
    config = { ...loadConfig({ ...process.env, PORT: String(boundPort) }), port: 0 };
  }

  let sandbox: SandboxXero | undefined;
  if (config.sandbox) {
    sandbox = await startSandboxXero({ dataDir: config.dataDir });
    config = sandboxConfig(config, sandbox);
  }
  const proxy = await createProxy({ config, server, logDestination: await logDestinationFor(config) });
  const log = proxy.services.logger;
  if (sandbox) await assertSandboxKeyUsable(proxy);
  const url = await proxy.listen();
  const shownUrl = config.publicUrl.startsWith('http://localhost')
    ? url.replace('127.0.0.1', 'localhost')
    : config.publicUrl;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'shutdown', signal }, 'shutting down: finishing in-flight requests');
    try {
      await proxy.close();
      await sandbox?.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Signals are handled from here on. In sandbox mode the banner below says when the demo organisation is ready.
  log.info(
    { event: 'listening', url, store: config.store.kind, sandbox: Boolean(sandbox) },
    'proxy listening',
  );

  const banner = [
    `Dynamics 365 ⇄ Xero proxy on ${shownUrl} (store: ${config.store.kind})`,
    `Admin portal: ${shownUrl}/admin`,
  ];
  banner.push(adminSecretNotice(config, proxy.generatedAdminSecret));
  if (sandbox) {
    const { tenantName, apiKey } = await connectSandboxOrganisation(proxy, sandbox, url);
    banner.push(`SANDBOX MODE: Xero is the built-in emulator (${sandbox.url}); connected "${tenantName}".`);
    if (apiKey) {
      banner.push(`API key: ${apiKey}`, `Try: curl -H "X-Api-Key: ${apiKey}" ${shownUrl}/v1/connection`);
    } else {
      banner.push(
        'API key: the one printed at first start (or create one on the admin page; set SANDBOX_API_KEY to fix it).',
      );
    }
  }
  announce(banner);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(
    `The proxy could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
