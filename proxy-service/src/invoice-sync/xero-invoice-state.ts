/**
 * What the ledger keeps of an invoice read from Xero, so the ledger catches up with changes made in Xero (a
 * payment, an approval) wherever the proxy happens to read the invoice: a webhook's read or a status query.
 */
import type { Invoice as XeroInvoice } from 'xero-node';
import type { XeroDocumentStatus } from '../sync/invoices/xero-payloads';
import type { XeroInvoiceState } from './invoice-ledger-store';

const STATUSES: readonly string[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];

/** Undefined for an invoice without an id or with a status the ledger does not know. */
export function ledgerStateOf(invoice: XeroInvoice): XeroInvoiceState | undefined {
  const status = String(invoice.status ?? '');
  if (!invoice.invoiceID || !STATUSES.includes(status)) return undefined;
  return {
    xeroInvoiceId: invoice.invoiceID,
    status: status as XeroDocumentStatus,
    // As the sync decides it from Xero's answer (build-sync-results.ts).
    hasPayments: (invoice.amountPaid ?? 0) > 0 || (invoice.amountCredited ?? 0) > 0,
  };
}
