/** Row ↔ record conversions shared by the SQLite and PostgreSQL ledgers (JSON columns are TEXT in both). */
import type { InvoiceLedgerRecord, SyncIntentRecord } from './invoice-ledger-store';

type Row = Record<string, unknown>;
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

export function ledgerFromRow(row: Row): InvoiceLedgerRecord {
  const record: InvoiceLedgerRecord = {
    invoiceId: String(row.invoice_id),
    entry: JSON.parse(String(row.entry)),
    updatedAt: iso(row.updated_at),
  };
  if (row.cancellation != null) record.cancellation = JSON.parse(String(row.cancellation));
  return record;
}

export function intentFromRow(row: Row): SyncIntentRecord {
  return {
    tenantId: String(row.tenant_id),
    idempotencyKey: String(row.idempotency_key),
    purpose: String(row.purpose),
    invoices: JSON.parse(String(row.invoices)),
    createdAt: iso(row.created_at),
    completedAt: row.completed_at == null ? null : iso(row.completed_at),
  };
}

/** True when no ids are asked for, or the intent names one of them (compared lower-cased). */
export function mentionsAny(intent: SyncIntentRecord, invoiceIds?: readonly string[]): boolean {
  if (!invoiceIds) return true;
  const wanted = new Set(invoiceIds.map((id) => id.toLowerCase()));
  return intent.invoices.some((i) => wanted.has(i.invoiceId.toLowerCase()));
}
