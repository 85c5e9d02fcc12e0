/**
 * Credit notes ride the invoice pipeline in the invoice shape (xero-payloads.ts); on the wire Xero names their id
 * and number CreditNoteID and CreditNoteNumber, has no DueDate, and tells what is left of the credit as
 * RemainingCredit (https://developer.xero.com/documentation/api/accounting/creditnotes). These two pure functions
 * are the whole difference, applied by the gateway on the way out and on the way back.
 */
import type { XeroInvoicePayload, XeroInvoiceRecord } from './xero-payloads';

/** A credit note element of PUT/POST /CreditNotes, as Xero takes it. */
export type XeroCreditNoteWire = Omit<XeroInvoicePayload, 'InvoiceID' | 'InvoiceNumber' | 'DueDate'> & {
  CreditNoteID?: string;
  CreditNoteNumber?: string;
};

/** A credit note as Xero returns it from a write or a read (the fields the pipeline uses). */
export type XeroCreditNoteWireRecord = Omit<XeroInvoiceRecord, 'InvoiceID' | 'InvoiceNumber'> & {
  CreditNoteID?: string;
  CreditNoteNumber?: string;
  RemainingCredit?: number;
  Allocations?: { Invoice?: { InvoiceID?: string }; Amount?: number }[];
};

export function toCreditNoteWire(payload: XeroInvoicePayload): XeroCreditNoteWire {
  const { InvoiceID, InvoiceNumber, DueDate: _dueDate, ...rest } = payload;
  const wire: XeroCreditNoteWire = { ...rest };
  if (InvoiceID) wire.CreditNoteID = InvoiceID;
  if (InvoiceNumber) wire.CreditNoteNumber = InvoiceNumber;
  return wire;
}

/**
 * A credit note read back as the pipeline's document record: what is left of the credit is its amount due (what
 * Dynamics 365 shows), and what was allocated or refunded counts as credited, so an allocated note is not edited.
 */
export function fromCreditNoteWire(record: XeroCreditNoteWireRecord): XeroInvoiceRecord {
  const { CreditNoteID, CreditNoteNumber, RemainingCredit, Allocations: _allocations, ...rest } = record;
  const out: XeroInvoiceRecord = { ...rest };
  if (CreditNoteID) out.InvoiceID = CreditNoteID;
  if (CreditNoteNumber) out.InvoiceNumber = CreditNoteNumber;
  if (RemainingCredit !== undefined) {
    out.AmountDue = RemainingCredit;
    if (record.Total !== undefined)
      out.AmountCredited = Math.round((record.Total - RemainingCredit) * 100) / 100;
  }
  return out;
}
