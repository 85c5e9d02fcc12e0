/**
 * One installation, several organisations (issue 14) through HTTP: the real proxy, the real xero-node and the Xero
 * emulator serving a UK organisation (GBP, 20 % VAT) and a New Zealand one (NZD, 15 % GST). Keys reach exactly the
 * organisations they were granted; one SyncInvoices call sends each row to its own organisation and keeps them
 * independent; one status catch-up reads both.
 */
import type { DataverseBulkWrite, InvoiceSyncResult } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { connectionLookup, detailRow, HEALTH, invoiceRow } from '../dataverse/test-support/dataverse-rows';
import type { Row } from '../dataverse/test-support/dataverse-rows';
import type { ConnectionRecord } from '../store/store';
import { INVOICE, uuid } from '../domain/invoices/test-support/batch-fixtures';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness, withoutRateLimits } from '../test-support/proxy-harness';
import { NZ_TENANT_ID, twoOrganisations } from '../test-support/two-organisations';
import { issueApiKey } from './api-keys';
import { ContractValidator } from './contract-validator';

jest.setTimeout(180_000);

let h: Harness;
let uk: ConnectionRecord;
let nz: ConnectionRecord;
/** Issued for the UK organisation alone, as every key was before grants. */
let ukKey: string;
let nzKey: string;
/** Granted both. */
let bothKey: string;
const validator = new ContractValidator();

beforeAll(async () => {
  const options = withoutRateLimits();
  h = await startHarness({
    ...options,
    emulator: { ...options.emulator, organisations: twoOrganisations() },
  });
  ({ connection: uk, apiKey: ukKey } = await h.connect(h.emulator.organisations[0]!.tenantId));
  ({ connection: nz, apiKey: nzKey } = await h.connect(NZ_TENANT_ID));
  ({ key: bothKey } = await issueApiKey(
    h.proxy.services.store,
    [uk.id, nz.id],
    'both',
    new Date().toISOString(),
  ));
});
afterAll(async () => h?.close());

const books = (tenantId: string) => h.emulator.books<OrganisationBooks>(tenantId);
const calls = (tenantId: string): number => h.emulator.limits.usage(tenantId)[0]?.total ?? 0;
const ukRow = (n: number, overrides: Row = {}) => invoiceRow(n, uk.tenantId, overrides);
const nzRow = (n: number, overrides: Row = {}) =>
  invoiceRow(n, NZ_TENANT_ID, {
    _dxc_connectionid_value: connectionLookup(NZ_TENANT_ID, 2).dxc_xeroconnectionid,
    dxc_ConnectionId: connectionLookup(NZ_TENANT_ID, 2),
    transactioncurrencyid: { isocurrencycode: 'NZD' },
    invoice_details: [detailRow(n * 10 + 1)],
    ...overrides,
  });
const writeOf = (writeBack: DataverseBulkWrite[], entitySet: string) =>
  writeBack.filter((w) => w.entitySet === entitySet).flatMap((w) => w.targets);

