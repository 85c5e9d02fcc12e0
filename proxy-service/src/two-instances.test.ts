/**
 * Two proxy processes (the real entry point, as child processes) on one PostgreSQL database and one Xero
 * (the emulator, in this process). 200 concurrent calls spread over both, across a token expiry, repeated: every
 * call succeeds, Xero sees exactly one refresh per expiry and never an invalid_grant.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Harness } from './test-support/proxy-harness';
import { startHarness } from './test-support/proxy-harness';

jest.setTimeout(300_000);

const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const MAIN = path.resolve(__dirname, 'main.ts');

interface Instance {
  child: ChildProcess;
  url: string;
  lines: string[];
}

const spawned: ChildProcess[] = [];

function startInstance(env: Record<string, string>): Promise<Instance> {
  // LOG_LEVEL info: the `listening` line (with the port chosen) is how the test finds the instance.
  const child = spawn(TSX, [MAIN], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`instance exited (${code}) before listening:\n${lines.join('\n')}`));
    child.once('exit', onExit);
    readline.createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as { event?: string; url?: string };
        if (entry.event === 'listening' && entry.url) {
          child.off('exit', onExit);
          resolve({ child, url: entry.url, lines });
        }
      } catch {
        // the banner is not JSON
      }
    });
  });
}

function stopInstance(instance: Instance): Promise<number | null> {
  return new Promise((resolve) => {
    if (instance.child.exitCode !== null) return resolve(instance.child.exitCode);
    instance.child.once('exit', (code) => resolve(code));
    instance.child.kill('SIGTERM');
  });
}

describe('two proxy instances on one PostgreSQL', () => {
  let h: Harness;
  const instances: Instance[] = [];

  afterAll(async () => {
    for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(instances.map(stopInstance));
    await h?.close();
  });

  test('200 concurrent calls across each of three token expiries: one refresh per expiry, zero invalid_grant', async () => {
    h = await startHarness({
      store: 'postgres',
      emulator: {
        limits: { perMinute: 1_000_000, concurrent: 1000, perDay: 10_000_000, appPerMinute: 10_000_000 },
      },
      env: { XERO_RATE_PER_WINDOW: '100000' },
    });
    const { apiKey } = await h.connect();
    instances.push(...(await Promise.all([startInstance(h.env), startInstance(h.env)])));

    let refreshes = 0;
    let invalidGrants = 0;
    const tokens = h.emulator.tokens;
    const original = tokens.refresh.bind(tokens);
    jest.spyOn(tokens, 'refresh').mockImplementation(async (...args) => {
      try {
        const result = await original(...args);
        refreshes += 1;
        return result;
      } catch (error) {
        if ((error as { error?: string }).error === 'invalid_grant') invalidGrants += 1;
        throw error;
      }
    });

    for (let round = 1; round <= 3; round += 1) {
      await h.emulator.advanceClock(31 * 60_000); // every stored access token is now expired at Xero
      const calls = Array.from({ length: 200 }, (_, i) =>
        fetch(`${instances[i % 2]!.url}/v1/connection`, { headers: { 'X-Api-Key': apiKey } }).then(
          async (r) => ({
            status: r.status,
            body: (await r.json()) as { health?: string; code?: string },
          }),
        ),
      );
      const results = await Promise.all(calls);
      const failures = results.filter((r) => r.status !== 200 || r.body.health !== 'Connected');
      expect(failures).toEqual([]);
      expect({ round, refreshes, invalidGrants }).toEqual({ round, refreshes: round, invalidGrants: 0 });
    }
    expect(await Promise.all(instances.splice(0).map(stopInstance))).toEqual([0, 0]);
  });
});
