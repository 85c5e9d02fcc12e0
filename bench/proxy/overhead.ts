/**
 * Proxy overhead benchmark (`npx tsx bench/proxy/overhead.ts`): latency of GetConnection through the proxy (a
 * child process running the real entry point, SQLite store) against calling the emulator's GET /Organisation
 * directly with the same token — the difference is what the proxy adds per call — and the proxy's RSS at rest and
 * under load. Limits in the emulator and the proxy's rate governor are lifted so only overhead is measured.
 * Prints a table and writes bench/results/proxy-overhead.json.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startXeroEmulator } from '@dxc/xero-emulator';
import { loadConfig, createProxy, issueApiKey } from '@dxc/proxy-service';
import { resultFile } from '../support/result-file';

interface AutocannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
  '2xx': number;
}
// autocannon ships no types; this is the part of its API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<AutocannonResult>;

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROOT = path.resolve(__dirname, '..', '..');

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function main(): Promise<void> {
  const emulator = await startXeroEmulator({
    port: 0,
    limits: { perMinute: 10_000_000, concurrent: 10_000, perDay: 100_000_000, appPerMinute: 100_000_000 },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-bench-'));
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    XERO_CLIENT_ID: DEMO_CLIENT_ID,
    XERO_CLIENT_SECRET: DEMO_CLIENT_SECRET,
    XERO_IDENTITY_URL: emulator.url,
    XERO_API_URL: emulator.url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ADMIN_SECRET: randomBytes(16).toString('hex'),
    XERO_RATE_PER_WINDOW: '100000000',
    XERO_MAX_CONCURRENT: String(CONNECTIONS * 2),
    LOG_LEVEL: 'warn',
  };

  // Connect the demo organisation once (in this process), then hand the data folder to the proxy process.
  const setup = await createProxy({ config: loadConfig(env), keepAlive: false });
  const outcome = await setup.services.connect.completeAuthorization(
    emulator.consent(await setup.services.connect.startAuthorization()),
  );
  if (outcome.kind !== 'connected') throw new Error('expected one organisation');
  const { key } = await issueApiKey(
    setup.services.store,
    outcome.connection.id,
    'bench',
    new Date().toISOString(),
  );
  const { token } = await setup.services.vault.accessToken(outcome.connection);
  await setup.close();

  // `node --import tsx` (not the tsx CLI, which runs the script in a second process) so child.pid is the proxy.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'proxy-service/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const proxyUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy exited (${code})`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { event?: string; url?: string };
        if (entry.event === 'listening' && entry.url) resolve(entry.url);
      } catch {
        // banner
      }
    });
  });

  const direct = {
    url: `${emulator.url}/api.xro/2.0/Organisation`,
    headers: {
      authorization: `Bearer ${token}`,
      'xero-tenant-id': outcome.connection.tenantId,
      accept: 'application/json',
    },
  };
  const viaProxy = { url: `${proxyUrl}/v1/connection`, headers: { 'x-api-key': key } };

  // Warm-up (JIT, connection pools), not measured.
  await autocannon({ ...direct, connections: CONNECTIONS, duration: 2 });
  await autocannon({ ...viaProxy, connections: CONNECTIONS, duration: 2 });

  const rssIdle = rssOf(child.pid!);
  let rssPeak = rssIdle;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(child.pid!))), 100);
  const directResult = await autocannon({ ...direct, connections: CONNECTIONS, duration: DURATION_S });
  const proxyResult = await autocannon({ ...viaProxy, connections: CONNECTIONS, duration: DURATION_S });
  clearInterval(sampler);

  const row = (name: string, r: AutocannonResult) => ({
    path: name,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    mean_ms: Number(r.latency.average.toFixed(2)),
    req_per_s: Math.round(r.requests.average),
    ok: r['2xx'],
    failed: r.non2xx + r.errors,
  });
  const rows = [
    row('emulator directly (GET /Organisation)', directResult),
    row('through the proxy (GET /v1/connection)', proxyResult),
  ];
  const mb = (b: number) => Number((b / 1024 / 1024).toFixed(1));
  const result = {
    benchmark: 'proxy-overhead',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    settings: {
      durationSeconds: DURATION_S,
      connections: CONNECTIONS,
      proxyStore: 'sqlite',
      proxyLogLevel: 'info',
    },
    rows,
    overhead: {
      p50_ms: proxyResult.latency.p50 - directResult.latency.p50,
      p99_ms: proxyResult.latency.p99 - directResult.latency.p99,
    },
    proxyRss: { idleMb: mb(rssIdle), peakUnderLoadMb: mb(rssPeak) },
    note: 'Both paths share this 2-core machine with the emulator and the load generator; compare the difference, not the absolute numbers.',
  };
  console.table(rows);
  console.table([
    {
      'overhead p50 (ms)': result.overhead.p50_ms,
      'overhead p99 (ms)': result.overhead.p99_ms,
      'RSS idle (MB)': result.proxyRss.idleMb,
      'RSS peak (MB)': result.proxyRss.peakUnderLoadMb,
    },
  ]);
  const out = resultFile('proxy-overhead.json');
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written ${path.relative(ROOT, out)}`);

  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  await emulator.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
