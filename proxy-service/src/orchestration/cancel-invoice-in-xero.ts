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
import type { PreviousCancellation } from '../domain/cancellation/decide-cancellation';
import { decideCancellation } from '../domain/cancellation/decide-cancellation';
import { earlierCreditNoteWhere, findEarlierCreditNote } from '../domain/cancellation/earlier-credit-note';
import type { FinishAllocationStep } from '../domain/cancellation/finish-allocation';
import { finishAllocation } from '../domain/cancellation/finish-allocation';
import type { XeroDocumentStatus } from '../domain/invoices/xero-payloads';
import type { XeroGateway } from '../xero/xero-gateway';
import type { InvoiceLedgerStore } from '../store/invoice-ledger/invoice-ledger-store';
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

export async function cancelInvoiceInXero(
  deps: CancelDeps,
  connection: ConnectionRecord,
  request: CancelInvoiceRequest,
): Promise<CancelInvoiceResponse> {
  const { ledger, gateway } = deps;
  const tenantId = connection.tenantId;
  const iso = () => new Date(deps.now()).toISOString();
  const today = () => iso().slice(0, 10);
  const knowledge = await ledger.getSyncKnowledge(tenantId, {
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
  const xeroInvoiceId = record?.entry.xeroInvoiceId ?? request.xeroInvoiceId;
  const invoice = xeroInvoiceId ? await gateway.getInvoice(connection, xeroInvoiceId) : undefined;
  const ids = { invoiceId: request.invoiceId, xeroInvoiceId: invoice?.InvoiceID ?? xeroInvoiceId };
  const journal = (key: string, purpose: string) =>
    ledger.journalIntent({
      tenantId,
      idempotencyKey: key,
      purpose,
      invoices: [{ invoiceId: request.invoiceId, hash: key }],
      createdAt: iso(),
    });
  // Writes of earlier attempts whose answers never reached the ledger; settled once this attempt has recorded.
  const unconfirmed = (await ledger.listPendingIntents(tenantId, [request.invoiceId])).filter((i) =>
    CANCEL_PURPOSES.includes(i.purpose),
  );
  const remember = (cancellation: PreviousCancellation, status?: XeroDocumentStatus) =>
    ledger.recordCancellation(tenantId, request.invoiceId, cancellation, status, iso());
  const settle = async (...keys: string[]) => {
    for (const key of new Set([...keys, ...unconfirmed.map((i) => i.idempotencyKey)]))
      await ledger.completeIntent(tenantId, key, iso());
  };

  const previous = record?.cancellation;
  if (previous?.allocationPending && previous.creditNoteId) {
    const pendingOn = { ...previous, creditNoteId: previous.creditNoteId };
    const decide = async (current: typeof invoice, refused?: string): Promise<FinishAllocationStep> =>
      finishAllocation({
        tenantId,
        invoiceId: request.invoiceId,
        invoice: current,
        previous: pendingOn,
        creditNote: await gateway.getCreditNote(connection, pendingOn.creditNoteId),
        today: today(),
        ...(refused ? { refused } : {}),
      });
    let step = await decide(invoice);
    const keys: string[] = [];
    if (step.kind === 'allocate') {
      keys.push(step.allocationKey);
      await journal(step.allocationKey, 'credit-note-allocate');
      try {
        await gateway.allocateCreditNote(connection, step.creditNoteId, step.allocation, step.allocationKey);
      } catch (error) {
        if (!(error instanceof ProxyError) || error.code !== 'XERO_VALIDATION') throw error;
        // An earlier allocation whose answer was lost makes this one an over-allocation: look again.
        const now = xeroInvoiceId ? await gateway.getInvoice(connection, xeroInvoiceId) : undefined;
        step = await decide(now, refusal(error));
      }
    }
    await remember(step.finished.record, step.finished.statusAfter);
    await settle(...keys);
    const response: CancelInvoiceResponse = { invoiceId: request.invoiceId, ...step.finished.response };
    if (ids.xeroInvoiceId) response.xeroInvoiceId = ids.xeroInvoiceId;
    return response;
  }

  const decision = decideCancellation({
    tenantId,
    invoiceId: request.invoiceId,
    xeroInvoiceId,
    invoice,
    policy: request.policy ?? 'CreditNote',
    previous,
    unconfirmedWrites: unconfirmed.map((i) => i.purpose),
    // The organisation's time zone is not stored; UTC is at most a day off and Xero accepts either date.
    today: today(),
  });

  if (decision.action === 'Deleted' || decision.action === 'Voided') {
    if (!decision.alreadyInXero) {
      await journal(
        decision.idempotencyKey,
        decision.action === 'Deleted' ? 'invoice-delete' : 'invoice-void',
      );
      await gateway.setInvoiceStatus(connection, decision.write, decision.idempotencyKey);
    }
    await remember({ action: decision.action }, decision.statusAfter);
    await settle(decision.idempotencyKey);
    return buildCancellationResult(ids, decision);
  }

  if (decision.action === 'CreditNoteAllocated' || decision.action === 'CreditNoteUnallocated') {
    const answer: CancellationWriteAnswer = {};
    const earlier = findEarlierCreditNote(
      decision.credit,
      await gateway.findCreditNotes(connection, earlierCreditNoteWhere(decision.credit)),
    );
    let note: { CreditNoteID?: string; CreditNoteNumber?: string; Total?: number } | undefined = earlier;
    if (earlier) {
      answer.foundEarlier = true;
    } else {
      await journal(decision.creditNoteKey, 'credit-note-create');
      note = await gateway.createCreditNote(connection, decision.credit.creditNote, decision.creditNoteKey);
    }
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
    await remember({
      action: 'CreditNoteUnallocated',
      ...recorded,
      ...(allocation ? { allocationPending: true } : {}),
    });
    await ledger.completeIntent(tenantId, decision.creditNoteKey, iso());
    if (allocation) {
      await journal(allocation.key, 'credit-note-allocate');
      try {
        await gateway.allocateCreditNote(connection, note.CreditNoteID, allocation.payload, allocation.key);
        await remember({ action: 'CreditNoteAllocated', ...recorded }, decision.statusAfter);
      } catch (error) {
        if (!(error instanceof ProxyError) || error.code !== 'XERO_VALIDATION') throw error;
        // The note was untouched and the invoice unpaid a moment ago: a refusal is real (e.g. a payment arrived).
        answer.allocationRefused = refusal(error);
        await remember({ action: 'CreditNoteUnallocated', ...recorded });
      }
    }
    await settle(decision.creditNoteKey, ...(allocation ? [allocation.key] : []));
    return buildCancellationResult(ids, decision, answer);
  }

  return buildCancellationResult(ids, decision);
}
