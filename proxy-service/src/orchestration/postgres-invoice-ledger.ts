/** The invoice ledger and intent journal in PostgreSQL (see invoice-ledger-store.ts). */
import type { Pool } from 'pg';
import { withTransaction } from '../store/postgres-transaction';
import type { PreviousCancellation } from '../domain/cancellation/decide-cancellation';
import type { LedgerUpdates, ReportedState } from '../domain/invoices/sync-ledger';
import type { XeroDocumentStatus } from '../domain/invoices/xero-payloads';
import type {
  InvoiceLedgerRecord,
  InvoiceLedgerStore,
  LedgerConflict,
  SyncIntentRecord,
  SyncKnowledge,
  XeroInvoiceState,
} from '../store/invoice-ledger/invoice-ledger-store';
import type { LedgerDelivery } from '../store/invoice-ledger/invoice-ledger-store';
import { deliveredEntry, refreshedEntry, reportedEntry } from '../store/invoice-ledger/invoice-ledger-store';
import { intentFromRow, ledgerFromRow, mentionsAny } from '../store/invoice-ledger/ledger-rows';

const lower = (values: readonly string[]): string[] => [...new Set(values.map((v) => v.toLowerCase()))];

export class PostgresInvoiceLedger implements InvoiceLedgerStore {
  constructor(private readonly pool: Pool) {}

  async getSyncKnowledge(
    tenantId: string,
    ask: { invoiceIds: string[]; customerIds: string[]; itemCodes: string[] },
  ): Promise<SyncKnowledge> {
    const knowledge: SyncKnowledge = { invoices: {}, contacts: {}, itemCodes: [] };
    const [invoices, contacts, items] = await Promise.all([
      this.pool.query('SELECT * FROM invoice_ledger WHERE tenant_id = $1 AND invoice_id = ANY($2)', [
        tenantId,
        lower(ask.invoiceIds),
      ]),
      this.pool.query(
        'SELECT customer_id, xero_contact_id FROM contact_ledger WHERE tenant_id = $1 AND customer_id = ANY($2)',
        [tenantId, lower(ask.customerIds)],
      ),
      this.pool.query('SELECT code FROM item_ledger WHERE tenant_id = $1 AND code_key = ANY($2)', [
        tenantId,
        lower(ask.itemCodes),
      ]),
    ]);
    for (const row of invoices.rows) knowledge.invoices[String(row.invoice_id)] = ledgerFromRow(row);
    for (const row of contacts.rows)
      knowledge.contacts[String(row.customer_id)] = String(row.xero_contact_id);
    knowledge.itemCodes = items.rows.map((r) => String(r.code));
    return knowledge;
  }

