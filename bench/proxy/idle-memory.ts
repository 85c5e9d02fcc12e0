/**
 * Idle memory and start-up time of the proxy (`npm run bench:proxy-memory -w bench`): the production build (the
 * Dockerfile's CMD on a production-only install, as test/production runs it) against the TypeScript source run
 * through tsx (how `npm start` runs it). Each is started against the Xero emulator with a connected organisation,
 * answers one GetConnection, then sits idle; its resident memory (VmRSS from /proc) is sampled over the idle period.
 * Prints a table and writes bench/results/proxy-idle-memory.json. Budget: production idle RSS below 150 MB.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { startHarness } from '@dxc/proxy-service/testing';
import type { Harness } from '@dxc/proxy-service/testing';
import {
  REPO_ROOT,
  makeProductionInstall,
  startProductionCommand,
} from '@dxc/proxy-service/testing/production';
import type { RunningProduction } from '@dxc/proxy-service/testing/production';
import { resultFile } from '../support/result-file';

const BUDGET_MB = 150;
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 20);
const RUNS = Number(process.env.RUNS ?? 3);

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** The source through tsx's loader in this node (not the tsx CLI, whose child would be the one to measure). */
function startFromSource(env: Record<string, string>): Promise<RunningProduction> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'proxy-service/src/main.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy exited (${code})`)));
    const lines: string[] = [];
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      lines.push(l);
      const listening = /"event":"listening".*"url":"([^"]+)"/.exec(l);
      if (listening) resolve({ child, url: listening[1]!, lines, startMs: Date.now() - started, exited });
    });
  });
}

interface Sample {
  startMs: number;
  idleRssMb: number;
  peakRssMb: number;
}

async function measure(start: () => Promise<RunningProduction>, apiKey: string): Promise<Sample> {
  const proxy = await start();
  try {
    const res = await fetch(`${proxy.url}/v1/connection`, { headers: { 'X-Api-Key': apiKey } });
    if (res.status !== 200) throw new Error(`GetConnection answered ${res.status}`);
    const samples: number[] = [];
    for (let s = 0; s < IDLE_SECONDS; s += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.push(rssMb(proxy.child.pid!));
    }
    // The last third: after start-up garbage has been collected, what an idle instance holds.
    const settled = samples.slice(Math.floor((samples.length * 2) / 3));
    return {
      startMs: proxy.startMs,
      idleRssMb: settled.reduce((a, b) => a + b, 0) / settled.length,
      peakRssMb: Math.max(...samples),
    };
  } finally {
    proxy.child.kill('SIGTERM');
    await proxy.exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const install = await makeProductionInstall();
  let h: Harness | undefined;
  try {
    h = await startHarness();
    const { apiKey } = await h.connect();
    const env = { ...h.env, LOG_LEVEL: 'info' };
    const variants = {
      'production (node app/main.js)': () => startProductionCommand(install, env),
      'source (node --import tsx src/main.ts)': () => startFromSource(env),
    };
    const results: Record<string, { runs: Sample[]; idleRssMb: number; startMs: number; peakRssMb: number }> =
      {};
    for (const [name, start] of Object.entries(variants)) {
      const runs: Sample[] = [];
      for (let r = 0; r < RUNS; r += 1) runs.push(await measure(start, apiKey));
      results[name] = {
        runs,
        idleRssMb: median(runs.map((s) => s.idleRssMb)),
        startMs: median(runs.map((s) => s.startMs)),
        peakRssMb: median(runs.map((s) => s.peakRssMb)),
      };
    }
    console.log(
      `\nProxy idle memory (median of ${RUNS} runs, ${IDLE_SECONDS} s idle each; budget ${BUDGET_MB} MB)`,
    );
    console.table(
      Object.fromEntries(
        Object.entries(results).map(([name, r]) => [
          name,
          {
            'idle RSS (MB)': r.idleRssMb.toFixed(1),
            'peak RSS (MB)': r.peakRssMb.toFixed(1),
            'start to listening (ms)': r.startMs,
          },
        ]),
      ),
    );
    const production = results['production (node app/main.js)']!;
    const report = {
      measuredAt: new Date().toISOString(),
      node: process.version,
      idleSeconds: IDLE_SECONDS,
      runs: RUNS,
      budgetMb: BUDGET_MB,
      withinBudget: production.idleRssMb < BUDGET_MB,
      install: install.timings,
      results,
    };
    const out = resultFile('proxy-idle-memory.json');
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${path.relative(REPO_ROOT, out)}`);
    if (!report.withinBudget) {
      console.error(
        `production idle RSS ${production.idleRssMb.toFixed(1)} MB is over the ${BUDGET_MB} MB budget`,
      );
      process.exitCode = 1;
    }
  } finally {
    await h?.close();
    install.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
