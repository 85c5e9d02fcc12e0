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

/**
 * PUT creates only: Xero never turns it into an update, whatever the element carries. POST /Invoices would update
 * any sales invoice that already has the InvoiceNumber sent (reference/xero-api.md §2), so a Dynamics 365 invoice
 * reusing a number would overwrite another one; on PUT, Xero refuses that element with "Invoice # must be unique.".
 */
export interface InvoicesCreateCall {
  kind: 'invoices.create';
  method: 'PUT';
  path: '/Invoices';
  summarizeErrors: false;
  /** Unit prices keep 4 decimal places (Dataverse prices may have more than 2). */
  unitdp: 4;
  idempotencyKey: string;
  invoices: XeroInvoicePayload[];
}

/** POST updates the invoices the ledger maps to these Dynamics 365 invoices; every element carries its InvoiceID. */
export interface InvoicesUpdateCall {
  kind: 'invoices.update';
  method: 'POST';
  path: '/Invoices';
  summarizeErrors: false;
  unitdp: 4;
  idempotencyKey: string;
  invoices: XeroInvoicePayload[];
}

/**
 * Credit notes (ACCRECCREDIT/ACCPAYCREDIT) are written like invoices, to /CreditNotes: PUT creates only (a credit
 * note number in use is refused, never overwritten), POST updates by id. The gateway renames the invoice-shaped
 * elements to Xero's credit note fields (credit-note-wire.ts).
 */
export interface CreditNotesCreateCall {
  kind: 'creditnotes.create';
  method: 'PUT';
  path: '/CreditNotes';
  summarizeErrors: false;
  unitdp: 4;
  idempotencyKey: string;
  creditNotes: XeroInvoicePayload[];
}

export interface CreditNotesUpdateCall {
  kind: 'creditnotes.update';
  method: 'POST';
  path: '/CreditNotes';
  summarizeErrors: false;
  unitdp: 4;
  idempotencyKey: string;
  creditNotes: XeroInvoicePayload[];
}

export type InvoicesWriteCall =
  InvoicesCreateCall | InvoicesUpdateCall | CreditNotesCreateCall | CreditNotesUpdateCall;
export type InvoicesWriteKind = InvoicesWriteCall['kind'];

export type XeroCall =
  | ContactsLookupCall
  | ItemsLookupCall
  | ContactsCreateCall
  | ItemsCreateCall
  | InvoicesCreateCall
  | InvoicesUpdateCall
  | CreditNotesCreateCall
  | CreditNotesUpdateCall;
