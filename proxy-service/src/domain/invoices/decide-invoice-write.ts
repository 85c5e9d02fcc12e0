/**
 * Whether an invoice needs a Xero write, and which (reference/xero-api.md §2 "Status rules"): Xero lets us edit
 * DRAFT, SUBMITTED, and AUTHORISED invoices without payments or credit allocations; PAID, VOIDED and DELETED
 * invoices are read-only. Same content as last accepted → no call at all.
 */
import type { SyncError } from '@dxc/openapi';
import type { LedgerInvoiceEntry } from './sync-ledger';
import { syncProblem } from './sync-problem';

export type InvoiceWriteDecision =
  | { kind: 'create' }
  | { kind: 'update'; xeroInvoiceId: string }
  | { kind: 'unchanged'; xeroInvoiceId: string }
  | { kind: 'refuse'; xeroInvoiceId: string; error: SyncError };

const READ_ONLY: Record<string, string> = {
  PAID: 'The invoice is PAID in Xero and can no longer be changed.',
  VOIDED: 'The invoice is VOIDED in Xero and can no longer be changed.',
  DELETED:
    'The invoice is DELETED in Xero and can no longer be changed. Create a new invoice in Dynamics 365 to send it again.',
};

/**
 * @param entry the ledger's entry for the Dataverse invoice, if any (or just the Xero id the request carried)
 * @param newHash payload-hash of what we would send now
 */
export function decideInvoiceWrite(
  entry: Pick<LedgerInvoiceEntry, 'xeroInvoiceId' | 'payloadHash' | 'status' | 'hasPayments'> | undefined,
  newHash: string,
): InvoiceWriteDecision {
  if (!entry?.xeroInvoiceId) return { kind: 'create' };
  const xeroInvoiceId = entry.xeroInvoiceId;
  if (entry.payloadHash !== undefined && entry.payloadHash === newHash)
    return { kind: 'unchanged', xeroInvoiceId };
  const readOnly = entry.status ? READ_ONLY[entry.status] : undefined;
  if (readOnly) return { kind: 'refuse', xeroInvoiceId, error: syncProblem('not_changeable', readOnly) };
  if (entry.hasPayments) {
    return {
      kind: 'refuse',
      xeroInvoiceId,
      error: syncProblem(
        'not_changeable',
        'The invoice has a payment or credit note allocated to it in Xero and can no longer be changed. ' +
          'Remove the payment in Xero first, or raise a credit note for the difference.',
      ),
    };
  }
  // DRAFT, SUBMITTED, AUTHORISED without payments, or a status the ledger never saw: Xero has the last word.
  return { kind: 'update', xeroInvoiceId };
}
