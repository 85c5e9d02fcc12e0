/** Row → record conversions of the ledger tables (JSON columns are TEXT on both dialects). */
import type { Selectable } from 'kysely';
import { isoOf, isoOrNull, jsonOf } from '../sql/values';
import type { InvoiceLedgerTable, SyncIntentsTable } from '../tables/invoice-ledger';
import type { InvoiceLedgerRecord, SyncIntentRecord } from './invoice-ledger-store';

export function ledgerFromRow(row: Selectable<InvoiceLedgerTable>): InvoiceLedgerRecord {
  const record: InvoiceLedgerRecord = {
    invoiceId: row.invoice_id,
    entry: jsonOf(row.entry),
    updatedAt: isoOf(row.updated_at),
  };
  if (row.cancellation != null) record.cancellation = jsonOf(row.cancellation);
  return record;
}

export function intentFromRow(row: Selectable<SyncIntentsTable>): SyncIntentRecord {
  return {
    tenantId: row.tenant_id,
    idempotencyKey: row.idempotency_key,
    purpose: row.purpose,
    invoices: jsonOf(row.invoices),
    createdAt: isoOf(row.created_at),
    completedAt: isoOrNull(row.completed_at),
  };
}

/** True when no ids are asked for, or the intent names one of them (compared lower-cased). */
export function mentionsAny(intent: SyncIntentRecord, invoiceIds?: readonly string[]): boolean {
  if (!invoiceIds) return true;
  const wanted = new Set(invoiceIds.map((id) => id.toLowerCase()));
  return intent.invoices.some((i) => wanted.has(i.invoiceId.toLowerCase()));
}
