/**
 * The seam between the emulator's platform (identity, tokens, tenants, rate limits, idempotency, faults,
 * webhooks) and its accounting books. The platform authenticates a request, resolves the tenant, applies limits
 * and idempotency, then hands the request to the accounting router with the tenant's books in `res.locals`.
 */
import type { Router } from 'express';
import type { Clock } from '../clock';

/** A Xero webhook event as Xero sends it in `events[]` (reference/xero-api.md section 10). */
export interface XeroWebhookEvent {
  resourceUrl: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: 'CREATE' | 'UPDATE';
  eventCategory: 'INVOICE' | 'CONTACT';
  tenantId: string;
  tenantType: 'ORGANISATION';
}

/** What the accounting router needs from the platform. */
export interface AccountingContext {
  clock: Clock;
  /** Called for every invoice or contact create/update (including a payment or allocation changing an invoice). */
  emit(event: XeroWebhookEvent): void;
}

/**
 * res.locals keys the platform sets before the accounting router runs:
 * - `tenantId`: string — the `xero-tenant-id` of the request, already checked against the token's connections.
 * - `books`: the OrganisationBooks of that tenant (created by the accounting module from an OrganisationSeed).
 */
export const TENANT_ID_LOCAL = 'tenantId';
export const BOOKS_LOCAL = 'books';

export type CreateAccountingRouter = (ctx: AccountingContext) => Router;
