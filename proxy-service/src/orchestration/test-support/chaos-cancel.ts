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
 *
 * chaos-sync.ts has the same child-process helpers but does not export them; small local ones are kept here.
 */
import type { CancellationAction, CancellationPolicy, DataverseInvoice } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { customer, invoice, line, settings } from '../../domain/invoices/test-support/batch-fixtures';
import {
  seededRandom,
  startChaosHarness,
  startProxyProcess,
  stopProxyProcess,
} from '../../test-support/proxy-process';
import type { ProxyProcess } from '../../test-support/proxy-process';

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

export async function runChaosCancel(options: ChaosCancelOptions): Promise<ChaosCancelReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const rand = seededRandom(options.seed);
  const h = await startChaosHarness();
  let instance: ProxyProcess | undefined;
  try {
    const { apiKey, connection } = await h.connect();
    const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
    const states: InvoiceState[] = ['draft', 'unpaid', 'part-paid', 'paid'];
    const policies: CancellationPolicy[] = ['CreditNote', 'CreditNote', 'Void', 'Nothing'];
    const cases: Case[] = [];
    for (let n = 0; n < options.invoices; n += 1) {
      cases.push({
        invoice: invoice(200_000 + n, {
          customer: customer(n % 30),
          lines: [line({ productNumber: 'CANCEL-A', quantity: 1 + (n % 3), unitPrice: 20 + (n % 11) })],
        }),
        state: states[n % 4]!,
        policy: policies[Math.floor(n / 4) % 4]!,
      });
    }

    // Into Xero through the in-process proxy (same DATA_DIR), drafts and submitted ones as such, the rest approved.
    const byStatus = new Map<string, Case[]>();
    cases.forEach((c, n) => {
      const status = c.state === 'draft' ? (n % 8 === 0 ? 'SUBMITTED' : 'DRAFT') : 'AUTHORISED';
      byStatus.set(status, [...(byStatus.get(status) ?? []), c]);
    });
    for (const [status, group] of byStatus) {
      for (let i = 0; i < group.length; i += 50) {
        const batch = group.slice(i, i + 50);
        const res = await h.call('POST', '/v1/invoices/sync', {
          apiKey,
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
      const total = books().findInvoice(c.xeroId!)!.total;
      if (c.state === 'part-paid') books().recordPayment({ invoiceId: c.xeroId!, amount: 10 });
      if (c.state === 'paid') books().recordPayment({ invoiceId: c.xeroId!, amount: total });
    }

    const report: ChaosCancelReport = {
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
    };
    log(`set up ${cases.length} invoices in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const firstAnswer = new Map<string, { action: string; message: string }>();
    const pending: Case[] = [];
    let released = 0;

    const cancel = async (url: string, c: Case): Promise<{ action: string; message: string } | undefined> => {
      report.requests += 1;
      try {
        const res = await fetch(`${url}/v1/invoices/cancel`, {
          method: 'POST',
          headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json' },
          body: JSON.stringify({ invoiceId: c.invoice.invoiceId, policy: c.policy }),
        });
        if (res.ok) return (await res.json()) as { action: string; message: string };
        await res.text();
      } catch {
        // the proxy died under us
      }
      report.failedRequests += 1;
      return undefined;
    };

    /** One pass of the flow: three clients take pending cancels until none are left or the proxy is gone. */
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

    for (let round = 1; round <= options.rounds; round += 1) {
      // The flow notices a slice more of cancelled invoices every run.
      const upTo = Math.ceil((cases.length * round) / options.rounds);
      pending.push(...cases.slice(released, upTo));
      released = upTo;
      // Each mode in turn (so every run has lost answers); what is hit and when is random.
      const mode = MODES[(round - 1) % MODES.length]!;
      const target = TARGETS[Math.floor(rand() * TARGETS.length)]!;
      const delay = Math.floor(rand() * 1500);
      const live = await startProxyProcess(h.env);
      instance = live;
      if (mode !== 'anytime')
        h.emulator.faults.inject({
          kind: FAULT[mode],
          method: target.method,
          path: target.path,
        });
      const running = pass(live.url);
      const moment =
        mode === 'anytime'
          ? new Promise<void>((resolve) => setTimeout(resolve, delay))
          : h.emulator.faults.waitForHeld(1);
      await Promise.race([moment, running]);
      const wrote = mode === 'lost-answer' && h.emulator.faults.heldCount > 0;
      if (wrote) report.killsAfterXeroWrote += 1;
      await stopProxyProcess(live);
      report.kills[mode] += 1;
      h.emulator.faults.clear(); // also lets a held request through, as one already on the wire would
      await running;
      if (mode !== 'anytime' && target.creditNote && report.clockJumps < MAX_CLOCK_JUMPS) {
        h.emulator.clock.advance(7 * 60_000);
        report.clockJumps += 1;
      }
      log(
        `round ${round}/${options.rounds}: killed (${mode} ${target.method} ${target.path}${wrote ? ', after Xero wrote' : ''}); ${firstAnswer.size}/${cases.length} answered, ${report.requests} requests, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }

    // Calm: no faults, no kills; the flow retries until every cancel has an answer.
    instance = await startProxyProcess(h.env);
    pending.push(...cases.slice(released));
    while (pending.length && report.finalPasses < 10) {
      report.finalPasses += 1;
      await pass(instance.url);
    }

    const snapshot = () =>
      JSON.stringify(
        cases.map((c) => {
          const x = books().findInvoice(c.xeroId!)!;
          const notes = books()
            .listCreditNotes()
            .filter((n) => n.reference === reference(c));
          return [x.status, x.amountDue, notes.map((n) => [n.creditNoteId, n.remainingCredit, n.status])];
        }),
      );
    log(
      `calm: every cancel answered after ${report.finalPasses} passes, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const before = snapshot();
    // The flow cancels everything once more: nothing may change, and the answers must say so.
    for (const c of cases) {
      const again = await cancel(instance.url, c);
      const want = expectedAction(c) === 'Nothing' ? 'Nothing' : 'AlreadyCancelled';
      if (again?.action !== want)
        report.problems.repeatNotIdempotent.push(
          `${c.invoice.invoiceNumber}: ${again?.action ?? 'no answer'}`,
        );
    }
    if (snapshot() !== before) report.problems.repeatChangedXero.push('Xero changed during the repeat');
    await stopProxyProcess(instance, 'SIGTERM');
    instance = undefined;

    for (const c of cases) {
      const name = `${c.invoice.invoiceNumber} (${c.state}, ${c.policy})`;
      const want = expectedAction(c);
      const first = firstAnswer.get(c.invoice.invoiceId);
      if (!first) report.problems.withoutOutcome.push(name);
      else if (first.action === 'AlreadyCancelled' && want !== 'Nothing')
        report.answeredAlreadyCancelled += 1;
      else if (first.action !== want)
        report.problems.wrongAnswer.push(`${name}: ${first.action} — ${first.message}`);

      const x = books().findInvoice(c.xeroId!)!;
      const statusWanted =
        want === 'Deleted'
          ? 'DELETED'
          : want === 'Voided'
            ? 'VOIDED'
            : c.state === 'paid' || want === 'CreditNoteAllocated'
              ? 'PAID'
              : 'AUTHORISED';
      if (x.status !== statusWanted)
        report.problems.wrongStatus.push(`${name}: ${x.status}, not ${statusWanted}`);

      const notes = books()
        .listCreditNotes()
        .filter((n) => n.reference === reference(c) && n.status !== 'VOIDED' && n.status !== 'DELETED');
      const due = want === 'CreditNoteAllocated' || want === 'CreditNoteUnallocated';
      if (notes.length > 1) report.problems.duplicateCreditNotes.push(`${name}: ${notes.length} notes`);
      if (due && !notes.length) report.problems.missingCreditNote.push(name);
      if (!due && notes.length) report.problems.unexpectedCreditNote.push(name);
      for (const note of notes) {
        const allocations = books().allocationsOfCreditNote(note.creditNoteId);
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
    report.seconds = Math.round((Date.now() - started) / 1000);
    log(
      `done in ${report.seconds} s: ${report.killsAfterXeroWrote} kills after Xero wrote, ${report.clockJumps} clock jumps, ` +
        `${report.failedRequests}/${report.requests} requests failed, ${report.answeredAlreadyCancelled} first answers "already cancelled"`,
    );
    return report;
  } finally {
    if (instance) await stopProxyProcess(instance);
    await h.close();
  }
}
