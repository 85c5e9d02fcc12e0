/**
 * The proxy as `npm start` runs it without Xero credentials — sandbox mode, the Xero emulator in process with its
 * demo organisation connected — but in this process, so the demo can hand its URL and API key to the flows and the
 * page. Uses the proxy's own sandbox-mode steps rather than a copy of them. SANDBOX=true is the explicit switch
 * `npm start` sets for sandbox mode; the Xero books persist in the data folder as in `npm start`.
 */
import type { ConnectionRecord, Proxy } from '@dxc/proxy-service';
import { loadConfig, createProxy, openServer } from '@dxc/proxy-service';
import {
  assertSandboxKeyUsable,
  connectSandboxOrganisation,
  sandboxConfig,
  startSandboxXero,
} from '@dxc/proxy-service/sandbox';
import type { SandboxXero } from '@dxc/proxy-service/sandbox';

export interface DemoProxy {
  url: string;
  apiKey: string;
  proxy: Proxy;
  xero: SandboxXero;
  connection: ConnectionRecord;
  close(): Promise<void>;
}

export async function startDemoProxy(options: {
  dataDir: string;
  apiKey: string;
  port?: number;
  /** Where the proxy's JSON log goes (default: discarded, the demo prints its own lines). */
  log?: (line: string) => void;
}): Promise<DemoProxy> {
  // DEMO_PROXY_LOG_LEVEL=info shows the proxy's JSON log on stderr (for finding out why something did not arrive).
  const log =
    options.log ?? (process.env.DEMO_PROXY_LOG_LEVEL ? (l: string) => process.stderr.write(l) : undefined);
  const env: NodeJS.ProcessEnv = {
    SANDBOX: 'true',
    HOST: '127.0.0.1',
    PORT: String(options.port ?? 0),
    DATA_DIR: options.dataDir,
    SANDBOX_API_KEY: options.apiKey,
    LOG_LEVEL: process.env.DEMO_PROXY_LOG_LEVEL ?? 'warn',
    // The WhenInvoicesChange trigger batches changes for five minutes under load to save Power Platform requests; a
    // demo shows every change as it happens (a setting of the proxy, not a change to the flow).
    WEBHOOK_BATCH_INTERVAL_SECONDS: '0',
  };
  let config = loadConfig(env);
  const server = await openServer(config.port, config.host, config.httpKeepAliveTimeoutMs);
  const { port } = server.address() as { port: number };
  config = { ...loadConfig({ ...env, PORT: String(port) }), port };
  const xero = await startSandboxXero({ dataDir: config.dataDir });
  config = sandboxConfig(config, xero);
  let proxy: Proxy | undefined;
  try {
    proxy = await createProxy({
      config,
      server,
      logDestination: { write: (line: string) => void log?.(line) },
    });
    await assertSandboxKeyUsable(proxy);
    const url = await proxy.listen();
    await connectSandboxOrganisation(proxy, xero, url);
    const connection = (await proxy.services.store.listConnections())[0];
    if (!connection) throw new Error('the sandbox organisation did not connect');
    const running = proxy;
    return {
      url,
      apiKey: options.apiKey,
      proxy: running,
      xero,
      connection,
      async close() {
        await running.close();
        await xero.close();
      },
    };
  } catch (error) {
    await proxy?.close();
    server.close();
    await xero.close();
    throw error;
  }
}
