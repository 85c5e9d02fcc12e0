/**
 * Builds the contract's InvoiceChangedEvent (`x-ms-notification-content` of WhenAnInvoiceChanges) from a Xero
 * INVOICE event and the invoice as read afterwards: Xero's events say only CREATE or UPDATE and carry no status
 * (reference/xero-api.md §10), so the kind of change is told from the status now and the one last seen.
 */
import type { InvoiceChangedEvent, InvoiceChangeType } from '@dxc/openapi';
import type { Invoice as XeroInvoice } from 'xero-node';
import { mapInvoiceStatus } from '../domain/map-invoice-status';
import type { XeroEventRow } from '../store/webhooks/webhook-store';
import { eventTime } from './xero-webhook-payload';

export function changeTypeOf(
  xeroEventType: string,
  status: string,
  previousStatus: string | null,
): InvoiceChangeType {
  if (status === 'VOIDED') return previousStatus === 'VOIDED' ? 'Updated' : 'Voided';
  if (status === 'DELETED') return previousStatus === 'DELETED' ? 'Updated' : 'Deleted';
  if (status === 'PAID') return previousStatus === 'PAID' ? 'Updated' : 'Paid';
  if (xeroEventType === 'CREATE') return 'Created';
  if (status === 'AUTHORISED' && (previousStatus === 'DRAFT' || previousStatus === 'SUBMITTED'))
    return 'Approved';
  return 'Updated';
}

function eventInstant(eventDateUtc: string): string {
  return new Date(eventTime(eventDateUtc) ?? Date.now()).toISOString();
}

/**
 * @param dataverseInvoiceId the Dynamics 365 invoice, when the proxy's ledger knows which one this is
 * @param changedByThisProxy the change is the proxy's own write seen again (own-write.ts)
 */
export function buildInvoiceChangedEvent(
  event: XeroEventRow,
  invoice: XeroInvoice,
  previousStatus: string | null,
  dataverseInvoiceId?: string,
  changedByThisProxy = false,
): InvoiceChangedEvent {
  const s = mapInvoiceStatus(invoice);
  const notification: InvoiceChangedEvent = {
    eventId: event.eventId,
    tenantId: event.tenantId,
    eventType: changeTypeOf(event.eventType, s.status, previousStatus),
    xeroInvoiceId: s.xeroInvoiceId || event.resourceId,
    status: s.status,
    updatedAt: s.updatedAt ?? eventInstant(event.eventDateUtc),
  };
  if (s.invoiceNumber !== undefined) notification.invoiceNumber = s.invoiceNumber;
  if (dataverseInvoiceId !== undefined) notification.invoiceId = dataverseInvoiceId;
  if (s.invoiceType !== undefined) notification.invoiceType = s.invoiceType;
  if (s.amountDue !== undefined) notification.amountDue = s.amountDue;
  if (s.amountPaid !== undefined) notification.amountPaid = s.amountPaid;
  if (s.total !== undefined) notification.total = s.total;
  if (s.currencyCode !== undefined) notification.currencyCode = s.currencyCode;
  if (s.fullyPaidOn !== undefined) notification.fullyPaidOn = s.fullyPaidOn;
  notification.changedByThisProxy = changedByThisProxy;
  return notification;
}
