/**
 * The exactly-once chaos run at full size (issue 5): 500 invoices, 30 rounds, the proxy SIGKILLed every round
 * (see proxy-service/src/orchestration/test-support/chaos-sync.ts); the jest suite runs the same at 100 invoices.
 * Prints the report and writes bench/out/sync-chaos.json (bench/results/ with --write or BENCH_WRITE=1); exits
 * non-zero when an invoice is duplicated, missing, stale or without outcome.
 * Run: npx tsx bench/sync/chaos.ts   (CHAOS_INVOICES, CHAOS_ROUNDS, CHAOS_SEED to change it)
 */
import fs from 'node:fs';
import path from 'node:path';
import { runChaosSync } from '@dxc/proxy-service/testing';
import { resultFile } from '../support/result-file';

async function main(): Promise<void> {
  const report = await runChaosSync({
    invoices: Number(process.env.CHAOS_INVOICES ?? 500),
    rounds: Number(process.env.CHAOS_ROUNDS ?? 30),
    seed: Number(process.env.CHAOS_SEED ?? Date.now() % 100_000),
    log: (line) => console.log(line),
  });
  const { duplicates, missing, withoutOutcome, wrongContent, kills, ...rest } = report;
  console.table([
    {
      ...rest,
      ...Object.fromEntries(Object.entries(kills).map(([k, v]) => [`kills ${k}`, v])),
      duplicates: duplicates.length,
      missing: missing.length,
      withoutOutcome: withoutOutcome.length,
      wrongContent: wrongContent.length,
    },
  ]);
  const out = resultFile('sync-chaos.json');
  fs.writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...report }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  if (duplicates.length || missing.length || withoutOutcome.length || wrongContent.length) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
