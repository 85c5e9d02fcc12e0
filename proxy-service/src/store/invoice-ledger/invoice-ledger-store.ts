/**
 * The invoice sync's memory (migration 2), so every invoice reaches Xero exactly once:
 * - the ledger: per organisation and Dataverse invoice id, the Xero invoice id and what was last sent (hash, line
 *   ids, status, payments), plus customer → Xero ContactID and the item codes known to exist;
 * - the intent journal: every Xero write is recorded BEFORE it is sent and completed once its answer is in the
 *   ledger. A pending intent after a crash says which invoices Xero may hold without the ledger knowing.
 * One implementation for SQLite and PostgreSQL (sql-invoice-ledger.ts), tested on both by the same suite.
 */
import type { PreviousCancellation } from '../../domain/cancellation/decide-cancellation';
import type { LedgerInvoiceEntry, LedgerUpdates, ReportedState } from '../../domain/invoices/sync-ledger';
import type { XeroDocumentStatus, XeroInvoicePayload } from '../../domain/invoices/xero-payloads';

/** One invoice the proxy has written to Xero (migration 2). `invoiceId` is the Dataverse id, lower-cased. */
export interface InvoiceLedgerRecord {
  invoiceId: string;
  entry: LedgerInvoiceEntry;
  /** Set once CancelInvoice changed something in Xero, so a repeat answers "already cancelled". */
  cancellation?: PreviousCancellation;
  updatedAt: string;
}

/** What a journalled write carried for one invoice: enough to find it in Xero if the answer was lost. */
export interface SyncIntentInvoice {
  invoiceId: string;
  /** payloadHash of what was sent (the ledger's hash once Xero accepted it). */
  hash: string;
  /** Present when the write was a create: what was sent, to recognise the invoice in Xero if the answer is lost. */
  create?: { payload: XeroInvoicePayload; lineIds: string[] };
}

/** A Xero write recorded BEFORE it is sent; completed once its answer is in the ledger. */
export interface SyncIntentRecord {
  tenantId: string;
  idempotencyKey: string;
  purpose: string;
  invoices: SyncIntentInvoice[];
  createdAt: string;
  completedAt: string | null;
}

/** An invoice entry the ledger did not write: another Dataverse invoice of the organisation holds its Xero invoice. */
export interface LedgerConflict {
  /** The Dataverse invoice whose entry was refused, as given. */
  invoiceId: string;
  xeroInvoiceId: string;
  /** The Dataverse invoice (lower-cased) the ledger already maps to that Xero invoice. */
  heldBy: string;
}

/** What a sync batch needs to know before it plans (all keys lower-cased). */
export interface SyncKnowledge {
  invoices: Record<string, InvoiceLedgerRecord>;
  contacts: Record<string, string>;
  itemCodes: string[];
}

/** An invoice's state as just read from Xero, for the ledger to catch up with changes made in Xero. */
export interface XeroInvoiceState {
  xeroInvoiceId: string;
  status: XeroDocumentStatus;
  hasPayments: boolean;
  amountDue?: number;
  amountPaid?: number;
}

/** What recordDelivery merges into an invoice's entry (issue 14 §3, §4). */
export type LedgerDelivery = Partial<Pick<LedgerInvoiceEntry, 'onlineInvoice' | 'email'>>;

export interface InvoiceLedgerStore {
  /** Ledger entries, contact ids and known item codes for a batch (ids and codes compared lower-cased). */
  getSyncKnowledge(
    tenantId: string,
    ask: { invoiceIds: string[]; customerIds: string[]; itemCodes: string[] },
  ): Promise<SyncKnowledge>;
  /**
   * Whether the organisation has a credit note raised from Dynamics 365 still awaiting approval in Xero (DRAFT or
   * SUBMITTED), so the status catch-up reads /CreditNotes only while an approval can be pending.
   */
  holdsUnapprovedCreditNotes(tenantId: string): Promise<boolean>;
  /** Ledger entries by Xero invoice id (for status answers and webhooks). */
  findLedgerByXeroIds(tenantId: string, xeroInvoiceIds: string[]): Promise<InvoiceLedgerRecord[]>;
  /**
   * Writes what a batch learned and completes its intents, in one transaction. One Xero invoice stands for one
   * Dataverse invoice: an entry whose Xero invoice another Dataverse invoice of the organisation holds is not
   * written, and comes back as a conflict (everything else is written).
   */
  saveSyncLedger(
    tenantId: string,
    updates: LedgerUpdates,
    completeIntents: string[],
    now: string,
  ): Promise<LedgerConflict[]>;
  /** Keeps the cancellation (and the status after it) so asking again changes nothing. */
  recordCancellation(
    tenantId: string,
    invoiceId: string,
    cancellation: PreviousCancellation,
    status: XeroDocumentStatus | undefined,
    now: string,
  ): Promise<void>;
  /**
   * Sets the status and payments flag of the entries of these Xero invoices (matched case-insensitively), so the
   * next sync decides from Xero's latest state. An entry written after `readAt` is left alone: a sync stored it
   * after the read began, and its answer may be the newer one. Returns how many entries changed.
   */
  refreshFromXero(tenantId: string, seen: XeroInvoiceState[], readAt: string, now: string): Promise<number>;
  /** Records what a status write-back gives Dataverse for these invoices (Dataverse ids, lower-cased). */
  markReported(
    tenantId: string,
    reports: { invoiceId: string; state: ReportedState }[],
    now: string,
  ): Promise<void>;
  /**
   * Merges the online invoice link or the email's outcome into an invoice's entry and completes the email's intent,
   * in one transaction (nothing happens for an invoice the ledger does not hold).
   */
  recordDelivery(
    tenantId: string,
    invoiceId: string,
    delivery: LedgerDelivery,
    completeIntent: string | undefined,
    now: string,
  ): Promise<void>;
  /** Records a write intent; a repeat of the same key keeps the first record (and its time). */
  journalIntent(intent: Omit<SyncIntentRecord, 'completedAt'>): Promise<void>;
  completeIntent(tenantId: string, idempotencyKey: string, now: string): Promise<void>;
  /** Pending intents naming any of these invoices (all pending intents of the tenant when none are given). */
  listPendingIntents(tenantId: string, invoiceIds?: string[]): Promise<SyncIntentRecord[]>;
}