describe('keys and organisations', () => {
  test('ListOrganisations lists what the key was granted, the one it was issued for first', async () => {
    const both = await h.call('GET', '/v1/organisations', { apiKey: bothKey });
    expect(both.status).toBe(200);
    expect(validator.validateResponse('ListOrganisations', 200, both.body)).toEqual([]);
    expect(both.body.organisations).toEqual([
      { tenantId: uk.tenantId, name: 'Demo Company (UK)', baseCurrency: 'GBP', health: 'Connected' },
      { tenantId: NZ_TENANT_ID, name: 'Kiwi Trading (NZ)', baseCurrency: 'NZD', health: 'Connected' },
    ]);
    const one = await h.call('GET', '/v1/organisations', { apiKey: nzKey });
    expect(one.body.organisations.map((o: { tenantId: string }) => o.tenantId)).toEqual([NZ_TENANT_ID]);
  });

  test('a key of one organisation needs no parameter, and may name its own', async () => {
    const plain = await h.call('GET', '/v1/connection', { apiKey: ukKey });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ tenantId: uk.tenantId, baseCurrency: 'GBP' });
    const named = await h.call('GET', `/v1/connection?organisation=${uk.tenantId.toUpperCase()}`, {
      apiKey: ukKey,
    });
    expect(named.body).toMatchObject({ tenantId: uk.tenantId });
  });

  test('an organisation the key was not granted is 403, known to the proxy or not; no key is 401', async () => {
    const before = calls(NZ_TENANT_ID);
    for (const tenant of [NZ_TENANT_ID, '0b0b0b0b-0000-4000-8000-0000000000ff']) {
      for (const path of ['/v1/connection', '/v1/tax-rates', '/v1/accounts']) {
        const res = await h.call('GET', `${path}?organisation=${tenant}`, { apiKey: ukKey });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['query.organisation']);
      }
      const sync = await h.call('POST', `/v1/invoices/sync?organisation=${tenant}`, {
        apiKey: ukKey,
        body: { rows: [nzRow(901)] },
      });
      expect(sync.status).toBe(403);
    }
    expect(calls(NZ_TENANT_ID)).toBe(before);
    expect(books(NZ_TENANT_ID).findInvoice('ROW-00901')).toBeUndefined();
    expect((await h.call('GET', `/v1/connection?organisation=${NZ_TENANT_ID}`)).status).toBe(401);
  });

  test('a key of several names the organisation of each single-organisation call, or gets 400 naming it', async () => {
    const missing = await h.call('GET', '/v1/tax-rates', { apiKey: bothKey });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([
      {
        field: 'query.organisation',
        reason: 'is required: the key reaches 2 organisations (Demo Company (UK), Kiwi Trading (NZ))',
      },
    ]);
    const byIds = await h.call('POST', '/v1/invoices/status', {
      apiKey: bothKey,
      body: { xeroInvoiceIds: ['7f1c3f0e-0000-4000-8000-000000000000'] },
    });
    expect(byIds.status).toBe(400);
    expect(byIds.body.details[0].field).toBe('query.organisation');

    // Each organisation's own reference data: 20 % VAT in the UK, 15 % GST in New Zealand.
    const rate = async (tenant: string) => {
      const res = await h.call('GET', `/v1/tax-rates?organisation=${tenant}`, { apiKey: bothKey });
      expect(res.status).toBe(200);
      return res.body.taxRates.find((t: { taxType: string }) => t.taxType === 'OUTPUT2');
    };
    expect(await rate(uk.tenantId)).toMatchObject({ effectiveRate: 20 });
    expect(await rate(NZ_TENANT_ID)).toMatchObject({ effectiveRate: 15, name: '15% GST on Income' });
    const nzConnection = await h.call('GET', `/v1/connection?organisation=${NZ_TENANT_ID}`, {
      apiKey: bothKey,
    });
    expect(nzConnection.body).toMatchObject({ organisationName: 'Kiwi Trading (NZ)', baseCurrency: 'NZD' });
  });
});

describe('SyncInvoices with rows of two organisations', () => {
  test('one call sends each row to its own organisation, in its currency and at its tax rate', async () => {
    const rows = [ukRow(301), nzRow(302), ukRow(303), nzRow(304)];
    const beforeUk = calls(uk.tenantId);
    const beforeNz = calls(NZ_TENANT_ID);
    const res = await h.call('POST', '/v1/invoices/sync', {
      apiKey: bothKey,
      body: { rows, now: '2026-02-02T15:00:00Z' },
    });
    expect(res.status).toBe(200);
    expect(validator.validateResponse('SyncInvoices', 200, res.body)).toEqual([]);
    const results = res.body.results as InvoiceSyncResult[];
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'created']);
    // Each organisation spent its own calls: at most one batch's worth (contacts lookup + create, invoices).
    expect(calls(uk.tenantId) - beforeUk).toBeLessThanOrEqual(5);
    expect(calls(NZ_TENANT_ID) - beforeNz).toBeLessThanOrEqual(5);

    const ukInvoice = books(uk.tenantId).findInvoice('ROW-00301')!;
    const nzInvoice = books(NZ_TENANT_ID).findInvoice('ROW-00302')!;
    expect(ukInvoice).toMatchObject({ currencyCode: 'GBP', totalTax: 20 });
    expect(nzInvoice).toMatchObject({ currencyCode: 'NZD', totalTax: 15 });
    expect(books(uk.tenantId).findInvoice('ROW-00302')).toBeUndefined();
    expect(books(NZ_TENANT_ID).findInvoice('ROW-00301')).toBeUndefined();
    // The tax each organisation computed comes back for its own lines; history goes to each one's connection row.
    expect(writeOf(res.body.writeBack, 'invoicedetails').map((t) => t.tax)).toEqual([20, 15, 20, 15]);
    expect(
      writeOf(res.body.writeBack, 'dxc_synchistories').map((t) => t['dxc_ConnectionId@odata.bind']),
    ).toEqual(
      rows.map((r) => `/dxc_xeroconnections(${(r.dxc_ConnectionId as Row).dxc_xeroconnectionid as string})`),
    );
  });

  test('a key of one organisation still refuses the other organisation’s rows alone', async () => {
    const res = await h.call('POST', '/v1/invoices/sync', {
      apiKey: ukKey,
      body: { rows: [ukRow(311), nzRow(312)] },
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: InvoiceSyncResult) => r.outcome)).toEqual(['created', 'failed']);
    expect(res.body.results[1].message).toMatch(/^Not sent: the invoice's Xero connection is organisation /);
    expect(books(NZ_TENANT_ID).findInvoice('ROW-00312')).toBeUndefined();
  });

  test('an organisation offline delays only its own rows: they stay ready, the other organisation’s are written', async () => {
    h.emulator.faults.takeOffline(NZ_TENANT_ID);
    try {
      const rows = [nzRow(321), ukRow(322), nzRow(323)];
      const res = await h.call('POST', '/v1/invoices/sync', {
        apiKey: bothKey,
        body: { rows, now: '2026-02-02T15:10:00Z' },
      });
      expect(res.status).toBe(200);
      const results = res.body.results as InvoiceSyncResult[];
      expect(results.map((r) => r.outcome)).toEqual(['failed', 'created', 'failed']);
      expect(results[0]!.message).toMatch(
        /^Not sent yet: Xero organisation Kiwi Trading \(NZ\) could not be reached \(.+\); the next run sends it\.$/,
      );
      expect(books(uk.tenantId).findInvoice('ROW-00322')).toBeDefined();
      // The NZ invoices keep their export status and resync marker (the next run takes them); only the message.
      const invoices = writeOf(res.body.writeBack, 'invoices');
      const nzTargets = invoices.filter((t) => t.invoiceid !== rows[1]!.invoiceid);
      expect(nzTargets.map((t) => Object.keys(t).sort())).toEqual([
        ['@odata.type', 'dxc_lastsyncmessage', 'invoiceid'],
        ['@odata.type', 'dxc_lastsyncmessage', 'invoiceid'],
      ]);
      expect(
        writeOf(res.body.writeBack, 'dxc_synchistories').map((t) => t['dxc_InvoiceId@odata.bind']),
      ).toEqual([`/invoices(${uuid(INVOICE, 322)})`]);
      expect(writeOf(res.body.writeBack, 'dxc_xeroconnections')).toEqual([]);
    } finally {
      h.emulator.faults.bringOnline(NZ_TENANT_ID);
    }
    // Back online, the next run sends them.
    const again = await h.call('POST', '/v1/invoices/sync', {
      apiKey: bothKey,
      body: { rows: [nzRow(321), nzRow(323)] },
    });
    expect(again.body.results.map((r: InvoiceSyncResult) => r.outcome)).toEqual(['created', 'created']);
  });

  test('a key of one organisation keeps failing the call when its organisation cannot be reached', async () => {
    h.emulator.faults.takeOffline(NZ_TENANT_ID);
    try {
      const res = await h.call('POST', '/v1/invoices/sync', { apiKey: nzKey, body: { rows: [nzRow(331)] } });
      expect(res.status).toBeGreaterThanOrEqual(500);
    } finally {
      h.emulator.faults.bringOnline(NZ_TENANT_ID);
    }
  });
});

