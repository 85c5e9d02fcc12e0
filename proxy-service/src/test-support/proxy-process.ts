/**
 * The proxy's real entry point (main.ts) as a child process, for tests and benches that kill it or run several
 * instances, and a seeded random generator so a failing run of such a test can be replayed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { startHarness, withoutRateLimits } from './proxy-harness';
import type { Harness } from './proxy-harness';

const MAIN = path.resolve(__dirname, '../main.ts');

export interface ProxyProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote (JSON log lines and the banner). */
  lines: string[];
}

/** Starts main.ts on a free port with `env`; resolves once it logs `listening`, rejects if it exits before. */
export function startProxyProcess(env: Record<string, string>): Promise<ProxyProcess> {
  // node itself with tsx's loader (not the tsx CLI, which forks a child that a SIGKILL of the CLI would orphan).
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`proxy exited (${code}) before listening:\n${lines.slice(-20).join('\n')}`));
    child.once('exit', onExit);
    readline.createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      lines.push(l);
      try {
        const entry = JSON.parse(l) as { event?: string; url?: string };
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

/**
 * Runs main.ts with `env` (applied last: it may set PORT and HOST) expecting it to refuse to start: resolves with
 * its exit code and output. A process that starts listening instead is stopped and reported as exit code null.
 */
export function proxyProcessExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (l: string) => {
    lines.push(l);
    if (l.includes('"event":"listening"')) child.kill('SIGKILL');
  };
  readline.createInterface({ input: child.stderr! }).on('line', collect);
  readline.createInterface({ input: child.stdout! }).on('line', collect);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output: lines.join('\n') })));
}

/** Stops the process with `signal` (SIGKILL: a crash) and resolves with its exit code once it is gone. */
export function stopProxyProcess(
  instance: ProxyProcess,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<number | null> {
  return new Promise((resolve) => {
    const { child } = instance;
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

// The chaos runs draw from the project's one seeded generator, so a failing run can be replayed with its seed.
export { seededRandom } from '../../../scripts/seeded-random';

/**
 * The in-process side of a chaos run: the Xero emulator (and a proxy that only connects the organisation), Xero's
 * rate limits lifted, and a 30 s Xero timeout in the environment the child proxies inherit, so a request a fault
 * holds is still waiting when its child is killed.
 */
export function startChaosHarness(): Promise<Harness> {
  return startHarness(withoutRateLimits({ env: { XERO_HTTP_TIMEOUT_MS: '30000' } }));
}
