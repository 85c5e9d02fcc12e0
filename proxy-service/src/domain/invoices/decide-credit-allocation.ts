/**
 * Whether a credit note raised from Dynamics 365 is allocated to the invoice it credits, and by how much, decided
 * from both as Xero holds them now (read back just before, so a retry after a lost answer finds the allocation
 * instead of making a second one). Xero's rules (reference/xero-api.md §5): the note must be AUTHORISED, the invoice
 * AUTHORISED with an amount due, and the amount no more than both the invoice's AmountDue and the note's
 * RemainingCredit; a sales note goes on a sales invoice, a purchase note on a bill. We also ask for the same contact
 * and currency, which Xero's allocation screen requires (UNVERIFIED for the API), so the message can say which.
 */
import type { XeroCreditNoteRecord } from '../cancellation/earlier-credit-note';
import { idempotencyKey } from './idempotency-key';
import { bodyHash } from './payload-hash';
import type { XeroAllocationPayload, XeroInvoiceRecord } from './xero-payloads';

export interface CreditAllocationInput {
  tenantId: string;
  /** The credit note's Dataverse invoice id (part of the Idempotency-Key). */
  creditNoteRowId: string;
  /** The note as Xero holds it now (GET /CreditNotes/{id}). */
  creditNote: XeroCreditNoteRecord & { CreditNoteID: string };
  /** The credited invoice's Xero id, from the ledger; absent when that invoice never reached Xero. */
  xeroInvoiceId?: string;
  /** The credited invoice as Xero holds it now (GET /Invoices/{id}); absent when Xero does not know it. */
  invoice?: XeroInvoiceRecord;
  /** Today in the organisation's time zone, `YYYY-MM-DD`: the allocation date. */
  today: string;
}

export type CreditAllocationDecision =
  /** Xero already shows the note allocated to the invoice (an earlier attempt's answer was lost): nothing to send. */
  | { kind: 'allocated'; amount: number; message: string }
  | { kind: 'allocate'; allocation: XeroAllocationPayload; idempotencyKey: string; message: string }
  /** Not allocated, and why, for the sync history; the note stays in Xero as unallocated credit. */
  | { kind: 'not-allocated'; message: string };

const cents = (value: number | undefined): number => Math.round((value ?? 0) * 100);
const same = (a: string | undefined, b: string | undefined): boolean =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
const MATCHING_INVOICE_TYPE: Record<string, string> = { ACCRECCREDIT: 'ACCREC', ACCPAYCREDIT: 'ACCPAY' };

function money(value: number, currency: string | undefined): string {
  return `${currency ? `${currency} ` : ''}${value.toFixed(2)}`;
}

export function decideCreditAllocation(input: CreditAllocationInput): CreditAllocationDecision {
  const { creditNote: note, invoice } = input;
  const invoiceName = invoice?.InvoiceNumber ? `invoice ${invoice.InvoiceNumber}` : 'the credited invoice';
  const notAllocated = (why: string): CreditAllocationDecision => ({
    kind: 'not-allocated',
    message: `The credit note was not allocated: ${why} Its credit stays available in Xero; allocate it there by hand if needed.`,
  });
  if (!input.xeroInvoiceId) {
    return notAllocated(
      'the credited invoice has not been sent to Xero. Send the invoice first, then retry the credit note.',
    );
  }
  const already = (note.Allocations ?? []).filter(
    (a) => same(a.Invoice?.InvoiceID, input.xeroInvoiceId) && cents(a.Amount) > 0,
  );
  if (already.length) {
    const amount = already.reduce((sum, a) => sum + cents(a.Amount), 0) / 100;
    return {
      kind: 'allocated',
      amount,
      message: `The credit note is allocated to ${invoiceName} (${money(amount, note.CurrencyCode)}).`,
    };
  }
  if (note.Status?.toUpperCase() !== 'AUTHORISED')
    return notAllocated(
      `it is ${(note.Status ?? 'not approved').toLowerCase()} in Xero; Xero allocates approved credit notes only.`,
    );
  if (!invoice) return notAllocated('Xero does not know the credited invoice.');
  if (invoice.Type && note.Type && MATCHING_INVOICE_TYPE[note.Type] !== invoice.Type)
    return notAllocated(
      `a ${note.Type === 'ACCRECCREDIT' ? 'sales' : 'purchase'} credit note can only credit a ${note.Type === 'ACCRECCREDIT' ? 'sales invoice' : 'bill'}.`,
    );
  if (!same(invoice.Contact?.ContactID, note.Contact?.ContactID))
    return notAllocated(`${invoiceName} is for another contact.`);
  if (invoice.CurrencyCode && note.CurrencyCode && !same(invoice.CurrencyCode, note.CurrencyCode))
    return notAllocated(
      `${invoiceName} is in ${invoice.CurrencyCode} and the credit note in ${note.CurrencyCode}.`,
    );
  if (invoice.Status?.toUpperCase() !== 'AUTHORISED')
    return notAllocated(
      `${invoiceName} is ${(invoice.Status ?? 'unknown').toLowerCase()} in Xero; Xero allocates to approved, unpaid invoices only.`,
    );
  const due = cents(invoice.AmountDue);
  const remaining = cents(note.RemainingCredit ?? note.Total);
  if (due <= 0) return notAllocated(`${invoiceName} has nothing left to pay.`);
  if (remaining <= 0) return notAllocated('it has no credit left in Xero.');

  const amount = Math.min(due, remaining) / 100;
  const allocation: XeroAllocationPayload = {
    Invoice: { InvoiceID: input.xeroInvoiceId },
    Amount: amount,
    Date: input.today,
  };
  return {
    kind: 'allocate',
    allocation,
    idempotencyKey: idempotencyKey({
      tenantId: input.tenantId,
      purpose: 'credit-note-allocate',
      parts: [{ id: input.creditNoteRowId.toLowerCase(), hash: bodyHash(allocation) }],
    }),
    message: `The credit note has been allocated to ${invoiceName} (${money(amount, note.CurrencyCode)}).`,
  };
}
