/** The invoice ledger and intent journal, against SQLite and PostgreSQL alike (like store/store.test.ts). */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PostgresStore } from '../store/postgres-store';
import { SqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import type { LedgerUpdates } from '../sync/invoices/sync-ledger';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Opened {
  store: Store;
  reopen(): Store;
  cleanup(): Promise<void>;
}

const backends: { name: string; open(): Promise<Opened> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-ledger-'));
      const file = path.join(dir, 'proxy.db');
      const store = new SqliteStore(file);
      await store.migrate();
      return {
        store,
        reopen: () => new SqliteStore(file),
        cleanup: async () => fs.rmSync(dir, { recursive: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const schema = `t_ledger_${randomBytes(6).toString('hex')}`;
      const store = new PostgresStore(PG_URL, schema);
      await store.migrate();
      return {
        store,
        reopen: () => new PostgresStore(PG_URL, schema),
        cleanup: async () => {
          const admin = new Client({ connectionString: PG_URL });
          await admin.connect();
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await admin.end();
        },
      };
    },
  },
];

const T1 = 'tenant-1';
const T2 = 'tenant-2';
const INV = 'AAAAAAAA-0000-4000-8000-000000000001';
const NOW = '2026-11-25T09:00:00.000Z';

const updates = (overrides: Partial<LedgerUpdates> = {}): LedgerUpdates => ({
  invoices: {
    [INV]: {
      xeroInvoiceId: 'X-1',
      invoiceNumber: 'INV-1',
      payloadHash: 'h1',
      status: 'DRAFT',
      hasPayments: false,
      lineItemIds: { 'line-1': 'L-1' },
      xeroContactId: 'C-1',
    },
  },
  contacts: { 'cust-1': 'C-1' },
  itemCodes: ['SKU-A'],
  ...overrides,
});

describe.each(backends)('invoice ledger on $name', (backend) => {
  let opened: Opened;
  beforeEach(async () => {
    opened = await backend.open();
  });
  afterEach(async () => {
    await opened.store.close();
    await opened.cleanup();
  });

  test('what a batch learned is found again by id, case-insensitively, per organisation, after a restart', async () => {
    await opened.store.invoiceLedger.saveSyncLedger(T1, updates(), [], NOW);
    await opened.store.close();
    opened.store = opened.reopen();
    const ledger = opened.store.invoiceLedger;
    const known = await ledger.getSyncKnowledge(T1, {
      invoiceIds: [INV.toLowerCase(), 'other'],
      customerIds: ['CUST-1'],
      itemCodes: ['sku-a', 'SKU-B'],
    });
    expect(Object.keys(known.invoices)).toEqual([INV.toLowerCase()]);
    expect(known.invoices[INV.toLowerCase()]!.entry).toEqual(updates().invoices[INV]);
    expect(known.contacts).toEqual({ 'cust-1': 'C-1' });
    expect(known.itemCodes).toEqual(['SKU-A']);
    const other = await ledger.getSyncKnowledge(T2, {
      invoiceIds: [INV],
      customerIds: ['cust-1'],
      itemCodes: ['SKU-A'],
    });
    expect(other).toEqual({ invoices: {}, contacts: {}, itemCodes: [] });
    expect((await ledger.findLedgerByXeroIds(T1, ['x-1'])).map((r) => r.invoiceId)).toEqual([
      INV.toLowerCase(),
    ]);
  });

  test('a later batch replaces the entry but keeps a recorded cancellation; item codes are not duplicated', async () => {
    const ledger = opened.store.invoiceLedger;
    await ledger.saveSyncLedger(T1, updates(), [], NOW);
    await ledger.recordCancellation(
      T1,
      INV,
      { action: 'CreditNoteAllocated', creditNoteId: 'CN-1' },
      'PAID',
      NOW,
    );
    await ledger.saveSyncLedger(
      T1,
      updates({ invoices: { [INV]: { xeroInvoiceId: 'X-1', payloadHash: 'h2' } }, itemCodes: ['sku-a'] }),
      [],
      NOW,
    );
    const known = await ledger.getSyncKnowledge(T1, {
      invoiceIds: [INV],
      customerIds: [],
      itemCodes: ['SKU-A'],
    });
    const record = known.invoices[INV.toLowerCase()]!;
    expect(record.entry).toEqual({ xeroInvoiceId: 'X-1', payloadHash: 'h2' });
    expect(record.cancellation).toEqual({ action: 'CreditNoteAllocated', creditNoteId: 'CN-1' });
    expect(known.itemCodes).toEqual(['SKU-A']);
  });

  test('recording a cancellation sets the status after it', async () => {
    const ledger = opened.store.invoiceLedger;
    await ledger.saveSyncLedger(T1, updates(), [], NOW);
    await ledger.recordCancellation(T1, INV.toLowerCase(), { action: 'Deleted' }, 'DELETED', NOW);
    const [record] = await ledger.findLedgerByXeroIds(T1, ['X-1']);
    expect(record!.entry.status).toBe('DELETED');
    expect(record!.cancellation).toEqual({ action: 'Deleted' });
  });

  test('intents: journalled before the write, the first record wins, completed with the ledger write', async () => {
    const ledger = opened.store.invoiceLedger;
    const intent = {
      tenantId: T1,
      idempotencyKey: 'dxc-invoices-write-1',
      purpose: 'invoices.write',
      invoices: [{ invoiceId: INV, hash: 'h1' }],
      createdAt: NOW,
    };
    await ledger.journalIntent(intent);
    await ledger.journalIntent({ ...intent, createdAt: '2026-11-25T10:00:00.000Z', invoices: [] });
    await ledger.journalIntent({
      ...intent,
      idempotencyKey: 'dxc-other',
      invoices: [{ invoiceId: 'B', hash: 'x' }],
    });
    const pending = await ledger.listPendingIntents(T1, [INV.toLowerCase()]);
    expect(pending).toEqual([{ ...intent, completedAt: null }]);
    expect(await ledger.listPendingIntents(T1)).toHaveLength(2);
    expect(await ledger.listPendingIntents(T2)).toEqual([]);
    await ledger.saveSyncLedger(T1, updates(), ['dxc-invoices-write-1'], NOW);
    expect(await ledger.listPendingIntents(T1, [INV])).toEqual([]);
    await ledger.completeIntent(T1, 'dxc-other', NOW);
    expect(await ledger.listPendingIntents(T1)).toEqual([]);
  });
});
