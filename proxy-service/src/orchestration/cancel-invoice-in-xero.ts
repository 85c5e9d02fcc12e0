/**
 * CancelInvoice (B8) carried out: read the ledger (it knows the Xero id after the Dynamics row is gone) and Xero's
 * current state (one GET), decide with the pure domain, journal each write before sending it with its
 * content-derived Idempotency-Key, and record the cancellation so asking again changes nothing.
 *
 * Exactly once, whatever answer is lost (the proxy dies, or the connection drops, after Xero wrote):
 * - delete / void: the repeat finds the invoice DELETED / VOIDED with our write still journalled as pending, and
 *   answers Deleted / Voided without writing again;
 * - credit note: before raising one, the contact's notes with the cancellation's reference are looked up (one GET),
 *   so a note whose answer was lost is taken instead of raising a second (Xero's Idempotency-Key only covers about
 *   6 minutes, and the note's date is part of the key);
 * - allocation: the note is recorded (`allocationPending`) as soon as Xero created it, before it is allocated; a
 *   repeat re-reads the invoice and the note and finishes the allocation, or sees it done (finish-allocation.ts).
 *   A part-paid invoice's note is recorded without `allocationPending`: it is left for a person on purpose.
 *
 * A row the ledger knows as a credit note (a Sales or Purchase credit note raised from Dynamics 365) has its own
 * rules: cancel-credit-note.ts.
 */
import type { CancelInvoiceRequest, CancelInvoiceResponse } from '@dxc/openapi';
import { ProxyError } from '../errors';
import type { ConnectionRecord } from '../store/store';
import { buildCancellationResult } from '../domain/cancellation/build-cancellation-result';
import type { CancellationWriteAnswer } from '../domain/cancellation/build-cancellation-result';
import type { CancellationDecision, PreviousCancellation } from '../domain/cancellation/decide-cancellation';
import { decideCancellation } from '../domain/cancellation/decide-cancellation';
import { earlierCreditNoteWhere, findEarlierCreditNote } from '../domain/cancellation/earlier-credit-note';
import type { FinishAllocationStep } from '../domain/cancellation/finish-allocation';
import { finishAllocation } from '../domain/cancellation/finish-allocation';
import type { XeroDocumentStatus, XeroInvoiceRecord } from '../domain/invoices/xero-payloads';
import type { XeroGateway } from '../xero/xero-gateway';
import type { InvoiceLedgerStore, SyncIntentRecord } from '../store/invoice-ledger/invoice-ledger-store';
import { cancelCreditNote } from './cancel-credit-note';

export interface CancelDeps {
  ledger: InvoiceLedgerStore;
  gateway: XeroGateway;
  now: () => number;
}

/** The purposes this operation journals (the sync journals others for the same invoices). */
const CANCEL_PURPOSES: readonly string[] = [
  'invoice-delete',
  'invoice-void',
  'credit-note-create',
  'credit-note-allocate',
  'credit-note-delete',
  'credit-note-void',
];

const refusal = (error: ProxyError): string =>
  error.message.replace(/^Xero refused the request\.\s*(Xero said: )?/, '');

/** One cancellation under way: what it read (ledger and Xero) and how it journals, records and settles its writes. */
interface CancelRun {
  deps: CancelDeps;
  connection: ConnectionRecord;
  invoiceId: string;
  tenantId: string;
  xeroInvoiceId?: string;
  invoice?: XeroInvoiceRecord;
  ids: { invoiceId: string; xeroInvoiceId?: string };
  /** Writes of earlier attempts whose answers never reached the ledger; settled once this attempt has recorded. */
  unconfirmed: readonly SyncIntentRecord[];
  iso(): string;
  today(): string;
  journal(key: string, purpose: string): Promise<void>;
  remember(cancellation: PreviousCancellation, status?: XeroDocumentStatus): Promise<void>;
  settle(...keys: string[]): Promise<void>;
}

