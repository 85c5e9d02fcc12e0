/**
 * The Dataverse write-back modes of SyncInvoices (rows), GetInvoiceStatuses (connections) and GetContactBalances
 * (customers) through HTTP: the real proxy (which checks every answer against the contract's response schema and
 * answers 500 when one breaks it), the real xero-node and the Xero emulator.
 */
import { randomUUID } from 'node:crypto';
import type { DataverseBulkWrite, InvoiceSyncResult } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import type { ConnectionRecord } from '../../store/store';
import { invoice, settings } from '../../domain/invoices/test-support/batch-fixtures';
import type { Harness } from '../../test-support/proxy-harness';
import { startHarness, withoutRateLimits } from '../../test-support/proxy-harness';
import {
  accountLookup,
  contactLookup,
  customerColumns,
  detailRow,
  EXPORT_STATUS,
  invoiceRow,
  SYNC_ACTION,
  SYNC_RESULT,
  type Row,
} from '../../dataverse/test-support/dataverse-rows';
import { ContractValidator } from '../contract-validator';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;
const validator = new ContractValidator();

beforeAll(async () => {
  h = await startHarness(withoutRateLimits());
  ({ apiKey, connection } = await h.connect());
});
afterAll(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
const violations = () => h.logs.filter((l) => l.includes('response_contract_violation'));
const message = (writeBack: DataverseBulkWrite[], entitySet: string) =>
  writeBack.find((w) => w.entitySet === entitySet);

async function post(path: string, body: unknown) {
  const before = xeroCalls();
  const res = await h.call('POST', path, { apiKey, body });
  return { ...res, calls: xeroCalls() - before };
}

function expectRefusal(
  res: { status: number; body: { code: string; details: { field: string }[] }; calls: number },
  fields: string[],
) {
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(res.body.details.map((d) => d.field)).toEqual(fields);
  expect(res.calls).toBe(0);
}

describe('SyncInvoices with rows', () => {
  test('every kind of write in one answer the contract accepts; a row with a name too long fails alone, named', async () => {
    const tenant = connection.tenantId;
    const account = accountLookup(201);
    const contact = contactLookup(202);
    const rows: Row[] = [
      invoiceRow(201, tenant, {
        ...customerColumns(account),
        invoice_details: [detailRow(2011), detailRow(2012, { sequencenumber: 2, priceperunit: 50 })],
      }),
      invoiceRow(202, tenant, customerColumns(contact)),
      invoiceRow(203, tenant, { name: 'n'.repeat(301) }),
      invoiceRow(204, tenant, customerColumns(account)),
    ];
    const now = '2026-02-02T14:57:22.750Z';
    const { status, body, calls } = await post('/v1/invoices/sync', { rows, now });
    expect(status).toBe(200);
    // The proxy checks its answers against the contract and answers 500 for one that breaks it.
    expect(h.proxy.services.config.responseValidation).toBe('strict');
    expect(violations()).toEqual([]);
    expect(validator.validateResponse('SyncInvoices', 200, body)).toEqual([]);
    // Contacts lookup + create, invoices write (write-in lines need no item), and the online invoice link of each
    // approved sales invoice (issue 14 §3: the connection row's setting defaults to "while the budget allows").
    expect(calls).toBe(3 + 3);
    expect(body.summary).toEqual({ total: 4, created: 3, updated: 0, unchanged: 0, failed: 1 });
    const results = body.results as InvoiceSyncResult[];
    expect(results.map((r) => [r.invoiceId, r.outcome])).toEqual(
      rows.map((r, i) => [r.invoiceid, i === 2 ? 'failed' : 'created']),
    );
    expect(results[2]!.message).toBe(
      'Not sent to Xero: rows[2].name must NOT have more than 300 characters.',
    );
    expect(books().findInvoice('ROW-00203')).toBeUndefined();

    const writeBack = body.writeBack as DataverseBulkWrite[];
    expect(writeBack.map((w) => [w.entitySet, w.message, w.key, w.targets.length])).toEqual([
      ['invoicedetails', 'UpdateMultiple', 'invoicedetailid', 4],
      ['accounts', 'UpdateMultiple', 'accountid', 1],
      ['contacts', 'UpdateMultiple', 'contactid', 1],
      ['invoices', 'UpdateMultiple', 'invoiceid', 4],
      ['dxc_synchistories', 'UpsertMultiple', 'dxc_eventkey', 4],
    ]);
    // The tax Xero computed (20 % of 100 and of 50), the contact ids Xero gave, stamped with the flow's clock.
    expect(message(writeBack, 'invoicedetails')!.targets.slice(0, 2)).toEqual([
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.invoicedetail',
        invoicedetailid: detailRow(2011).invoicedetailid,
        tax: 20,
      },
      {
        '@odata.type': 'Microsoft.Dynamics.CRM.invoicedetail',
        invoicedetailid: detailRow(2012).invoicedetailid,
        tax: 10,
      },
    ]);
    expect(message(writeBack, 'accounts')!.targets[0]).toEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.account',
      accountid: account.accountid,
      dxc_xerocontactid: results[0]!.xeroContactId,
    });
    expect(message(writeBack, 'contacts')!.targets[0]!.dxc_xerocontactid).toBe(results[1]!.xeroContactId);
    const invoices = message(writeBack, 'invoices')!.targets;
    expect(invoices[0]).toMatchObject({
      invoiceid: rows[0]!.invoiceid,
      dxc_exportstatus: EXPORT_STATUS.Yes,
      dxc_xeroinvoiceid: results[0]!.xeroInvoiceId,
      dxc_exportedon: '2026-02-02T14:57:22Z',
      dxc_resyncafter: '2026-02-02T14:58:22Z',
    });
    expect(invoices[2]).toMatchObject({
      dxc_exportstatus: EXPORT_STATUS.Failed,
      dxc_lastsyncmessage: results[2]!.message,
    });
    expect(message(writeBack, 'dxc_synchistories')!.targets.map((t) => [t.dxc_action, t.dxc_status])).toEqual(
      [
        [SYNC_ACTION.Create, SYNC_RESULT.Successful],
        [SYNC_ACTION.Create, SYNC_RESULT.Successful],
        [SYNC_ACTION.Create, SYNC_RESULT.Failed],
        [SYNC_ACTION.Create, SYNC_RESULT.Successful],
      ],
    );

    // The next run lists the rows as the write-back left them: nothing to send, no Xero call, no history but the
    // failed row's, and the invoices only get their new resync marker.
    const written = rows.map((r, i) => ({
      ...r,
      ...Object.fromEntries(
        Object.entries(invoices[i]!).filter(([k]) => k !== '@odata.type' && k !== 'invoiceid'),
      ),
      invoice_details: (r.invoice_details as Row[]).map((d) => ({
        ...d,
        tax: message(writeBack, 'invoicedetails')!.targets.find(
          (t) => t.invoicedetailid === d.invoicedetailid,
        )?.tax,
      })),
      ...(i === 1
        ? customerColumns({ ...contact, dxc_xerocontactid: results[1]!.xeroContactId })
        : i === 2
          ? {}
          : customerColumns({ ...account, dxc_xerocontactid: results[0]!.xeroContactId })),
    }));
    const again = await post('/v1/invoices/sync', { rows: written, now: '2026-02-02T15:12:00Z' });
    expect(again.status).toBe(200);
    expect(again.calls).toBe(0);
    expect(again.body.summary).toEqual({ total: 4, created: 0, updated: 0, unchanged: 3, failed: 1 });
    const second = again.body.writeBack as DataverseBulkWrite[];
    expect(second.map((w) => [w.entitySet, w.targets.length])).toEqual([
      ['invoices', 4],
      ['dxc_synchistories', 1],
    ]);
    expect(message(second, 'invoices')!.targets[0]).toEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.invoice',
      invoiceid: rows[0]!.invoiceid,
      dxc_lastsyncmessage: again.body.results[0].message,
      dxc_exportedon: '2026-02-02T15:12:00Z',
      dxc_resyncafter: '2026-02-02T15:13:00Z',
    });
    expect(violations()).toEqual([]);
  });

  test('exactly one of rows, or invoices with settings; otherwise 400 naming body.rows and body.invoices', async () => {
    const row = invoiceRow(211, connection.tenantId);
    const both = ['body.rows', 'body.invoices'];
    expectRefusal(await post('/v1/invoices/sync', {}), both);
    expectRefusal(
      await post('/v1/invoices/sync', { rows: [row], invoices: [invoice(211)], settings: settings() }),
      both,
    );
    expectRefusal(await post('/v1/invoices/sync', { invoices: [invoice(211)] }), both);
    expectRefusal(await post('/v1/invoices/sync', { settings: settings() }), both);
    // A row must at least name its invoice (the contract's DataverseInvoiceRow).
    const nameless = await post('/v1/invoices/sync', { rows: [{ ...row, invoiceid: undefined }] });
    expectRefusal(nameless, ['body.rows[0].invoiceid']);
  });
});

