/**
 * The ledger's part in issue 14 §3, §4, against SQLite and PostgreSQL alike: recordDelivery merges the link or the
 * email's outcome into the entry and completes the email's intent in one transaction, and the ledger's other
 * writers (a status refresh, a report) keep what it recorded.
 */
import type { LedgerUpdates } from '../domain/invoices/sync-ledger';
import { STORE_BACKENDS } from '../test-support/store-backends';
import type { OpenedStore } from '../test-support/store-backends';

const T1 = 'tenant-1';
const INV = 'AAAAAAAA-0000-4000-8000-000000000001';
const NOW = '2026-11-25T09:00:00.000Z';
const LATER = '2026-11-25T09:05:00.000Z';
const KEY = 'dxc-invoice-email-x-1';

const updates: LedgerUpdates = {
  invoices: {
    [INV]: { xeroInvoiceId: 'X-1', status: 'AUTHORISED', hasPayments: false, email: { state: 'due' } },
  },
  contacts: {},
  itemCodes: [],
};

describe.each(STORE_BACKENDS)('invoice delivery in the ledger on $name', (backend) => {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = await backend.open();
  });
  afterEach(async () => {
    await opened.store.close();
    await opened.cleanup();
  });

  const entry = async () =>
    (
      await opened.store.invoiceLedger.getSyncKnowledge(T1, {
        invoiceIds: [INV],
        customerIds: [],
        itemCodes: [],
      })
    ).invoices[INV.toLowerCase()]!.entry;

  test('the email outcome completes its intent in the same write, and survives a restart and a status refresh', async () => {
    const ledger = opened.store.invoiceLedger;
    await ledger.saveSyncLedger(T1, updates, [], NOW);
    await ledger.journalIntent({
      tenantId: T1,
      idempotencyKey: KEY,
      purpose: 'invoices.email',
      invoices: [{ invoiceId: INV.toLowerCase(), hash: 'X-1' }],
      createdAt: NOW,
    });
    expect((await ledger.listPendingIntents(T1)).map((i) => i.idempotencyKey)).toEqual([KEY]);
    await ledger.recordDelivery(T1, INV, { email: { state: 'sent', at: LATER } }, KEY, LATER);
    await ledger.recordDelivery(
      T1,
      INV.toLowerCase(),
      { onlineInvoice: { url: 'https://in.xero.com/abc', at: LATER } },
      undefined,
      LATER,
    );
    expect(await ledger.listPendingIntents(T1)).toEqual([]);

    await opened.store.close();
    opened.store = opened.reopen();
    await opened.store.invoiceLedger.refreshFromXero(
      T1,
      [{ xeroInvoiceId: 'x-1', status: 'PAID', hasPayments: true, amountDue: 0 }],
      LATER,
      LATER,
    );
    expect(await entry()).toMatchObject({
      status: 'PAID',
      email: { state: 'sent', at: LATER },
      onlineInvoice: { url: 'https://in.xero.com/abc', at: LATER },
    });
  });

  test('an invoice the ledger does not hold gets nothing, yet its intent is completed', async () => {
    const ledger = opened.store.invoiceLedger;
    await ledger.journalIntent({
      tenantId: T1,
      idempotencyKey: KEY,
      purpose: 'invoices.email',
      invoices: [{ invoiceId: 'unknown', hash: 'X-9' }],
      createdAt: NOW,
    });
    await ledger.recordDelivery(T1, 'unknown', { email: { state: 'sent', at: LATER } }, KEY, LATER);
    expect(await ledger.listPendingIntents(T1)).toEqual([]);
    expect(
      (await ledger.getSyncKnowledge(T1, { invoiceIds: ['unknown'], customerIds: [], itemCodes: [] }))
        .invoices,
    ).toEqual({});
  });
});
