/**
 * The contract fuzz at bench size: the same generator as test/fuzz (requests from the contract, valid and broken)
 * sent to the real proxy and the Xero emulator, on SQLite and on PostgreSQL (127.0.0.1:5432, db test, a fresh
 * schema). Prints a table and writes bench/results/fuzz.json: requests, 2xx, 4xx, 5xx, hangs, and writes to Xero
 * caused by refused (4xx) requests. Target: 0 answers ≥ 500 and 0 refused writes on both.
 *
 *   npm run bench:fuzz -w bench          (FUZZ_REQUESTS=10000, FUZZ_SEED=20261206 by default)
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { startHarness, withoutRateLimits } from '@dxc/proxy-service/testing';
import { contractRequest } from '@dxc/test/fuzz/contract-requests';
import { fuzzTarget, sendFuzzRequest } from '@dxc/test/fuzz/fuzz-target';
import type { FuzzOutcome } from '@dxc/test/fuzz/fuzz-target';
import { resultFile } from '../support/result-file';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

interface StoreResult {
  store: 'sqlite' | 'postgres';
  requests: number;
  status2xx: number;
  status4xx: number;
  status5xx: number;
  hangs: number;
  refusedRequestWrites: number;
  byKind: Record<string, Record<string, number>>;
  seconds: number;
  /** The first few problems, to replay (same seed, same order). */
  problems: { index: number; operationId: string; kind: string; problem: string }[];
}

async function fuzzStore(store: 'sqlite' | 'postgres'): Promise<StoreResult> {
  const h = await startHarness(
    withoutRateLimits({ store, env: { LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' } }),
  );
  const started = Date.now();
  const result: StoreResult = {
    store,
    requests: 0,
    status2xx: 0,
    status4xx: 0,
    status5xx: 0,
    hangs: 0,
    refusedRequestWrites: 0,
    byKind: {},
    seconds: 0,
    problems: [],
  };
  try {
    const { apiKey } = await h.connect();
    const target = fuzzTarget(h, apiKey);
    const requests = fc.sample(contractRequest(), { numRuns: REQUESTS, seed: SEED });
    for (const [index, request] of requests.entries()) {
      const outcome: FuzzOutcome = await sendFuzzRequest(target, request);
      result.requests += 1;
      if (outcome.hang) result.hangs += 1;
      else if (outcome.status >= 500) result.status5xx += 1;
      else if (outcome.status >= 400) result.status4xx += 1;
      else result.status2xx += 1;
      result.refusedRequestWrites += outcome.rejectedWrites;
      const kind = (result.byKind[request.kind] ??= {});
      const bucket = outcome.hang ? 'hang' : `${Math.floor(outcome.status / 100)}xx`;
      kind[bucket] = (kind[bucket] ?? 0) + 1;
      for (const problem of outcome.problems) {
        if (result.problems.length < 20)
          result.problems.push({ index, operationId: request.operationId, kind: request.kind, problem });
      }
      h.logs.length = 0; // the captured log would otherwise grow with every request
    }
  } finally {
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
    await h.close();
  }
  return result;
}

async function main(): Promise<void> {
  const results: StoreResult[] = [];
  for (const store of ['sqlite', 'postgres'] as const) results.push(await fuzzStore(store));
  console.log(`\nContract fuzz: ${REQUESTS} requests per store, seed ${SEED}\n`);
  console.table(
    results.map((r) => ({
      store: r.store,
      requests: r.requests,
      '2xx': r.status2xx,
      '4xx': r.status4xx,
      '5xx': r.status5xx,
      hangs: r.hangs,
      'Xero writes by refused requests': r.refusedRequestWrites,
      seconds: r.seconds,
    })),
  );
  for (const r of results) {
    for (const p of r.problems)
      console.log(`${r.store} #${p.index} ${p.operationId} (${p.kind}): ${p.problem}`);
  }
  const out = resultFile('fuzz.json');
  fs.writeFileSync(
    out,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), requestsPerStore: REQUESTS, seed: SEED, results }, null, 2)}\n`,
  );
  console.log(`\nwritten ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
