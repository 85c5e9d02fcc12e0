/**
 * The proxy's entry point (`npm run start -w proxy-service`): configuration → store → app → listen, with graceful
 * shutdown on SIGINT/SIGTERM. Without Xero app credentials it runs in sandbox mode (see sandbox-mode.ts).
 */
import { ConfigError, loadConfig } from './config';
import type { ProxyConfig } from './config';
import { createProxy } from './create-proxy';
import { connectSandboxOrganisation, sandboxConfig, startSandboxXero } from './sandbox-mode';
import type { SandboxXero } from './sandbox-mode';

function announce(lines: string[]): void {
  // Written outside the JSON log on purpose: this is the one place a generated secret is shown, once.
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
}

async function main(): Promise<void> {
  let config: ProxyConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  let sandbox: SandboxXero | undefined;
  if (!config.xeroApp) {
    sandbox = await startSandboxXero();
    config = sandboxConfig(config, sandbox);
  }
  const proxy = await createProxy({ config });
  const log = proxy.services.logger;
  const url = await proxy.listen();
  const shownUrl = config.publicUrl.startsWith('http://localhost')
    ? url.replace('127.0.0.1', 'localhost')
    : config.publicUrl;
  log.info(
    { event: 'listening', url, store: config.store.kind, sandbox: Boolean(sandbox) },
    'proxy listening',
  );

  const banner = [
    `Dynamics 365 ⇄ Xero proxy on ${shownUrl} (store: ${config.store.kind})`,
    `Admin portal: ${shownUrl}/admin`,
  ];
  if (proxy.generatedAdminSecret) {
    banner.push(
      `Admin secret (generated, shown once; kept in ${config.dataDir}/admin-secret): ${proxy.generatedAdminSecret}`,
    );
  }
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
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The proxy could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
