/**
 * A credit note as xero-node reads it, in the Invoice model the status readers (mapInvoiceStatus, catchUpLedger)
 * take: its id and number in the invoice's places, what is left of the credit as the amount due and what was
 * allocated as credited — the same reading as the sync's (sync/invoices/credit-note-wire.ts).
 */
import type { CreditNote, Invoice } from 'xero-node';

export function creditNoteAsInvoice(note: CreditNote): Invoice {
  const remaining = note.remainingCredit;
  const credited =
    remaining !== undefined && note.total !== undefined
      ? Math.round((note.total - remaining) * 100) / 100
      : undefined;
  return {
    invoiceID: note.creditNoteID,
    invoiceNumber: note.creditNoteNumber,
    type: note.type as unknown as Invoice['type'],
    status: note.status as unknown as Invoice['status'],
    contact: note.contact,
    currencyCode: note.currencyCode,
    total: note.total,
    amountDue: remaining,
    amountCredited: credited,
    fullyPaidOnDate: note.fullyPaidOnDate,
    updatedDateUTC: note.updatedDateUTC,
  } as Invoice;
}
