/** Row → record conversions of the webhook tables (timestamps are text on SQLite, Dates on PostgreSQL). */
import type { Selectable } from 'kysely';
import { isoOf, isoOrNull, jsonOf } from '../sql/values';
import type {
  InvoiceSubscriptionsTable,
  WebhookBatchChangesTable,
  WebhookEventsTable,
  WebhookOutboxTable,
} from '../tables/webhooks';
import type {
  BatchChangeState,
  OutboxRow,
  OutboxState,
  PendingXeroEvent,
  SubscriptionRecord,
} from './webhook-store';

export function subscriptionFromRow(row: Selectable<InvoiceSubscriptionsTable>): SubscriptionRecord {
  return {
    id: row.id,
    kind: row.kind,
    connectionId: row.connection_id,
    tenantId: row.tenant_id,
    callbackUrl: row.callback_url,
    eventTypes: jsonOf<string[]>(row.event_types),
    createdAt: isoOf(row.created_at),
    deletedAt: isoOrNull(row.deleted_at),
    deleteReason: row.delete_reason ?? null,
    groupId: row.group_id ?? null,
  };
}

export function pendingEventFromRow(row: Selectable<WebhookEventsTable>): PendingXeroEvent {
  return {
    eventKey: row.event_key,
    eventId: row.event_id,
    tenantId: row.tenant_id,
    eventCategory: row.event_category,
    eventType: row.event_type,
    resourceId: row.resource_id,
    eventDateUtc: row.event_date_utc,
    receivedAt: isoOf(row.received_at),
    attempts: Number(row.attempts),
  };
}

export function outboxFromRow(row: Selectable<WebhookOutboxTable>): OutboxRow {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    callbackUrl: row.callback_url,
    payload: row.payload,
    attempts: Number(row.attempts),
    createdAt: isoOf(row.created_at),
  };
}

export function outboxStateFromRow(row: Selectable<WebhookOutboxTable>): OutboxState {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    attempts: Number(row.attempts),
    deliveredAt: isoOrNull(row.delivered_at),
    failedAt: isoOrNull(row.failed_at),
    lastError: row.last_error ?? null,
    payload: row.payload,
  };
}

export function batchChangeFromRow(row: Selectable<WebhookBatchChangesTable>): BatchChangeState {
  return {
    subscriptionId: row.subscription_id,
    eventKey: row.event_key,
    xeroInvoiceId: row.xero_invoice_id,
    changedAt: isoOf(row.changed_at),
    createdAt: isoOf(row.created_at),
    outboxId: row.outbox_id ?? null,
  };
}
