/**
 * CancelInvoice exactly once under SIGKILL: the real entry point as a child process on SQLite (a temp DATA_DIR),
 * the Xero emulator in this process. N invoices are synced first through the in-process proxy (it shares the
 * DATA_DIR, so the child's ledger knows them) in mixed states — draft or submitted, approved and unpaid, part
 * paid, paid — each with its connection's policy (CreditNote, Void or Nothing). A flow-like client then cancels
 * them, a slice more each round, three requests at a time, and retries every cancel that got no answer. Every
 * round the proxy is killed with SIGKILL:
 * - `lost-answer`: Xero has carried out a delete/void, a credit note or an allocation (emulator `drop-response`)
 *   and the proxy is waiting for the answer — the kill lands between Xero's write and the ledger write;
 * - `unprocessed`: such a write hangs unprocessed (`timeout`), then the proxy dies: Xero never sees it, e.g. a
 *   credit note raised whose allocation never arrives;
 * - `in-flight`: such a write is parked before Xero processes it (`hold`), then the proxy dies (the emulator lets
 *   it through afterwards, as a request already on the wire would);
 * - `anytime`: after a random delay.
 * After some credit-note kills the emulator clock jumps past Xero's 6-minute Idempotency-Key window, so a retry
 * cannot lean on Xero replaying the first answer (kept to three jumps: the access token, 30 minutes, never
 * needs a refresh, which a kill could otherwise split from its storage).
 *
 * At the end, in calm, every invoice is cancelled once more (the answer must say nothing changed, and Xero must
 * not change). Then per invoice: the first answer is the expected action (or "already cancelled" when the kill
 * came after the ledger write but before the answer), Xero's status is right, exactly one credit note where one
 * is due and none elsewhere, allocated in full where due and untouched where it is left for a person.
 */
import type { CancellationAction, CancellationPolicy, DataverseInvoice } from '@dxc/openapi';
import { customer, invoice, line, settings } from '../../domain/invoices/test-support/batch-fixtures';
import type { ChaosRun } from './chaos-run';
import { flowPost, killRound, passUntilDone, withChaosRun } from './chaos-run';

const CLIENTS = 3;
const MAX_CLOCK_JUMPS = 3;

export type CancelKillMode = 'lost-answer' | 'unprocessed' | 'in-flight' | 'anytime';
const MODES: readonly CancelKillMode[] = ['lost-answer', 'unprocessed', 'in-flight', 'anytime'];
const FAULT = { 'lost-answer': 'drop-response', unprocessed: 'timeout', 'in-flight': 'hold' } as const;
export type InvoiceState = 'draft' | 'unpaid' | 'part-paid' | 'paid';