async function startRun(
  deps: CancelDeps,
  connection: ConnectionRecord,
  invoiceId: string,
  xeroInvoiceId: string | undefined,
): Promise<CancelRun> {
  const { ledger, gateway } = deps;
  const tenantId = connection.tenantId;
  const iso = () => new Date(deps.now()).toISOString();
  const invoice = xeroInvoiceId ? await gateway.getInvoice(connection, xeroInvoiceId) : undefined;
  const unconfirmed = (await ledger.listPendingIntents(tenantId, [invoiceId])).filter((i) =>
    CANCEL_PURPOSES.includes(i.purpose),
  );
  return {
    deps,
    connection,
    invoiceId,
    tenantId,
    xeroInvoiceId,
    invoice,
    ids: { invoiceId, xeroInvoiceId: invoice?.InvoiceID ?? xeroInvoiceId },
    unconfirmed,
    iso,
    today: () => iso().slice(0, 10),
    journal: (key, purpose) =>
      ledger.journalIntent({
        tenantId,
        idempotencyKey: key,
        purpose,
        invoices: [{ invoiceId, hash: key }],
        createdAt: iso(),
      }),
    remember: (cancellation, status) =>
      ledger.recordCancellation(tenantId, invoiceId, cancellation, status, iso()),
    async settle(...keys) {
      for (const key of new Set([...keys, ...unconfirmed.map((i) => i.idempotencyKey)]))
        await ledger.completeIntent(tenantId, key, iso());
    },
  };
}

/** A credit note recorded with its allocation pending: finish the allocation, or see it done. */
async function finishPendingAllocation(
  run: CancelRun,
  pendingOn: PreviousCancellation & { creditNoteId: string },
): Promise<CancelInvoiceResponse> {
  const { gateway } = run.deps;
  const { connection, xeroInvoiceId } = run;
  const decide = async (
    current: XeroInvoiceRecord | undefined,
    refused?: string,
  ): Promise<FinishAllocationStep> =>
    finishAllocation({
      tenantId: run.tenantId,
      invoiceId: run.invoiceId,
      invoice: current,
      previous: pendingOn,
      creditNote: await gateway.getCreditNote(connection, pendingOn.creditNoteId),
      today: run.today(),
      ...(refused ? { refused } : {}),
    });
  let step = await decide(run.invoice);
  const keys: string[] = [];
  if (step.kind === 'allocate') {
    keys.push(step.allocationKey);
    await run.journal(step.allocationKey, 'credit-note-allocate');
    try {
      await gateway.allocateCreditNote(connection, step.creditNoteId, step.allocation, step.allocationKey);
    } catch (error) {
      if (!(error instanceof ProxyError) || error.code !== 'XERO_VALIDATION') throw error;
      // An earlier allocation whose answer was lost makes this one an over-allocation: look again.
      const now = xeroInvoiceId ? await gateway.getInvoice(connection, xeroInvoiceId) : undefined;
      step = await decide(now, refusal(error));
    }
  }
  await run.remember(step.finished.record, step.finished.statusAfter);
  await run.settle(...keys);
  const response: CancelInvoiceResponse = { invoiceId: run.invoiceId, ...step.finished.response };
  if (run.ids.xeroInvoiceId) response.xeroInvoiceId = run.ids.xeroInvoiceId;
  return response;
}

type RemovalDecision = Extract<CancellationDecision, { action: 'Deleted' | 'Voided' }>;
type CreditNoteDecision = Extract<
  CancellationDecision,
  { action: 'CreditNoteAllocated' | 'CreditNoteUnallocated' }
>;

async function removeInvoice(run: CancelRun, decision: RemovalDecision): Promise<CancelInvoiceResponse> {
  if (!decision.alreadyInXero) {
    await run.journal(
      decision.idempotencyKey,
      decision.action === 'Deleted' ? 'invoice-delete' : 'invoice-void',
    );
    await run.deps.gateway.setInvoiceStatus(run.connection, decision.write, decision.idempotencyKey);
  }
  await run.remember({ action: decision.action }, decision.statusAfter);
  await run.settle(decision.idempotencyKey);
  return buildCancellationResult(run.ids, decision);
}

