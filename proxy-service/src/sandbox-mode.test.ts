/**
 * The newcomer's path: `npm start` with nothing configured asks for sandbox mode (SANDBOX=true) and the proxy starts
 * with SQLite, the emulator in-process and the demo organisation connected, and prints an API key that works at
 * once. Without SANDBOX=true the proxy never starts the emulator on its own.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

jest.setTimeout(120_000);

const MAIN = path.resolve(__dirname, 'main.ts');

// node itself with tsx's loader, as `npm start` runs it. The tsx CLI relays SIGTERM to a child of its own and,
// when the child has not acknowledged it within 30 ms (a loaded machine), SIGKILLs it and exits 143 (tsx 4 cli.mjs).
function start(env: Record<string, string>, command: string[] = [process.execPath, '--import', 'tsx', MAIN]) {
  const child = spawn(command[0]!, command.slice(1), {
    env: { PATH: process.env.PATH ?? '', SANDBOX: 'true', ...env },
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

const isWarningOrWorse = (line: string) => /^\{.*"level":(40|50|60)[,}]/.test(line);

describe('sandbox mode (SANDBOX=true, as npm start sets it)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-sandbox-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('first start prints the admin secret and a working API key; a restart keeps them and reconnects', async () => {
    const first = start({ PORT: '0', DATA_DIR: dataDir });
    const { url, apiKey, adminSecret } = await first.ready;
    expect(apiKey).toMatch(/^dxc_/);
    // A healthy start warns about nothing: Intent to Receive's deliberately mis-signed probes are expected.
    expect(first.lines.filter(isWarningOrWorse)).toEqual([]);
    expect(first.lines.filter((l) => l.includes('webhook_intent_probe_refused')).length).toBeGreaterThan(0);
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

  test('LOG_FORMAT=pretty prints one readable line per entry, secrets still removed', async () => {
    const key = `dxc_Pretty01_${'p'.repeat(43)}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-sandbox-'));
    const run = start({ PORT: '0', DATA_DIR: dir, SANDBOX_API_KEY: key, LOG_FORMAT: 'pretty' });
    await run.ready;
    expect(run.lines).toContainEqual(
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: proxy listening \{/),
    );
    expect(run.lines.filter((l) => l.startsWith('{'))).toEqual([]);
    // The key is printed once, in the banner (for the newcomer), never in a log line.
    expect(run.lines.filter((l) => l.includes(key) && !/^\s+(API key|Try):/.test(l))).toEqual([]);
    expect(await stop(run.child)).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a bad configuration stops the start, naming every bad variable', async () => {
    const run = start({ PORT: 'x', TOKEN_ENCRYPTION_KEY: 'short', DATA_DIR: dataDir });
    await expect(run.ready).rejects.toThrow(
      /exited 78[\s\S]*PORT: must be a port number[\s\S]*TOKEN_ENCRYPTION_KEY: must be base64/,
    );
  });

  test('`npm start` (scripts/start.mjs) asks for sandbox mode when no Xero app is configured', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-sandbox-'));
    const run = start({ PORT: '0', DATA_DIR: dir, SANDBOX: '' }, [
      process.execPath,
      path.resolve(__dirname, '../../scripts/start.mjs'),
    ]);
    const { url, apiKey } = await run.ready;
    expect((await fetch(`${url}/v1/connection`, { headers: { 'X-Api-Key': apiKey! } })).status).toBe(200);
    expect(await stop(run.child)).toBe(0);
    // The stop reached the proxy itself, not just the launcher: nothing is left listening.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('without SANDBOX=true and without Xero credentials the proxy stops (78), naming both, emulator unstarted', async () => {
    const run = start({ PORT: '0', DATA_DIR: dataDir, SANDBOX: '' });
    await expect(run.ready).rejects.toThrow(
      /exited 78[\s\S]*XERO_CLIENT_ID: is required[\s\S]*XERO_CLIENT_SECRET: is required/,
    );
    expect(run.lines.join('\n')).not.toMatch(/SANDBOX MODE|listening/);
  });
});
