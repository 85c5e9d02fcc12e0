/**
 * One installation, two Xero organisations (issue 14), through the solution's own flows: the Dataverse emulator, the
 * real proxy with one API key granted both, and the Xero emulator serving a UK company (GBP, 20 % VAT) and a New
 * Zealand one (NZD, 15 % GST). Each connection row imports its own reference data; one Sync run sends the invoices
 * of both to their own organisations; one status run brings back a payment in each; each cancellation follows its
 * own organisation's policy. No flow is copied per organisation, and routing adds no flow step.
 */
import { randomUUID } from 'node:crypto';
import type { DataverseTriggerWatch, RunResult } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { withoutRateLimits, NZ_TENANT_ID, twoOrganisations } from '@dxc/proxy-service/testing';
import {
  executions,
  failedActions,
  failedSteps,
  loadSolutionFlow,
  startFlowSandbox,
  webApiStatus,
} from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, EXPORT, HEALTH, POLICY, REQUEST, RESULT, XERO_STATUS } from './support/choices';
import { choiceValue } from '@dxc/solution';

jest.setTimeout(180_000);

const START = '2026-02-02T10:00:00Z';

type Row = Record<string, unknown>;

const flows = {
  sync: loadSolutionFlow('SyncInvoicesToXero'),
  status: loadSolutionFlow('InvoiceStatusAndPayments'),
  cancel: loadSolutionFlow('CancelInvoiceInXero'),
  importData: loadSolutionFlow('ImportReferenceData'),
};

interface Organisation {
  tenantId: string;
  rowId: string;
  currency: string;
  currencyId: string;
  books: () => OrganisationBooks;
}

let sandbox: FlowSandbox;
let uk: Organisation;
let nz: Organisation;
let watches: DataverseTriggerWatch[] = [];
const accountId = randomUUID();

const snapshot = () => sandbox.dataverse.snapshot();
const rows = (table: string) => (snapshot()[table] as Row[] | undefined) ?? [];
const invoiceRow = (id: string) => rows('invoice').find((r) => r.invoiceid === id)!;
const linesOf = (id: string) => rows('invoicedetail').filter((r) => r._invoiceid_value === id);

function succeeded(run: RunResult): RunResult {
  expect(failedSteps(run)).toEqual([]);
  expect(failedActions(run)).toEqual([]);
  expect(run.status).toBe('Succeeded');
  return run;
}

const webApi = (method: string, path: string, body?: unknown) => webApiStatus(sandbox, method, path, body);

/** Runs the Dataverse-triggered flows started by one write. */
async function runsAfter(watch: DataverseTriggerWatch, write: () => Promise<unknown>): Promise<RunResult[]> {
  const before = watch.runs.length;
  await write();
  return (await watch.settled()).slice(before);
}

beforeAll(async () => {
  const options = withoutRateLimits();
  sandbox = await startFlowSandbox({
    startAt: START,
    everyOrganisation: true,
    proxy: { ...options, emulator: { ...options.emulator, organisations: twoOrganisations() } },
  });
  sandbox.dataverse.clock.set(new Date(Date.parse(START) + 2_000));
  expect(sandbox.connections.map((c) => c.tenantId)).toEqual([
    sandbox.xero.emulator.organisations[0]!.tenantId,
    NZ_TENANT_ID,
  ]);
  const gbp = (rows('transactioncurrency').find((r) => r.isocurrencycode === 'GBP')!.transactioncurrencyid ??
    '') as string;
  const nzdId = randomUUID();
  const org = (tenantId: string, currency: string, currencyId: string): Organisation => ({
    tenantId,
    rowId: randomUUID(),
    currency,
    currencyId,
    books: () => sandbox.xero.emulator.books<OrganisationBooks>(tenantId),
  });
  uk = org(sandbox.connections[0]!.tenantId, 'GBP', gbp);
  nz = org(NZ_TENANT_ID, 'NZD', nzdId);
  sandbox.dataverse.load({
    transactioncurrency: [
      {
        transactioncurrencyid: nzdId,
        currencyname: 'New Zealand Dollar',
        isocurrencycode: 'NZD',
        currencysymbol: '$',
        exchangerate: 2.12,
        currencyprecision: 2,
      },
    ],
    // One row per organisation, each with its own settings: the UK credits a cancelled invoice, NZ voids it.
    dxc_xeroconnection: [
      [uk, 'Demo Company (UK)', 'GMT Standard Time', POLICY.CreditNote] as const,
      [nz, 'Kiwi Trading (NZ)', 'New Zealand Standard Time', POLICY.Void] as const,
    ].map(([o, name, timezone, policy]) => ({
      dxc_xeroconnectionid: o.rowId,
      dxc_name: name,
      dxc_tenantid: o.tenantId,
      dxc_usexeroinvoicenumber: false,
      dxc_createcontacts: true,
      dxc_createproducts: true,
      dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Authorised'),
      dxc_cancellationpolicy: policy,
      dxc_health: HEALTH.Connected,
      dxc_timezone: timezone,
    })),
    account: [{ accountid: accountId, name: 'Globex Trading' }],
  });
  watches = [sandbox.watchDataverse(flows.importData), sandbox.watchDataverse(flows.cancel)];
});
afterAll(async () => {
  for (const w of watches) await w.stop();
  await sandbox?.close();
});

