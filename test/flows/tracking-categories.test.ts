/**
 * Tracking categories end to end (issue 14 §2), through the solution's own flows against the Dataverse emulator, the
 * real proxy and the Xero emulator serving two organisations: the reference import brings each organisation's
 * categories and options into its connection's tables as step 4; invoice lines carry up to two options by lookup and
 * Xero holds them; an option Xero archived after the import fails only its invoice, in Xero's words; two options of
 * one category, or an option of the other organisation's connection, fail their invoice before anything reaches Xero.
 */
import { randomUUID } from 'node:crypto';
import type { RunResult } from '@dxc/flow-runner';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { withoutRateLimits, NZ_TENANT_ID, twoOrganisations } from '@dxc/proxy-service/testing';
import { parseImportProgress } from '@dxc/pcf-controls/SyncCentre/import-progress';
import {
  executions,
  failedActions,
  failedSteps,
  loadSolutionFlow,
  startFlowSandbox,
} from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { EXPORT, REQUEST, RESULT } from './support/choices';
import { choiceValue } from '@dxc/solution';

jest.setTimeout(180_000);

const START = '2026-02-02T10:00:00Z';

type Row = Record<string, unknown>;

const flows = {
  sync: loadSolutionFlow('SyncInvoicesToXero'),
  importData: loadSolutionFlow('ImportReferenceData'),
};

interface Organisation {
  tenantId: string;
  rowId: string;
  books: () => OrganisationBooks;
}

let sandbox: FlowSandbox;
let uk: Organisation;
let nz: Organisation;
const customerId = randomUUID();

const rows = (table: string) => (sandbox.dataverse.snapshot()[table] as Row[] | undefined) ?? [];
const ofConnection = (table: string, o: Organisation) =>
  rows(table).filter((r) => r._dxc_connectionid_value === o.rowId);
const invoiceRow = (id: string) => rows('invoice').find((r) => r.invoiceid === id)!;
/** The Dataverse row id of an imported option, by its category and name. */
const optionRow = (o: Organisation, category: string, name: string) =>
  ofConnection('dxc_xerotrackingoption', o).find(
    (r) => r.dxc_categoryname === category && r.dxc_name === name,
  )!;

function succeeded(run: RunResult): RunResult {
  expect(failedSteps(run)).toEqual([]);
  expect(failedActions(run)).toEqual([]);
  expect(run.status).toBe('Succeeded');
  return run;
}

beforeAll(async () => {
  const options = withoutRateLimits();
  sandbox = await startFlowSandbox({
    startAt: START,
    everyOrganisation: true,
    proxy: { ...options, emulator: { ...options.emulator, organisations: twoOrganisations() } },
  });
  sandbox.dataverse.clock.set(new Date(Date.parse(START) + 2_000));
  const org = (tenantId: string): Organisation => ({
    tenantId,
    rowId: randomUUID(),
    books: () => sandbox.xero.emulator.books<OrganisationBooks>(tenantId),
  });
  uk = org(sandbox.connections[0]!.tenantId);
  nz = org(NZ_TENANT_ID);
  // Both organisations track by Region, with options of the same names: only the ids tell them apart.
  for (const o of [uk, nz]) {
    o.books().seedTrackingCategory({
      name: 'Region',
      options: ['North', 'South', 'East', 'West'],
      archivedOptions: ['West'],
    });
    o.books().seedTrackingCategory({ name: 'Project', options: ['Apollo', 'Gemini'] });
  }
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      [uk, 'Demo Company (UK)', 'GMT Standard Time'] as const,
      [nz, 'Kiwi Trading (NZ)', 'New Zealand Standard Time'] as const,
    ].map(([o, name, timezone]) => ({
      dxc_xeroconnectionid: o.rowId,
      dxc_name: name,
      dxc_tenantid: o.tenantId,
      dxc_usexeroinvoicenumber: false,
      dxc_createcontacts: true,
      dxc_createproducts: true,
      dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Draft'),
      dxc_timezone: timezone,
    })),
    account: [{ accountid: customerId, name: 'Globex Trading' }],
  });
});
afterAll(async () => sandbox?.close());

