import type { Invoice as XeroInvoice } from 'xero-node';
import type { InvoiceStatus } from './contract-shapes';
import { omitUndefined } from './map-tax-rate';
import { toCalendarDate, toDateTime } from './xero-dates';

/** Xero Invoice → contract InvoiceStatus (status, amounts, paid date) for the status-and-payments flow (B7). */
export function mapInvoiceStatus(invoice: XeroInvoice): InvoiceStatus {
  return omitUndefined({
    xeroInvoiceId: invoice.invoiceID ?? '',
    invoiceNumber: invoice.invoiceNumber || undefined,
    invoiceType:
      invoice.type === undefined ? undefined : (String(invoice.type) as InvoiceStatus['invoiceType']),
    status: String(invoice.status ?? 'DRAFT') as InvoiceStatus['status'],
    amountDue: invoice.amountDue,
    amountPaid: invoice.amountPaid,
    amountCredited: invoice.amountCredited,
    total: invoice.total,
    currencyCode: invoice.currencyCode === undefined ? undefined : String(invoice.currencyCode),
    fullyPaidOn: toCalendarDate(invoice.fullyPaidOnDate),
    updatedAt: toDateTime(invoice.updatedDateUTC),
  });
}
