/** The invoice ledger and intent journal in the embedded SQLite store (see invoice-ledger-store.ts). */
import type Database from 'better-sqlite3';
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

type Row = Record<string, unknown>;
const lower = (values: readonly string[]): string[] => [...new Set(values.map((v) => v.toLowerCase()))];
/** SQLite's default limit of host parameters is 32,766; a batch asks for at most a few hundred. */
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

export class SqliteInvoiceLedger implements InvoiceLedgerStore {
  constructor(private readonly db: Database.Database) {}

  async getSyncKnowledge(
    tenantId: string,
    ask: { invoiceIds: string[]; customerIds: string[]; itemCodes: string[] },
  ): Promise<SyncKnowledge> {
    const knowledge: SyncKnowledge = { invoices: {}, contacts: {}, itemCodes: [] };
    const invoiceIds = lower(ask.invoiceIds);
    if (invoiceIds.length) {
      const rows = this.db
        .prepare(
          `SELECT * FROM invoice_ledger WHERE tenant_id = ? AND invoice_id IN (${marks(invoiceIds.length)})`,
        )
        .all(tenantId, ...invoiceIds) as Row[];
      for (const row of rows) knowledge.invoices[String(row.invoice_id)] = ledgerFromRow(row);
    }
    const customerIds = lower(ask.customerIds);
    if (customerIds.length) {
      const rows = this.db
        .prepare(
          `SELECT customer_id, xero_contact_id FROM contact_ledger WHERE tenant_id = ? AND customer_id IN (${marks(customerIds.length)})`,
        )
        .all(tenantId, ...customerIds) as Row[];
      for (const row of rows) knowledge.contacts[String(row.customer_id)] = String(row.xero_contact_id);
    }
    const codes = lower(ask.itemCodes);
    if (codes.length) {
      const rows = this.db
        .prepare(`SELECT code FROM item_ledger WHERE tenant_id = ? AND code_key IN (${marks(codes.length)})`)
        .all(tenantId, ...codes) as Row[];
      knowledge.itemCodes = rows.map((r) => String(r.code));
    }
    return knowledge;
  }

  async holdsUnapprovedCreditNotes(tenantId: string): Promise<boolean> {
    const row = this.db
      .prepare(
        `SELECT 1 FROM invoice_ledger WHERE tenant_id = ? AND json_extract(entry, '$.documentType') IS NOT NULL
           AND coalesce(json_extract(entry, '$.status'), 'DRAFT') IN ('DRAFT', 'SUBMITTED') LIMIT 1`,
      )
      .get(tenantId);
    return row !== undefined;
  }

  async findLedgerByXeroIds(tenantId: string, xeroInvoiceIds: string[]): Promise<InvoiceLedgerRecord[]> {
    const ids = lower(xeroInvoiceIds);
    if (!ids.length) return [];
    return (
      this.db
        .prepare(
          `SELECT * FROM invoice_ledger WHERE tenant_id = ? AND lower(xero_invoice_id) IN (${marks(ids.length)})`,
        )
        .all(tenantId, ...ids) as Row[]
    ).map(ledgerFromRow);
  }

  async saveSyncLedger(
    tenantId: string,
    updates: LedgerUpdates,
    completeIntents: string[],
    now: string,
  ): Promise<LedgerConflict[]> {
    const holder = this.db.prepare(
      `SELECT invoice_id FROM invoice_ledger WHERE tenant_id = ? AND lower(xero_invoice_id) = ? AND invoice_id <> ?
       LIMIT 1`,
    );
    const invoice = this.db.prepare(
      `INSERT INTO invoice_ledger (tenant_id, invoice_id, xero_invoice_id, entry, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET xero_invoice_id = excluded.xero_invoice_id,
         entry = excluded.entry, updated_at = excluded.updated_at`,
    );
    const forget = this.db.prepare(
      'DELETE FROM contact_ledger WHERE tenant_id = ? AND customer_id = ? AND lower(xero_contact_id) = ?',
    );
    const contact = this.db.prepare(
      `INSERT INTO contact_ledger (tenant_id, customer_id, xero_contact_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, customer_id) DO UPDATE SET xero_contact_id = excluded.xero_contact_id,
         updated_at = excluded.updated_at`,
    );
    const item = this.db.prepare(
      'INSERT INTO item_ledger (tenant_id, code_key, code) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    const complete = this.db.prepare(
      'UPDATE sync_intents SET completed_at = ? WHERE tenant_id = ? AND idempotency_key = ? AND completed_at IS NULL',
    );
    return this.db
      .transaction(() => {
        const conflicts: LedgerConflict[] = [];
        for (const [id, entry] of Object.entries(updates.invoices)) {
          const xeroId = entry.xeroInvoiceId;
          const held = holder.get(tenantId, xeroId.toLowerCase(), id.toLowerCase()) as Row | undefined;
          if (held) {
            conflicts.push({ invoiceId: id, xeroInvoiceId: xeroId, heldBy: String(held.invoice_id) });
            continue;
          }
          invoice.run(tenantId, id.toLowerCase(), xeroId, JSON.stringify(entry), now);
        }
        for (const [id, contactId] of Object.entries(updates.forgetContacts ?? {}))
          forget.run(tenantId, id.toLowerCase(), contactId.toLowerCase());
        for (const [id, contactId] of Object.entries(updates.contacts))
          contact.run(tenantId, id.toLowerCase(), contactId, now);
        for (const code of updates.itemCodes) item.run(tenantId, code.toLowerCase(), code);
        for (const key of completeIntents) complete.run(now, tenantId, key);
        return conflicts;
      })
      .immediate();
  }

