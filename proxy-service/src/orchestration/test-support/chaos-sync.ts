/**
 * The exactly-once chaos run, shared by the jest test (scaled) and bench/sync/chaos.ts (full size): the real
 * entry point as a child process on SQLite (a temp DATA_DIR), the Xero emulator in this process. A flow-like
 * client syncs N invoices in batches of 50 and retries failures; every round the proxy is killed with SIGKILL at a
 * random point:
 * - `lost-answer`: Xero has written the invoices (emulator `drop-response`) and the proxy is waiting for the
 *   answer — the kill lands between Xero's write and the ledger write;
 * - `in-flight`: an invoices write (the creates' PUT or the updates' POST) is parked before Xero processes it
 *   (`hold`), then the proxy dies;
 * - `anytime`: after a random delay.
 * Each round also edits some invoices already synced, so updates are killed too. At the end, every invoice must
 * be in Xero exactly once, with its latest content, and have an outcome.
 *
 * Issue 14 §4: the invoices are approved with "email when authorised" on, and every customer has an address, so
 * each invoice must also have been emailed by Xero exactly once (counted by the emulator's control API). The
 * faults on POST /Invoices… also hit the emails (POST /Invoices/{id}/Email): a kill lands between Xero sending an
 * email and the ledger recording it, or before Xero saw it.
 */
import type { DataverseInvoice } from '@dxc/openapi';
import { customer, invoice, line, settings } from '../../domain/invoices/test-support/batch-fixtures';
import type { ChaosRun } from './chaos-run';
import { flowPost, killRound, passUntilDone, withChaosRun } from './chaos-run';

const BATCH = 50;

export type KillMode = 'lost-answer' | 'in-flight' | 'anytime';
const FAULT = { 'lost-answer': 'drop-response', 'in-flight': 'hold' } as const;

export interface ChaosOptions {
  invoices: number;
  rounds: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  invoices: number;
  rounds: number;
  seed: number;
  kills: Record<KillMode, number>;
  /** Kills that landed while Xero had written and its answer was on the way (the hardest case). */
  killsAfterXeroWrote: number;
  requests: number;
  failedRequests: number;
  edits: number;
  /** Invoice number → how many invoices Xero holds with it (must all be 1). */
  duplicates: string[];
  missing: string[];
  withoutOutcome: string[];
  wrongContent: string[];
  /** Invoice number → emails Xero sent for it, for every invoice not emailed exactly once. */
  emailsNotOnce: Record<string, number>;
  /** Emails Xero sent in all (one per invoice when all is well). */
  emails: number;
  finalPasses: number;
  seconds: number;
}

const emptyReport = (options: ChaosOptions): ChaosReport => ({
  invoices: options.invoices,
  rounds: options.rounds,
  seed: options.seed,
  kills: { 'lost-answer': 0, 'in-flight': 0, anytime: 0 },
  killsAfterXeroWrote: 0,
  requests: 0,
  failedRequests: 0,
  edits: 0,
  duplicates: [],
  missing: [],
  withoutOutcome: [],
  wrongContent: [],
  emailsNotOnce: {},
  emails: 0,
  finalPasses: 0,
  seconds: 0,
});

/** The invoices the flow syncs, by Dataverse id: five products, forty customers, each with an email address. */
function chaosInvoices(count: number): Map<string, DataverseInvoice> {
  const products = ['CHAOS-A', 'CHAOS-B', 'CHAOS-C', 'CHAOS-D', 'CHAOS-E'];
  const latest = new Map<string, DataverseInvoice>();
  for (let n = 0; n < count; n += 1) {
    const inv = invoice(100_000 + n, {
      customer: customer(n % 40, { email: `buyer${n % 40}@example.com` }),
      lines: [line({ productNumber: products[n % 5], quantity: 1 + (n % 3), unitPrice: 10 + (n % 17) })],
    });
    latest.set(inv.invoiceId, inv);
  }
  return latest;
}

/** The flow's state: the invoices as last edited, those still to send, and each one's last outcome. */
interface FlowState {
  latest: Map<string, DataverseInvoice>;
  pending: Set<string>;
  outcome: Map<string, string>;
}

