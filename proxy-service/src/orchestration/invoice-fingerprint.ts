/**
 * What identifies an invoice we created in Xero when its answer was lost (the proxy died, or the connection dropped,
 * between Xero's write and the ledger write): the fields we sent that Xero stores and returns as sent — type,
 * contact, date, reference, number, currency and each line's description, quantity, price, item, account and tax
 * type. Only the fields we sent count (Xero fills others in, e.g. a line's description from its item).
 *
 * We do not put a marker (such as the Dataverse id) into a Xero field: every field Xero stores is shown to users,
 * and Reference carries the customer's own text. Identical invoices for the same contact on the same day share a
 * fingerprint; recovery pairs them one to one, which is still exactly once.
 */
import { createHash } from 'node:crypto';
import type { XeroInvoicePayload, XeroInvoiceRecord } from '../domain/invoices/xero-payloads';
import { toCalendarDate } from '../domain/xero-dates';

const num = (value: unknown): string =>
  typeof value === 'number' && Number.isFinite(value) ? String(Math.round(value * 10_000) / 10_000) : '';
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const LINE_FIELDS = ['Description', 'Quantity', 'UnitAmount', 'ItemCode', 'AccountCode', 'TaxType'] as const;

/** The fingerprint of `invoice` over the fields `sent` carries (pass the payload itself for the sent side). */
export function invoiceFingerprint(
  sent: XeroInvoicePayload,
  invoice: XeroInvoicePayload | XeroInvoiceRecord,
): string {
  const parts: string[] = [
    text(invoice.Type),
    text(invoice.Contact?.ContactID).toLowerCase(),
    sent.Date !== undefined ? (toCalendarDate((invoice as { Date?: unknown }).Date) ?? '') : '',
    sent.Reference !== undefined ? text(invoice.Reference) : '',
    sent.InvoiceNumber !== undefined ? text(invoice.InvoiceNumber) : '',
    sent.CurrencyCode !== undefined ? text(invoice.CurrencyCode) : '',
  ];
  const lines = (invoice.LineItems ?? []) as Record<string, unknown>[];
  parts.push(String(lines.length));
  sent.LineItems.forEach((ours, index) => {
    const theirs = lines[index] ?? {};
    for (const field of LINE_FIELDS) {
      if (ours[field] === undefined) continue;
      const value = theirs[field];
      parts.push(
        typeof ours[field] === 'number'
          ? num(value)
          : field === 'ItemCode'
            ? text(value).toLowerCase()
            : text(value),
      );
    }
  });
  return createHash('sha256').update(parts.join('\u001e')).digest('hex');
}