  async recordCancellation(
    tenantId: string,
    invoiceId: string,
    cancellation: PreviousCancellation,
    status: XeroDocumentStatus | undefined,
    now: string,
  ): Promise<void> {
    const id = invoiceId.toLowerCase();
    this.db
      .transaction(() => {
        const row = this.db
          .prepare('SELECT entry FROM invoice_ledger WHERE tenant_id = ? AND invoice_id = ?')
          .get(tenantId, id) as Row | undefined;
        if (!row) return;
        const entry = JSON.parse(String(row.entry)) as Record<string, unknown>;
        if (status) entry.status = status;
        this.db
          .prepare(
            'UPDATE invoice_ledger SET entry = ?, cancellation = ?, updated_at = ? WHERE tenant_id = ? AND invoice_id = ?',
          )
          .run(JSON.stringify(entry), JSON.stringify(cancellation), now, tenantId, id);
      })
      .immediate();
  }

  async refreshFromXero(
    tenantId: string,
    seen: XeroInvoiceState[],
    readAt: string,
    now: string,
  ): Promise<number> {
    const byXeroId = new Map(seen.map((s) => [s.xeroInvoiceId.toLowerCase(), s]));
    if (!byXeroId.size) return 0;
    const update = this.db.prepare(
      'UPDATE invoice_ledger SET entry = ?, updated_at = ? WHERE tenant_id = ? AND invoice_id = ?',
    );
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT invoice_id, entry FROM invoice_ledger WHERE tenant_id = ? AND updated_at <= ?
               AND lower(xero_invoice_id) IN (${marks(byXeroId.size)})`,
          )
          .all(tenantId, readAt, ...byXeroId.keys()) as Row[];
        let changed = 0;
        for (const row of rows) {
          const entry = refreshedEntry(String(row.entry), byXeroId);
          if (entry) changed += update.run(entry, now, tenantId, row.invoice_id).changes;
        }
        return changed;
      })
      .immediate();
  }

  async markReported(
    tenantId: string,
    reports: { invoiceId: string; state: ReportedState }[],
    now: string,
  ): Promise<void> {
    if (!reports.length) return;
    const read = this.db.prepare('SELECT entry FROM invoice_ledger WHERE tenant_id = ? AND invoice_id = ?');
    const write = this.db.prepare(
      'UPDATE invoice_ledger SET entry = ?, updated_at = ? WHERE tenant_id = ? AND invoice_id = ?',
    );
    this.db
      .transaction(() => {
        for (const { invoiceId, state } of reports) {
          const id = invoiceId.toLowerCase();
          const row = read.get(tenantId, id) as Row | undefined;
          if (row) write.run(reportedEntry(String(row.entry), state), now, tenantId, id);
        }
      })
      .immediate();
  }

  async recordDelivery(
    tenantId: string,
    invoiceId: string,
    delivery: LedgerDelivery,
    completeIntent: string | undefined,
    now: string,
  ): Promise<void> {
    const id = invoiceId.toLowerCase();
    this.db
      .transaction(() => {
        const row = this.db
          .prepare('SELECT entry FROM invoice_ledger WHERE tenant_id = ? AND invoice_id = ?')
          .get(tenantId, id) as Row | undefined;
        if (row)
          this.db
            .prepare(
              'UPDATE invoice_ledger SET entry = ?, updated_at = ? WHERE tenant_id = ? AND invoice_id = ?',
            )
            .run(deliveredEntry(String(row.entry), delivery), now, tenantId, id);
        if (completeIntent)
          this.db
            .prepare(
              'UPDATE sync_intents SET completed_at = ? WHERE tenant_id = ? AND idempotency_key = ? AND completed_at IS NULL',
            )
            .run(now, tenantId, completeIntent);
      })
      .immediate();
  }

  async journalIntent(intent: Omit<SyncIntentRecord, 'completedAt'>): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sync_intents (tenant_id, idempotency_key, purpose, invoices, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
      )
      .run(
        intent.tenantId,
        intent.idempotencyKey,
        intent.purpose,
        JSON.stringify(intent.invoices),
        intent.createdAt,
      );
  }

  async completeIntent(tenantId: string, idempotencyKey: string, now: string): Promise<void> {
    this.db
      .prepare(
        'UPDATE sync_intents SET completed_at = ? WHERE tenant_id = ? AND idempotency_key = ? AND completed_at IS NULL',
      )
      .run(now, tenantId, idempotencyKey);
  }

  async listPendingIntents(tenantId: string, invoiceIds?: string[]): Promise<SyncIntentRecord[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM sync_intents WHERE tenant_id = ? AND completed_at IS NULL ORDER BY created_at, idempotency_key',
      )
      .all(tenantId) as Row[];
    return rows.map(intentFromRow).filter((intent) => mentionsAny(intent, invoiceIds));
  }
}
