import type { ContactBalance, InvoiceStatus } from '@dxc/openapi';
import { ContractValidator } from '../http/contract-validator';
import { CUSTOMER, INVOICE, uuid } from '../domain/invoices/test-support/batch-fixtures';
import { statusWriteBack, type InvoiceChange, type StatusWriteBackInput } from './status-write-back';
import {
  CONNECTION_ROW,
  CONTACT_ROW,
  HEALTH,
  SYNC_ACTION,
  SYNC_RESULT,
  XERO_STATUS,
  type Row,
} from './test-support/dataverse-rows';

const TENANT = '6a1b2c3d-0000-4000-8000-00000000000a';
const CONNECTION = uuid(CONNECTION_ROW, 1);
const NOW = new Date('2026-02-03T10:00:05.900Z');
const STAMP = '2026-02-03T10:00:05Z';
const RESYNC_AFTER = '2026-02-03T10:01:05Z';
const HISTORY_NAME = 'Sync - 2026-02-03 10:00:05';
const WATERMARK = '2026-02-03T09:59:58Z';
const ORGANISATION = {
  tenantId: TENANT,
  name: 'Demo Company (UK)',
  shortCode: '!mBdtL',
  baseCurrency: 'GBP',
  windowsTimeZone: 'GMT Standard Time',
};
const XERO_CONTACT = (n: number) => uuid(0x30, n);

const validator = new ContractValidator();

/** The connection row as the flow lists it, complete and connected. */
function connectionRow(overrides: Row = {}): Row {
  return {
    dxc_xeroconnectionid: CONNECTION,
    dxc_name: 'Demo Company (UK)',
    dxc_tenantid: TENANT,
    dxc_tenantname: 'Demo Company (UK)',
    dxc_shortcode: '!mBdtL',
    dxc_basecurrency: 'GBP',
    dxc_timezone: 'GMT Standard Time',
    dxc_health: HEALTH.Connected,
    dxc_statuswatermark: '2026-02-03T09:00:00Z',
    ...overrides,
  };
}

function status(n: number, overrides: Partial<InvoiceStatus> = {}): InvoiceStatus {
  return {
    xeroInvoiceId: uuid(0x20, n),
    invoiceId: uuid(INVOICE, n),
    invoiceNumber: `INV-${n}`,
    invoiceType: 'ACCREC',
    status: 'AUTHORISED',
    amountDue: 120,
    amountPaid: 0,
    amountCredited: 0,
    total: 120,
    currencyCode: 'GBP',
    updatedAt: `2026-02-03T09:59:5${n % 10}.123Z`,
    ...overrides,
  };
}

function change(n: number, s: Partial<InvoiceStatus> = {}, more: Partial<InvoiceChange> = {}): InvoiceChange {
  return {
    invoiceId: uuid(INVOICE, n),
    status: status(n, s),
    previousStatus: 'AUTHORISED',
    customer: { kind: 'account', id: uuid(CUSTOMER, n), xeroContactId: XERO_CONTACT(n) },
    ...more,
  };
}

function balance(n: number, outstanding: number, overdue = 0): ContactBalance {
  return { xeroContactId: XERO_CONTACT(n), outstanding, overdue, currencyCode: 'GBP' };
}

function writeBackOf(overrides: Partial<StatusWriteBackInput>) {
  return statusWriteBack({
    changes: [],
    balances: [],
    connectionRow: connectionRow(),
    organisation: ORGANISATION,
    now: NOW,
    ...overrides,
  });
}

const historyKey = (n: number, updatedAt: string) =>
  `dxc_synchistories(dxc_eventkey='xero:${uuid(INVOICE, n)}:${updatedAt}')`;