describe('GetInvoiceStatuses with the connection rows of two organisations', () => {
  const connectionRows = () => [
    { dxc_xeroconnectionid: connectionLookup(uk.tenantId).dxc_xeroconnectionid, dxc_tenantid: uk.tenantId },
    {
      dxc_xeroconnectionid: connectionLookup(NZ_TENANT_ID, 2).dxc_xeroconnectionid,
      dxc_tenantid: NZ_TENANT_ID,
    },
  ];

  test('a payment in each organisation comes back in one answer; each row keeps its own watermark', async () => {
    const sent = await h.call('POST', '/v1/invoices/sync', {
      apiKey: bothKey,
      body: { rows: [ukRow(401), nzRow(402)] },
    });
    expect(sent.body.summary.created).toBe(2);
    // First look: each organisation's last day, written whole (watermarks start here).
    const first = await h.call('POST', '/v1/invoices/status', {
      apiKey: bothKey,
      body: { connections: connectionRows() },
    });
    expect(first.status).toBe(200);
    const watermarked = connectionRows().map((r) => ({
      ...r,
      dxc_statuswatermark: '2020-01-01T00:00:00Z',
      dxc_shortcode: 'x',
      dxc_basecurrency: 'x',
      dxc_timezone: 'x',
      dxc_tenantname: 'x',
    }));
    for (const [tenant, number] of [
      [uk.tenantId, 'ROW-00401'],
      [NZ_TENANT_ID, 'ROW-00402'],
    ] as const) {
      const invoice = books(tenant).findInvoice(number)!;
      books(tenant).recordPayment({ invoiceId: invoice.invoiceId, amount: invoice.amountDue });
    }
    const res = await h.call('POST', '/v1/invoices/status', {
      apiKey: bothKey,
      body: { connections: watermarked },
    });
    expect(res.status).toBe(200);
    expect(validator.validateResponse('GetInvoiceStatuses', 200, res.body)).toEqual([]);
    const paid = res.body.invoices.filter((i: { status: string }) => i.status === 'PAID');
    expect(paid.map((i: { invoiceId: string }) => i.invoiceId).sort()).toEqual(
      [uuid(INVOICE, 401), uuid(INVOICE, 402)].sort(),
    );
    const connections = writeOf(res.body.writeBack, 'dxc_xeroconnections');
    expect(connections.map((t) => t['@odata.id']).sort()).toEqual(
      [uk.tenantId, NZ_TENANT_ID].map((t) => `dxc_xeroconnections(dxc_tenantid='${t}')`).sort(),
    );
    expect(connections.every((t) => typeof t.dxc_statuswatermark === 'string')).toBe(true);
    // One bulk message per kind, whatever the number of organisations.
    const kinds = (res.body.writeBack as DataverseBulkWrite[]).map((w) => `${w.entitySet} ${w.message}`);
    expect(new Set(kinds).size).toBeGreaterThan(0);
    expect(kinds.filter((k) => k === 'dxc_xeroconnections UpsertMultiple')).toHaveLength(1);
  });

  test('an organisation offline leaves the other’s catch-up whole and records one Failed history row', async () => {
    h.emulator.faults.takeOffline(NZ_TENANT_ID);
    try {
      const res = await h.call('POST', '/v1/invoices/status', {
        apiKey: bothKey,
        body: { connections: connectionRows(), now: '2026-02-03T10:00:00Z' },
      });
      expect(res.status).toBe(200);
      const history = writeOf(res.body.writeBack, 'dxc_synchistories');
      const failed = history.filter((t) => String(t['@odata.id']).includes(`catchup:${NZ_TENANT_ID}`));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({
        dxc_details: expect.stringMatching(/^Xero changes of Kiwi Trading \(NZ\) not read: /),
      });
      const connections = writeOf(res.body.writeBack, 'dxc_xeroconnections');
      // The UK row moves on; the NZ row is not touched (its watermark stays, its health is not a reconnect).
      expect(connections.map((t) => t['@odata.id'])).toEqual([
        `dxc_xeroconnections(dxc_tenantid='${uk.tenantId}')`,
      ]);
      expect(connections.some((t) => t.dxc_health === HEALTH.ReconnectNeeded)).toBe(false);
    } finally {
      h.emulator.faults.bringOnline(NZ_TENANT_ID);
    }
  });
});