describe('GetInvoiceStatuses and GetContactBalances modes', () => {
  test('GetInvoiceStatuses wants exactly one of xeroInvoiceIds, modifiedSince and connections, naming the three', async () => {
    const fields = ['body.xeroInvoiceIds', 'body.modifiedSince', 'body.connections'];
    const row = { dxc_xeroconnectionid: randomUUID(), dxc_tenantid: connection.tenantId };
    expectRefusal(await post('/v1/invoices/status', {}), fields);
    expectRefusal(
      await post('/v1/invoices/status', { connections: [row], modifiedSince: '2026-01-01T00:00:00Z' }),
      fields,
    );
    expectRefusal(
      await post('/v1/invoices/status', { connections: [row], xeroInvoiceIds: [randomUUID()] }),
      fields,
    );
  });

  test('GetContactBalances wants exactly one of customers and xeroContactIds, naming both', async () => {
    const fields = ['body.xeroContactIds', 'body.customers'];
    expectRefusal(await post('/v1/contacts/balances', {}), fields);
    expectRefusal(
      await post('/v1/contacts/balances', {
        customers: [{ accountid: randomUUID(), dxc_xerocontactid: randomUUID() }],
        xeroContactIds: [randomUUID()],
      }),
      fields,
    );
  });

  test('GetContactBalances with customers: one Xero call, the balances that moved written back', async () => {
    const tenant = connection.tenantId;
    const account = accountLookup(221);
    const contact = contactLookup(222);
    // Long overdue, whatever today is.
    const dates = { datedelivered: '2020-01-02', duedate: '2020-01-31' };
    const synced = await post('/v1/invoices/sync', {
      rows: [
        invoiceRow(221, tenant, { ...customerColumns(account), ...dates }),
        invoiceRow(222, tenant, { ...customerColumns(account), ...dates }),
        invoiceRow(223, tenant, { ...customerColumns(contact), ...dates }),
      ],
    });
    expect(synced.body.summary.created).toBe(3);
    const [accountXeroId, , contactXeroId] = (synced.body.results as InvoiceSyncResult[]).map(
      (r) => r.xeroContactId!,
    );
    // Two AUTHORISED invoices of 120.00 for the account, one for the contact; only the account's row is out of date.
    const customers = [
      {
        '@odata.etag': 'W/"1"',
        accountid: account.accountid,
        dxc_xerocontactid: accountXeroId,
        dxc_amountowed: 120,
        dxc_amountoverdue: 0,
      },
      {
        contactid: contact.contactid,
        dxc_xerocontactid: contactXeroId,
        dxc_amountowed: 120,
        dxc_amountoverdue: 120,
      },
      { accountid: randomUUID(), dxc_xerocontactid: null },
    ];
    const now = '2026-02-03T08:00:00Z';
    const { status, body, calls } = await post('/v1/contacts/balances', { customers, now });
    expect(status).toBe(200);
    expect(calls).toBe(1);
    expect(violations()).toEqual([]);
    const owed = new Map(
      body.contacts.map((c: { xeroContactId: string; outstanding: number; overdue: number }) => [
        c.xeroContactId,
        c,
      ]),
    );
    expect(owed.get(accountXeroId)).toMatchObject({ outstanding: 240, overdue: 240 });
    expect(owed.get(contactXeroId)).toMatchObject({ outstanding: 120, overdue: 120 });
    const expected: DataverseBulkWrite[] = [
      {
        entitySet: 'accounts',
        message: 'UpdateMultiple',
        key: 'accountid',
        targets: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.account',
            accountid: account.accountid as string,
            dxc_amountowed: 240,
            dxc_amountoverdue: 240,
            dxc_balancesyncedon: now,
          },
        ],
      },
    ];
    expect(body.writeBack).toEqual(expected);
  });
});
