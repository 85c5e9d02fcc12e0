/**
 * The newcomer's path: `npm run start -w proxy-service` with nothing configured starts the proxy in sandbox mode
 * (SQLite, the emulator in-process, the demo organisation connected) and prints an API key that works at once.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

jest.setTimeout(120_000);

const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const MAIN = path.resolve(__dirname, 'main.ts');

function start(env: Record<string, string>) {
  const child = spawn(TSX, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
  const ready = new Promise<{ url: string; apiKey?: string; adminSecret?: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${lines.join('\n')}`)));
    const found: { url?: string; apiKey?: string; adminSecret?: string } = {};
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const listening = /"event":"listening","url":"([^"]+)"/.exec(line);
      if (listening) found.url = listening[1];
      const key = /^\s+API key: (dxc_\S+)/.exec(line);
      if (key) found.apiKey = key[1];
      const secret = /Admin secret \(generated.*\): (\S+)$/.exec(line);
      if (secret) found.adminSecret = secret[1];
      if (/^\s+(API key:|Try:)/.test(line) && found.url) resolve(found as { url: string });
    });
  });
  return { child, ready, lines };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

describe('sandbox mode (no Xero app configured)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-sandbox-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('first start prints the admin secret and a working API key; a restart keeps them and reconnects', async () => {
    const first = start({ PORT: '0', DATA_DIR: dataDir });
    const { url, apiKey, adminSecret } = await first.ready;
    expect(apiKey).toMatch(/^dxc_/);
    expect(adminSecret).toBeDefined();
    expect((fs.statSync(path.join(dataDir, 'admin-secret')).mode & 0o777).toString(8)).toBe('600');
    expect((fs.statSync(path.join(dataDir, 'token-encryption.key')).mode & 0o777).toString(8)).toBe('600');
    const res = await fetch(`${url}/v1/connection`, { headers: { 'X-Api-Key': apiKey! } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ organisationName: 'Demo Company (UK)', health: 'Connected' });
    expect(await stop(first.child)).toBe(0);

    // Second start: same data folder — no new secret printed, the old key works against the new emulator.
    const second = start({ PORT: '0', DATA_DIR: dataDir });
    const again = await second.ready;
    expect(again.adminSecret).toBeUndefined();
    // …but says where it is kept.
    expect(second.lines).toContain(
      `  Admin secret: kept in ${path.join(dataDir, 'admin-secret')} (generated at first start; read it with: cat "${path.join(dataDir, 'admin-secret')}")`,
    );
    expect(second.lines.join('\n')).not.toContain(adminSecret!);
    expect(again.apiKey).toBeUndefined();
    const res2 = await fetch(`${again.url}/v1/connection`, { headers: { 'X-Api-Key': apiKey! } });
    expect(res2.status).toBe(200);
    expect(await stop(second.child)).toBe(0);
  });

  test('SANDBOX_API_KEY fixes the key (handy for scripts and demos)', async () => {
    const key = `dxc_Sandbox1_${'k'.repeat(43)}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-sandbox-'));
    const run = start({ PORT: '0', DATA_DIR: dir, SANDBOX_API_KEY: key });
    const { url, apiKey } = await run.ready;
    expect(apiKey).toBe(key);
    expect((await fetch(`${url}/v1/tax-rates`, { headers: { 'X-Api-Key': key } })).status).toBe(200);
    // Sandbox flows call back on this machine: the local-callback opt-in is on without being set.
    const subscribed = await fetch(`${url}/v1/subscriptions`, {
      method: 'POST',
      headers: { 'X-Api-Key': key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ callbackUrl: 'http://127.0.0.1:9/flow-callback' }),
    });
    expect(subscribed.status).toBe(201);
    expect(await stop(run.child)).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a bad configuration stops the start, naming every bad variable', async () => {
    const run = start({ PORT: 'x', TOKEN_ENCRYPTION_KEY: 'short', DATA_DIR: dataDir });
    await expect(run.ready).rejects.toThrow(
      /exited 78[\s\S]*PORT: must be a port number[\s\S]*TOKEN_ENCRYPTION_KEY: must be base64/,
    );
  });
});