/** The flow edits some invoices already in Xero: their next sync is an update. */
function editSome(flow: FlowState, rand: () => number, report: ChaosReport): void {
  for (const id of flow.latest.keys()) {
    if (!flow.pending.has(id) && flow.outcome.has(id) && rand() < 0.05) {
      const inv = flow.latest.get(id)!;
      flow.latest.set(id, { ...inv, lines: [{ ...inv.lines[0]!, quantity: inv.lines[0]!.quantity! + 1 }] });
      flow.pending.add(id);
      report.edits += 1;
    }
  }
}

/** Every invoice in Xero exactly once, with its latest content, emailed once, and with an outcome. */
async function tally(run: ChaosRun, flow: FlowState, report: ChaosReport): Promise<void> {
  const sent = await fetch(
    `${run.h.emulator.url}/__emulator/organisations/${run.connection.tenantId}/emails`,
  );
  const { perInvoice } = (await sent.json()) as { perInvoice: Record<string, number> };
  const byNumber = new Map<string, { count: number; quantity?: number }>();
  for (const x of run.books().listInvoices()) {
    const seen = byNumber.get(x.invoiceNumber) ?? { count: 0 };
    seen.count += 1;
    seen.quantity = x.lineItems[0]?.quantity;
    byNumber.set(x.invoiceNumber, seen);
    const emails = perInvoice[x.invoiceId] ?? 0;
    report.emails += emails;
    if (emails !== 1) report.emailsNotOnce[x.invoiceNumber] = emails;
  }
  for (const inv of flow.latest.values()) {
    const seen = byNumber.get(inv.invoiceNumber!);
    if (!seen) report.missing.push(inv.invoiceNumber!);
    else if (seen.count > 1) report.duplicates.push(inv.invoiceNumber!);
    else if (seen.quantity !== undefined && seen.quantity !== inv.lines[0]!.quantity)
      report.wrongContent.push(inv.invoiceNumber!);
    const last = flow.outcome.get(inv.invoiceId);
    if (!last || last === 'failed') report.withoutOutcome.push(inv.invoiceId);
  }
}

export async function runChaosSync(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  return withChaosRun(options, async (run) => {
    const s = settings({
      defaultPurchaseAccountCode: '310',
      defaultStatus: 'AUTHORISED',
      emailWhenAuthorised: true,
      onlineInvoiceLink: 'off',
    });
    const latest = chaosInvoices(options.invoices);
    const flow: FlowState = { latest, pending: new Set(latest.keys()), outcome: new Map() };
    const report = emptyReport(options);

    /** One pass of the flow: batches of up to 50 pending invoices until none are left or the proxy is gone. */
    const pass = async (url: string): Promise<void> => {
      for (;;) {
        const batch = [...flow.pending].slice(0, BATCH).map((id) => latest.get(id)!);
        if (!batch.length) return;
        report.requests += 1;
        const body = (await flowPost(`${url}/v1/invoices/sync`, run.apiKey, {
          settings: s,
          invoices: batch,
        })) as { results?: { invoiceId: string; outcome: string }[] } | undefined;
        if (!body?.results) {
          report.failedRequests += 1;
          return;
        }
        for (const r of body.results) {
          flow.outcome.set(r.invoiceId, r.outcome);
          if (r.outcome !== 'failed') flow.pending.delete(r.invoiceId);
        }
      }
    };

    for (let round = 1; round <= options.rounds; round += 1) {
      editSome(flow, run.rand, report);
      const mode: KillMode = (['lost-answer', 'in-flight', 'anytime'] as const)[Math.floor(run.rand() * 3)]!;
      const delay = Math.floor(run.rand() * 1500);
      // New invoices go by PUT, edits by POST: the round's fault lands on one of the two.
      const method = run.rand() < 0.5 ? 'PUT' : 'POST';
      const fault = mode === 'anytime' ? undefined : { kind: FAULT[mode], method, path: '/Invoices' };
      const { heldAtKill } = await killRound(run, fault, delay, pass);
      if (mode === 'lost-answer' && heldAtKill) report.killsAfterXeroWrote += 1;
      report.kills[mode] += 1;
      run.log(
        `round ${round}/${options.rounds}: killed (${mode}); ${latest.size - flow.pending.size}/${latest.size} done, ${report.requests} requests`,
      );
    }

    // Calm: the flow retries until every invoice has gone through.
    const instance = await run.startProxy();
    report.finalPasses = await passUntilDone(
      () => pass(instance.url),
      () => flow.pending.size,
    );
    await run.retireProxy(instance);
    await tally(run, flow, report);
    report.seconds = Math.round((Date.now() - started) / 1000);
    return report;
  });
}
