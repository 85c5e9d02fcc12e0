import type { InvoiceSyncResult } from '@dxc/openapi';
import { ContractValidator } from '../http/contract-validator';
import { INVOICE, uuid } from '../domain/invoices/test-support/batch-fixtures';
import { syncWriteBack, type SyncWriteBackInput } from './sync-write-back';
import {
  accountLookup,
  CONNECTION_ROW,
  contactLookup,
  customerColumns,
  detailRow,
  EXPORT_STATUS,
  invoiceRow,
  SYNC_ACTION,
  SYNC_RESULT,
  XERO_STATUS,
  type Row,
} from './test-support/dataverse-rows';

const TENANT = '6a1b2c3d-0000-4000-8000-00000000000a';
const CONNECTION = uuid(CONNECTION_ROW, 1);
const ATTEMPT = '0f0e0d0c-0b0a-4908-8706-050403020100';
/** The flow's clock with milliseconds: Dataverse keeps seconds, so every stamp drops them. */
const NOW = new Date('2026-02-02T14:57:22.456Z');
const STAMP = '2026-02-02T14:57:22Z';
const RESYNC_AFTER = '2026-02-02T14:58:22Z';
const HISTORY_NAME = 'Sync - 2026-02-02 14:57:22';
const XERO_CONTACT = '3f2a1b0c-1111-4222-8333-444455556666';

const validator = new ContractValidator();

function xeroInvoiceId(n: number): string {
  return uuid(0x20, n);
}

/** What the sync answers for a row sent to Xero (the tax of each of its lines at 20 %). */
function accepted(row: Row, overrides: Partial<InvoiceSyncResult> = {}): InvoiceSyncResult {
  const n = parseInt(String(row.invoiceid).slice(-12), 16);
  const lines = (row.invoice_details as Row[]).map((d) => ({
    lineId: d.invoicedetailid as string,
    xeroLineItemId: uuid(0x21, n),
    taxAmount: 20,
    lineAmount: 100,
  }));
  return {
    invoiceId: String(row.invoiceid).toLowerCase(),
    outcome: 'created',
    xeroInvoiceId: xeroInvoiceId(n),
    invoiceNumber: row.invoicenumber as string,
    status: 'AUTHORISED',
    url: `https://go.xero.com/organisationlogin/default.aspx?shortcode=!mBdtL&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=${xeroInvoiceId(n)}`,
    subTotal: 100,
    totalTax: 20,
    total: 120,
    amountDue: 120,
    amountPaid: 0,
    currencyCode: 'GBP',
    xeroContactId: XERO_CONTACT,
    lines,
    syncedAt: '2026-02-02T14:57:21.000Z',
    message: `Invoice has been created in Xero - ${row.invoicenumber as string}`,
    errors: [],
    ...overrides,
  };
}

function failure(row: Row, message: string): InvoiceSyncResult {
  return {
    invoiceId: String(row.invoiceid).toLowerCase(),
    outcome: 'failed',
    message,
    errors: [{ code: 'xero_validation', message }],
  };
}

function input(rows: Row[], results: InvoiceSyncResult[], overrides: Partial<SyncWriteBackInput> = {}) {
  return {
    rows,
    results: new Map(results.map((r) => [r.invoiceId, r])),
    connectionRowId: CONNECTION,
    now: NOW,
    attemptId: ATTEMPT,
    ...overrides,
  };
}

/** The rows-mode answer the route sends, checked against the contract's response schema. */
function expectValidAnswer(results: InvoiceSyncResult[], writeBack: unknown): void {
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const body = {
    summary: {
      total: results.length,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      failed: count('failed'),
    },
    results,
    writeBack,
  };
  expect(validator.validateResponse('SyncInvoices', 200, body)).toEqual([]);
}

const historyId = (invoiceId: string) => `dxc_synchistories(dxc_eventkey='sync:${invoiceId}:${ATTEMPT}')`;