export interface ChaosCancelOptions {
  invoices: number;
  rounds: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ChaosCancelReport {
  invoices: number;
  rounds: number;
  seed: number;
  kills: Record<CancelKillMode, number>;
  /** Kills that landed while Xero had written and its answer was on the way (the hardest case). */
  killsAfterXeroWrote: number;
  /** Jumps of the emulator clock past Xero's Idempotency-Key window. */
  clockJumps: number;
  requests: number;
  failedRequests: number;
  /** First answers "already cancelled" for a cancel that did change Xero (the kill came after the ledger write). */
  answeredAlreadyCancelled: number;
  /** Per invoice (Dataverse id) and check: what went wrong; all must be empty. */
  problems: {
    withoutOutcome: string[];
    wrongAnswer: string[];
    wrongStatus: string[];
    /** More than one credit note for one invoice. */
    duplicateCreditNotes: string[];
    missingCreditNote: string[];
    unexpectedCreditNote: string[];
    wrongAllocation: string[];
    /** The calm repeat did not say nothing changed. */
    repeatNotIdempotent: string[];
    /** Xero changed during the calm repeat. */
    repeatChangedXero: string[];
  };
  finalPasses: number;
  seconds: number;
}

interface Case {
  invoice: DataverseInvoice;
  state: InvoiceState;
  policy: CancellationPolicy;
  xeroId?: string;
}

/** What the first answer must be, per state and policy (B8's table). */
function expectedAction(c: Case): CancellationAction {
  if (c.state === 'draft') return 'Deleted';
  if (c.state === 'paid' || c.policy === 'Nothing') return 'Nothing';
  if (c.state === 'unpaid') return c.policy === 'Void' ? 'Voided' : 'CreditNoteAllocated';
  return c.policy === 'Void' ? 'Nothing' : 'CreditNoteUnallocated';
}

const reference = (c: Case) => `Cancellation of ${c.invoice.invoiceNumber} (Dynamics 365)`;

/** The writes a kill can be aimed at (paths below /api.xro/2.0, matched by prefix). */
const TARGETS = [
  { method: 'POST', path: '/Invoices', creditNote: false }, // delete or void
  { method: 'PUT', path: '/CreditNotes', creditNote: true }, // the note (or its allocation, whichever comes first)
  { method: 'PUT', path: '/CreditNotes/', creditNote: true }, // the allocation
] as const;

const emptyReport = (options: ChaosCancelOptions): ChaosCancelReport => ({
  invoices: options.invoices,
  rounds: options.rounds,
  seed: options.seed,
  kills: { 'lost-answer': 0, unprocessed: 0, 'in-flight': 0, anytime: 0 },
  killsAfterXeroWrote: 0,
  clockJumps: 0,
  requests: 0,
  failedRequests: 0,
  answeredAlreadyCancelled: 0,
  problems: {
    withoutOutcome: [],
    wrongAnswer: [],
    wrongStatus: [],
    duplicateCreditNotes: [],
    missingCreditNote: [],
    unexpectedCreditNote: [],
    wrongAllocation: [],
    repeatNotIdempotent: [],
    repeatChangedXero: [],
  },
  finalPasses: 0,
  seconds: 0,
});

/** The invoices to cancel: each state in turn, and per four invoices the next policy. */
function chaosCases(count: number): Case[] {
  const states: InvoiceState[] = ['draft', 'unpaid', 'part-paid', 'paid'];
  const policies: CancellationPolicy[] = ['CreditNote', 'CreditNote', 'Void', 'Nothing'];
  return Array.from({ length: count }, (_, n) => ({
    invoice: invoice(200_000 + n, {
      customer: customer(n % 30),
      lines: [line({ productNumber: 'CANCEL-A', quantity: 1 + (n % 3), unitPrice: 20 + (n % 11) })],
    }),
    state: states[n % 4]!,
    policy: policies[Math.floor(n / 4) % 4]!,
  }));
}

/**
 * Into Xero through the in-process proxy (same DATA_DIR), drafts and submitted ones as such, the rest approved;
 * then the part-paid and paid ones get their payments.
 */
async function putIntoXero(run: ChaosRun, cases: readonly Case[]): Promise<void> {
  const byStatus = new Map<string, Case[]>();
  cases.forEach((c, n) => {
    const status = c.state === 'draft' ? (n % 8 === 0 ? 'SUBMITTED' : 'DRAFT') : 'AUTHORISED';
    byStatus.set(status, [...(byStatus.get(status) ?? []), c]);
  });
  for (const [status, group] of byStatus) {
    for (let i = 0; i < group.length; i += 50) {
      const batch = group.slice(i, i + 50);
      const res = await run.h.call('POST', '/v1/invoices/sync', {
        apiKey: run.apiKey,
        body: {
          settings: settings({
            defaultStatus: status as 'DRAFT',
            defaultPurchaseAccountCode: '310',
          }),
          invoices: batch.map((c) => c.invoice),
        },
      });
      const results = (res.body?.results ?? []) as { outcome: string; xeroInvoiceId?: string }[];
      batch.forEach((c, k) => {
        if (results[k]?.outcome !== 'created')
          throw new Error(`setup: ${c.invoice.invoiceNumber} not created`);
        c.xeroId = results[k]!.xeroInvoiceId;
      });
    }
  }
  for (const c of cases) {
    const total = run.books().findInvoice(c.xeroId!)!.total;
    if (c.state === 'part-paid') run.books().recordPayment({ invoiceId: c.xeroId!, amount: 10 });
    if (c.state === 'paid') run.books().recordPayment({ invoiceId: c.xeroId!, amount: total });
  }
}

type Answer = { action: string; message: string };

/** The flow: its cancels still to make (retried until answered), and the first answer each invoice got. */
interface CancelFlow {
  pending: Case[];
  firstAnswer: Map<string, Answer>;
  cancel(url: string, c: Case): Promise<Answer | undefined>;
  /** One pass: three clients take pending cancels until none are left or the proxy is gone. */
  pass(url: string): Promise<void>;
}

function cancelFlow(run: ChaosRun, report: ChaosCancelReport): CancelFlow {
  const pending: Case[] = [];
  const firstAnswer = new Map<string, Answer>();
  const cancel = async (url: string, c: Case): Promise<Answer | undefined> => {
    report.requests += 1;
    const answer = (await flowPost(`${url}/v1/invoices/cancel`, run.apiKey, {
      invoiceId: c.invoice.invoiceId,
      policy: c.policy,
    })) as Answer | undefined;
    if (!answer) report.failedRequests += 1;
    return answer;
  };
  const pass = async (url: string): Promise<void> => {
    let gone = false;
    const client = async () => {
      while (!gone) {
        const c = pending.shift();
        if (!c) return;
        const answer = await cancel(url, c);
        if (!answer) {
          pending.push(c); // the flow retries it on its next run
          gone = true;
          return;
        }
        if (!firstAnswer.has(c.invoice.invoiceId)) firstAnswer.set(c.invoice.invoiceId, answer);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
  };
  return { pending, firstAnswer, cancel, pass };
}

/** Xero as the calm repeat must leave it: each invoice's status and amount due, and its notes. */
const snapshot = (run: ChaosRun, cases: readonly Case[]) =>
  JSON.stringify(
    cases.map((c) => {
      const x = run.books().findInvoice(c.xeroId!)!;
      const notes = run
        .books()
        .listCreditNotes()
        .filter((n) => n.reference === reference(c));
      return [x.status, x.amountDue, notes.map((n) => [n.creditNoteId, n.remainingCredit, n.status])];
    }),
  );

/** The flow cancels everything once more: nothing may change, and the answers must say so. */
async function repeatInCalm(
  run: ChaosRun,
  url: string,
  flow: CancelFlow,
  cases: readonly Case[],
  report: ChaosCancelReport,
): Promise<void> {
  const before = snapshot(run, cases);
  for (const c of cases) {
    const again = await flow.cancel(url, c);
    const want = expectedAction(c) === 'Nothing' ? 'Nothing' : 'AlreadyCancelled';
    if (again?.action !== want)
      report.problems.repeatNotIdempotent.push(`${c.invoice.invoiceNumber}: ${again?.action ?? 'no answer'}`);
  }
  if (snapshot(run, cases) !== before)
    report.problems.repeatChangedXero.push('Xero changed during the repeat');
}

/** What Xero's status must be after the cancel. */
function statusWanted(c: Case, want: CancellationAction): string {
  if (want === 'Deleted') return 'DELETED';
  if (want === 'Voided') return 'VOIDED';
  return c.state === 'paid' || want === 'CreditNoteAllocated' ? 'PAID' : 'AUTHORISED';
}

/** Per invoice: the first answer, Xero's status, and its credit notes and their allocations. */
function verifyCase(run: ChaosRun, c: Case, first: Answer | undefined, report: ChaosCancelReport): void {
  const name = `${c.invoice.invoiceNumber} (${c.state}, ${c.policy})`;
  const want = expectedAction(c);
  if (!first) report.problems.withoutOutcome.push(name);
  else if (first.action === 'AlreadyCancelled' && want !== 'Nothing') report.answeredAlreadyCancelled += 1;
  else if (first.action !== want)
    report.problems.wrongAnswer.push(`${name}: ${first.action} — ${first.message}`);

  const x = run.books().findInvoice(c.xeroId!)!;
  const status = statusWanted(c, want);
  if (x.status !== status) report.problems.wrongStatus.push(`${name}: ${x.status}, not ${status}`);

  const notes = run
    .books()
    .listCreditNotes()
    .filter((n) => n.reference === reference(c) && n.status !== 'VOIDED' && n.status !== 'DELETED');
  const due = want === 'CreditNoteAllocated' || want === 'CreditNoteUnallocated';
  if (notes.length > 1) report.problems.duplicateCreditNotes.push(`${name}: ${notes.length} notes`);
  if (due && !notes.length) report.problems.missingCreditNote.push(name);
  if (!due && notes.length) report.problems.unexpectedCreditNote.push(name);
  for (const note of notes) {
    const allocations = run.books().allocationsOfCreditNote(note.creditNoteId);
    const allocatedHere = allocations.filter((a) => a.invoiceId === c.xeroId);
    const right =
      want === 'CreditNoteAllocated'
        ? allocations.length === 1 && allocatedHere.length === 1 && allocatedHere[0]!.amount === x.total
        : allocations.length === 0 && note.remainingCredit === note.total;
    if (!right)
      report.problems.wrongAllocation.push(
        `${name}: note ${note.creditNoteNumber} has ${allocations.length} allocations, ${note.remainingCredit} left`,
      );
  }
}

export async function runChaosCancel(options: ChaosCancelOptions): Promise<ChaosCancelReport> {
  const started = Date.now();
  return withChaosRun(options, async (run) => {
    const cases = chaosCases(options.invoices);
    await putIntoXero(run, cases);
    const report = emptyReport(options);
    run.log(`set up ${cases.length} invoices in ${run.elapsed()} s`);
    const flow = cancelFlow(run, report);
    let released = 0;

    for (let round = 1; round <= options.rounds; round += 1) {
      // The flow notices a slice more of cancelled invoices every run.
      const upTo = Math.ceil((cases.length * round) / options.rounds);
      flow.pending.push(...cases.slice(released, upTo));
      released = upTo;
      // Each mode in turn (so every run has lost answers); what is hit and when is random.
      const mode = MODES[(round - 1) % MODES.length]!;
      const target = TARGETS[Math.floor(run.rand() * TARGETS.length)]!;
      const delay = Math.floor(run.rand() * 1500);
      const fault =
        mode === 'anytime' ? undefined : { kind: FAULT[mode], method: target.method, path: target.path };
      const { heldAtKill } = await killRound(run, fault, delay, flow.pass);
      const wrote = mode === 'lost-answer' && heldAtKill;
      if (wrote) report.killsAfterXeroWrote += 1;
      report.kills[mode] += 1;
      if (mode !== 'anytime' && target.creditNote && report.clockJumps < MAX_CLOCK_JUMPS) {
        run.h.emulator.clock.advance(7 * 60_000);
        report.clockJumps += 1;
      }
      run.log(
        `round ${round}/${options.rounds}: killed (${mode} ${target.method} ${target.path}${wrote ? ', after Xero wrote' : ''}); ${flow.firstAnswer.size}/${cases.length} answered, ${report.requests} requests, ${run.elapsed()} s`,
      );
    }

    // Calm: the flow retries until every cancel has an answer.
    const instance = await run.startProxy();
    flow.pending.push(...cases.slice(released));
    report.finalPasses = await passUntilDone(
      () => flow.pass(instance.url),
      () => flow.pending.length,
    );
    run.log(`calm: every cancel answered after ${report.finalPasses} passes, ${run.elapsed()} s`);
    await repeatInCalm(run, instance.url, flow, cases, report);
    await run.retireProxy(instance);

    for (const c of cases) verifyCase(run, c, flow.firstAnswer.get(c.invoice.invoiceId), report);
    report.seconds = Math.round((Date.now() - started) / 1000);
    run.log(
      `done in ${report.seconds} s: ${report.killsAfterXeroWrote} kills after Xero wrote, ${report.clockJumps} clock jumps, ` +
        `${report.failedRequests}/${report.requests} requests failed, ${report.answeredAlreadyCancelled} first answers "already cancelled"`,
    );
    return report;
  });
}
