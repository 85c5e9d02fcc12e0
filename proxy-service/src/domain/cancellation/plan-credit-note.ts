/**
 * The credit note that cancels an approved invoice (B8, reference/xero-api.md §5): the invoice's lines mirrored so
 * the note's total equals the invoice's, same contact, currency, line amount types, tax types and account codes,
 * AUTHORISED (Xero allocates only approved notes), referenced "Cancellation of <invoice number> (Dynamics 365)". The
 * allocation is a second call (Xero cannot allocate at creation) for the invoice's amount due.
 *
 * The reference is how a note raised by the proxy is recognised in Xero when the answer to its creation was lost
 * (findEarlierCreditNote): the suffix keeps a note a person typed by hand ("Cancellation of INV-0044") from being
 * taken for it.
 */
import type {
  XeroAllocationPayload,
  XeroCreditNotePayload,
  XeroInvoiceRecord,
  XeroLineAmountTypes,
  XeroLineItemPayload,
  XeroLineItemRecord,
} from '../invoices/xero-payloads';

export interface PlannedCreditNote {
  creditNote: XeroCreditNotePayload;
  /** Absent when the note must be allocated by hand (part-paid invoice). */
  allocation?: XeroAllocationPayload;
  /** The note's amount: the invoice total. */
  amount: number;
}

/** The reference of the credit note that cancels this invoice (the invoice number, else its Xero id). */
export function cancellationReference(
  invoice: Pick<XeroInvoiceRecord, 'InvoiceNumber' | 'InvoiceID'>,
): string {
  return `Cancellation of ${invoice.InvoiceNumber || invoice.InvoiceID} (Dynamics 365)`;
}

const LINE_AMOUNT_TYPES: readonly string[] = ['Exclusive', 'Inclusive', 'NoTax'];
const money = (value: number): number => Math.round(value * 100) / 100;

/**
 * Xero refuses line discounts on credit notes, so a discounted line is sent as one unit at its discounted amount,
 * which keeps the line amount (and so the tax and the total) equal to the invoice's.
 */
function mirrorLine(line: XeroLineItemRecord): XeroLineItemPayload {
  const out: XeroLineItemPayload = {};
  if (line.Description) out.Description = line.Description;
  const discounted = (line.DiscountRate ?? 0) > 0 || (line.DiscountAmount ?? 0) > 0;
  if (discounted && line.LineAmount !== undefined) {
    out.Quantity = 1;
    out.UnitAmount = line.LineAmount;
  } else {
    if (line.Quantity !== undefined) out.Quantity = line.Quantity;
    if (line.UnitAmount !== undefined) out.UnitAmount = line.UnitAmount;
  }
  if (line.ItemCode) out.ItemCode = line.ItemCode;
  if (line.AccountCode) out.AccountCode = line.AccountCode;
  if (line.TaxType) out.TaxType = line.TaxType;
  return out;
}

/**
 * @param invoice the invoice as Xero holds it now (GET /Invoices/{id}, with its LineItems)
 * @param options.date the credit note and allocation date, `YYYY-MM-DD` (today in the organisation's time zone)
 * @param options.allocate false when the invoice is part paid: the note is raised but left for a person to allocate
 */
export function planCreditNote(
  invoice: XeroInvoiceRecord,
  options: { date: string; allocate: boolean },
): PlannedCreditNote {
  if (!invoice.InvoiceID) throw new Error('planCreditNote: the invoice has no InvoiceID');
  const contactId = invoice.Contact?.ContactID;
  if (!contactId) throw new Error(`planCreditNote: invoice ${invoice.InvoiceID} has no Contact.ContactID`);
  const lines = (invoice.LineItems ?? []).map(mirrorLine).filter((l) => Object.keys(l).length > 0);
  if (!lines.length)
    throw new Error(`planCreditNote: invoice ${invoice.InvoiceID} has no LineItems to mirror`);
  const lineAmountTypes = (
    invoice.LineAmountTypes && LINE_AMOUNT_TYPES.includes(invoice.LineAmountTypes)
      ? invoice.LineAmountTypes
      : 'Exclusive'
  ) as XeroLineAmountTypes;
  const creditNote: XeroCreditNotePayload = {
    Type: invoice.Type === 'ACCPAY' ? 'ACCPAYCREDIT' : 'ACCRECCREDIT',
    Contact: { ContactID: contactId },
    LineItems: lines,
    Date: options.date,
    LineAmountTypes: lineAmountTypes,
    Reference: cancellationReference(invoice),
    Status: 'AUTHORISED',
  };
  if (invoice.CurrencyCode) creditNote.CurrencyCode = invoice.CurrencyCode;
  const planned: PlannedCreditNote = { creditNote, amount: money(invoice.Total ?? 0) };
  if (options.allocate) {
    planned.allocation = {
      Invoice: { InvoiceID: invoice.InvoiceID },
      Amount: money(invoice.AmountDue ?? invoice.Total ?? 0),
      Date: options.date,
    };
  }
  return planned;
}