describe('tracking categories (issue 14 §2)', () => {
  test("each connection's import brings its organisation's categories and options as step 4 of 4", async () => {
    for (const o of [uk, nz]) {
      const row = rows('dxc_xeroconnection').find((r) => r.dxc_xeroconnectionid === o.rowId)!;
      const before = sandbox.xeroCallsOf(o.tenantId);
      succeeded(
        await sandbox.run(flows.importData, {
          trigger: { body: { ...row, dxc_importrequest: REQUEST.Requested, SdkMessage: 'Update' } },
        }),
      );
      // One Xero call per list, tracking categories included.
      expect(sandbox.xeroCallsOf(o.tenantId) - before).toBe(4);
      const after = rows('dxc_xeroconnection').find((r) => r.dxc_xeroconnectionid === o.rowId)!;
      expect(after.dxc_importrequest).toBe(REQUEST.Completed);
      expect(parseImportProgress(String(after.dxc_importprogress)).steps).toEqual([
        expect.objectContaining({ step: 'taxRates', state: 'done' }),
        expect.objectContaining({ step: 'accountCodes', state: 'done' }),
        expect.objectContaining({ step: 'brandingThemes', state: 'done' }),
        { step: 'trackingCategories', state: 'done', count: 2, note: undefined },
      ]);
      expect(
        ofConnection('dxc_xerotrackingcategory', o)
          .map((r) => r.dxc_name)
          .sort(),
      ).toEqual(['Project', 'Region']);
      const options = ofConnection('dxc_xerotrackingoption', o);
      expect(options).toHaveLength(6);
      expect(optionRow(o, 'Region', 'West')).toMatchObject({ dxc_status: 'ARCHIVED', statecode: 1 });
      expect(optionRow(o, 'Region', 'North')).toMatchObject({ dxc_status: 'ACTIVE', statecode: 0 });
    }
    // Same names, different organisations: different Xero ids, different rows.
    expect(optionRow(uk, 'Region', 'North').dxc_optionid).not.toBe(
      optionRow(nz, 'Region', 'North').dxc_optionid,
    );
  });

  test('tracked lines reach Xero; an archived option fails only its invoice in Xero’s words; bad picks fail before Xero', async () => {
    const sales = ofConnection('dxc_xeroaccount', uk).find((r) => r.dxc_code === '200')!;
    const tax = ofConnection('dxc_xerotaxrate', uk).find((r) => r.dxc_taxtype === 'OUTPUT2')!;
    const option = (slot: 1 | 2, row: Row) => ({
      [`dxc_TrackingOption${slot}@odata.bind`]: `/dxc_xerotrackingoptions(${String(row.dxc_xerotrackingoptionid)})`,
    });
    const ukNorth = optionRow(uk, 'Region', 'North');
    const ukSouth = optionRow(uk, 'Region', 'South');
    const ukEast = optionRow(uk, 'Region', 'East');
    const ukApollo = optionRow(uk, 'Project', 'Apollo');
    const nzNorth = optionRow(nz, 'Region', 'North');
    /** One UK invoice, two write-in lines with the given tracking lookups. */
    const load = (n: number, first: Row, second: Row = {}) => {
      const id = randomUUID();
      sandbox.dataverse.load({
        invoice: [
          {
            invoiceid: id,
            name: `Tracked order ${n}`,
            invoicenumber: `TRK-${n}`,
            datedelivered: '2026-02-01T00:00:00Z',
            duedate: '2026-03-02',
            'customerid_account@odata.bind': `/accounts(${customerId})`,
            'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${uk.rowId})`,
          },
        ],
        invoicedetail: [first, second].map((tracking, line) => ({
          invoicedetailid: randomUUID(),
          'invoiceid@odata.bind': `/invoices(${id})`,
          sequencenumber: line + 1,
          isproductoverridden: true,
          productdescription: `Consulting ${n}.${line + 1}`,
          quantity: 1,
          priceperunit: 100,
          'dxc_AccountId@odata.bind': `/dxc_xeroaccounts(${String(sales.dxc_xeroaccountid)})`,
          'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${String(tax.dxc_xerotaxrateid)})`,
          ...tracking,
        })),
      });
      return id;
    };
    const tracked = load(1, { ...option(1, ukNorth), ...option(2, ukApollo) }, option(1, ukEast));
    const archived = load(2, option(1, ukSouth));
    const sameCategory = load(3, { ...option(1, ukNorth), ...option(2, ukEast) });
    const otherOrganisation = load(4, {}, option(2, nzNorth));
    const untracked = load(5, {});
    // Xero archives South after the import: Dataverse still offers it, Xero refuses it.
    const region = uk
      .books()
      .listTrackingCategories()
      .find((c) => c.name === 'Region')!;
    uk.books().saveTrackingOption(region.trackingCategoryId, {
      trackingOptionId: String(ukSouth.dxc_optionid),
      status: 'ARCHIVED',
    });

    sandbox.clock.advance(5 * 60_000);
    sandbox.dataverse.clock.advance(5 * 60_000);
    const invoicesBefore = uk.books().listInvoices().length;
    const run = succeeded(await sandbox.run(flows.sync));
    // The lookups come with the one List rows: tracking adds no flow step.
    expect(executions(run, 'Sync_batch_with_Xero')).toHaveLength(1);

    const status = (id: string) => invoiceRow(id).dxc_exportstatus;
    expect([tracked, archived, sameCategory, otherOrganisation, untracked].map(status)).toEqual([
      EXPORT.Yes,
      EXPORT.Failed,
      EXPORT.Failed,
      EXPORT.Failed,
      EXPORT.Yes,
    ]);
    expect(uk.books().listInvoices()).toHaveLength(invoicesBefore + 2);

    const inXero = uk.books().findInvoice(String(invoiceRow(tracked).dxc_xeroinvoiceid))!;
    const project = uk
      .books()
      .listTrackingCategories()
      .find((c) => c.name === 'Project')!;
    expect(inXero.lineItems.map((l) => l.tracking)).toEqual([
      [
        {
          trackingCategoryId: region.trackingCategoryId,
          trackingOptionId: String(ukNorth.dxc_optionid),
          name: 'Region',
          option: 'North',
        },
        {
          trackingCategoryId: project.trackingCategoryId,
          trackingOptionId: String(ukApollo.dxc_optionid),
          name: 'Project',
          option: 'Apollo',
        },
      ],
      [
        {
          trackingCategoryId: region.trackingCategoryId,
          trackingOptionId: String(ukEast.dxc_optionid),
          name: 'Region',
          option: 'East',
        },
      ],
    ]);
    const plain = uk.books().findInvoice(String(invoiceRow(untracked).dxc_xeroinvoiceid))!;
    expect(plain.lineItems.map((l) => l.tracking)).toEqual([[], []]);

    // Xero's own words (the emulator's ValidationException message), on the invoice and in its history.
    expect(String(invoiceRow(archived).dxc_lastsyncmessage)).toContain(
      "The tracking option 'South' of the tracking category 'Region' is archived and cannot be used.",
    );
    expect(String(invoiceRow(sameCategory).dxc_lastsyncmessage)).toContain(
      "Line 1 has two options of the tracking category 'Region'",
    );
    expect(String(invoiceRow(otherOrganisation).dxc_lastsyncmessage)).toContain(
      'dxc_trackingoption2 (line 2, tracking option 2 "Region: North") belongs to another Xero connection',
    );
    for (const id of [archived, sameCategory, otherOrganisation]) {
      expect(invoiceRow(id).dxc_xeroinvoiceid ?? null).toBeNull();
      const history = rows('dxc_synchistory').filter((h) => h._dxc_invoiceid_value === id);
      expect(history).toEqual([expect.objectContaining({ dxc_status: RESULT.Failed })]);
    }
    // Nothing reached the other organisation.
    expect(nz.books().listInvoices()).toEqual([]);
  });
});
