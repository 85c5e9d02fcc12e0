/**
 * The real entry point (main.ts, as a child process in sandbox mode, SANDBOX=true) refuses a configuration that
 * cannot work with exit code 78 and the variable named, before it is ready, rather than starting and failing later.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { proxyProcessExit, startProxyProcess, stopProxyProcess } from './test-support/proxy-process';

jest.setTimeout(180_000);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-startup-'));
  dirs.push(dir);
  return dir;
}

const apiKey = (id: string) => `dxc_${id}_${randomBytes(32).toString('base64url')}`;

/** Sandbox mode is ready once its banner has printed the API key (the demo organisation is connected). */
async function startSandbox(env: Record<string, string>) {
  const running = await startProxyProcess({ SANDBOX: 'true', ...env });
  while (!running.lines.some((l) => /^\s+API key: /.test(l))) await new Promise((r) => setTimeout(r, 20));
  return running;
}

/** Starts sandbox mode once (connecting the emulator's organisation into DATA_DIR) and stops it cleanly. */
async function startAndStop(env: Record<string, string>): Promise<void> {
  const running = await startSandbox(env);
  expect(await stopProxyProcess(running, 'SIGTERM')).toBe(0);
}

describe('start-up checks of main.ts', () => {
  test('PORT=0: the public URL (admin links, OAuth redirect) carries the port actually given', async () => {
    const key = apiKey('port0abc');
    const running = await startSandbox({ DATA_DIR: dataDir(), SANDBOX_API_KEY: key });
    try {
      const port = new URL(running.url).port;
      const res = await fetch(`${running.url}/v1/connection`, { headers: { 'X-Api-Key': key } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { adminUrl: string }).adminUrl).toBe(`http://localhost:${port}/admin`);
    } finally {
      await stopProxyProcess(running, 'SIGTERM');
    }
  });

  test('a HOST that is not an address of this machine exits 78 naming HOST', async () => {
    const { code, output } = await proxyProcessExit({
      SANDBOX: 'true',
      DATA_DIR: dataDir(),
      HOST: 'no-such-host.invalid',
    });
    expect(output).toMatch(/HOST: no-such-host\.invalid (cannot be resolved|is not an address)/);
    expect(code).toBe(78);
  });

  test('a PORT already in use exits 78 naming PORT', async () => {
    const running = await startProxyProcess({ SANDBOX: 'true', DATA_DIR: dataDir() });
    try {
      const { code, output } = await proxyProcessExit({
        SANDBOX: 'true',
        DATA_DIR: dataDir(),
        PORT: new URL(running.url).port,
      });
      expect(output).toMatch(/PORT: \d+ is already in use/);
      expect(code).toBe(78);
    } finally {
      await stopProxyProcess(running, 'SIGTERM');
    }
  });

  test('a TOKEN_ENCRYPTION_KEY other than the one the stored tokens were sealed with exits 78, named', async () => {
    const dir = dataDir();
    await startAndStop({ DATA_DIR: dir, TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    const { code, output } = await proxyProcessExit({
      SANDBOX: 'true',
      DATA_DIR: dir,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    expect(output).toMatch(
      /TOKEN_ENCRYPTION_KEY: The key does not open the Xero tokens stored for 1 connection/,
    );
    expect(code).toBe(78);
  });

  test('a SANDBOX_API_KEY whose secret changed but whose id was kept exits 78 naming it (it would get 401)', async () => {
    const dir = dataDir();
    await startAndStop({ DATA_DIR: dir, SANDBOX_API_KEY: apiKey('samekey1') });
    const { code, output } = await proxyProcessExit({
      SANDBOX: 'true',
      DATA_DIR: dir,
      SANDBOX_API_KEY: apiKey('samekey1'),
    });
    expect(output).toMatch(/SANDBOX_API_KEY: its id part dxc_samekey1 already belongs to another key/);
    expect(code).toBe(78);
  });

  test('an out-of-range TOKEN_KEEPALIVE_DAYS exits 78 at once, named', async () => {
    const { code, output } = await proxyProcessExit({
      SANDBOX: 'true',
      DATA_DIR: dataDir(),
      TOKEN_KEEPALIVE_DAYS: '200000000',
    });
    expect(output).toContain('TOKEN_KEEPALIVE_DAYS: must be a whole number from 1 to 59');
    expect(code).toBe(78);
  });
});
