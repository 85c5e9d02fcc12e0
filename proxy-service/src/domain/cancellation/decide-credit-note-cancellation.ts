/**
 * Cancelling a credit note raised from Dynamics 365 (an invoice row of type Sales or Purchase credit note), decided
 * from the note as Xero holds it now. A credit note cannot itself be credited, so the connection's cancellation
 * policy does not apply (reference/xero-api.md §5; the emulator's rules, sandbox/xero/src/accounting/README.md):
 *
 * | Xero state of the note                           | what happens                                           |
 * |--------------------------------------------------|--------------------------------------------------------|
 * | DRAFT, SUBMITTED                                 | deleted (POST /CreditNotes/{id} Status DELETED)         |
 * | AUTHORISED, nothing allocated                    | voided (POST /CreditNotes/{id} Status VOIDED)           |
 * | AUTHORISED part allocated, or PAID (all used)    | nothing: refused, "remove the allocations in Xero first" |
 * | VOIDED, DELETED, or cancelled before (ledger)    | already cancelled                                       |
 * | unknown to Xero                                  | nothing                                                 |
 *
 * Lost answers: a note already DELETED / VOIDED while our delete / void is still an unconfirmed write is reported as
 * the Deleted / Voided it is, without writing again.
 */
import type { CancelInvoiceResponse, XeroInvoiceStatus } from '@dxc/openapi';
import { idempotencyKey } from '../invoices/idempotency-key';
import { bodyHash } from '../invoices/payload-hash';
import type { PreviousCancellation } from './decide-cancellation';
import type { XeroCreditNoteRecord } from './earlier-credit-note';

export interface CreditNoteCancellationInput {
  tenantId: string;
  /** The Dataverse row id of the credit note. */
  invoiceId: string;
  /** From the ledger. */
  creditNoteId: string;
  /** The note as Xero holds it now; absent when Xero does not know it. */
  creditNote?: XeroCreditNoteRecord;
  previous?: PreviousCancellation;
  unconfirmedWrites?: readonly string[];
}

export type CreditNoteCancellation =
  | {
      action: 'Deleted' | 'Voided';
      write: { CreditNoteID: string; Status: 'DELETED' | 'VOIDED' };
      idempotencyKey: string;
      purpose: 'credit-note-delete' | 'credit-note-void';
      alreadyInXero?: boolean;
      statusAfter: XeroInvoiceStatus;
      message: string;
    }
  | { action: 'Nothing' | 'AlreadyCancelled'; statusAfter?: XeroInvoiceStatus; message: string };

const STATUSES: readonly string[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];
const cents = (value: number | undefined): number => Math.round((value ?? 0) * 100);

export function decideCreditNoteCancellation(input: CreditNoteCancellationInput): CreditNoteCancellation {
  const note = input.creditNote;
  const name = note?.CreditNoteNumber ? `Credit note ${note.CreditNoteNumber}` : 'The credit note';
  const status = STATUSES.includes(note?.Status?.toUpperCase() ?? '')
    ? (note!.Status!.toUpperCase() as XeroInvoiceStatus)
    : undefined;
  if (input.previous)
    return {
      action: 'AlreadyCancelled',
      ...(status ? { statusAfter: status } : {}),
      message: 'The credit note was already cancelled in Xero; nothing changed.',
    };
  if (!note || !status)
    return {
      action: 'Nothing',
      message: `Xero has no credit note ${input.creditNoteId}; nothing was done. It may have been removed in Xero already.`,
    };
  const write = (target: 'DELETED' | 'VOIDED', alreadyInXero = false): CreditNoteCancellation => {
    const body = { CreditNoteID: input.creditNoteId, Status: target };
    const purpose = target === 'DELETED' ? 'credit-note-delete' : 'credit-note-void';
    return {
      action: target === 'DELETED' ? 'Deleted' : 'Voided',
      write: body,
      idempotencyKey: idempotencyKey({
        tenantId: input.tenantId,
        purpose,
        parts: [{ id: input.invoiceId.toLowerCase(), hash: bodyHash(body) }],
      }),
      purpose,
      ...(alreadyInXero ? { alreadyInXero } : {}),
      statusAfter: target,
      message: alreadyInXero
        ? `${name} has been ${target.toLowerCase()} in Xero. An earlier attempt did it but its answer was lost, so nothing was sent again.`
        : target === 'DELETED'
          ? `${name} was ${status.toLowerCase()} in Xero and has been deleted there.`
          : `${name} was approved in Xero with nothing allocated and has been voided there.`,
    };
  };
  switch (status) {
    case 'DELETED':
    case 'VOIDED': {
      const purpose = status === 'DELETED' ? 'credit-note-delete' : 'credit-note-void';
      if (input.unconfirmedWrites?.includes(purpose)) return write(status, true);
      return {
        action: 'AlreadyCancelled',
        statusAfter: status,
        message: `${name} is already ${status.toLowerCase()} in Xero; nothing changed.`,
      };
    }
    case 'DRAFT':
    case 'SUBMITTED':
      return write('DELETED');
    default:
      break;
  }
  const used = cents(note.Total) - cents(note.RemainingCredit ?? note.Total);
  if (status === 'PAID' || used > 0 || (note.Allocations ?? []).some((a) => cents(a.Amount) > 0)) {
    return {
      action: 'Nothing',
      statusAfter: status,
      message:
        `${name} is allocated to an invoice (or refunded) in Xero, and Xero voids only credit notes with nothing ` +
        'allocated, so nothing was done. Remove its allocations in Xero first, then cancel it again.',
    };
  }
  return write('VOIDED');
}

/** The contract's answer for a decided (and, for a write, accepted) credit note cancellation. */
export function creditNoteCancellationResult(
  ids: { invoiceId: string; creditNoteId: string; creditNoteNumber?: string },
  decision: CreditNoteCancellation,
): CancelInvoiceResponse {
  const response: CancelInvoiceResponse = {
    invoiceId: ids.invoiceId,
    xeroInvoiceId: ids.creditNoteId,
    action: decision.action,
    message: decision.message,
    creditNoteId: ids.creditNoteId,
  };
  if (ids.creditNoteNumber) response.creditNoteNumber = ids.creditNoteNumber;
  if (decision.statusAfter) response.statusAfter = decision.statusAfter;
  return response;
}
