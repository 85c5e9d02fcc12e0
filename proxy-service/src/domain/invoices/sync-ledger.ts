import type { XeroDocumentStatus } from './xero-payloads';

/**
 * What the proxy's store already knows before a batch, passed into the planner so known things cost no Xero call.
 * The store owns persistence; these are plain values.
 */
export interface LedgerInvoiceEntry {
  /** Xero's InvoiceID, or CreditNoteID when `documentType` says the row is a credit note. */
  xeroInvoiceId: string;
  /** Set for credit notes only (ACCRECCREDIT/ACCPAYCREDIT): where status reads and cancellations must go. */
  documentType?: 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  /** A credit note's allocation to the invoice it credits, once Xero showed it: it is not read or sent again. */
  allocatedTo?: { xeroInvoiceId: string; amount: number };
  invoiceNumber?: string;
  /** Hash of the content last accepted by Xero (payload-hash.ts). */
  payloadHash?: string;
  /** Last status the proxy saw (from a sync, a status poll or a webhook). */
  status?: XeroDocumentStatus;
  /** True when Xero showed payments or credit allocations on the invoice. */
  hasPayments?: boolean;
  /** Amounts as Xero last showed them (a sync's answer, a status read or a webhook's read). */
  amountDue?: number;
  amountPaid?: number;
  /**
   * What Dataverse was last given for this invoice (by a sync's or a status catch-up's write-back), so reading the
   * same state from Xero again is not written twice — in particular not to an invoice already set Paid there.
   */
  reported?: ReportedState;
  /** Dataverse line id → Xero LineItemID, so an update edits lines instead of replacing them. */
  lineItemIds?: Record<string, string>;
  xeroContactId?: string;
  /**
   * Xero's UpdatedDateUTC (ISO) of the invoice as this proxy's own last write left it: a change read from Xero at
   * exactly this time is the proxy's echo, not news for Dynamics.
   */
  xeroUpdatedAt?: string;
  /** The Dynamics customer the invoice was sent for, so a change read from Xero can refresh its balance. */
  customer?: { kind: 'account' | 'contact'; id: string };
  /** Xero's online invoice page, asked for once in the invoice's life (issue 14 §3; plan-invoice-delivery.ts). */
  onlineInvoice?: LedgerOnlineInvoice;
  /** Emailing the invoice from Xero, exactly once (issue 14 §4; plan-invoice-delivery.ts). */
  email?: LedgerEmailState;
}

/** `url` is absent when Xero refused to give one (the proxy does not ask again). */
export interface LedgerOnlineInvoice {
  url?: string;
  at: string;
}

/**
 * due: this sync made the invoice AUTHORISED with emailing on, and the email has not been tried yet (saved with the
 * invoice's own ledger entry, so a crash right after cannot lose it). sent: Xero accepted it. failed: Xero refused
 * it; `retry` when the refusal may pass later (the daily email limit), tried again when the invoice is next synced.
 */
export type LedgerEmailState =
  | { state: 'due' }
  | { state: 'sent'; at: string }
  | { state: 'failed'; at: string; reason: string; retry: boolean; attempts: number };

export interface ReportedState {
  status: XeroDocumentStatus;
  amountDue?: number;
  amountPaid?: number;
}

/** Two amounts of one invoice agree to the cent; an amount one side does not know does not count against it. */
export function sameAmountIfKnown(a: number | undefined, b: number | undefined): boolean {
  return a === undefined || b === undefined || Math.abs(a - b) < 0.005;
}

/** The same status and amounts as `state` (what Dataverse was given, or what Xero last showed). */
export function sameReportedState(held: ReportedState, state: ReportedState): boolean {
  return (
    held.status === state.status &&
    sameAmountIfKnown(held.amountDue, state.amountDue) &&
    sameAmountIfKnown(held.amountPaid, state.amountPaid)
  );
}

export interface KnownMappings {
  /** Dataverse invoice id → ledger entry. */
  invoices?: Record<string, LedgerInvoiceEntry>;
  /** Dataverse account/contact id → Xero ContactID. */
  contacts?: Record<string, string>;
  /** Item codes known to exist in Xero (compared case-insensitively, as Xero does). */
  itemCodes?: readonly string[];
  /**
   * Xero invoice id (lower-cased) → the Dataverse invoice ids (lower-cased) the ledger maps to it, for the Xero ids
   * this batch would write to. One Xero invoice belongs to one Dynamics 365 invoice: a write to an invoice that
   * another one holds is refused before any call.
   */
  xeroInvoiceOwners?: Readonly<Record<string, readonly string[]>>;
}

/** What the store should remember after the batch (the HTTP layer writes it; the domain only says what). */
export interface LedgerUpdates {
  invoices: Record<string, LedgerInvoiceEntry>;
  contacts: Record<string, string>;
  itemCodes: string[];
  /**
   * Dataverse customer id → a Xero ContactID Xero said it does not have: the mapping is dropped (only while it
   * still names that id), so the customer's next invoice looks the customer up again instead of failing the same way.
   */
  forgetContacts?: Record<string, string>;
}