describe('the write-back of a status catch-up (B7, B9) as bulk messages', () => {
  test('a full payment: status and amounts, then Paid apart, the balance, the history, and last the watermark', () => {
    const paid = change(1, {
      status: 'PAID',
      amountDue: 0,
      amountPaid: 120,
      fullyPaidOn: '2026-02-03',
    });
    const writeBack = writeBackOf({ changes: [paid], balances: [balance(1, 30)], watermark: WATERMARK });
    expect(writeBack).toEqual([
      {
        entitySet: 'invoices',
        message: 'UpdateMultiple',
        key: 'invoiceid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
            invoiceid: uuid(INVOICE, 1),
            dxc_xerostatus: XERO_STATUS.PAID,
            dxc_amountdue: 0,
            dxc_amountpaid: 120,
            dxc_xeroinvoicenumber: 'INV-1',
            dxc_resyncafter: RESYNC_AFTER,
          },
        ],
      },
      // A paid invoice is read-only in Dataverse: its state comes after its columns, in a message of its own.
      {
        entitySet: 'invoices',
        message: 'UpdateMultiple',
        key: 'invoiceid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
            invoiceid: uuid(INVOICE, 1),
            statecode: 2,
            statuscode: 100001,
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
            accountid: uuid(CUSTOMER, 1),
            dxc_amountowed: 30,
            dxc_amountoverdue: 0,
            dxc_balancesyncedon: STAMP,
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
            '@odata.id': historyKey(1, '2026-02-03T09:59:51.123Z'),
            dxc_name: HISTORY_NAME,
            dxc_eventon: STAMP,
            dxc_action: SYNC_ACTION.Payment,
            dxc_status: SYNC_RESULT.Successful,
            dxc_details:
              'Invoice INV-1 changed from AUTHORISED to PAID in Xero. Amount paid 120.00 GBP, amount due 0.00 GBP. Fully paid on 2026-02-03.',
            'dxc_InvoiceId@odata.bind': `/invoices(${uuid(INVOICE, 1)})`,
            'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${CONNECTION})`,
          },
        ],
      },
      {
        entitySet: 'dxc_xeroconnections',
        message: 'UpsertMultiple',
        key: 'dxc_tenantid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroconnection',
            '@odata.id': `dxc_xeroconnections(dxc_tenantid='${TENANT}')`,
            dxc_statuswatermark: WATERMARK,
          },
        ],
      },
    ]);
    const body = { invoices: [paid.status], page: 1, hasMore: false, watermark: WATERMARK, writeBack };
    expect(validator.validateResponse('GetInvoiceStatuses', 200, body)).toEqual([]);
  });

  test('history wording: Payment when money came in on an approved or paid invoice, Status otherwise', () => {
    const changes = [
      change(2, { amountDue: 70, amountPaid: 50 }),
      change(3, { status: 'VOIDED', amountDue: 0 }),
      change(4, { status: 'AUTHORISED', invoiceNumber: undefined }, { previousStatus: undefined }),
      change(5, {
        status: 'PAID',
        amountDue: 0,
        amountPaid: 0,
        amountCredited: 120,
        currencyCode: undefined,
      }),
    ];
    const writeBack = writeBackOf({ changes });
    const history = writeBack.find((w) => w.entitySet === 'dxc_synchistories')!.targets;
    expect(history.map((t) => [t.dxc_action, t.dxc_details])).toEqual([
      [
        SYNC_ACTION.Payment,
        'Invoice INV-2 is AUTHORISED in Xero. Amount paid 50.00 GBP, amount due 70.00 GBP.',
      ],
      [
        SYNC_ACTION.Status,
        'Invoice INV-3 changed from AUTHORISED to VOIDED in Xero. Amount paid 0.00 GBP, amount due 0.00 GBP.',
      ],
      [SYNC_ACTION.Status, 'The invoice is AUTHORISED in Xero. Amount paid 0.00 GBP, amount due 120.00 GBP.'],
      [
        SYNC_ACTION.Payment,
        'Invoice INV-5 changed from AUTHORISED to PAID in Xero. Amount paid 0.00, amount due 0.00. Fully paid.',
      ],
    ]);
    // Only the fully paid one is set Paid.
    const [columns, paid] = writeBack.filter((w) => w.entitySet === 'invoices');
    expect(columns!.targets).toHaveLength(4);
    expect(paid!.targets.map((t) => t.invoiceid)).toEqual([uuid(INVOICE, 5)]);
    // The invoice keeps its number when Xero shows none; the status is VOIDED's choice value.
    expect(columns!.targets[2]).not.toHaveProperty('dxc_xeroinvoicenumber');
    expect(columns!.targets[1]!.dxc_xerostatus).toBe(XERO_STATUS.VOIDED);
  });

  test('history is keyed by Xero’s change time, so the same change read twice (poll and webhook) is one row', () => {
    const once = writeBackOf({ changes: [change(6)] });
    const again = writeBackOf({ changes: [change(6)], now: new Date('2026-02-03T11:00:00Z') });
    const key = (w: typeof once) =>
      w.find((m) => m.entitySet === 'dxc_synchistories')!.targets[0]!['@odata.id'];
    expect(key(once)).toBe(historyKey(6, '2026-02-03T09:59:56.123Z'));
    expect(key(again)).toBe(key(once));
    // Without Xero's time the write time stands in.
    const untimed = writeBackOf({ changes: [change(6, { updatedAt: undefined })] });
    expect(key(untimed)).toBe(historyKey(6, STAMP));
  });

  test('balances: once per customer, accounts and contacts apart, only customers Xero gave a balance for', () => {
    const contact = { kind: 'contact' as const, id: uuid(CONTACT_ROW, 8), xeroContactId: XERO_CONTACT(8) };
    const changes = [
      change(7),
      change(8, {}, { customer: { ...change(7).customer!, xeroContactId: XERO_CONTACT(7).toUpperCase() } }),
      change(9, {}, { customer: contact }),
      change(10, {}, { customer: contact }),
      change(11), // no balance read for this one
      change(12, {}, { customer: { kind: 'account', id: uuid(CUSTOMER, 12) } }), // no Xero contact known
      change(13, {}, { customer: undefined }),
    ];
    const writeBack = writeBackOf({
      changes,
      balances: [balance(7, 240, 120), balance(8, 55.5), balance(12, 1)],
    });
    expect(writeBack.find((w) => w.entitySet === 'accounts')!.targets).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.account',
        accountid: uuid(CUSTOMER, 7),
        dxc_amountowed: 240,
        dxc_amountoverdue: 120,
        dxc_balancesyncedon: STAMP,
      },
    ]);
    expect(writeBack.find((w) => w.entitySet === 'contacts')!.targets).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.contact',
        contactid: contact.id,
        dxc_amountowed: 55.5,
        dxc_amountoverdue: 0,
        dxc_balancesyncedon: STAMP,
      },
    ]);
    expect(writeBack.find((w) => w.entitySet === 'dxc_synchistories')!.targets).toHaveLength(7);
  });

  test('a payment removed in Xero: the Paid invoice is made active first, then written, and the history says so', () => {
    const writes = writeBackOf({
      changes: [
        change(
          3,
          { status: 'AUTHORISED', amountPaid: 0, amountDue: 120 },
          { previousStatus: 'PAID', reopen: true },
        ),
      ],
    });
    const invoiceWrites = writes.filter((w) => w.entitySet === 'invoices');
    expect(invoiceWrites.map((w) => w.targets)).toEqual([
      [
        {
          '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
          invoiceid: uuid(INVOICE, 3),
          statecode: 0,
          statuscode: 1,
        },
      ],
      [expect.objectContaining({ invoiceid: uuid(INVOICE, 3), dxc_xerostatus: XERO_STATUS.AUTHORISED })],
    ]);
    const history = writes.find((w) => w.entitySet === 'dxc_synchistories')!.targets[0]!;
    expect(history.dxc_details).toBe(
      'Invoice INV-3 changed from PAID to AUTHORISED in Xero. Amount paid 0.00 GBP, amount due 120.00 GBP. No longer paid in full: the invoice is active again in Dynamics.',
    );
  });

  test('nothing changed and the row is up to date: nothing to write', () => {
    expect(writeBackOf({})).toEqual([]);
  });

  test('a missing connection row is created by its tenant id, with the organisation, Connected, watermark now', () => {
    const writeBack = writeBackOf({ connectionRow: undefined });
    expect(writeBack).toEqual([
      {
        entitySet: 'dxc_xeroconnections',
        message: 'UpsertMultiple',
        key: 'dxc_tenantid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroconnection',
            '@odata.id': `dxc_xeroconnections(dxc_tenantid='${TENANT}')`,
            dxc_tenantname: 'Demo Company (UK)',
            dxc_shortcode: '!mBdtL',
            dxc_basecurrency: 'GBP',
            dxc_timezone: 'GMT Standard Time',
            dxc_health: HEALTH.Connected,
            dxc_name: 'Demo Company (UK)',
            dxc_tenantid: TENANT,
            dxc_statuswatermark: STAMP,
          },
        ],
      },
    ]);
    // With a watermark from Xero's changes, that one; without a name, the tenant id names the row.
    const named = writeBackOf({
      connectionRow: undefined,
      organisation: { tenantId: TENANT },
      watermark: WATERMARK,
    })[0]!.targets[0]!;
    expect(named).toMatchObject({ dxc_name: TENANT, dxc_statuswatermark: WATERMARK, dxc_tenantid: TENANT });
  });

  test('an existing row gets only what differs: health back to Connected, a changed short code', () => {
    const target = (row: Row) =>
      writeBackOf({ connectionRow: connectionRow(row) }).find((w) => w.entitySet === 'dxc_xeroconnections')
        ?.targets[0];
    expect(target({ dxc_health: HEALTH.ReconnectNeeded })).toEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroconnection',
      '@odata.id': `dxc_xeroconnections(dxc_tenantid='${TENANT}')`,
      dxc_health: HEALTH.Connected,
    });
    expect(target({ dxc_health: null, dxc_shortcode: '!old' })).toEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroconnection',
      '@odata.id': `dxc_xeroconnections(dxc_tenantid='${TENANT}')`,
      dxc_shortcode: '!mBdtL',
      dxc_health: HEALTH.Connected,
    });
    // An existing row without a watermark is not given one unless Xero showed a change (the row keeps reading).
    expect(target({ dxc_statuswatermark: null })).toBeUndefined();
  });
});
