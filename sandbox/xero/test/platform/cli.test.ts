/** `npm run xero-emulator` from the repository root: prints its URL, serves, and closes on SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
jest.setTimeout(90_000);

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // Own process group, so the whole npm → tsx → node chain can be signalled and never outlives the test.
  const child = spawn('npm', ['run', '--silent', 'xero-emulator', '--', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

function waitForLine(proc: ReturnType<typeof run>, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(proc.output());
      if (m) {
        clearInterval(timer);
        resolve(m);
      }
    };
    const timer = setInterval(check, 50);
    void proc.exited.then(() => {
      clearInterval(timer);
      const m = pattern.exec(proc.output());
      if (m) resolve(m);
      else reject(new Error(`exited before printing ${pattern}:\n${proc.output()}`));
    });
  });
}

/** Resolves once no process of the group is left (checked every 50 ms, up to 30 s). */
async function groupGone(pgid: number): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`process group ${pgid} still alive`);
}

test('starts, prints its URL and the demo credentials, serves, and closes on SIGTERM', async () => {
  const proc = run(['--port', '0', '--organisations', '1', '--daily-limit', 'starter']);
  try {
    const [, url] = await waitForLine(proc, /^Xero emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    await waitForLine(proc, /^OpenID discovery:/m);
    expect(proc.output()).toContain('client id "sandbox", client secret "sandbox-secret"');
    const discovery = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      token_endpoint: string;
    };
    expect(discovery.issuer).toBe(url);
    expect(discovery.token_endpoint).toBe(`${url}/connect/token`);
    const state = (await (await fetch(`${url}/__emulator/state`)).json()) as {
      organisations: unknown[];
      limits: { perDay: number };
    };
    expect(state.organisations).toHaveLength(2);
    expect(state.limits.perDay).toBe(1000);

    // What a terminal does on Ctrl-C / what a service manager does: signal the whole process group. npm itself
    // dies of the signal; the emulator process closes gracefully.
    process.kill(-proc.child.pid!, 'SIGTERM');
    await proc.exited;
    await groupGone(proc.child.pid!);
    expect(proc.output()).toContain('SIGTERM received, closing');
    expect(proc.output()).not.toContain('error while closing');
    await expect(fetch(`${url}/.well-known/openid-configuration`)).rejects.toThrow();
  } finally {
    try {
      process.kill(-proc.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

test('a bad flag value exits with status 2 naming the flag', async () => {
  const proc = run(['--port', '0', '--daily-limit', 'lots']);
  expect(await proc.exited).toBe(2);
  expect(proc.output()).toMatch(/--daily-limit/);
});
