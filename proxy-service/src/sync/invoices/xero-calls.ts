/**
 * The Xero calls a sync batch plan asks the gateway to make, listed explicitly so tests (and the bench) can count
 * them. Every write uses `summarizeErrors=false` (one bad element must not sink the rest, and every element comes
 * back with its own status: reference/peers.md §2.3) and a content-derived Idempotency-Key.
 */
import type { XeroContactPayload, XeroInvoicePayload, XeroItemPayload } from './xero-payloads';

export interface ContactsLookupCall {
  kind: 'contacts.lookup';
  method: 'GET';
  path: '/Contacts';
  where: string;
  /** So an archived contact with the number is found and explained instead of re-created. */
  includeArchived: true;
}

export interface ItemsLookupCall {
  kind: 'items.lookup';
  method: 'GET';
  path: '/Items';
  /** Absent: read the whole (unpaged) item list, because the OR-clause would be too long for the URL. */
  where?: string;
}

export interface ContactsCreateCall {
  kind: 'contacts.create';
  method: 'PUT';
  path: '/Contacts';
  summarizeErrors: false;
  idempotencyKey: string;
  contacts: XeroContactPayload[];
}

export interface ItemsCreateCall {
  kind: 'items.create';
  method: 'PUT';
  path: '/Items';
  summarizeErrors: false;
  idempotencyKey: string;
  items: XeroItemPayload[];
}

/** POST creates new invoices and updates those carrying an InvoiceID, in one call. */
export interface InvoicesWriteCall {
  kind: 'invoices.write';
  method: 'POST';
  path: '/Invoices';
  summarizeErrors: false;
  /** Unit prices keep 4 decimal places (Dataverse prices may have more than 2). */
  unitdp: 4;
  idempotencyKey: string;
  invoices: XeroInvoicePayload[];
}

export type XeroCall =
  ContactsLookupCall | ItemsLookupCall | ContactsCreateCall | ItemsCreateCall | InvoicesWriteCall;
