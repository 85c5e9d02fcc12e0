/**
 * What the admin portal's sync activity page reads (one page per connection): the last SyncInvoices runs with their
 * failures, and the health of the organisation's webhooks (Xero events received, notifications to flows). Runs are
 * recorded by the SyncInvoices operation (sync-run-record.ts) and kept 30 days; the webhook figures are read from
 * the webhook tables as they are. One implementation for SQLite and PostgreSQL (store/portal/sync-activity.ts),
 * tested on both by the same suite.
 */

/** One invoice a run could not send, with the message the flow was given. */
export interface SyncRunFailure {
  invoiceId: string;
  invoiceNumber?: string;
  message: string;
}

export interface SyncRunRecord {
  id: string;
  tenantId: string;
  finishedAt: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  failures: SyncRunFailure[];
  /** The whole batch failed (Xero unreachable, reconnect needed…): the message the flow was given. */
  error: string | null;
}

export interface WebhookProblem {
  at: string;
  message: string;
  /** True when the proxy stopped trying; false while it will try again. */
  givenUp: boolean;
}

export interface WebhookHealth {
  /** Trigger subscriptions (flows) listening to this organisation. */
  activeSubscriptions: number;
  /** When Xero last sent an event for this organisation. */
  lastEventAt: string | null;
  eventsSince: number;
  /** Events received and not yet processed. */
  eventsWaiting: number;
  lastEventProblem: WebhookProblem | null;
  /** Notifications to flows not yet delivered (nor given up). */
  notificationsWaiting: number;
  deliveredSince: number;
  givenUpSince: number;
  lastDeliveredAt: string | null;
  lastDeliveryProblem: WebhookProblem | null;
}

export interface SyncActivityStore {
  /** Records a run, and forgets the organisation's runs that finished before `keepAfter`. */
  recordSyncRun(run: SyncRunRecord, keepAfter: string): Promise<void>;
  /** The organisation's last runs, newest first. */
  listSyncRuns(tenantId: string, limit: number): Promise<SyncRunRecord[]>;
  /** Webhook figures of the organisation; the counts named `…Since` are of what happened after `since`. */
  webhookHealth(tenantId: string, since: string): Promise<WebhookHealth>;
}