describe('the write-back of a SyncInvoices batch (B5, B6) as bulk messages', () => {
  test('a created invoice: line tax, the customer’s Xero contact id, the invoice columns and its history, in that order', () => {
    const row = invoiceRow(1, TENANT, {
      invoiceid: uuid(INVOICE, 1).toUpperCase(),
      invoice_details: [detailRow(11), detailRow(12, { sequencenumber: 2 })],
    });
    const result = accepted(row);
    const writeBack = syncWriteBack(input([row], [result]));
    const invoiceId = uuid(INVOICE, 1);
    expect(writeBack).toEqual([
      {
        entitySet: 'invoicedetails',
        message: 'UpdateMultiple',
        key: 'invoicedetailid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.invoicedetail',
            invoicedetailid: detailRow(11).invoicedetailid,
            tax: 20,
          },
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.invoicedetail',
            invoicedetailid: detailRow(12).invoicedetailid,
            tax: 20,
          },
        ],
      },
      {
        entitySet: 'accounts',
        message: 'UpdateMultiple',
        key: 'accountid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.account',
            accountid: accountLookup(1).accountid,
            dxc_xerocontactid: XERO_CONTACT,
          },
        ],
      },
      {
        entitySet: 'invoices',
        message: 'UpdateMultiple',
        key: 'invoiceid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
            invoiceid: invoiceId,
            dxc_exportstatus: EXPORT_STATUS.Yes,
            dxc_xeroinvoiceid: result.xeroInvoiceId,
            dxc_xeroinvoicenumber: 'ROW-00001',
            dxc_xerostatus: XERO_STATUS.AUTHORISED,
            dxc_xerourl: result.url,
            dxc_amountdue: 120,
            dxc_amountpaid: 0,
            dxc_exportedon: STAMP,
            dxc_resyncafter: RESYNC_AFTER,
            dxc_lastsyncmessage: 'Invoice has been created in Xero - ROW-00001',
          },
        ],
      },
      {
        entitySet: 'dxc_synchistories',
        message: 'UpsertMultiple',
        key: 'dxc_eventkey',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.dxc_synchistory',
            '@odata.id': historyId(invoiceId),
            dxc_name: HISTORY_NAME,
            dxc_eventon: STAMP,
            dxc_action: SYNC_ACTION.Create,
            dxc_status: SYNC_RESULT.Successful,
            dxc_details: 'Invoice has been created in Xero - ROW-00001',
            'dxc_InvoiceId@odata.bind': `/invoices(${invoiceId})`,
            'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${CONNECTION})`,
          },
        ],
      },
    ]);
    expectValidAnswer([result], writeBack);
  });

  test('only the columns that differ from the listed row, but always a new resync marker and export date', () => {
    const result = accepted(invoiceRow(2, TENANT), { outcome: 'updated', message: 'Updated in Xero' });
    const row = invoiceRow(2, TENANT, {
      dxc_exportstatus: EXPORT_STATUS.Yes,
      // Dataverse may give the id in capitals: the same id.
      dxc_xeroinvoiceid: result.xeroInvoiceId!.toUpperCase(),
      dxc_xeroinvoicenumber: 'ROW-00002',
      dxc_xerostatus: XERO_STATUS.AUTHORISED,
      dxc_xerourl: result.url,
      // Currency columns keep up to 4 decimals: the same to the cent.
      dxc_amountdue: 120.0001,
      dxc_amountpaid: 0,
      dxc_lastsyncmessage: 'Updated in Xero',
      dxc_resyncafter: RESYNC_AFTER,
      dxc_exportedon: STAMP,
      ...customerColumns(accountLookup(2, { dxc_xerocontactid: XERO_CONTACT.toUpperCase() })),
      invoice_details: [detailRow(21, { tax: 20 })],
    });
    const writeBack = syncWriteBack(
      input([row], [accepted(row, { outcome: 'updated', message: 'Updated in Xero' })]),
    );
    expect(writeBack.map((w) => w.entitySet)).toEqual(['invoices', 'dxc_synchistories']);
    expect(writeBack[0]!.targets).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
        invoiceid: uuid(INVOICE, 2),
        dxc_exportedon: STAMP,
        dxc_resyncafter: RESYNC_AFTER,
      },
    ]);
    expect(writeBack[1]!.targets[0]).toMatchObject({
      dxc_action: SYNC_ACTION.Update,
      dxc_status: SYNC_RESULT.Successful,
      dxc_details: 'Updated in Xero',
    });

    // A value that moved, a tax that moved by a cent, a null amount: each is written.
    const moved = syncWriteBack(
      input(
        [
          {
            ...row,
            dxc_amountdue: 119.99,
            dxc_amountpaid: null,
            invoice_details: [detailRow(21, { tax: 20.01 })],
          },
        ],
        [accepted(row, { outcome: 'updated', message: 'Updated in Xero' })],
      ),
    );
    expect(moved.map((w) => w.entitySet)).toEqual(['invoicedetails', 'invoices', 'dxc_synchistories']);
    expect(moved[1]!.targets[0]).toEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
      invoiceid: uuid(INVOICE, 2),
      dxc_amountdue: 120,
      dxc_amountpaid: 0,
      dxc_exportedon: STAMP,
      dxc_resyncafter: RESYNC_AFTER,
    });
  });

  test('an unchanged invoice gets no history row, and the empty messages are left out', () => {
    const row = invoiceRow(3, TENANT, { dxc_exportstatus: EXPORT_STATUS.Yes });
    const result = accepted(row, { outcome: 'unchanged', message: 'No changes since the last sync.' });
    const stored: Row = {
      ...row,
      dxc_xeroinvoiceid: result.xeroInvoiceId,
      dxc_xeroinvoicenumber: result.invoiceNumber,
      dxc_xerostatus: XERO_STATUS.AUTHORISED,
      dxc_xerourl: result.url,
      dxc_amountdue: 120,
      dxc_amountpaid: 0,
      dxc_lastsyncmessage: 'No changes since the last sync.',
      ...customerColumns(accountLookup(3, { dxc_xerocontactid: XERO_CONTACT })),
    };
    const writeBack = syncWriteBack(input([stored], [result]));
    expect(writeBack).toEqual([
      {
        entitySet: 'invoices',
        message: 'UpdateMultiple',
        key: 'invoiceid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
            invoiceid: uuid(INVOICE, 3),
            dxc_exportedon: STAMP,
            dxc_resyncafter: RESYNC_AFTER,
          },
        ],
      },
    ]);
    expectValidAnswer([result], writeBack);
    expect(syncWriteBack(input([], []))).toEqual([]);
  });

  test('a failed invoice: export status Failed and the message; history Create when it was never in Xero, else Update', () => {
    const fresh = invoiceRow(4, TENANT);
    const inXero = invoiceRow(5, TENANT, {
      dxc_exportstatus: EXPORT_STATUS.Yes,
      dxc_xeroinvoiceid: xeroInvoiceId(5),
      dxc_xerostatus: XERO_STATUS.AUTHORISED,
    });
    const results = [
      failure(fresh, 'Xero refused the invoice: Account code 999 is not a valid code.'),
      // A failed result names what it learned (a contact), but nothing of it is written: only the failure.
      {
        ...failure(inXero, 'Xero refused the invoice: Invoice not of valid status for modification'),
        xeroContactId: XERO_CONTACT,
      },
    ];
    const writeBack = syncWriteBack(input([fresh, inXero], results));
    expect(writeBack.map((w) => w.entitySet)).toEqual(['invoices', 'dxc_synchistories']);
    expect(writeBack[0]!.targets).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
        invoiceid: uuid(INVOICE, 4),
        dxc_exportstatus: EXPORT_STATUS.Failed,
        dxc_exportedon: STAMP,
        dxc_resyncafter: RESYNC_AFTER,
        dxc_lastsyncmessage: 'Xero refused the invoice: Account code 999 is not a valid code.',
      },
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
        invoiceid: uuid(INVOICE, 5),
        dxc_exportstatus: EXPORT_STATUS.Failed,
        dxc_exportedon: STAMP,
        dxc_resyncafter: RESYNC_AFTER,
        dxc_lastsyncmessage: 'Xero refused the invoice: Invoice not of valid status for modification',
      },
    ]);
    expect(writeBack[1]!.targets.map((t) => [t['@odata.id'], t.dxc_action, t.dxc_status])).toEqual([
      [historyId(uuid(INVOICE, 4)), SYNC_ACTION.Create, SYNC_RESULT.Failed],
      [historyId(uuid(INVOICE, 5)), SYNC_ACTION.Update, SYNC_RESULT.Failed],
    ]);
    expectValidAnswer(results, writeBack);
  });

  test('a customer on several invoices is written once; contacts go to contacts', () => {
    const account = accountLookup(6);
    const contact = contactLookup(6);
    const rows = [
      invoiceRow(6, TENANT, customerColumns(account)),
      invoiceRow(7, TENANT, customerColumns(account)),
      invoiceRow(8, TENANT, customerColumns(contact)),
      invoiceRow(9, TENANT, customerColumns(contact)),
    ];
    const results = rows.map((r) => accepted(r));
    const writeBack = syncWriteBack(input(rows, results));
    expect(writeBack.map((w) => [w.entitySet, w.targets.length])).toEqual([
      ['invoicedetails', 4],
      ['accounts', 1],
      ['contacts', 1],
      ['invoices', 4],
      ['dxc_synchistories', 4],
    ]);
    expect(writeBack[2]).toEqual({
      entitySet: 'contacts',
      message: 'UpdateMultiple',
      key: 'contactid',
      targets: [
        {
          '@odata.type': 'Microsoft.Dynamics.CRM.contact',
          contactid: contact.contactid,
          dxc_xerocontactid: XERO_CONTACT,
        },
      ],
    });
    expectValidAnswer(results, writeBack);
  });

  test('long messages are cut to the columns’ limits (last sync message 4,000, history details 10,000)', () => {
    const row = invoiceRow(10, TENANT);
    const message = `Xero refused the invoice: ${'x'.repeat(12_000)}`;
    const writeBack = syncWriteBack(input([row], [failure(row, message)]));
    expect(writeBack[0]!.targets[0]!.dxc_lastsyncmessage).toBe(message.slice(0, 4000));
    expect(writeBack[1]!.targets[0]!.dxc_details).toBe(message.slice(0, 10_000));
  });

  test('a row without a result writes nothing; without a connection row the history has no connection bind', () => {
    const answered = invoiceRow(11, TENANT);
    const writeBack = syncWriteBack(
      input([invoiceRow(12, TENANT), answered], [accepted(answered)], { connectionRowId: undefined }),
    );
    expect(writeBack.find((w) => w.entitySet === 'invoices')!.targets.map((t) => t.invoiceid)).toEqual([
      uuid(INVOICE, 11),
    ]);
    const history = writeBack.find((w) => w.entitySet === 'dxc_synchistories')!.targets[0]!;
    expect(history['dxc_InvoiceId@odata.bind']).toBe(`/invoices(${uuid(INVOICE, 11)})`);
    expect(Object.keys(history)).not.toContain('dxc_ConnectionId@odata.bind');
  });

  test('the history key names the attempt: a retried write-back of the same answer upserts the same rows', () => {
    const row = invoiceRow(13, TENANT);
    const keys = (attemptId: string) =>
      syncWriteBack(input([row], [accepted(row)], { attemptId }))
        .find((w) => w.entitySet === 'dxc_synchistories')!
        .targets.map((t) => t['@odata.id']);
    expect(keys(ATTEMPT)).toEqual(keys(ATTEMPT));
    expect(keys('another-attempt')).toEqual([
      `dxc_synchistories(dxc_eventkey='sync:${uuid(INVOICE, 13)}:another-attempt')`,
    ]);
  });
});
