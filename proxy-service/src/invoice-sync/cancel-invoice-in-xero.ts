/**
 * CancelInvoice (B8) carried out: read the ledger (it knows the Xero id after the Dynamics row is gone) and Xero's
 * current state (one GET), decide with the pure domain, journal each write before sending it with its
 * content-derived Idempotency-Key, and record the cancellation so asking again changes nothing.
 *
 * A credit note is recorded as soon as Xero has created it, before it is allocated: if the proxy dies in between,
 * the repeat reports the note (already cancelled) instead of raising a second one; the allocation is then left to
 * a person, which the note's number in the answer makes possible.
 */
import type { CancelInvoiceRequest, CancelInvoiceResponse } from '@dxc/openapi';
import { ProxyError } from '../errors';
import type { ConnectionRecord } from '../store/store';
import { buildCancellationResult } from '../sync/cancellation/build-cancellation-result';
import type { CancellationWriteAnswer } from '../sync/cancellation/build-cancellation-result';
import { decideCancellation } from '../sync/cancellation/decide-cancellation';
import type { XeroGateway } from '../xero/xero-gateway';
import type { InvoiceLedgerStore } from './invoice-ledger-store';

export interface CancelDeps {
  ledger: InvoiceLedgerStore;
  gateway: XeroGateway;
  now: () => number;
}

export async function cancelInvoiceInXero(
  deps: CancelDeps,
  connection: ConnectionRecord,
  request: CancelInvoiceRequest,
): Promise<CancelInvoiceResponse> {
  const { ledger, gateway } = deps;
  const tenantId = connection.tenantId;
  const iso = () => new Date(deps.now()).toISOString();
  const knowledge = await ledger.getSyncKnowledge(tenantId, {
    invoiceIds: [request.invoiceId],
    customerIds: [],
    itemCodes: [],
  });
  const record = knowledge.invoices[request.invoiceId.toLowerCase()];
  const xeroInvoiceId = record?.entry.xeroInvoiceId ?? request.xeroInvoiceId;
  const invoice = xeroInvoiceId ? await gateway.getInvoice(connection, xeroInvoiceId) : undefined;
  const decision = decideCancellation({
    tenantId,
    invoiceId: request.invoiceId,
    xeroInvoiceId,
    invoice,
    policy: request.policy ?? 'CreditNote',
    previous: record?.cancellation,
    // The organisation's time zone is not stored; UTC is at most a day off and Xero accepts either date.
    today: iso().slice(0, 10),
  });
  const ids = { invoiceId: request.invoiceId, xeroInvoiceId: invoice?.InvoiceID ?? xeroInvoiceId };
  const journal = (key: string, purpose: string) =>
    ledger.journalIntent({
      tenantId,
      idempotencyKey: key,
      purpose,
      invoices: [{ invoiceId: request.invoiceId, hash: key }],
      createdAt: iso(),
    });

  if (decision.action === 'Deleted' || decision.action === 'Voided') {
    await journal(decision.idempotencyKey, decision.action === 'Deleted' ? 'invoice-delete' : 'invoice-void');
    await gateway.setInvoiceStatus(connection, decision.write, decision.idempotencyKey);
    await ledger.recordCancellation(
      tenantId,
      request.invoiceId,
      { action: decision.action },
      decision.statusAfter,
      iso(),
    );
    await ledger.completeIntent(tenantId, decision.idempotencyKey, iso());
    return buildCancellationResult(ids, decision);
  }

  if (decision.action === 'CreditNoteAllocated' || decision.action === 'CreditNoteUnallocated') {
    await journal(decision.creditNoteKey, 'credit-note-create');
    const note = await gateway.createCreditNote(
      connection,
      decision.credit.creditNote,
      decision.creditNoteKey,
    );
    if (!note?.CreditNoteID) {
      throw new ProxyError('XERO_ERROR', 502, 'Xero did not return the credit note it was asked to create.');
    }
    const answer: CancellationWriteAnswer = { creditNote: note };
    const recorded = { creditNoteId: note.CreditNoteID, creditNoteNumber: note.CreditNoteNumber };
    await ledger.recordCancellation(
      tenantId,
      request.invoiceId,
      { action: 'CreditNoteUnallocated', ...recorded },
      undefined,
      iso(),
    );
    await ledger.completeIntent(tenantId, decision.creditNoteKey, iso());
    if (decision.action === 'CreditNoteAllocated' && decision.credit.allocation && decision.allocationKey) {
      await journal(decision.allocationKey, 'credit-note-allocate');
      try {
        await gateway.allocateCreditNote(
          connection,
          note.CreditNoteID,
          decision.credit.allocation,
          decision.allocationKey,
        );
        await ledger.recordCancellation(
          tenantId,
          request.invoiceId,
          { action: 'CreditNoteAllocated', ...recorded },
          decision.statusAfter,
          iso(),
        );
      } catch (error) {
        if (!(error instanceof ProxyError) || error.code !== 'XERO_VALIDATION') throw error;
        answer.allocationRefused = error.message.replace(/^Xero refused the request\.\s*(Xero said: )?/, '');
      }
      await ledger.completeIntent(tenantId, decision.allocationKey, iso());
    }
    return buildCancellationResult(ids, decision, answer);
  }

  return buildCancellationResult(ids, decision);
}