  async holdsUnapprovedCreditNotes(tenantId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM invoice_ledger WHERE tenant_id = $1 AND (entry::jsonb ->> 'documentType') IS NOT NULL
         AND coalesce(entry::jsonb ->> 'status', 'DRAFT') IN ('DRAFT', 'SUBMITTED') LIMIT 1`,
      [tenantId],
    );
    return rows.length > 0;
  }

  async findLedgerByXeroIds(tenantId: string, xeroInvoiceIds: string[]): Promise<InvoiceLedgerRecord[]> {
    if (!xeroInvoiceIds.length) return [];
    const { rows } = await this.pool.query(
      'SELECT * FROM invoice_ledger WHERE tenant_id = $1 AND lower(xero_invoice_id) = ANY($2)',
      [tenantId, lower(xeroInvoiceIds)],
    );
    return rows.map(ledgerFromRow);
  }

  async saveSyncLedger(
    tenantId: string,
    updates: LedgerUpdates,
    completeIntents: string[],
    now: string,
  ): Promise<LedgerConflict[]> {
    return withTransaction(this.pool, async (client) => {
      const conflicts: LedgerConflict[] = [];
      const entries = Object.entries(updates.invoices);
      if (entries.length) {
        // Two transactions each checking before the other commits would both pass: the organisation's ledger
        // writes take turns (the organisation lease already makes them, this holds without it).
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`invoice_ledger:${tenantId}`]);
      }
      for (const [id, entry] of entries) {
        const xeroId = entry.xeroInvoiceId;
        const held = await client.query(
          `SELECT invoice_id FROM invoice_ledger
           WHERE tenant_id = $1 AND lower(xero_invoice_id) = $2 AND invoice_id <> $3 LIMIT 1`,
          [tenantId, xeroId.toLowerCase(), id.toLowerCase()],
        );
        if (held.rows[0]) {
          conflicts.push({ invoiceId: id, xeroInvoiceId: xeroId, heldBy: String(held.rows[0].invoice_id) });
          continue;
        }
        await client.query(
          `INSERT INTO invoice_ledger (tenant_id, invoice_id, xero_invoice_id, entry, updated_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET xero_invoice_id = excluded.xero_invoice_id,
             entry = excluded.entry, updated_at = excluded.updated_at`,
          [tenantId, id.toLowerCase(), xeroId, JSON.stringify(entry), now],
        );
      }
      for (const [id, contactId] of Object.entries(updates.forgetContacts ?? {})) {
        await client.query(
          'DELETE FROM contact_ledger WHERE tenant_id = $1 AND customer_id = $2 AND lower(xero_contact_id) = $3',
          [tenantId, id.toLowerCase(), contactId.toLowerCase()],
        );
      }
      for (const [id, contactId] of Object.entries(updates.contacts)) {
        await client.query(
          `INSERT INTO contact_ledger (tenant_id, customer_id, xero_contact_id, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (tenant_id, customer_id) DO UPDATE SET xero_contact_id = excluded.xero_contact_id,
             updated_at = excluded.updated_at`,
          [tenantId, id.toLowerCase(), contactId, now],
        );
      }
      for (const code of updates.itemCodes) {
        await client.query(
          'INSERT INTO item_ledger (tenant_id, code_key, code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [tenantId, code.toLowerCase(), code],
        );
      }
      if (completeIntents.length) {
        await client.query(
          `UPDATE sync_intents SET completed_at = $1
           WHERE tenant_id = $2 AND idempotency_key = ANY($3) AND completed_at IS NULL`,
          [now, tenantId, completeIntents],
        );
      }
      return conflicts;
    });
  }

  async recordCancellation(
    tenantId: string,
    invoiceId: string,
    cancellation: PreviousCancellation,
    status: XeroDocumentStatus | undefined,
    now: string,
  ): Promise<void> {
    // The entry is TEXT (JSON) so both stores share one row format; jsonb_set on a cast keeps this one statement.
    await this.pool.query(
      `UPDATE invoice_ledger SET cancellation = $1, updated_at = $2,
         entry = CASE WHEN $3::text IS NULL THEN entry
                      ELSE jsonb_set(entry::jsonb, '{status}', to_jsonb($3::text))::text END
       WHERE tenant_id = $4 AND invoice_id = $5`,
      [JSON.stringify(cancellation), now, status ?? null, tenantId, invoiceId.toLowerCase()],
    );
  }

  async refreshFromXero(
    tenantId: string,
    seen: XeroInvoiceState[],
    readAt: string,
    now: string,
  ): Promise<number> {
    const byXeroId = new Map(seen.map((s) => [s.xeroInvoiceId.toLowerCase(), s]));
    if (!byXeroId.size) return 0;
    return withTransaction(this.pool, async (client) => {
      // FOR UPDATE: a sync saving the same entries meanwhile either commits first (and is left alone) or waits.
      const { rows } = await client.query(
        `SELECT invoice_id, entry FROM invoice_ledger WHERE tenant_id = $1 AND updated_at <= $2::timestamptz
           AND lower(xero_invoice_id) = ANY($3) FOR UPDATE`,
        [tenantId, readAt, [...byXeroId.keys()]],
      );
      let changed = 0;
      for (const row of rows) {
        const entry = refreshedEntry(String(row.entry), byXeroId);
        if (!entry) continue;
        const r = await client.query(
          'UPDATE invoice_ledger SET entry = $1, updated_at = $2 WHERE tenant_id = $3 AND invoice_id = $4',
          [entry, now, tenantId, row.invoice_id],
        );
        changed += r.rowCount ?? 0;
      }
      return changed;
    });
  }

  async markReported(
    tenantId: string,
    reports: { invoiceId: string; state: ReportedState }[],
    now: string,
  ): Promise<void> {
    if (!reports.length) return;
    await withTransaction(this.pool, async (client) => {
      for (const { invoiceId, state } of reports) {
        const id = invoiceId.toLowerCase();
        const { rows } = await client.query(
          'SELECT entry FROM invoice_ledger WHERE tenant_id = $1 AND invoice_id = $2 FOR UPDATE',
          [tenantId, id],
        );
        if (!rows[0]) continue;
        await client.query(
          'UPDATE invoice_ledger SET entry = $1, updated_at = $2 WHERE tenant_id = $3 AND invoice_id = $4',
          [reportedEntry(String(rows[0].entry), state), now, tenantId, id],
        );
      }
    });
  }

  async recordDelivery(
    tenantId: string,
    invoiceId: string,
    delivery: LedgerDelivery,
    completeIntent: string | undefined,
    now: string,
  ): Promise<void> {
    const id = invoiceId.toLowerCase();
    await withTransaction(this.pool, async (client) => {
      const { rows } = await client.query(
        'SELECT entry FROM invoice_ledger WHERE tenant_id = $1 AND invoice_id = $2 FOR UPDATE',
        [tenantId, id],
      );
      if (rows[0])
        await client.query(
          'UPDATE invoice_ledger SET entry = $1, updated_at = $2 WHERE tenant_id = $3 AND invoice_id = $4',
          [deliveredEntry(String(rows[0].entry), delivery), now, tenantId, id],
        );
      if (completeIntent)
        await client.query(
          `UPDATE sync_intents SET completed_at = $1
           WHERE tenant_id = $2 AND idempotency_key = $3 AND completed_at IS NULL`,
          [now, tenantId, completeIntent],
        );
    });
  }

  async journalIntent(intent: Omit<SyncIntentRecord, 'completedAt'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO sync_intents (tenant_id, idempotency_key, purpose, invoices, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
      [
        intent.tenantId,
        intent.idempotencyKey,
        intent.purpose,
        JSON.stringify(intent.invoices),
        intent.createdAt,
      ],
    );
  }

  async completeIntent(tenantId: string, idempotencyKey: string, now: string): Promise<void> {
    await this.pool.query(
      `UPDATE sync_intents SET completed_at = $1
       WHERE tenant_id = $2 AND idempotency_key = $3 AND completed_at IS NULL`,
      [now, tenantId, idempotencyKey],
    );
  }

  async listPendingIntents(tenantId: string, invoiceIds?: string[]): Promise<SyncIntentRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM sync_intents WHERE tenant_id = $1 AND completed_at IS NULL
       ORDER BY created_at, idempotency_key`,
      [tenantId],
    );
    return rows.map(intentFromRow).filter((intent) => mentionsAny(intent, invoiceIds));
  }
}
