/**
 * A production-only install of the proxy, made the way the Dockerfile makes one (for the CI test in test/production
 * and the idle-memory bench): the bundle built by scripts/build.mjs into a fresh folder, `npm install --omit=dev`
 * there from the registry, and the image's CMD, read from the Dockerfile, started in it with the image's ENV.
 *
 * One difference from the image, for speed on a loaded CI machine: install scripts are skipped and better-sqlite3's
 * native binary is copied from this checkout's install of the same version (compiling it takes minutes here).
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { readDockerfile } from './dockerfile';
import type { Dockerfile } from './dockerfile';

const run = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const DOCKERFILE = path.join(REPO_ROOT, 'Dockerfile');

/** The environment a child gets: this one without npm's per-run settings (a workspace flag would leak in). */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

export interface ProductionInstall {
  dir: string;
  dockerfile: Dockerfile;
  /** Seconds taken by the build and by the install. */
  timings: { buildSeconds: number; installSeconds: number };
  remove(): void;
}

export async function makeProductionInstall(): Promise<ProductionInstall> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-production-'));
  const env = cleanEnvironment();
  let started = Date.now();
  await run(process.execPath, [path.join(REPO_ROOT, 'proxy-service/scripts/build.mjs'), '--out', dir], {
    env,
  });
  const buildSeconds = (Date.now() - started) / 1000;
  started = Date.now();
  await run(
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 },
  );
  copyNativeSqlite(dir);
  const installSeconds = (Date.now() - started) / 1000;
  return {
    dir,
    dockerfile: readDockerfile(DOCKERFILE),
    timings: { buildSeconds, installSeconds },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function copyNativeSqlite(dir: string): void {
  const installed = path.join(dir, 'node_modules/better-sqlite3');
  const local = path.dirname(require.resolve('better-sqlite3/package.json'));
  const version = (folder: string) =>
    (JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version: string }).version;
  if (version(installed) !== version(local)) {
    throw new Error(
      `better-sqlite3 ${version(installed)} installed, but this checkout has ${version(local)}`,
    );
  }
  const binary = 'build/Release/better_sqlite3.node';
  fs.mkdirSync(path.dirname(path.join(installed, binary)), { recursive: true });
  fs.copyFileSync(path.join(local, binary), path.join(installed, binary));
}

export interface RunningProduction {
  child: ChildProcess;
  url: string;
  /** Everything written to stdout and stderr, line by line. */
  lines: string[];
  /** Milliseconds from spawn to the `listening` log line. */
  startMs: number;
  exited: Promise<number | null>;
}

/** The image's environment (its ENV lines) with `env` over it, as `docker run -e` would. */
function imageEnvironment(install: ProductionInstall, env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...cleanEnvironment(), ...install.dockerfile.final.env, ...env };
}

/** Starts the Dockerfile's CMD in the install; resolves once it logs `listening`, rejects if it exits first. */
export function startProductionCommand(
  install: ProductionInstall,
  env: Record<string, string>,
): Promise<RunningProduction> {
  const [command, ...args] = install.dockerfile.final.cmd;
  const started = Date.now();
  const child = spawn(command!, args, {
    cwd: install.dir,
    env: imageEnvironment(install, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(
        new Error(`${command} ${args.join(' ')} exited (${code}) before listening:\n${lines.join('\n')}`),
      );
    child.once('exit', onExit);
    readline.createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      lines.push(l);
      const listening = /"event":"listening".*"url":"([^"]+)"/.exec(l);
      if (listening) {
        child.off('exit', onExit);
        resolve({ child, url: listening[1]!, lines, startMs: Date.now() - started, exited });
      }
    });
  });
}

/** Runs the Dockerfile's CMD expecting it to refuse to start; resolves with its exit code and output. */
export function productionCommandExit(
  install: ProductionInstall,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const [command, ...args] = install.dockerfile.final.cmd;
  const child = spawn(command!, args, {
    cwd: install.dir,
    env: imageEnvironment(install, env),
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

/** Runs a script of the install (`node app/backup.js …`) to completion. */
export async function runInInstall(
  install: ProductionInstall,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', args, {
      cwd: install.dir,
      env: imageEnvironment(install, env),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
