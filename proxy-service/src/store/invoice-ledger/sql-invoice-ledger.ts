/**
 * The invoice ledger and intent journal (see invoice-ledger-store.ts), written once for SQLite and PostgreSQL.
 * Writes that read an entry first hold it: FOR UPDATE on PostgreSQL, SQLite's BEGIN IMMEDIATE (one writer).
 */
import { sql } from 'kysely';
import type { PreviousCancellation } from '../../domain/cancellation/decide-cancellation';
import type { LedgerInvoiceEntry, LedgerUpdates, ReportedState } from '../../domain/invoices/sync-ledger';
import type { XeroDocumentStatus } from '../../domain/invoices/xero-payloads';
import type { StoreDatabase, StoreDb } from '../sql/store-database';
import { inTransaction } from '../sql/transaction';
import type {
  InvoiceLedgerRecord,
  InvoiceLedgerStore,
  LedgerConflict,
  LedgerDelivery,
  SyncIntentRecord,
  SyncKnowledge,
  XeroInvoiceState,
} from './invoice-ledger-store';
import { deliveredEntry, refreshedEntry, reportedEntry } from './ledger-entries';
import { intentFromRow, ledgerFromRow, mentionsAny } from './ledger-rows';

const lower = (values: readonly string[]): string[] => [...new Set(values.map((v) => v.toLowerCase()))];

export class SqlInvoiceLedger implements InvoiceLedgerStore {
  constructor(private readonly database: StoreDatabase) {}

  /** Every transaction here writes: on SQLite it takes the write lock first (BEGIN IMMEDIATE). */
  private write<T>(work: (trx: StoreDb) => Promise<T>): Promise<T> {
    return inTransaction(this.database, work, { immediate: true });
  }

  async getSyncKnowledge(
    tenantId: string,
    ask: { invoiceIds: string[]; customerIds: string[]; itemCodes: string[] },
  ): Promise<SyncKnowledge> {
    const knowledge: SyncKnowledge = { invoices: {}, contacts: {}, itemCodes: [] };
    const invoiceIds = lower(ask.invoiceIds);
    const customerIds = lower(ask.customerIds);
    const codes = lower(ask.itemCodes);
    // An empty IN list is not SQL: what nobody asked for is not read.
    const [invoices, contacts, items] = await Promise.all([
      invoiceIds.length
        ? this.database.db
            .selectFrom('invoice_ledger')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('invoice_id', 'in', invoiceIds)
            .execute()
        : [],
      customerIds.length
        ? this.database.db
            .selectFrom('contact_ledger')
            .select(['customer_id', 'xero_contact_id'])
            .where('tenant_id', '=', tenantId)
            .where('customer_id', 'in', customerIds)
            .execute()
        : [],
      codes.length
        ? this.database.db
            .selectFrom('item_ledger')
            .select('code')
            .where('tenant_id', '=', tenantId)
            .where('code_key', 'in', codes)
            .execute()
        : [],
    ]);
    for (const row of invoices) knowledge.invoices[row.invoice_id] = ledgerFromRow(row);
    for (const row of contacts) knowledge.contacts[row.customer_id] = row.xero_contact_id;
    knowledge.itemCodes = items.map((r) => r.code);
    return knowledge;
  }

  /** A text field of the entry's JSON (a TEXT column on both: PostgreSQL reads inside it as jsonb). */
  private entryField(key: 'documentType' | 'status') {
    return this.database.kind === 'postgres'
      ? sql<string | null>`(entry::jsonb ->> ${sql.lit(key)})`
      : sql<string | null>`(entry ->> ${sql.lit(key)})`;
  }

