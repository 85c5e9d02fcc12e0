/**
 * Property-based fuzzing of the real proxy (Xero emulator, SQLite) with requests built from the contract: valid
 * ones, ones broken in one place, and bodies that are not JSON. CI-sized by default (FUZZ_RUNS, FUZZ_SEED to
 * replay); bench/fuzz runs the same generator 10,000 times on SQLite and on PostgreSQL.
 */
import fc from 'fast-check';
import type { Harness } from '@dxc/proxy-service/testing';
import { startHarness, withoutRateLimits, seedInvoice, settings } from '@dxc/proxy-service/testing';
import { contractRequest } from './contract-requests';
import type { FuzzRequest } from './contract-requests';
import { fuzzTarget, sendFuzzRequest } from './fuzz-target';

jest.setTimeout(300_000);

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

let h: Harness;
let apiKey: string;
beforeAll(async () => {
  h = await startHarness(withoutRateLimits({ env: { WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' } }));
  ({ apiKey } = await h.connect());
});
afterAll(async () => h?.close());

/** Inputs an outside probe found answered 503 "Xero could not be reached": always tried first. */
function knownRegressions(): [FuzzRequest][] {
  const seed = seedInvoice();
  const loneSurrogateLine = {
    ...seed,
    lines: [{ ...seed.lines[0]!, productNumber: '\ud800' }, ...seed.lines.slice(1)],
  };
  const post = (operationId: string, url: string, body: unknown): [FuzzRequest] => [
    {
      operationId,
      method: 'POST',
      url,
      body: JSON.stringify(body),
      contentType: 'application/json',
      auth: 'valid',
      kind: 'mutated',
    },
  ];
  return [
    post('GetInvoiceStatuses', '/v1/invoices/status', { modifiedSince: '2016-12-31T23:59:60Z' }),
    post('SyncInvoices', '/v1/invoices/sync', { settings: settings(), invoices: [loneSurrogateLine] }),
  ];
}

test(`${RUNS} contract-shaped requests: nothing ≥ 500, every 4xx explains itself, no refused request writes to Xero`, async () => {
  const target = fuzzTarget(h, apiKey);
  await fc.assert(
    fc.asyncProperty(contractRequest(), async (request) => {
      const outcome = await sendFuzzRequest(target, request);
      expect(outcome.problems).toEqual([]);
    }),
    { numRuns: RUNS, seed: SEED, examples: knownRegressions() },
  );
});
