/**
 * The status catch-up (GetInvoiceStatuses with connections) through HTTP against the Xero emulator: what it reads
 * since the connection row's watermark, what it leaves out (the proxy's own writes, states already given to
 * Dataverse), the balances it reads, and the watermark it answers.
 */
import type { DataverseBulkWrite, InvoiceSyncResult } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import type { ConnectionRecord } from '../store/store';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness, withoutRateLimits } from '../test-support/proxy-harness';
import {
  accountLookup,
  connectionLookup,
  customerColumns,
  HEALTH,
  invoiceRow,
  SYNC_ACTION,
  XERO_STATUS,
  type Row,
} from './test-support/dataverse-rows';

jest.setTimeout(120_000);

const OTHER_TENANT = '0b0b0b0b-0000-4000-8000-0000000000ff';

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;

beforeAll(async () => {
  h = await startHarness(withoutRateLimits());
  ({ apiKey, connection } = await h.connect());
});
afterAll(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
/** An instant to the second, as Dataverse keeps date-times. */
const toSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const entitySets = (writeBack: DataverseBulkWrite[]) => writeBack.map((w) => w.entitySet);

/** This organisation's connection row as the flow lists it: complete, connected, at this watermark. */
function connectionRow(watermark: string | null): Row {
  return {
    '@odata.etag': 'W/"5001"',
    dxc_xeroconnectionid: connectionLookup(connection.tenantId).dxc_xeroconnectionid,
    dxc_name: connection.tenantName,
    dxc_tenantid: connection.tenantId,
    dxc_tenantname: connection.tenantName,
    dxc_shortcode: connection.shortCode,
    dxc_basecurrency: connection.baseCurrency,
    dxc_timezone: 'GMT Standard Time',
    dxc_health: HEALTH.Connected,
    dxc_statuswatermark: watermark,
  };
}
/** Another organisation's row in the same environment: never taken for this one's. */
const foreignRow = (): Row => ({
  dxc_xeroconnectionid: connectionLookup(OTHER_TENANT, 9).dxc_xeroconnectionid,
  dxc_tenantid: OTHER_TENANT,
  dxc_statuswatermark: '2020-01-01T00:00:00Z',
});

async function catchUp(connections: Row[], now = new Date().toISOString()) {
  const before = xeroCalls();
  const res = await h.call('POST', '/v1/invoices/status', { apiKey, body: { connections, now } });
  expect(res.status).toBe(200);
  return {
    body: res.body,
    writeBack: res.body.writeBack as DataverseBulkWrite[],
    calls: xeroCalls() - before,
  };
}

describe('status catch-up by connection watermark', () => {
  test('the proxy’s own writes are not news, a payment in Xero is, once; the watermark is to the second', async () => {
    const tenant = connection.tenantId;
    const start = toSecond(h.emulator.clock.now().getTime() - 1000);
    const rows = [
      invoiceRow(301, tenant, customerColumns(accountLookup(301))),
      invoiceRow(302, tenant, customerColumns(accountLookup(302))),
    ];
    const synced = await h.call('POST', '/v1/invoices/sync', { apiKey, body: { rows } });
    expect(synced.body.summary.created).toBe(2);
    const [paid, untouched] = synced.body.results as InvoiceSyncResult[];
    const updatedAt = (id: string) => books().findInvoice(id)!.updatedDateUtc.getTime();

    // 1. Xero shows only the sync's own writes: nothing for Dataverse but the watermark, in one Xero call.
    const first = await catchUp([foreignRow(), connectionRow(start)]);
    const afterSync = toSecond(
      Math.max(updatedAt(paid!.xeroInvoiceId!), updatedAt(untouched!.xeroInvoiceId!)),
    );
    expect(first.calls).toBe(1);
    expect(first.body.invoices).toEqual([]);
    expect(first.body.watermark).toBe(afterSync);
    expect(first.writeBack).toEqual([
      {
        entitySet: 'dxc_xeroconnections',
        message: 'UpsertMultiple',
        key: 'dxc_tenantid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroconnection',
            '@odata.id': `dxc_xeroconnections(dxc_tenantid='${tenant}')`,
            dxc_statuswatermark: afterSync,
          },
        ],
      },
    ]);

    // 2. The customer pays the first invoice in Xero (later than the sync's write).
    h.emulator.clock.advance(2000);
    books().recordPayment({ invoiceId: paid!.xeroInvoiceId!, amount: paid!.total! });
    const paidAt = books().findInvoice(paid!.xeroInvoiceId!)!.updatedDateUtc;
    const now = '2026-02-03T10:00:05.900Z';
    const second = await catchUp([connectionRow(afterSync)], now);
    expect(second.calls).toBe(2); // changed invoices, then the balance of their customer
    expect(second.body.invoices).toEqual([
      expect.objectContaining({
        invoiceId: rows[0]!.invoiceid,
        xeroInvoiceId: paid!.xeroInvoiceId,
        status: 'PAID',
        amountDue: 0,
        amountPaid: 120,
      }),
    ]);
    expect(second.body.watermark).toBe(toSecond(paidAt.getTime()));
    expect(entitySets(second.writeBack)).toEqual([
      'invoices',
      'invoices',
      'accounts',
      'dxc_synchistories',
      'dxc_xeroconnections',
    ]);
    expect(second.writeBack[0]!.targets).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
        invoiceid: rows[0]!.invoiceid,
        dxc_xerostatus: XERO_STATUS.PAID,
        dxc_amountdue: 0,
        dxc_amountpaid: 120,
        dxc_xeroinvoicenumber: 'ROW-00301',
        dxc_resyncafter: '2026-02-03T10:01:05Z',
      },
    ]);
    expect(second.writeBack[1]!.targets).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
        invoiceid: rows[0]!.invoiceid,
        statecode: 2,
        statuscode: 100001,
      },
    ]);
    expect(second.writeBack[2]!.targets).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.account',
        accountid: accountLookup(301).accountid,
        dxc_amountowed: 0,
        dxc_amountoverdue: 0,
        dxc_balancesyncedon: '2026-02-03T10:00:05Z',
      },
    ]);
    expect(second.writeBack[3]!.targets).toEqual([
      expect.objectContaining({
        '@odata.id': `dxc_synchistories(dxc_eventkey='xero:${rows[0]!.invoiceid as string}:${paidAt.toISOString()}')`,
        dxc_action: SYNC_ACTION.Payment,
        dxc_details: expect.stringMatching(/^Invoice ROW-00301 changed from AUTHORISED to PAID in Xero\./),
      }),
    ]);
    expect(second.writeBack[4]!.targets[0]!.dxc_statuswatermark).toBe(toSecond(paidAt.getTime()));

    // 3. The next run reads that second again (Xero's If-Modified-Since): already given to Dataverse, not rewritten.
    const third = await catchUp([connectionRow(second.body.watermark as string)]);
    expect(third.calls).toBe(1);
    expect(third.body.invoices).toEqual([]);
    expect(third.body.watermark).toBeUndefined();
    expect(third.writeBack).toEqual([]);

    // 4. No row for this organisation yet: the last day is read again and written (the own writes still left
    // out), and the row is created by its tenant id with the organisation read from Xero.
    const fourth = await catchUp([foreignRow()]);
    expect(fourth.calls).toBe(3); // changed invoices, the balance, the organisation
    expect(fourth.body.invoices.map((i: { invoiceId: string }) => i.invoiceId)).toEqual([rows[0]!.invoiceid]);
    const created = fourth.writeBack.find((w) => w.entitySet === 'dxc_xeroconnections')!.targets;
    expect(created).toEqual([
      expect.objectContaining({
        '@odata.id': `dxc_xeroconnections(dxc_tenantid='${tenant}')`,
        dxc_tenantid: tenant,
        dxc_name: connection.tenantName,
        dxc_health: HEALTH.Connected,
        dxc_statuswatermark: toSecond(paidAt.getTime()),
      }),
    ]);
    expect(h.logs.filter((l) => l.includes('response_contract_violation'))).toEqual([]);
  });
});