describe('two organisations, one installation', () => {
  const invoices: Record<'uk' | 'nz', string[]> = { uk: [], nz: [] };

  test('a reference import per organisation: each connection row gets its own tax rates, account codes and themes', async () => {
    for (const o of [uk, nz]) {
      const before = sandbox.xeroCallsOf(o.tenantId);
      const runs = await runsAfter(watches[0]!, () =>
        webApi('PATCH', `dxc_xeroconnections(${o.rowId})`, { dxc_importrequest: REQUEST.Requested }),
      );
      expect(runs).toHaveLength(1);
      succeeded(runs[0]!);
      expect(sandbox.xeroCallsOf(o.tenantId) - before).toBe(4);
    }
    const rateOf = (o: Organisation) =>
      rows('dxc_xerotaxrate').find(
        (r) => r._dxc_connectionid_value === o.rowId && r.dxc_taxtype === 'OUTPUT2',
      )!;
    expect(rateOf(uk)).toMatchObject({ dxc_rate: 20, dxc_name: '20% (VAT on Income)' });
    expect(rateOf(nz)).toMatchObject({ dxc_rate: 15, dxc_name: '15% GST on Income' });
    for (const o of [uk, nz]) {
      expect(rows('dxc_xeroconnection').find((r) => r.dxc_xeroconnectionid === o.rowId)).toMatchObject({
        dxc_importrequest: REQUEST.Completed,
      });
      expect(
        rows('dxc_xeroaccount').filter((r) => r._dxc_connectionid_value === o.rowId).length,
      ).toBeGreaterThan(10);
    }
  });

  let load: (o: Organisation, n: number) => string;

  test('one Sync run sends the invoices of both organisations to their own, in their currency and tax, in one call', async () => {
    const taxRateOf = (o: Organisation) =>
      rows('dxc_xerotaxrate').find(
        (r) => r._dxc_connectionid_value === o.rowId && r.dxc_taxtype === 'OUTPUT2',
      )!.dxc_xerotaxrateid as string;
    load = (o: Organisation, n: number) => {
      const id = randomUUID();
      sandbox.dataverse.load({
        invoice: [
          {
            invoiceid: id,
            name: `Order ${o.currency} ${n}`,
            invoicenumber: `MO-${o.currency}-${n}`,
            datedelivered: '2026-02-01T00:00:00Z',
            duedate: '2026-03-02',
            'customerid_account@odata.bind': `/accounts(${accountId})`,
            'transactioncurrencyid@odata.bind': `/transactioncurrencies(${o.currencyId})`,
            'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${o.rowId})`,
          },
        ],
        invoicedetail: [
          {
            invoicedetailid: randomUUID(),
            'invoiceid@odata.bind': `/invoices(${id})`,
            sequencenumber: 1,
            isproductoverridden: true,
            productdescription: `Consulting ${n}`,
            quantity: 2,
            priceperunit: 500,
            'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${taxRateOf(o)})`,
          },
        ],
      });
      return id;
    };
    // Each connection row's own settings: its default sales account is its own imported account 200.
    for (const o of [uk, nz]) {
      const sales = rows('dxc_xeroaccount').find(
        (r) => r._dxc_connectionid_value === o.rowId && r.dxc_code === '200',
      )!;
      expect(
        await webApi('PATCH', `dxc_xeroconnections(${o.rowId})`, {
          'dxc_DefaultSalesAccountId@odata.bind': `/dxc_xeroaccounts(${sales.dxc_xeroaccountid as string})`,
        }),
      ).toBe(204);
    }
    // Interleaved, as Date Delivered orders them: every batch of 50 mixes organisations.
    for (const n of [1, 2]) {
      invoices.uk.push(load(uk, n));
      invoices.nz.push(load(nz, n));
    }
    sandbox.clock.advance(5 * 60_000);
    sandbox.dataverse.clock.advance(5 * 60_000);
    const run = succeeded(await sandbox.run(flows.sync));
    // Routing by organisation adds no step: one SyncInvoices call for the four invoices of two organisations.
    expect(executions(run, 'Sync_batch_with_Xero')).toHaveLength(1);

    for (const [o, ids, tax] of [
      [uk, invoices.uk, 200],
      [nz, invoices.nz, 150],
    ] as const) {
      for (const id of ids) {
        const row = invoiceRow(id);
        expect(row).toMatchObject({ dxc_exportstatus: EXPORT.Yes, dxc_xerostatus: XERO_STATUS.Authorised });
        const inXero = o.books().findInvoice(String(row.dxc_xeroinvoiceid))!;
        expect(inXero).toMatchObject({ currencyCode: o.currency, totalTax: tax, total: 1000 + tax });
        expect(linesOf(id).map((l) => l.tax)).toEqual([tax]);
        const other = o === uk ? nz : uk;
        expect(other.books().findInvoice(String(row.dxc_xeroinvoiceid))).toBeUndefined();
        const history = rows('dxc_synchistory').filter((h) => h._dxc_invoiceid_value === id);
        expect(history.map((h) => h._dxc_connectionid_value)).toEqual([o.rowId]);
      }
    }
  });

  test('one status run brings back a payment in each organisation: both invoices Paid, each row its own watermark', async () => {
    const paidIds = [invoices.uk[0]!, invoices.nz[0]!];
    for (const [o, id] of [
      [uk, paidIds[0]!],
      [nz, paidIds[1]!],
    ] as const) {
      const xeroId = String(invoiceRow(id).dxc_xeroinvoiceid);
      const due = o.books().findInvoice(xeroId)!.amountDue;
      o.books().recordPayment({ invoiceId: xeroId, amount: due });
    }
    sandbox.clock.advance(30 * 60_000);
    sandbox.dataverse.clock.advance(30 * 60_000);
    const run = succeeded(await sandbox.run(flows.status));
    expect(executions(run, 'Catch_up_with_Xero')).toHaveLength(1);
    for (const id of paidIds) {
      expect(invoiceRow(id)).toMatchObject({
        statecode: 2,
        statuscode: 100001,
        dxc_xerostatus: XERO_STATUS.Paid,
      });
      const payments = rows('dxc_synchistory').filter(
        (h) => h._dxc_invoiceid_value === id && h.dxc_action === ACTION.Payment,
      );
      expect(payments).toHaveLength(1);
    }
    for (const o of [uk, nz]) {
      const row = rows('dxc_xeroconnection').find((r) => r.dxc_xeroconnectionid === o.rowId)!;
      expect(typeof row.dxc_statuswatermark).toBe('string');
    }
    // The still-open invoices were not touched.
    for (const id of [invoices.uk[1]!, invoices.nz[1]!]) expect(invoiceRow(id).statecode).toBe(0);
  });

  test('a cancellation in each organisation follows its own policy: a credit note in the UK, a void in NZ', async () => {
    for (const [o, id, action] of [
      [uk, invoices.uk[1]!, ACTION.CreditNote],
      [nz, invoices.nz[1]!, ACTION.Void],
    ] as const) {
      const xeroId = String(invoiceRow(id).dxc_xeroinvoiceid);
      const runs = await runsAfter(watches[1]!, () =>
        webApi('PATCH', `invoices(${id})`, { statecode: 3, statuscode: 100003 }),
      );
      expect(runs).toHaveLength(1);
      succeeded(runs[0]!);
      const inXero = o.books().findInvoice(xeroId)!;
      if (o === uk) {
        expect(inXero.status).toBe('PAID'); // fully credited by the allocated credit note
        expect(inXero.amountDue).toBe(0);
      } else {
        expect(inXero.status).toBe('VOIDED');
      }
      const history = rows('dxc_synchistory').filter(
        (h) => h._dxc_invoiceid_value === id && h.dxc_action === action,
      );
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ dxc_status: RESULT.Successful, _dxc_connectionid_value: o.rowId });
    }
  });

  test('an invoice deleted in Dynamics is cancelled in the organisation whose ledger knows it, with its policy', async () => {
    const id = load(nz, 3);
    sandbox.clock.advance(5 * 60_000);
    sandbox.dataverse.clock.advance(5 * 60_000);
    succeeded(await sandbox.run(flows.sync));
    const xeroId = String(invoiceRow(id).dxc_xeroinvoiceid);
    expect(nz.books().findInvoice(xeroId)!.status).toBe('AUTHORISED');
    const ukCalls = sandbox.xeroCallsOf(uk.tenantId);
    const runs = await runsAfter(watches[1]!, () => webApi('DELETE', `invoices(${id})`));
    expect(runs).toHaveLength(1);
    succeeded(runs[0]!);
    // The deleted row named no connection: NZ's ledger knew the invoice, NZ's policy (Void) applied, the UK was
    // not asked anything.
    expect(nz.books().findInvoice(xeroId)!.status).toBe('VOIDED');
    expect(sandbox.xeroCallsOf(uk.tenantId)).toBe(ukCalls);
    const history = rows('dxc_synchistory').filter((h) => String(h.dxc_details).includes(id));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      dxc_action: ACTION.Void,
      dxc_status: RESULT.Successful,
      _dxc_connectionid_value: nz.rowId,
    });
  });
});
