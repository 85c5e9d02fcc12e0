/**
 * SyncInvoices with `rows`: the listed Dataverse rows are mapped (invoice-rows.ts), the sendable ones go through the
 * one exactly-once sync (invoice-sync-service.ts), the others fail alone without touching Xero, and the answer
 * carries every result in row order plus the write-back for Dataverse (sync-write-back.ts).
 */
import { randomUUID } from 'node:crypto';
import type { InvoiceSyncResult, SyncInvoicesResponse } from '@dxc/openapi';
import type { InvoiceSyncService } from '../invoice-sync/invoice-sync-service';
import type { ConnectionRecord } from '../store/store';
import { mapInvoiceRow, type MappedInvoiceRow, type Row } from './invoice-rows';
import { syncWriteBack } from './sync-write-back';

function failed(invoiceId: string, message: string): InvoiceSyncResult {
  return { invoiceId, outcome: 'failed', message, errors: [{ code: 'invalid_invoice', message }] };
}

/**
 * One batch serves one Xero connection row of this API key's organisation: rows of another organisation, or of a
 * second connection row, fail with a message that says so (they are never sent to the wrong organisation).
 */
function refuseForeignRows(mapped: MappedInvoiceRow[], connection: ConnectionRecord): MappedInvoiceRow[] {
  // A row whose connection does not name its tenant (not expanded) is taken to be this organisation's.
  const first = mapped.find(
    (m) =>
      m.ok &&
      (!m.connection.tenantId || m.connection.tenantId.toLowerCase() === connection.tenantId.toLowerCase()),
  );
  const rowId = first?.ok ? first.connection.rowId : undefined;
  return mapped.map((m) => {
    if (!m.ok) return m;
    const tenant = m.connection.tenantId?.toLowerCase();
    if (tenant && tenant !== connection.tenantId.toLowerCase())
      return {
        ok: false,
        row: m.row,
        invoiceId: m.invoice.invoiceId,
        connection: m.connection,
        problem: `Not sent: the invoice's Xero connection is organisation ${m.connection.tenantId}, but this connector's key reaches ${connection.tenantName ?? connection.tenantId}.`,
      };
    if (m.connection.rowId !== rowId)
      return {
        ok: false,
        row: m.row,
        invoiceId: m.invoice.invoiceId,
        connection: m.connection,
        problem:
          'Not sent in this batch: a batch carries the invoices of one Xero connection row; the next run sends it.',
      };
    return m;
  });
}

export async function syncInvoiceRows(
  sync: InvoiceSyncService,
  connection: ConnectionRecord,
  rows: Row[],
  now: Date,
): Promise<SyncInvoicesResponse> {
  const mapped = refuseForeignRows(rows.map(mapInvoiceRow), connection);
  const sendable = mapped.filter((m): m is Extract<MappedInvoiceRow, { ok: true }> => m.ok);
  const results = new Map<string, InvoiceSyncResult>();
  if (sendable.length) {
    const answer = await sync.sync(connection, {
      settings: sendable[0]!.connection.settings,
      invoices: sendable.map((m) => m.invoice),
    });
    for (const r of answer.results) results.set(r.invoiceId.toLowerCase(), r);
  }
  for (const m of mapped) if (!m.ok) results.set(m.invoiceId, failed(m.invoiceId, m.problem));
  const ordered = mapped.map((m) => results.get(m.ok ? m.invoice.invoiceId : m.invoiceId)!);
  const count = (o: InvoiceSyncResult['outcome']) => ordered.filter((r) => r.outcome === o).length;
  const connectionRowId =
    sendable[0]?.connection.rowId ?? mapped.find((m) => m.connection)?.connection?.rowId;
  return {
    summary: {
      total: ordered.length,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      failed: count('failed'),
    },
    results: ordered,
    writeBack: syncWriteBack({ rows, results, connectionRowId, now, attemptId: randomUUID() }),
  };
}
