/**
 * The contract's InvoiceChangesNotification (`x-ms-notification-content` of WhenInvoicesChange): one notification
 * for the changes waiting for a batched subscription, each invoice named once, at most MAX_BATCH_IDS of them. Built
 * from Xero's events alone, so a batch costs no Xero call.
 */
import { randomUUID } from 'node:crypto';
import type { InvoiceChangesNotification } from '@dxc/openapi';
import type { BatchChange, FormedBatch, SubscriptionRecord } from '../store/webhooks/webhook-store';

/** The contract's cap on `xeroInvoiceIds`; the changes of further invoices wait for the next batch. */
export const MAX_BATCH_IDS = 1000;

/**
 * Takes the invoices of the oldest waiting changes, up to MAX_BATCH_IDS of them, with every waiting change of
 * those invoices; undefined when nothing waits. `waiting` is oldest first.
 */
export function formBatch(
  subscription: Pick<SubscriptionRecord, 'tenantId'>,
  waiting: readonly BatchChange[],
  now: string,
): FormedBatch | undefined {
  const ids = new Set<string>();
  for (const change of waiting) {
    if (ids.size === MAX_BATCH_IDS) break;
    ids.add(change.xeroInvoiceId);
  }
  const taken = waiting.filter((c) => ids.has(c.xeroInvoiceId));
  if (taken.length === 0) return undefined;
  const times = taken.map((c) => c.changedAt).sort();
  const notificationId = randomUUID();
  const notification: InvoiceChangesNotification = {
    notificationId,
    tenantId: subscription.tenantId,
    xeroInvoiceIds: [...ids],
    eventCount: taken.length,
    firstChangeAt: times[0]!,
    lastChangeAt: times[times.length - 1]!,
  };
  return {
    notification: {
      id: notificationId,
      eventId: notificationId,
      payload: JSON.stringify(notification),
      createdAt: now,
    },
    eventKeys: taken.map((c) => c.eventKey),
  };
}
