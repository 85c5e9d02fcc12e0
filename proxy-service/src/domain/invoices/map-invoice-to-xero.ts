/**
 * A Dataverse invoice → the Xero invoice we send (B1, B3, B4), or the reasons it cannot go (validate-invoice.ts).
 * The mapping below runs only on an invoice with no problems.
 */
import type { DataverseInvoice, SyncError, SyncSettings } from '@dxc/openapi';
import type { InvoiceReading, LineReading, PricedLineReading, ResolvedInvoiceParts } from './invoice-reading';
import { readInvoice, readLines, sentLines } from './invoice-reading';
import { invoiceProblems } from './validate-invoice';
import type { XeroInvoicePayload, XeroLineItemPayload } from './xero-payloads';

export { isNoteLine } from './invoice-reading';
export type { ResolvedInvoiceParts } from './invoice-reading';

export type MappedInvoice =
  | {
      ok: true;
      payload: XeroInvoicePayload;
      /** The Dataverse line id of each payload line, by position (empty lines are left out). */
      lineIds: string[];
      /** Things the user should know although the invoice went (a line without its item code, …). */
      notes: string[];
    }
  | { ok: false; errors: SyncError[] };

const round = (value: number, dp: number): number => Math.round(value * 10 ** dp) / 10 ** dp;

/** What the user is told about a line that went (or, for an empty note line, did not), in line order. */
function lineNotes(reading: LineReading): string[] {
  const { label } = reading;
  if (reading.kind === 'priced') return reading.item.note ? [`${label}: ${reading.item.note}`] : [];
  if (!reading.text) return [`${label} is an empty write-in with no text, so it was left out.`];
  // Xero tracks amounts; a note line has none, so its tracking has nothing to split.
  return reading.line.tracking?.length
    ? [`${label} is a note line, so its tracking options were not sent.`]
    : [];
}

function pricedLineItem(reading: PricedLineReading, { sales, credit }: InvoiceReading): XeroLineItemPayload {
  const { line, item, description, accountCode, tracking } = reading;
  const out: XeroLineItemPayload = {
    Description: description || undefined,
    Quantity: round(reading.quantity, 4),
    UnitAmount: round(line.unitPrice ?? 0, 4),
  };
  if (!out.Description) delete out.Description;
  if (item.itemCode) out.ItemCode = item.itemCode;
  if (accountCode) out.AccountCode = accountCode;
  if (line.taxType) out.TaxType = line.taxType;
  if (tracking.ok && tracking.tracking.length) out.Tracking = tracking.tracking;
  const rate = line.discountRate ?? 0;
  const amount = line.manualDiscountAmount ?? 0;
  // Validation refused discounts on anything but sales invoices; the percent wins when both are given (contract:
  // "used instead of the discount amount").
  if (sales && !credit && rate > 0) out.DiscountRate = round(rate, 4);
  else if (sales && !credit && amount > 0) out.DiscountAmount = round(amount, 2);
  return out;
}

function lineItem(
  reading: LineReading,
  invoice: InvoiceReading,
  resolved: ResolvedInvoiceParts,
): XeroLineItemPayload {
  const item = reading.kind === 'note' ? { Description: reading.text } : pricedLineItem(reading, invoice);
  const existingId = resolved.lineItemIds?.[reading.line.lineId];
  return existingId ? { LineItemID: existingId, ...item } : item;
}

export function mapInvoiceToXero(
  invoice: DataverseInvoice,
  settings: SyncSettings,
  resolved: ResolvedInvoiceParts,
): MappedInvoice {
  const reading = readInvoice(invoice, settings);
  const lines = readLines(invoice, settings, reading, resolved);
  const errors = invoiceProblems(invoice, reading, lines, resolved);
  if (errors.length) return { ok: false, errors };

  const { type, sales, credit, date, dueDate, number } = reading;
  const sent = sentLines(lines);
  const payload: XeroInvoicePayload = {
    Type: type,
    Contact: { ContactID: resolved.xeroContactId },
    LineItems: sent.map((l) => lineItem(l, reading, resolved)),
    LineAmountTypes: invoice.lineAmountTypes ?? 'Exclusive',
  };
  if (resolved.xeroInvoiceId) payload.InvoiceID = resolved.xeroInvoiceId;
  if (date) payload.Date = date;
  if (dueDate && !credit) payload.DueDate = dueDate;
  if (invoice.currencyCode) payload.CurrencyCode = invoice.currencyCode;
  if (invoice.brandingThemeId) payload.BrandingThemeID = invoice.brandingThemeId;
  // Xero keeps Reference on sales invoices (and sales credit notes) only (reference/xero-api.md §2).
  if (sales && invoice.reference?.trim()) payload.Reference = invoice.reference.trim();
  if (reading.sendNumber && number) payload.InvoiceNumber = number;
  // On update the status stays what Xero has: the setting is the status *new* invoices get, and moving an approved
  // invoice back to draft is refused by Xero.
  if (!resolved.xeroInvoiceId) payload.Status = reading.status;
  return { ok: true, payload, lineIds: sent.map((l) => l.line.lineId), notes: lines.flatMap(lineNotes) };
}
