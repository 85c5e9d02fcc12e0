/**
 * Persistence of the webhook pipeline: Xero events as received (stored before Xero gets its 200), the trigger
 * subscriptions Power Automate creates, the changes waiting for a batched subscription's next batch, and the outbox
 * of notifications still to deliver. Every step is a row, so a restart between receipt and delivery loses nothing.
 * One implementation for SQLite and PostgreSQL (sql-webhook-store.ts), tested on both by the same suite.
 */

export interface XeroEventRow {
  /** SHA-256 of the event's identity (tenant, category, type, resource, time): Xero's redeliveries collapse to one row. */
  eventKey: string;
  /** UUID derived from eventKey: the notification's eventId, the same on every redelivery. */
  eventId: string;
  tenantId: string;
  eventCategory: string;
  eventType: string;
  resourceId: string;
  eventDateUtc: string;
  receivedAt: string;
}

export interface PendingXeroEvent extends XeroEventRow {
  attempts: number;
}

/** `invoice`: one notification per change (WhenAnInvoiceChanges); `batched`: one per batch (WhenInvoicesChange). */
export type SubscriptionKind = 'invoice' | 'batched';

export interface SubscriptionRecord {
  id: string;
  kind: SubscriptionKind;
  connectionId: string;
  tenantId: string;
  callbackUrl: string;
  /** Empty: every kind of change. */
  eventTypes: string[];
  createdAt: string;
  deletedAt: string | null;
  deleteReason: string | null;
  /**
   * A trigger of a key granted several organisations is one subscription per organisation (each hears only its own
   * organisation's changes), grouped under the id Power Automate was given; null for a one-organisation trigger.
   */
  groupId: string | null;
}

/** What a new subscription is made of; `kind` is `invoice` unless given. */
export type NewSubscription = Omit<SubscriptionRecord, 'deletedAt' | 'deleteReason' | 'kind' | 'groupId'> & {
  kind?: SubscriptionKind;
  groupId?: string | null;
};

/** One Xero event as a change for a batched subscription's next batch. */
export interface BatchChange {
  subscriptionId: string;
  eventKey: string;
  /** Lower-cased. */
  xeroInvoiceId: string;
  /** When Xero made the change (the event's eventDateUtc), ISO. */
  changedAt: string;
  createdAt: string;
}

export interface BatchChangeState extends BatchChange {
  /** The outbox row of the notification that carries it; null while it waits for its batch. */
  outboxId: string | null;
}

/** A batch to queue: its notification, and the waiting changes (event keys) it stands for. */
export interface FormedBatch {
  notification: Omit<OutboxRow, 'attempts' | 'subscriptionId' | 'callbackUrl'>;
  eventKeys: string[];
}

export interface OutboxRow {
  id: string;
  subscriptionId: string;
  eventId: string;
  callbackUrl: string;
  /** The notification, JSON. */
  payload: string;
  attempts: number;
  createdAt: string;
}

export interface OutboxState {
  id: string;
  subscriptionId: string;
  eventId: string;
  attempts: number;
  deliveredAt: string | null;
  failedAt: string | null;
  lastError: string | null;
  payload: string;
}

/** What a purge removed. */
export interface PurgeCounts {
  events: number;
  outbox: number;
  subscriptions: number;
}

export interface WebhookStore {
  /** Inserts the events that are new; returns how many were new (duplicates are ignored). */
  saveXeroEvents(events: XeroEventRow[], now: string): Promise<number>;
  /**
   * Claims up to `limit` events due for processing by pushing their next attempt to `leaseUntil` (another instance
   * will not take them meanwhile; a crashed one's claim simply lapses).
   */
  claimXeroEvents(now: string, leaseUntil: string, limit: number): Promise<PendingXeroEvent[]>;
  /**
   * Marks the event processed and, in the same transaction, queues its notifications and its changes for batched
   * subscriptions (each change once per subscription and event, however often the event is processed).
   */
  completeXeroEvent(
    eventKey: string,
    result: { invoiceStatus: string | null; outcome: string },
    notifications: Omit<OutboxRow, 'attempts'>[],
    now: string,
    batchChanges?: BatchChange[],
  ): Promise<void>;
  /** Puts claimed events back until `nextAttemptAt` without counting an attempt (they cannot be judged yet). */
  deferXeroEvents(eventKeys: string[], nextAttemptAt: string): Promise<void>;
  /** The event failed to process (Xero unreachable…): try again at `nextAttemptAt`, or give up when it is null. */
  retryXeroEvent(eventKey: string, error: string, nextAttemptAt: string | null, now: string): Promise<void>;
  /** The status the last processed event of this invoice saw (to tell "Approved" from "Updated"). */
  lastInvoiceStatus(tenantId: string, resourceId: string, beforeEventKey: string): Promise<string | null>;

  createSubscription(subscription: NewSubscription): Promise<void>;
  getSubscription(id: string): Promise<SubscriptionRecord | undefined>;
  /** The subscription with this id and, when it heads a group, the group's other organisations' subscriptions. */
  listSubscriptionGroup(id: string): Promise<SubscriptionRecord[]>;
  /** Active subscriptions of an organisation (through its connection). */
  listActiveSubscriptions(tenantId: string): Promise<SubscriptionRecord[]>;
  /** Marks it deleted and drops its undelivered notifications; false when it was not active. */
  deleteSubscription(id: string, reason: string, now: string): Promise<boolean>;

  /**
   * Queues the next batch of every active batched subscription that has changes waiting, no batch being delivered
   * and whose `nextBatchAt` has come (each subscription is taken by one instance at a time). `form` picks the
   * changes of one batch from the waiting ones (oldest first) and builds its notification; it may return undefined
   * to queue nothing. Returns how many batches were queued.
   */
  queueBatches(
    now: string,
    form: (subscription: SubscriptionRecord, waiting: BatchChange[]) => FormedBatch | undefined,
  ): Promise<number>;
  /** The changes of a batched subscription, waiting or sent, oldest first. */
  listBatchChanges(subscriptionId: string): Promise<BatchChangeState[]>;

  claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]>;
  /**
   * Delivered. When the row is a batch, its subscription may have its next batch from `nextBatchAt` (default: now).
   */
  markDelivered(id: string, status: number, now: string, nextBatchAt?: string): Promise<void>;
  /**
   * A failed attempt: next try at `nextAttemptAt`, or given up when null (a given-up batch lets its subscription
   * have the next one from `nextBatchAt`, default now).
   */
  markDeliveryFailed(
    id: string,
    error: string,
    nextAttemptAt: string | null,
    now: string,
    nextBatchAt?: string,
  ): Promise<void>;
  listOutbox(subscriptionId: string): Promise<OutboxState[]>;

  /**
   * Retention: removes, in one transaction, what was settled before `before` — processed events, delivered or
   * given-up notifications, and deleted subscriptions left without notifications. Never anything still pending.
   * The last processed event with a status of each invoice stays, whatever its age: lastInvoiceStatus needs it.
   */
  purgeSettled(before: string): Promise<PurgeCounts>;

  /**
   * Rewrites every callback URL not yet sealed (stored by a proxy older than sealed-callback-url.ts), in
   * subscriptions and the outbox alike, as `seal` makes it; returns how many rows changed.
   */
  sealPlainCallbackUrls(seal: (subscriptionId: string, url: string) => string): Promise<number>;
}
