/** Webhook events, trigger subscriptions, the notification outbox and batched changes (migrations 3, 6 and 7). */
import type { Defaulted, Timestamp } from '../sql/columns';

export interface WebhookEventsTable {
  event_key: string;
  event_id: string;
  tenant_id: string;
  event_category: string;
  event_type: string;
  resource_id: string;
  /** As Xero sent it (TEXT on both dialects). */
  event_date_utc: string;
  received_at: Timestamp;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp | null;
  processed_at: Timestamp | null;
  outcome: string | null;
  invoice_status: string | null;
  last_error: string | null;
}

export interface InvoiceSubscriptionsTable {
  id: string;
  connection_id: string;
  tenant_id: string;
  callback_url: string;
  /** A JSON array, TEXT on both dialects. */
  event_types: Defaulted<string>;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
  delete_reason: string | null;
  kind: Defaulted<'invoice' | 'batched'>;
  batch_in_flight: string | null;
  next_batch_at: Timestamp | null;
  group_id: string | null;
}

export interface WebhookOutboxTable {
  id: string;
  subscription_id: string;
  event_id: string;
  callback_url: string;
  payload: string;
  attempts: Defaulted<number>;
  next_attempt_at: Timestamp | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  failed_at: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
}

export interface WebhookBatchChangesTable {
  subscription_id: string;
  event_key: string;
  xero_invoice_id: string;
  changed_at: Timestamp;
  created_at: Timestamp;
  outbox_id: string | null;
}

export interface WebhookTables {
  webhook_events: WebhookEventsTable;
  invoice_subscriptions: InvoiceSubscriptionsTable;
  webhook_outbox: WebhookOutboxTable;
  webhook_batch_changes: WebhookBatchChangesTable;
}
