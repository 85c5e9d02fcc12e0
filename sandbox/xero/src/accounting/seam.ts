/**
 * The seam between the emulator's platform (identity, tokens, tenants, rate limits, idempotency, faults,
 * webhooks) and its accounting books. The platform authenticates a request, resolves the tenant, applies limits
 * and idempotency, then hands the request to the accounting router with the tenant's books in `res.locals`.
 * The books report every committed change to `onChange` listeners; the platform listens once per organisation and
 * sends the webhook events, so a change made through the API and one made directly in the books announce alike.
 */
import type { Router } from 'express';
import type { Clock } from '../clock';

/**
 * The organisation events Xero's webhooks carry (Xero-OpenAPI xero-webhooks.yaml: CONTACT, INVOICE, CREDITNOTE;
 * SUBSCRIPTION is about the app, not an organisation). An app receives only the categories it subscribed to.
 */
export type WebhookCategory = 'INVOICE' | 'CONTACT' | 'CREDITNOTE';

/** What a CREDITNOTE event carries besides the id (xero-webhooks.yaml CreditNoteWebhookEvent). */
export interface CreditNoteEventData {
  Type: 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  Status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
}

/** A Xero webhook event as Xero sends it in `events[]` (reference/xero-api.md section 10). */
export interface XeroWebhookEvent {
  resourceUrl: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: 'CREATE' | 'UPDATE';
  eventCategory: WebhookCategory;
  tenantId: string;
  tenantType: 'ORGANISATION';
  /** CREDITNOTE events only. */
  data?: CreditNoteEventData;
}

/**
 * A committed create or update of an invoice, contact or credit note, whatever made it (an API call, a payment or
 * allocation changing an invoice, or a test writing to the books directly). The platform turns each into one
 * webhook event, for subscriptions to its category.
 */
export interface BookChange {
  category: WebhookCategory;
  eventType: 'CREATE' | 'UPDATE';
  resourceId: string;
  at: Date;
  /** CREDITNOTE changes: the credit note's type and status once the write committed. */
  data?: CreditNoteEventData;
}

/** What the accounting router needs from the platform. Webhook events do not go through the router. */
export interface AccountingContext {
  clock: Clock;
}

/**
 * res.locals keys the platform sets before the accounting router runs:
 * - `tenantId`: string — the `xero-tenant-id` of the request, already checked against the token's connections.
 * - `books`: the OrganisationBooks of that tenant (created by the accounting module from an OrganisationSeed).
 */
export const TENANT_ID_LOCAL = 'tenantId';
export const BOOKS_LOCAL = 'books';

export type CreateAccountingRouter = (ctx: AccountingContext) => Router;
