/** What the ledger's writes do to a stored entry (JSON text): pure, so the store only reads and writes rows. */
import type { LedgerInvoiceEntry, ReportedState } from '../../domain/invoices/sync-ledger';
import { sameReportedState } from '../../domain/invoices/sync-ledger';
import type { LedgerDelivery, XeroInvoiceState } from './invoice-ledger-store';

/** The stored entry (JSON) with the delivery merged in. */
export function deliveredEntry(stored: string, delivery: LedgerDelivery): string {
  return JSON.stringify({ ...(JSON.parse(stored) as LedgerInvoiceEntry), ...delivery });
}

/** The stored entry (JSON) with what Dataverse was given. */
export function reportedEntry(stored: string, state: ReportedState): string {
  return JSON.stringify({ ...(JSON.parse(stored) as LedgerInvoiceEntry), reported: state });
}

/** The entry already holds what Xero shows: status, payments flag and (where known) the amounts. */
function sameXeroState(entry: LedgerInvoiceEntry, state: Omit<XeroInvoiceState, 'xeroInvoiceId'>): boolean {
  return (
    entry.status !== undefined &&
    entry.hasPayments === state.hasPayments &&
    sameReportedState(
      { status: entry.status, amountDue: entry.amountDue, amountPaid: entry.amountPaid },
      state,
    )
  );
}

/**
 * The stored entry (JSON) with the status and payments flag Xero showed, or undefined when Xero showed nothing
 * new.
 */
export function refreshedEntry(
  stored: string,
  seen: ReadonlyMap<string, XeroInvoiceState>,
): string | undefined {
  const entry = JSON.parse(stored) as LedgerInvoiceEntry;
  const state = seen.get(entry.xeroInvoiceId.toLowerCase());
  if (!state || sameXeroState(entry, state)) return undefined;
  return JSON.stringify({
    ...entry,
    status: state.status,
    hasPayments: state.hasPayments,
    ...(state.amountDue !== undefined ? { amountDue: state.amountDue } : {}),
    ...(state.amountPaid !== undefined ? { amountPaid: state.amountPaid } : {}),
  });
}
