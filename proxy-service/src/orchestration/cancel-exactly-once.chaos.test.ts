/**
 * CancelInvoice exactly once under SIGKILL (issue 5): see test-support/chaos-cancel.ts for the design.
 * CHAOS_CANCEL_INVOICES / CHAOS_CANCEL_ROUNDS scale it (defaults 120 invoices, 8 kills), CHAOS_SEED replays a run.
 */
import { runChaosCancel } from './test-support/chaos-cancel';

jest.setTimeout(600_000);

const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);

test(`every cancel has an outcome and changes Xero exactly once while the proxy is killed (seed ${seed})`, async () => {
  const report = await runChaosCancel({
    invoices: Number(process.env.CHAOS_CANCEL_INVOICES ?? 120),
    rounds: Number(process.env.CHAOS_CANCEL_ROUNDS ?? 8),
    seed,
    log: process.env.CHAOS_LOG ? (line) => process.stdout.write(`${line}\n`) : undefined,
  });
  expect(report.problems).toEqual({
    withoutOutcome: [],
    wrongAnswer: [],
    wrongStatus: [],
    duplicateCreditNotes: [],
    missingCreditNote: [],
    unexpectedCreditNote: [],
    wrongAllocation: [],
    repeatNotIdempotent: [],
    repeatChangedXero: [],
  });
  expect(Object.values(report.kills).reduce((a, b) => a + b)).toBe(report.rounds);
  expect(report.failedRequests).toBeGreaterThan(0);
  // The run must really have killed the proxy between Xero's write and the ledger write.
  expect(report.killsAfterXeroWrote).toBeGreaterThan(0);
});
