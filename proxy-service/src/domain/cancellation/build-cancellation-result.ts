/**
 * A cancellation decision plus what Xero answered → the contract's CancelInvoiceResponse. Only for writes Xero
 * accepted: a refused delete, void or credit note is an error the HTTP layer maps (nothing changed in Xero). One
 * partial case is handled here: the credit note was raised but its allocation was refused (e.g. a payment arrived in
 * between) — the note exists, so the answer is "allocate by hand", with Xero's reason.
 */
import type { CancelInvoiceResponse } from '@dxc/openapi';
import type { CancellationDecision } from './decide-cancellation';

export interface CancellationWriteAnswer {
  /** The credit note Xero created, when the decision raised one. */
  creditNote?: { CreditNoteID?: string; CreditNoteNumber?: string; Total?: number };
  /** Xero's reason when the allocation was refused. */
  allocationRefused?: string;
  /** The note was not raised now: an earlier attempt had raised it and its answer was lost (findEarlierCreditNote). */
  foundEarlier?: boolean;
}

export function buildCancellationResult(
  ids: { invoiceId: string; xeroInvoiceId?: string },
  decision: CancellationDecision,
  answer: CancellationWriteAnswer = {},
): CancelInvoiceResponse {
  const response: CancelInvoiceResponse = {
    invoiceId: ids.invoiceId,
    action: decision.action,
    message: decision.message,
  };
  if (ids.xeroInvoiceId) response.xeroInvoiceId = ids.xeroInvoiceId;
  if (decision.statusAfter) response.statusAfter = decision.statusAfter;
  if (decision.action === 'CreditNoteAllocated' || decision.action === 'CreditNoteUnallocated') {
    const note = answer.creditNote;
    if (!note?.CreditNoteID) {
      throw new Error('buildCancellationResult: a credit note decision needs the created credit note');
    }
    response.creditNoteId = note.CreditNoteID;
    if (note.CreditNoteNumber) response.creditNoteNumber = note.CreditNoteNumber;
    response.amount = note.Total ?? decision.credit.amount;
    if (decision.credit.creditNote.CurrencyCode)
      response.currencyCode = decision.credit.creditNote.CurrencyCode;
    const number = note.CreditNoteNumber ? ` ${note.CreditNoteNumber}` : '';
    if (decision.action === 'CreditNoteAllocated' && answer.allocationRefused) {
      response.action = 'CreditNoteUnallocated';
      delete response.statusAfter;
      response.message =
        `A credit note${number} for the full amount has been raised in Xero, but Xero refused to allocate it: ` +
        `${answer.allocationRefused} Allocate it by hand in Xero.`;
    } else {
      response.message = decision.message.replace('A credit note', `A credit note${number}`);
    }
    if (answer.foundEarlier)
      response.message +=
        ' An earlier attempt had raised the note but its answer was lost; it was not raised again.';
  }
  return response;
}
