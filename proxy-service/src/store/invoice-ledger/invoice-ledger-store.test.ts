/** The invoice ledger and intent journal, against SQLite and PostgreSQL alike (like store/store.test.ts). */
import type { LedgerUpdates } from '../../domain/invoices/sync-ledger';
import { STORE_BACKENDS } from '../../test-support/store-backends';
import type { OpenedStore } from '../../test-support/store-backends';

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

describe.each(STORE_BACKENDS)('invoice ledger on $name', (backend) => {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = await backend.open();
  });
  afterEach(async () => {
    await opened.store.close();
    await opened.cleanup();
  });

  test('holds an unapproved credit note only while one of the organisation awaits approval in Xero', async () => {
    const ledger = opened.store.invoiceLedger;
    await ledger.saveSyncLedger(T1, updates(), [], NOW);
    expect(await ledger.holdsUnapprovedCreditNotes(T1)).toBe(false); // a DRAFT invoice is not a credit note
    const note = (status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED') =>
      updates({
        invoices: { 'note-1': { xeroInvoiceId: 'CN-1', documentType: 'ACCRECCREDIT', status } },
      });
    for (const status of ['DRAFT', 'SUBMITTED'] as const) {
      await ledger.saveSyncLedger(T1, note(status), [], NOW);
      expect(await ledger.holdsUnapprovedCreditNotes(T1)).toBe(true);
      expect(await ledger.holdsUnapprovedCreditNotes(T2)).toBe(false);
    }
    for (const status of ['AUTHORISED', 'PAID', 'VOIDED'] as const) {
      await ledger.saveSyncLedger(T1, note(status), [], NOW);
      expect(await ledger.holdsUnapprovedCreditNotes(T1)).toBe(false);
    }
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

  test('H1: one Xero invoice stands for one Dataverse invoice; a second mapping is refused and reported', async () => {
    const ledger = opened.store.invoiceLedger;
    const other = 'BBBBBBBB-0000-4000-8000-000000000002';
    const third = 'CCCCCCCC-0000-4000-8000-000000000003';
    expect(await ledger.saveSyncLedger(T1, updates(), [], NOW)).toEqual([]);
    const conflicts = await ledger.saveSyncLedger(
      T1,
      updates({
        invoices: {
          [other]: { xeroInvoiceId: 'x-1', payloadHash: 'h-other' },
          [third]: { xeroInvoiceId: 'X-3', payloadHash: 'h-third' },
          // Twice in one save: the first one holds it.
          'DDDDDDDD-0000-4000-8000-000000000004': { xeroInvoiceId: 'X-3', payloadHash: 'h-fourth' },
        },
        contacts: { 'cust-2': 'C-2' },
      }),
      ['dxc-key'],
      NOW,
    );
    expect(conflicts).toEqual([
      { invoiceId: other, xeroInvoiceId: 'x-1', heldBy: INV.toLowerCase() },
      {
        invoiceId: 'DDDDDDDD-0000-4000-8000-000000000004',
        xeroInvoiceId: 'X-3',
        heldBy: third.toLowerCase(),
      },
    ]);
    expect((await ledger.findLedgerByXeroIds(T1, ['X-1'])).map((r) => r.invoiceId)).toEqual([
      INV.toLowerCase(),
    ]);
    expect((await ledger.findLedgerByXeroIds(T1, ['x-3'])).map((r) => r.invoiceId)).toEqual([
      third.toLowerCase(),
    ]);
    // The rest of the save went through; the same invoice saving its own Xero id again is no conflict.
    const known = await ledger.getSyncKnowledge(T1, {
      invoiceIds: [],
      customerIds: ['cust-2'],
      itemCodes: [],
    });
    expect(known.contacts).toEqual({ 'cust-2': 'C-2' });
    expect(await ledger.saveSyncLedger(T1, updates(), [], NOW)).toEqual([]);
    // Another organisation may hold the same id.
    expect(
      await ledger.saveSyncLedger(T2, updates({ invoices: { [other]: { xeroInvoiceId: 'X-1' } } }), [], NOW),
    ).toEqual([]);
  });

  test('H2: a contact id Xero refused is forgotten, unless the mapping has moved on meanwhile', async () => {
    const ledger = opened.store.invoiceLedger;
    await ledger.saveSyncLedger(T1, updates({ contacts: { 'cust-1': 'C-1', 'cust-2': 'C-2' } }), [], NOW);
    await ledger.saveSyncLedger(
      T1,
      { invoices: {}, contacts: {}, itemCodes: [], forgetContacts: { 'CUST-1': 'c-1', 'cust-2': 'C-OLD' } },
      [],
      NOW,
    );
    const known = await ledger.getSyncKnowledge(T1, {
      invoiceIds: [],
      customerIds: ['cust-1', 'cust-2'],
      itemCodes: [],
    });
    expect(known.contacts).toEqual({ 'cust-2': 'C-2' });
  });

  test('recording a cancellation sets the status after it', async () => {
    const ledger = opened.store.invoiceLedger;
    await ledger.saveSyncLedger(T1, updates(), [], NOW);
    await ledger.recordCancellation(T1, INV.toLowerCase(), { action: 'Deleted' }, 'DELETED', NOW);
    const [record] = await ledger.findLedgerByXeroIds(T1, ['X-1']);
    expect(record!.entry.status).toBe('DELETED');
    expect(record!.cancellation).toEqual({ action: 'Deleted' });
  });

  test('refreshFromXero takes the status and payments Xero showed, unless a sync wrote the entry after the read', async () => {
    const ledger = opened.store.invoiceLedger;
    const other = 'BBBBBBBB-0000-4000-8000-000000000002';
    await ledger.saveSyncLedger(
      T1,
      updates({
        invoices: {
          ...updates().invoices,
          [other]: { xeroInvoiceId: 'X-2', payloadHash: 'h9', status: 'AUTHORISED', hasPayments: false },
        },
      }),
      [],
      NOW,
    );
    const read = '2026-11-25T09:05:00.000Z';
    const later = '2026-11-25T09:06:00.000Z';
    const seen = [
      { xeroInvoiceId: 'x-1', status: 'AUTHORISED' as const, hasPayments: true },
      { xeroInvoiceId: 'X-UNKNOWN', status: 'PAID' as const, hasPayments: true },
    ];
    expect(await ledger.refreshFromXero(T2, seen, read, later)).toBe(0);
    expect(await ledger.refreshFromXero(T1, seen, read, later)).toBe(1);
    const [refreshed] = await ledger.findLedgerByXeroIds(T1, ['X-1']);
    // Only what Xero decides changes; what the sync sent (hash, lines, contact) stays for the next decision.
    expect(refreshed).toEqual({
      invoiceId: INV.toLowerCase(),
      entry: { ...updates().invoices[INV], status: 'AUTHORISED', hasPayments: true },
      updatedAt: later,
    });
    expect((await ledger.findLedgerByXeroIds(T1, ['X-2']))[0]!.entry.status).toBe('AUTHORISED');
    // Seen again: nothing new, nothing written.
    expect(await ledger.refreshFromXero(T1, seen, later, '2026-11-25T09:07:00.000Z')).toBe(0);

    // A sync stored X-2 after this read began: its answer wins over the read.
    const syncedAfterRead = '2026-11-25T09:10:00.000Z';
    await ledger.saveSyncLedger(
      T1,
      updates({
        invoices: {
          [other]: { xeroInvoiceId: 'X-2', payloadHash: 'h10', status: 'AUTHORISED', hasPayments: false },
        },
      }),
      [],
      syncedAfterRead,
    );
    const stale = [{ xeroInvoiceId: 'X-2', status: 'PAID' as const, hasPayments: true }];
    expect(
      await ledger.refreshFromXero(T1, stale, '2026-11-25T09:09:00.000Z', '2026-11-25T09:11:00.000Z'),
    ).toBe(0);
    expect((await ledger.findLedgerByXeroIds(T1, ['X-2']))[0]!.entry).toMatchObject({ status: 'AUTHORISED' });
    expect(await ledger.refreshFromXero(T1, stale, syncedAfterRead, '2026-11-25T09:11:00.000Z')).toBe(1);
    expect((await ledger.findLedgerByXeroIds(T1, ['X-2']))[0]!.entry).toMatchObject({
      payloadHash: 'h10',
      status: 'PAID',
      hasPayments: true,
    });
    expect(await ledger.refreshFromXero(T1, [], syncedAfterRead, later)).toBe(0);
  });

  test('markReported keeps what Dataverse was given, by Dataverse id, leaving the rest of the entry alone', async () => {
    const ledger = opened.store.invoiceLedger;
    const other = 'BBBBBBBB-0000-4000-8000-000000000002';
    await ledger.saveSyncLedger(
      T1,
      updates({
        invoices: {
          ...updates().invoices,
          [other]: { xeroInvoiceId: 'X-2', payloadHash: 'h2', status: 'AUTHORISED' },
        },
      }),
      [],
      NOW,
    );
    await ledger.recordCancellation(T1, INV, { action: 'Voided' }, 'VOIDED', NOW);
    const reportedAt = '2026-11-25T09:30:00.000Z';
    await ledger.markReported(
      T1,
      [
        { invoiceId: INV, state: { status: 'PAID', amountDue: 0, amountPaid: 120 } },
        // Not in the ledger: nothing is created for it.
        { invoiceId: 'CCCCCCCC-0000-4000-8000-000000000003', state: { status: 'PAID' } },
      ],
      reportedAt,
    );
    const [record] = await ledger.findLedgerByXeroIds(T1, ['X-1']);
    expect(record).toEqual({
      invoiceId: INV.toLowerCase(),
      entry: {
        ...updates().invoices[INV],
        status: 'VOIDED',
        reported: { status: 'PAID', amountDue: 0, amountPaid: 120 },
      },
      cancellation: { action: 'Voided' },
      updatedAt: reportedAt,
    });
    // The other invoice, and the same invoice in another organisation, are untouched.
    expect((await ledger.findLedgerByXeroIds(T1, ['X-2']))[0]).toEqual({
      invoiceId: other.toLowerCase(),
      entry: { xeroInvoiceId: 'X-2', payloadHash: 'h2', status: 'AUTHORISED' },
      updatedAt: NOW,
    });
    const known = await ledger.getSyncKnowledge(T1, {
      invoiceIds: ['cccccccc-0000-4000-8000-000000000003'],
      customerIds: [],
      itemCodes: [],
    });
    expect(known.invoices).toEqual({});
    await ledger.markReported(T2, [{ invoiceId: INV, state: { status: 'DELETED' } }], reportedAt);
    expect((await ledger.findLedgerByXeroIds(T1, ['X-1']))[0]!.entry.reported).toEqual({
      status: 'PAID',
      amountDue: 0,
      amountPaid: 120,
    });

    // A later report replaces the earlier one (after a restart, too); nothing to report writes nothing.
    await ledger.markReported(
      T1,
      [{ invoiceId: INV.toLowerCase(), state: { status: 'AUTHORISED', amountDue: 70, amountPaid: 50 } }],
      '2026-11-25T09:40:00.000Z',
    );
    await ledger.markReported(T1, [], '2026-11-25T09:50:00.000Z');
    await opened.store.close();
    opened.store = opened.reopen();
    const [later] = await opened.store.invoiceLedger.findLedgerByXeroIds(T1, ['x-1']);
    expect(later!.entry.reported).toEqual({ status: 'AUTHORISED', amountDue: 70, amountPaid: 50 });
    expect(later!.entry.lineItemIds).toEqual({ 'line-1': 'L-1' });
    expect(later!.updatedAt).toBe('2026-11-25T09:40:00.000Z');
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
