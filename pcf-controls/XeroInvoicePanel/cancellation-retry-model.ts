import { choiceValue } from '../shared/option-values';

// Issue 14 §6. A cancelled invoice is read-only in Dataverse until reactivated, so a retry of its failed cancellation
// is asked for on the Failed Sync history row: the Retry cancellation in Xero flow listens to this column.
export const CANCEL_RETRY_COLUMN = 'dxc_cancelretryrequestedon';

/** dxc_syncaction values that record a cancellation in Xero. */
export const CANCELLATION_ACTIONS = (['Delete', 'Void', 'Credit note'] as const).map((label) =>
  choiceValue('dxc_syncaction', label),
);
const SUCCESSFUL = choiceValue('dxc_syncstatus', 'Successful');
const FAILED = choiceValue('dxc_syncstatus', 'Failed');
/** invoice statecode Canceled. */
const INVOICE_CANCELLED = 3;

/** What the panel shows about the invoice's cancellation in Xero, from its latest cancellation history row. */
export type CancellationState =
  | { kind: 'none' }
  | { kind: 'failed'; historyId: string; on?: string; details?: string }
  | { kind: 'pending'; historyId: string; requestedOn?: string }
  | { kind: 'cancelled'; historyId: string; on?: string; details?: string };

/**
 * The invoice's latest cancellation history row, with the invoice's state (one read, one row). Dataverse keeps event
 * and creation times to the second, so a retry's outcome can tie with the failure it retried: on a tie the row
 * without a retry request comes first (nulls sort first ascending, as SQL Server sorts them) — the outcome, never
 * the failure it answers.
 */
export function latestCancellationQuery(invoiceId: string): string {
  const actions = CANCELLATION_ACTIONS.map((value) => `dxc_action eq ${value}`).join(' or ');
  return (
    `?$select=dxc_synchistoryid,dxc_status,dxc_eventon,dxc_details,${CANCEL_RETRY_COLUMN}` +
    `&$filter=_dxc_invoiceid_value eq ${invoiceId} and (${actions})` +
    `&$orderby=dxc_eventon desc,${CANCEL_RETRY_COLUMN} asc,createdon desc&$top=1&$expand=dxc_InvoiceId($select=statecode)`
  );
}

/**
 * Reads the answer of `latestCancellationQuery`. Nothing is shown unless the invoice is cancelled in Dynamics (a
 * reactivated invoice's old failure is no longer actionable); a Failed row with a retry request is pending.
 */
export function readCancellation(
  entities: Record<string, unknown>[],
  formatDate: (value: Date) => string,
): CancellationState {
  const row = entities[0];
  if (!row || typeof row.dxc_synchistoryid !== 'string') return { kind: 'none' };
  const invoice = row.dxc_InvoiceId as { statecode?: unknown } | null | undefined;
  if (invoice?.statecode !== INVOICE_CANCELLED) return { kind: 'none' };
  const historyId = row.dxc_synchistoryid;
  const on = dateText(row.dxc_eventon, formatDate);
  const details =
    typeof row.dxc_details === 'string' && row.dxc_details.trim() ? row.dxc_details.trim() : undefined;
  if (row.dxc_status === SUCCESSFUL) return { kind: 'cancelled', historyId, on, details };
  if (row.dxc_status !== FAILED) return { kind: 'none' };
  if (row[CANCEL_RETRY_COLUMN]) {
    return { kind: 'pending', historyId, requestedOn: dateText(row[CANCEL_RETRY_COLUMN], formatDate) };
  }
  return { kind: 'failed', historyId, on, details };
}

function dateText(value: unknown, formatDate: (value: Date) => string): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : formatDate(date);
}
