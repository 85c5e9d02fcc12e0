/**
 * Tells the proxy's own writes to Xero, seen again through Xero's webhooks ("echoes"), from changes made in Xero.
 * Every sync and cancellation the proxy sends comes back as an INVOICE event; a flow that wrote it to Dataverse
 * from that event would rewrite what Dynamics 365 just sent. The invoice ledger remembers what the proxy last did:
 * - `entry.xeroUpdatedAt`: Xero's UpdatedDateUTC in its answer to the proxy's last invoice write;
 * - `cancellation`: what CancelInvoice did, which leaves the invoice DELETED, VOIDED or (credit note allocated) PAID.
 */
import type { CancellationAction } from '@dxc/openapi';
import type { InvoiceLedgerRecord } from '../store/invoice-ledger/invoice-ledger-store';
import { eventTime } from './xero-webhook-payload';

/** What the rules need of a ledger record. */
export type OwnWriteRecord = Pick<InvoiceLedgerRecord, 'entry' | 'cancellation'>;

/** The invoice as just read from Xero. */
export interface ObservedInvoice {
  /** Xero's UpdatedDateUTC, ISO. */
  updatedAt?: string;
  status?: string;
}

/** The status each cancellation leaves in Xero; the others change nothing on the invoice. */
const STATUS_AFTER: Partial<Record<CancellationAction, string>> = {
  Deleted: 'DELETED',
  Voided: 'VOIDED',
  CreditNoteAllocated: 'PAID',
};

const instant = (iso: string | undefined): number | undefined => {
  const t = iso === undefined ? NaN : Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

/**
 * True when Xero shows the invoice as the proxy's own last write left it: last updated at the very instant of the
 * proxy's write, or in the status its cancellation left. Anything else happened in Xero after it.
 */
export function isOwnWrite(record: OwnWriteRecord | undefined, observed: ObservedInvoice): boolean {
  if (!record) return false;
  const written = instant(record.entry.xeroUpdatedAt);
  if (written !== undefined && written === instant(observed.updatedAt)) return true;
  const left = record.cancellation ? STATUS_AFTER[record.cancellation.action] : undefined;
  return left !== undefined && observed.status === left;
}

/**
 * How far apart Xero's event time and the UpdatedDateUTC of the proxy's write may be for the event to be that
 * write's echo. Xero stamps the event (eventDateUtc, "when the event occurred") and the invoice (UpdatedDateUTC)
 * separately and does not document that they are equal (UNVERIFIED; both carry milliseconds). 2 seconds absorbs
 * stamping differences, yet is shorter than anyone can act on an invoice in Xero after the proxy wrote it; a change
 * made within it is not notified to batched subscriptions (the status catch-up still sees it).
 */
export const ECHO_WINDOW_MS = 2000;

/**
 * For batched notifications, which read nothing from Xero: true when the event is the proxy's own write, judged
 * from the event's time alone. Voided and deleted invoices are read-only in Xero (reference/xero-api.md §2), so
 * every event of an invoice the proxy voided or deleted is its cancellation's echo.
 */
export function isOwnWriteEvent(record: OwnWriteRecord | undefined, eventDateUtc: string): boolean {
  if (!record) return false;
  const written = instant(record.entry.xeroUpdatedAt);
  const at = eventTime(eventDateUtc);
  if (written !== undefined && at !== undefined && Math.abs(at - written) <= ECHO_WINDOW_MS) return true;
  const action = record.cancellation?.action;
  return action === 'Deleted' || action === 'Voided';
}