  async holdsUnapprovedCreditNotes(tenantId: string): Promise<boolean> {
    const row = await this.database.db
      .selectFrom('invoice_ledger')
      .select('invoice_id')
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`${this.entryField('documentType')} IS NOT NULL`)
      .where(sql<boolean>`coalesce(${this.entryField('status')}, 'DRAFT') IN ('DRAFT', 'SUBMITTED')`)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async findLedgerByXeroIds(tenantId: string, xeroInvoiceIds: string[]): Promise<InvoiceLedgerRecord[]> {
    const ids = lower(xeroInvoiceIds);
    if (!ids.length) return [];
    const rows = await this.database.db
      .selectFrom('invoice_ledger')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb(eb.fn('lower', ['xero_invoice_id']), 'in', ids))
      .execute();
    return rows.map(ledgerFromRow);
  }

  async saveSyncLedger(
    tenantId: string,
    updates: LedgerUpdates,
    completeIntents: string[],
    now: string,
  ): Promise<LedgerConflict[]> {
    return this.write(async (trx) => {
      const conflicts = await this.saveInvoiceEntries(trx, tenantId, updates.invoices, now);
      for (const [id, contactId] of Object.entries(updates.forgetContacts ?? {}))
        await trx
          .deleteFrom('contact_ledger')
          .where('tenant_id', '=', tenantId)
          .where('customer_id', '=', id.toLowerCase())
          .where((eb) => eb(eb.fn('lower', ['xero_contact_id']), '=', contactId.toLowerCase()))
          .execute();
      for (const [id, contactId] of Object.entries(updates.contacts))
        await trx
          .insertInto('contact_ledger')
          .values({
            tenant_id: tenantId,
            customer_id: id.toLowerCase(),
            xero_contact_id: contactId,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'customer_id']).doUpdateSet((eb) => ({
              xero_contact_id: eb.ref('excluded.xero_contact_id'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      for (const code of updates.itemCodes)
        await trx
          .insertInto('item_ledger')
          .values({ tenant_id: tenantId, code_key: code.toLowerCase(), code })
          .onConflict((oc) => oc.doNothing())
          .execute();
      if (completeIntents.length) await this.completeIntents(trx, tenantId, completeIntents, now);
      return conflicts;
    });
  }

  /** Writes the entries no other Dataverse invoice's entry holds the Xero invoice of; returns the others. */
  private async saveInvoiceEntries(
    trx: StoreDb,
    tenantId: string,
    invoices: Record<string, LedgerInvoiceEntry>,
    now: string,
  ): Promise<LedgerConflict[]> {
    const entries = Object.entries(invoices);
    if (entries.length && this.database.kind === 'postgres') {
      // Two transactions each checking before the other commits would both pass: the organisation's ledger
      // writes take turns (the organisation lease already makes them, this holds without it). SQLite's
      // BEGIN IMMEDIATE already has them take turns.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`invoice_ledger:${tenantId}`}))`.execute(trx);
    }
    const conflicts: LedgerConflict[] = [];
    for (const [id, entry] of entries) {
      const xeroId = entry.xeroInvoiceId;
      const held = await trx
        .selectFrom('invoice_ledger')
        .select('invoice_id')
        .where('tenant_id', '=', tenantId)
        .where((eb) => eb(eb.fn('lower', ['xero_invoice_id']), '=', xeroId.toLowerCase()))
        .where('invoice_id', '<>', id.toLowerCase())
        .limit(1)
        .executeTakeFirst();
      if (held) {
        conflicts.push({ invoiceId: id, xeroInvoiceId: xeroId, heldBy: held.invoice_id });
        continue;
      }
      await trx
        .insertInto('invoice_ledger')
        .values({
          tenant_id: tenantId,
          invoice_id: id.toLowerCase(),
          xero_invoice_id: xeroId,
          entry: JSON.stringify(entry),
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'invoice_id']).doUpdateSet((eb) => ({
            xero_invoice_id: eb.ref('excluded.xero_invoice_id'),
            entry: eb.ref('excluded.entry'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    return conflicts;
  }

  /** The stored entry of an invoice, held for the rest of the transaction (see the header). */
  private async heldEntry(trx: StoreDb, tenantId: string, id: string): Promise<string | undefined> {
    const row = await trx
      .selectFrom('invoice_ledger')
      .select('entry')
      .where('tenant_id', '=', tenantId)
      .where('invoice_id', '=', id)
      .$if(this.database.kind === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    return row?.entry;
  }

  private async writeEntry(
    trx: StoreDb,
    tenantId: string,
    id: string,
    entry: string,
    now: string,
    cancellation?: PreviousCancellation,
  ): Promise<number> {
    const written = await trx
      .updateTable('invoice_ledger')
      .set({
        entry,
        updated_at: now,
        ...(cancellation ? { cancellation: JSON.stringify(cancellation) } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('invoice_id', '=', id)
      .executeTakeFirst();
    return Number(written.numUpdatedRows);
  }

  async recordCancellation(
    tenantId: string,
    invoiceId: string,
    cancellation: PreviousCancellation,
    status: XeroDocumentStatus | undefined,
    now: string,
  ): Promise<void> {
    const id = invoiceId.toLowerCase();
    await this.write(async (trx) => {
      const stored = await this.heldEntry(trx, tenantId, id);
      if (stored === undefined) return;
      const entry = JSON.parse(stored) as Record<string, unknown>;
      if (status) entry.status = status;
      await this.writeEntry(trx, tenantId, id, JSON.stringify(entry), now, cancellation);
    });
  }

  async refreshFromXero(
    tenantId: string,
    seen: XeroInvoiceState[],
    readAt: string,
    now: string,
  ): Promise<number> {
    const byXeroId = new Map(seen.map((s) => [s.xeroInvoiceId.toLowerCase(), s]));
    if (!byXeroId.size) return 0;
    return this.write(async (trx) => {
      // FOR UPDATE: a sync saving the same entries meanwhile either commits first (and is left alone) or waits.
      const rows = await trx
        .selectFrom('invoice_ledger')
        .select(['invoice_id', 'entry'])
        .where('tenant_id', '=', tenantId)
        .where('updated_at', '<=', readAt)
        .where((eb) => eb(eb.fn('lower', ['xero_invoice_id']), 'in', [...byXeroId.keys()]))
        .$if(this.database.kind === 'postgres', (q) => q.forUpdate())
        .execute();
      let changed = 0;
      for (const row of rows) {
        const entry = refreshedEntry(row.entry, byXeroId);
        if (entry) changed += await this.writeEntry(trx, tenantId, row.invoice_id, entry, now);
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
    await this.write(async (trx) => {
      for (const { invoiceId, state } of reports) {
        const id = invoiceId.toLowerCase();
        const stored = await this.heldEntry(trx, tenantId, id);
        if (stored !== undefined) await this.writeEntry(trx, tenantId, id, reportedEntry(stored, state), now);
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
    await this.write(async (trx) => {
      const stored = await this.heldEntry(trx, tenantId, id);
      if (stored !== undefined)
        await this.writeEntry(trx, tenantId, id, deliveredEntry(stored, delivery), now);
      if (completeIntent) await this.completeIntents(trx, tenantId, [completeIntent], now);
    });
  }

  async journalIntent(intent: Omit<SyncIntentRecord, 'completedAt'>): Promise<void> {
    await this.database.db
      .insertInto('sync_intents')
      .values({
        tenant_id: intent.tenantId,
        idempotency_key: intent.idempotencyKey,
        purpose: intent.purpose,
        invoices: JSON.stringify(intent.invoices),
        created_at: intent.createdAt,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async completeIntent(tenantId: string, idempotencyKey: string, now: string): Promise<void> {
    await this.completeIntents(this.database.db, tenantId, [idempotencyKey], now);
  }

  private async completeIntents(db: StoreDb, tenantId: string, keys: string[], now: string): Promise<void> {
    await db
      .updateTable('sync_intents')
      .set({ completed_at: now })
      .where('tenant_id', '=', tenantId)
      .where('idempotency_key', 'in', keys)
      .where('completed_at', 'is', null)
      .execute();
  }

  async listPendingIntents(tenantId: string, invoiceIds?: string[]): Promise<SyncIntentRecord[]> {
    const rows = await this.database.db
      .selectFrom('sync_intents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('completed_at', 'is', null)
      .orderBy('created_at')
      .orderBy('idempotency_key')
      .execute();
    return rows.map(intentFromRow).filter((intent) => mentionsAny(intent, invoiceIds));
  }
}
