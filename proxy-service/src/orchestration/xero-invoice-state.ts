/**
 * Wherever the proxy reads invoices from Xero (a webhook's read, a status query), the ledger catches up with what
 * changed there (a payment, an approval), so the next SyncInvoices decides from Xero's latest state; and the
 * reader learns which Dataverse invoice each one is.
 */
import type { Invoice as XeroInvoice } from 'xero-node';
import type { XeroDocumentStatus } from '../domain/invoices/xero-payloads';
import type { InvoiceLedgerStore, XeroInvoiceState } from '../store/invoice-ledger/invoice-ledger-store';

const STATUSES: readonly string[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];

/** Undefined for an invoice without an id or with a status the ledger does not know. */
function ledgerStateOf(invoice: XeroInvoice): XeroInvoiceState | undefined {
  const status = String(invoice.status ?? '');
  if (!invoice.invoiceID || !STATUSES.includes(status)) return undefined;
  return {
    xeroInvoiceId: invoice.invoiceID,
    status: status as XeroDocumentStatus,
    // As the sync decides it from Xero's answer (build-sync-results.ts).
    hasPayments: (invoice.amountPaid ?? 0) > 0 || (invoice.amountCredited ?? 0) > 0,
    ...(invoice.amountDue !== undefined ? { amountDue: invoice.amountDue } : {}),
    ...(invoice.amountPaid !== undefined ? { amountPaid: invoice.amountPaid } : {}),
  };
}

export interface LedgerCatchUp {
  /** Lower-cased Xero invoice id → Dataverse invoice id, for the invoices the ledger knows. */
  dataverseIds: Map<string, string>;
  /** How many ledger entries took a new status or payments flag. */
  refreshed: number;
}

/**
 * One ledger read for the invoices just read from Xero, then their entries brought up to date (entries a sync
 * wrote after `readAt` are left alone: its answer may be the newer one).
 */
export async function catchUpLedger(
  ledger: InvoiceLedgerStore,
  tenantId: string,
  read: readonly XeroInvoice[],
  readAt: string,
  now: string,
): Promise<LedgerCatchUp> {
  const ids = read.map((x) => x.invoiceID).filter((id): id is string => !!id);
  if (!ids.length) return { dataverseIds: new Map(), refreshed: 0 };
  const known = await ledger.findLedgerByXeroIds(tenantId, ids);
  const dataverseIds = new Map(known.map((r) => [r.entry.xeroInvoiceId.toLowerCase(), r.invoiceId]));
  const seen = read
    .filter((x) => x.invoiceID && dataverseIds.has(x.invoiceID.toLowerCase()))
    .map(ledgerStateOf)
    .filter((state): state is XeroInvoiceState => state !== undefined);
  const refreshed = seen.length ? await ledger.refreshFromXero(tenantId, seen, readAt, now) : 0;
  return { dataverseIds, refreshed };
}
