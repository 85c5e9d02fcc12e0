/**
 * The production install, as CI can test it without building the image (no registry is reachable): the proxy built
 * by proxy-service/scripts/build.mjs into a clean folder, only its production dependencies installed from the
 * registry, and the Dockerfile's exact CMD run there with the image's ENV, against a Xero emulator started here (a
 * separate process from the proxy). No tsx, no TypeScript, no workspace package is installed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  customer,
  invoice,
  line,
  settings,
  startHarness,
  withoutRateLimits,
} from '@dxc/proxy-service/testing';
import type { Harness } from '@dxc/proxy-service/testing';
import {
  makeProductionInstall,
  productionCommandExit,
  runInInstall,
  startProductionCommand,
} from '@dxc/proxy-service/testing/production';
import type { ProductionInstall, RunningProduction } from '@dxc/proxy-service/testing/production';

jest.setTimeout(180_000);

let install: ProductionInstall;
let h: Harness;
let apiKey: string;
const running: RunningProduction[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  [install, h] = await Promise.all([makeProductionInstall(), startHarness(withoutRateLimits())]);
  ({ apiKey } = await h.connect());
});

afterAll(async () => {
  for (const r of running)
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  await Promise.all(running.map((r) => r.exited));
  await h?.close();
  install?.remove();
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

async function start(env: Record<string, string> = {}): Promise<RunningProduction> {
  const r = await startProductionCommand(install, { ...h.env, ...env });
  running.push(r);
  return r;
}

const levelOf = (line: string): number | undefined => {
  try {
    return (JSON.parse(line) as { level?: number }).level;
  } catch {
    return undefined;
  }
};

describe('a production-only install running the Dockerfile CMD', () => {
  test('holds no dev tooling and no workspace package: the proxy needs neither at run time', () => {
    const installed = (name: string) => fs.existsSync(path.join(install.dir, 'node_modules', name));
    expect(['express', 'better-sqlite3', 'xero-node', 'pino'].filter((n) => !installed(n))).toEqual([]);
    expect(['tsx', 'typescript', 'esbuild', '@dxc', 'jest'].filter(installed)).toEqual([]);
    expect(install.dockerfile.final.cmd).toEqual(['node', 'app/main.js']);
  });

  test('starts, is ready, answers GetConnection, and logs JSON with no warning at a healthy start', async () => {
    const proxy = await start();
    const ready = await fetch(`${proxy.url}/readyz`);
    expect(ready.status).toBe(200);
    const res = await fetch(`${proxy.url}/v1/connection`, { headers: { 'X-Api-Key': apiKey } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ organisationName: 'Demo Company (UK)', health: 'Connected' });
    const structured = proxy.lines.filter((l) => levelOf(l) !== undefined);
    expect(structured.length).toBeGreaterThan(0);
    expect(proxy.lines.filter((l) => (levelOf(l) ?? 0) >= 40)).toEqual([]);
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(0);
  });

  test('SIGTERM during a SyncInvoices call: the call completes, then the process exits 0', async () => {
    const proxy = await start();
    h.emulator.faults.inject({ kind: 'hold', method: 'PUT', path: '/Invoices' });
    const invoices = [0, 1, 2].map((n) =>
      invoice(700 + n, { customer: customer(700 + n), lines: [line({ quantity: 1 + n })] }),
    );
    const call = fetch(`${proxy.url}/v1/invoices/sync`, {
      method: 'POST',
      headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ settings: settings(), invoices }),
    });
    await h.emulator.faults.waitForHeld(1);
    proxy.child.kill('SIGTERM');
    while (!proxy.lines.some((l) => l.includes('"event":"shutdown"'))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    h.emulator.faults.clear(); // Xero answers the held write now that the proxy is draining
    const res = await call;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { outcome: string }[] };
    expect(body.results.map((r) => r.outcome)).toEqual(['created', 'created', 'created']);
    expect(await proxy.exited).toBe(0);
    // Drained, not cut: the process left once the answer was sent, without waiting out the grace period.
    expect(proxy.lines.filter((l) => l.includes('shutdown_grace_exceeded'))).toEqual([]);
  });

  test('an online backup of the SQLite store restores into a proxy that serves the same connection and key', async () => {
    const backup = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-backup-')), 'proxy-backup.db');
    dirs.push(path.dirname(backup));
    // The harness's proxy has the store open and is serving while the backup runs.
    const made = await runInInstall(install, ['app/backup.js', backup], { DATA_DIR: h.dataDir });
    expect(made).toMatchObject({ code: 0 });
    expect(made.stdout).toMatch(/Backed up .*proxy\.db to .*proxy-backup\.db/);
    expect((fs.statSync(backup).mode & 0o777).toString(8)).toBe('600');
    expect((await runInInstall(install, ['app/backup.js', backup], { DATA_DIR: h.dataDir })).code).toBe(1);

    const restored = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-restored-'));
    dirs.push(restored);
    fs.copyFileSync(backup, path.join(restored, 'proxy.db'));
    const proxy = await start({ DATA_DIR: restored });
    const res = await fetch(`${proxy.url}/v1/connection`, { headers: { 'X-Api-Key': apiKey } });
    expect(res.status).toBe(200);
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(0);
  });

  test('missing Xero credentials stop it (exit 78) naming each variable; it never falls back to the emulator', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-nocreds-'));
    dirs.push(dataDir);
    const bare = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      XERO_CLIENT_ID: '',
      XERO_CLIENT_SECRET: '',
    };
    const missing = await productionCommandExit(install, {
      ...bare,
      DATABASE_URL: 'postgres://dxc@127.0.0.1:5432/test',
      TOKEN_ENCRYPTION_KEY: '',
      ADMIN_SECRET: '',
    });
    expect(missing.code).toBe(78);
    for (const name of ['XERO_CLIENT_ID', 'XERO_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'ADMIN_SECRET']) {
      expect(missing.output).toContain(`- ${name}: `);
    }
    expect(missing.output).not.toMatch(/SANDBOX MODE|listening/);

    const sandbox = await productionCommandExit(install, { ...bare, SANDBOX: 'true' });
    expect(sandbox.code).toBe(78);
    expect(sandbox.output).toMatch(/- SANDBOX: needs the Xero emulator/);
  });
});