describe('an organisation whose authorisation lapsed', () => {
  afterAll(async () => {
    // Connecting again restores it (upsertConnection clears the status).
    await h.connect(NZ_TENANT_ID);
  });

  test('its rows wait, its connection row is marked Reconnect needed once, the other organisation goes on', async () => {
    await h.proxy.services.store.withRefreshLock(nz.id, async () => ({
      status: 'ReconnectNeeded',
      statusReason: 'invalid_grant',
    }));
    const beforeNz = calls(NZ_TENANT_ID);
    const rows = [ukRow(501), nzRow(502)];
    const res = await h.call('POST', '/v1/invoices/sync', { apiKey: bothKey, body: { rows } });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: InvoiceSyncResult) => r.outcome)).toEqual(['created', 'failed']);
    expect(res.body.results[1].errors[0].code).toBe('xero_reconnect_needed');
    expect(calls(NZ_TENANT_ID)).toBe(beforeNz);
    const nzRowId = connectionLookup(NZ_TENANT_ID, 2).dxc_xeroconnectionid;
    expect(writeOf(res.body.writeBack, 'dxc_xeroconnections')).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroconnection',
        dxc_xeroconnectionid: nzRowId,
        dxc_health: HEALTH.ReconnectNeeded,
      },
    ]);
    const failedHistory = writeOf(res.body.writeBack, 'dxc_synchistories').filter(
      (t) => !t['dxc_InvoiceId@odata.bind'],
    );
    expect(failedHistory).toHaveLength(1);
    expect(failedHistory[0]!['dxc_ConnectionId@odata.bind']).toBe(`/dxc_xeroconnections(${nzRowId})`);

    // The status catch-up marks it too, and still reads the UK.
    const status = await h.call('POST', '/v1/invoices/status', {
      apiKey: bothKey,
      body: {
        connections: [
          {
            dxc_xeroconnectionid: connectionLookup(uk.tenantId).dxc_xeroconnectionid,
            dxc_tenantid: uk.tenantId,
          },
          { dxc_xeroconnectionid: nzRowId, dxc_tenantid: NZ_TENANT_ID },
        ],
      },
    });
    expect(status.status).toBe(200);
    const connections = writeOf(status.body.writeBack, 'dxc_xeroconnections');
    expect(connections).toContainEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.dxc_xeroconnection',
      '@odata.id': `dxc_xeroconnections(dxc_tenantid='${NZ_TENANT_ID}')`,
      dxc_health: HEALTH.ReconnectNeeded,
    });
    expect(
      connections.some((t) => t['@odata.id'] === `dxc_xeroconnections(dxc_tenantid='${uk.tenantId}')`),
    ).toBe(true);
  });
});
