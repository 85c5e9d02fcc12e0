/**
 * The one place book changes become Xero webhook events (reference/xero-api.md section 10): the emulator listens to
 * each organisation's books once, so every committed change is announced exactly once whether it came through the
 * Accounting API or a direct write to the books (tests and benches acting as someone working in Xero).
 */
import { webhookDateOf } from '../accounting/domain/wire-dates';
import type { BookChange, XeroWebhookEvent } from '../accounting/seam';

const RESOURCE_BASE = 'https://api.xero.com/api.xro/2.0';
const COLLECTION: Record<BookChange['category'], string> = {
  INVOICE: 'Invoices',
  CONTACT: 'Contacts',
  CREDITNOTE: 'CreditNotes',
};

export function webhookEventOf(change: BookChange, tenantId: string): XeroWebhookEvent {
  return {
    resourceUrl: `${RESOURCE_BASE}/${COLLECTION[change.category]}/${change.resourceId}`,
    resourceId: change.resourceId,
    eventDateUtc: webhookDateOf(change.at),
    eventType: change.eventType,
    eventCategory: change.category,
    tenantId,
    tenantType: 'ORGANISATION',
    ...(change.data ? { data: { ...change.data } } : {}),
  };
}
