/** The invoice sync ledger and the write intent journal (migration 2). JSON columns are TEXT on both dialects. */
import type { Timestamp } from '../sql/columns';

export interface InvoiceLedgerTable {
  tenant_id: string;
  invoice_id: string;
  xero_invoice_id: string;
  entry: string;
  cancellation: string | null;
  updated_at: Timestamp;
}

export interface ContactLedgerTable {
  tenant_id: string;
  customer_id: string;
  xero_contact_id: string;
  updated_at: Timestamp;
}

export interface ItemLedgerTable {
  tenant_id: string;
  code_key: string;
  code: string;
}

export interface SyncIntentsTable {
  tenant_id: string;
  idempotency_key: string;
  purpose: string;
  invoices: string;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface InvoiceLedgerTables {
  invoice_ledger: InvoiceLedgerTable;
  contact_ledger: ContactLedgerTable;
  item_ledger: ItemLedgerTable;
  sync_intents: SyncIntentsTable;
}
