/**
 * Exactly once under SIGKILL (issue 5): see test-support/chaos-sync.ts for the design. Full size (500 invoices,
 * 30 kills) takes about 1.5 minutes here; CHAOS_INVOICES / CHAOS_ROUNDS scale it, CHAOS_SEED replays a run.
 * `npx tsx bench/sync/chaos.ts` runs the same and writes bench/results/sync-chaos.json.
 */
import { runChaosSync } from './test-support/chaos-sync';

jest.setTimeout(900_000);

const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);

test(`every invoice ends in Xero exactly once, with an outcome and one email, while the proxy is killed (seed ${seed})`, async () => {
  const report = await runChaosSync({
    invoices: Number(process.env.CHAOS_INVOICES ?? 500),
    rounds: Number(process.env.CHAOS_ROUNDS ?? 30),
    seed,
  });
  expect({
    duplicates: report.duplicates,
    missing: report.missing,
    withoutOutcome: report.withoutOutcome,
    wrongContent: report.wrongContent,
    emailsNotOnce: report.emailsNotOnce,
  }).toEqual({ duplicates: [], missing: [], withoutOutcome: [], wrongContent: [], emailsNotOnce: {} });
  // Issue 14 §4: every invoice was approved with emailing on, so Xero emailed each of them once.
  expect(report.emails).toBe(report.invoices);
  // The run must really have killed the proxy between Xero's write and the ledger write.
  expect(report.kills['lost-answer'] + report.kills['in-flight'] + report.kills.anytime).toBe(report.rounds);
  expect(report.failedRequests).toBeGreaterThan(0);
  expect(report.killsAfterXeroWrote).toBeGreaterThan(0);
});
