// `npm run dataverse-emulator -- --port <p>` from the repository root starts the emulator and prints its URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readJson } from './testing/web-api-client';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // Own process group, so the whole npm → tsx → node chain can be stopped together.
  const child = spawn('npm', ['run', '--silent', 'dataverse-emulator', '--', ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

function waitFor(output: () => string, pattern: RegExp, exited: Promise<unknown>): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = output().match(pattern);
      if (m) {
        clearInterval(timer);
        resolve(m);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      const m = output().match(pattern);
      if (m) resolve(m);
      else reject(new Error(`process exited before printing ${pattern}: ${output()}`));
    });
  });
}

describe('dataverse-emulator CLI', () => {
  it('starts on the given port with a seed file, prints its URL, serves the rows and stops on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dataverse-cli-'));
    const seed = path.join(dir, 'seed.json');
    writeFileSync(seed, JSON.stringify({ account: [{ name: 'Seeded from file', accountnumber: 'S-1' }] }));
    const p = run(['--port', '0', '--seed', seed]);
    try {
      const [, url] = (await waitFor(p.output, /listening at (http:\/\/127\.0\.0\.1:\d+)/, p.exited)) as [
        string,
        string,
      ];
      expect(p.output()).toContain(`Web API: ${url}/api/data/v9.2`);
      const res = await fetch(`${url}/api/data/v9.2/transactioncurrencies?$select=isocurrencycode`);
      expect(res.status).toBe(200);
      expect((await readJson(res)).value.map((c) => c.isocurrencycode)).toEqual(['GBP', 'USD']);
      const accounts = await readJson(await fetch(`${url}/api/data/v9.2/accounts?$select=name`));
      expect(accounts.value.map((a) => a.name)).toEqual(['Seeded from file']);
    } finally {
      process.kill(-p.child.pid!, 'SIGTERM');
      await p.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a relative --seed path from where the command was typed, not from sandbox/dataverse', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dataverse-cli-'));
    const seed = path.join(dir, 'rows.json');
    writeFileSync(seed, JSON.stringify({ account: [{ name: 'Seeded by a relative path' }] }));
    // npm runs the script in sandbox/dataverse; from there this relative path points somewhere else.
    const relative = path.relative(root, seed);
    const p = run(['--port', '0', '--seed', relative]);
    try {
      const [, url] = (await waitFor(p.output, /listening at (http:\/\/127\.0\.0\.1:\d+)/, p.exited)) as [
        string,
        string,
      ];
      const accounts = await readJson(await fetch(`${url}/api/data/v9.2/accounts?$select=name`));
      expect(accounts.value.map((a) => a.name)).toEqual(['Seeded by a relative path']);
    } finally {
      if (p.child.exitCode === null) process.kill(-p.child.pid!, 'SIGTERM');
      await p.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the full path of a seed file it cannot read', async () => {
    const p = run(['--port', '0', '--seed', 'no-such-folder/rows.json']);
    expect(await p.exited).not.toBe(0);
    expect(p.output()).toContain(`--seed ${path.join(root, 'no-such-folder/rows.json')}: ENOENT`);
  });

  it('refuses a bad port with the usage text and a non-zero exit', async () => {
    const p = run(['--port', 'eighty']);
    const code = await p.exited;
    expect(code).not.toBe(0);
    expect(p.output()).toContain("--port 'eighty' is not a port number");
    expect(p.output()).toContain('Usage: npm run dataverse-emulator');
  });
});