/** The credit note an earlier attempt raised (its answer lost), or a new one. */
async function earlierOrNewCreditNote(
  run: CancelRun,
  decision: CreditNoteDecision,
  answer: CancellationWriteAnswer,
): Promise<{ CreditNoteID?: string; CreditNoteNumber?: string; Total?: number } | undefined> {
  const { gateway } = run.deps;
  const earlier = findEarlierCreditNote(
    decision.credit,
    await gateway.findCreditNotes(run.connection, earlierCreditNoteWhere(decision.credit)),
  );
  if (earlier) {
    answer.foundEarlier = true;
    return earlier;
  }
  await run.journal(decision.creditNoteKey, 'credit-note-create');
  return gateway.createCreditNote(run.connection, decision.credit.creditNote, decision.creditNoteKey);
}

async function raiseCreditNote(run: CancelRun, decision: CreditNoteDecision): Promise<CancelInvoiceResponse> {
  const answer: CancellationWriteAnswer = {};
  const note = await earlierOrNewCreditNote(run, decision, answer);
  if (!note?.CreditNoteID) {
    throw new ProxyError('XERO_ERROR', 502, 'Xero did not return the credit note it was asked to create.');
  }
  answer.creditNote = note;
  const recorded = { creditNoteId: note.CreditNoteID, creditNoteNumber: note.CreditNoteNumber };
  const allocation =
    decision.action === 'CreditNoteAllocated' && decision.credit.allocation && decision.allocationKey
      ? { payload: decision.credit.allocation, key: decision.allocationKey }
      : undefined;
  // Recorded before the allocation: a repeat finishes it instead of raising a second note.
  await run.remember({
    action: 'CreditNoteUnallocated',
    ...recorded,
    ...(allocation ? { allocationPending: true } : {}),
  });
  await run.deps.ledger.completeIntent(run.tenantId, decision.creditNoteKey, run.iso());
  if (allocation) {
    await run.journal(allocation.key, 'credit-note-allocate');
    try {
      await run.deps.gateway.allocateCreditNote(
        run.connection,
        note.CreditNoteID,
        allocation.payload,
        allocation.key,
      );
      await run.remember({ action: 'CreditNoteAllocated', ...recorded }, decision.statusAfter);
    } catch (error) {
      if (!(error instanceof ProxyError) || error.code !== 'XERO_VALIDATION') throw error;
      // The note was untouched and the invoice unpaid a moment ago: a refusal is real (e.g. a payment arrived).
      answer.allocationRefused = refusal(error);
      await run.remember({ action: 'CreditNoteUnallocated', ...recorded });
    }
  }
  await run.settle(decision.creditNoteKey, ...(allocation ? [allocation.key] : []));
  return buildCancellationResult(run.ids, decision, answer);
}

export async function cancelInvoiceInXero(
  deps: CancelDeps,
  connection: ConnectionRecord,
  request: CancelInvoiceRequest,
): Promise<CancelInvoiceResponse> {
  const knowledge = await deps.ledger.getSyncKnowledge(connection.tenantId, {
    invoiceIds: [request.invoiceId],
    customerIds: [],
    itemCodes: [],
  });
  const record = knowledge.invoices[request.invoiceId.toLowerCase()];
  if (record?.entry.documentType) {
    return cancelCreditNote(
      deps,
      connection,
      request.invoiceId,
      record.entry.xeroInvoiceId,
      record.cancellation,
    );
  }
  const run = await startRun(
    deps,
    connection,
    request.invoiceId,
    record?.entry.xeroInvoiceId ?? request.xeroInvoiceId,
  );
  const previous = record?.cancellation;
  if (previous?.allocationPending && previous.creditNoteId)
    return finishPendingAllocation(run, { ...previous, creditNoteId: previous.creditNoteId });

  const decision = decideCancellation({
    tenantId: run.tenantId,
    invoiceId: request.invoiceId,
    xeroInvoiceId: run.xeroInvoiceId,
    invoice: run.invoice,
    policy: request.policy ?? 'CreditNote',
    previous,
    unconfirmedWrites: run.unconfirmed.map((i) => i.purpose),
    // The organisation's time zone is not stored; UTC is at most a day off and Xero accepts either date.
    today: run.today(),
  });
  if (decision.action === 'Deleted' || decision.action === 'Voided') return removeInvoice(run, decision);
  if (decision.action === 'CreditNoteAllocated' || decision.action === 'CreditNoteUnallocated')
    return raiseCreditNote(run, decision);
  return buildCancellationResult(run.ids, decision);
}
