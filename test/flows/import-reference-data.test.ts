/**
 * The Import reference data flow (DESIGN §5 flow 4, B10) as the solution ships it, started by the Dataverse
 * emulator's change feed when the Sync centre sets Reference import = Requested: the demo organisation's tax rates,
 * account codes, branding themes and tracking categories with their options (issue 14 §2) land in their tables
 * under their alternate keys, in that order, with the progress text the Sync centre parses; a re-import updates
 * in place; rows Xero dropped are marked, not deleted; a Xero outage fails the import naming the step.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { sandboxConnector, type DataverseTriggerWatch, type RunResult } from '@dxc/flow-runner';
import { parseImportProgress } from '@dxc/pcf-controls/SyncCentre/import-progress';
import { failedActions, failedSteps, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, REQUEST, RESULT } from './support/choices';

const IMPORT = ACTION.Import;

type Row = Record<string, unknown>;

let sandbox: FlowSandbox;
let books: OrganisationBooks;
let watch: DataverseTriggerWatch;
const connectionRowId = randomUUID();
const otherConnectionRowId = randomUUID();
const flow = loadSolutionFlow('ImportReferenceData');
/** Every (request, progress) the connection row went through, in commit order. */
const seen: { request: unknown; progress: unknown }[] = [];

beforeAll(async () => {
  sandbox = await startFlowSandbox();
  books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  // Two categories as an organisation has them: one in use with an archived option, one archived whole.
  books.seedTrackingCategory({
    name: 'Region',
    options: ['North', 'South', 'West'],
    archivedOptions: ['West'],
  });
  books.seedTrackingCategory({ name: 'Old projects', options: ['Apollo'], status: 'ARCHIVED' });
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      {
        dxc_xeroconnectionid: connectionRowId,
        dxc_name: 'Demo Company (UK)',
        dxc_tenantid: sandbox.connection.tenantId,
      },
      {
        dxc_xeroconnectionid: otherConnectionRowId,
        dxc_name: 'Other organisation',
        dxc_tenantid: randomUUID(),
      },
    ],
  });
  sandbox.dataverse.changes.subscribe(
    {
      entityName: 'dxc_xeroconnection',
      message: 3,
      filteringAttributes: 'dxc_importprogress,dxc_importrequest',
    },
    (event) => {
      if (event.id === connectionRowId)
        seen.push({ request: event.image?.dxc_importrequest, progress: event.image?.dxc_importprogress });
    },
  );
  watch = sandbox.watchDataverse(flow);
});
afterAll(async () => {
  await watch?.stop();
  await sandbox?.close();
});
afterEach(() => sandbox.xero.emulator.faults.clear());

/** What the Sync centre does: Reference import = Requested on the connection row; returns the runs it started. */
async function requestImport(rowId = connectionRowId): Promise<RunResult[]> {
  const before = watch.runs.length;
  seen.length = 0;
  const res = await fetch(`${sandbox.dataverse.apiUrl}/dxc_xeroconnections(${rowId})`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ dxc_importrequest: REQUEST.Requested }),
  });
  expect(res.status).toBe(204);
  return (await watch.settled()).slice(before);
}

/** The proxy caches reference lists for a minute; tests that change Xero's lists make it ask again. */
const forgetXeroLists = () => sandbox.xero.proxy.services.referenceCache.forget(sandbox.connection.tenantId);

/** A port nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const xeroCalls = (): number => sandbox.xeroCalls();
const rows = (table: string) => (sandbox.dataverse.snapshot()[table] as Row[]) ?? [];
const ofConnection = (table: string) =>
  rows(table).filter((r) => r._dxc_connectionid_value === connectionRowId);
const connectionRow = () =>
  rows('dxc_xeroconnection').find((r) => r.dxc_xeroconnectionid === connectionRowId)!;
const importHistory = () =>
  rows('dxc_synchistory').filter(
    (h) => h.dxc_action === IMPORT && h._dxc_connectionid_value === connectionRowId,
  );
const codedAccounts = () => books.accounts().filter((a) => a.code);

function succeeded(runs: RunResult[]): RunResult {
  expect(runs).toHaveLength(1);
  expect(failedActions(runs[0]!)).toEqual([]);
  expect(runs[0]!.status).toBe('Succeeded');
  return runs[0]!;
}

describe('Import reference data', () => {
  test('imports every tax rate, account code, theme and tracking category of the demo organisation under its keys, in order', async () => {
    const callsBefore = xeroCalls();
    succeeded(await requestImport());
    // One Xero call per list: the connection row's tenant id routes them, no organisation check is needed.
    expect(xeroCalls() - callsBefore).toBe(4);
    const rates = books.taxRates();
    const accounts = codedAccounts();
    const themes = books.seed.brandingThemes;
    expect(rates).toHaveLength(13);
    expect(themes).toHaveLength(2);

    const taxRows = ofConnection('dxc_xerotaxrate');
    expect(taxRows.map((r) => r.dxc_taxtype).sort()).toEqual(rates.map((r) => r.taxType).sort());
    for (const rate of rates) {
      expect(taxRows.find((r) => r.dxc_taxtype === rate.taxType)).toMatchObject({
        dxc_name: rate.name,
        dxc_rate: rate.rate,
        dxc_status: 'ACTIVE',
      });
    }
    const accountRows = ofConnection('dxc_xeroaccount');
    expect(accountRows.map((r) => r.dxc_code).sort()).toEqual(accounts.map((a) => a.code).sort());
    const sales = accountRows.find((r) => r.dxc_code === '200')!;
    const seedSales = books.findAccountByCode('200')!;
    expect(sales).toMatchObject({
      dxc_name: seedSales.name,
      dxc_type: seedSales.type,
      dxc_class: 'REVENUE',
      dxc_taxtype: seedSales.taxType,
      dxc_status: 'ACTIVE',
    });
    const themeRows = ofConnection('dxc_xerobrandingtheme');
    expect(
      themeRows.map((r) => [String(r.dxc_themeid).toLowerCase(), r.dxc_name, r.dxc_sortorder, r.statecode]),
    ).toEqual(
      expect.arrayContaining(themes.map((t) => [t.brandingThemeId.toLowerCase(), t.name, t.sortOrder, 0])),
    );
    expect(themeRows).toHaveLength(themes.length);

    // The progress the Sync centre saw, write by write: Running, each step in turn, then Completed.
    const done = (n: number) => `done (${n})`;
    const text = (t: string, a: string, b: string, c: string) =>
      `tax rates: ${t}; account codes: ${a}; branding themes: ${b}; tracking categories: ${c}`;
    expect(seen).toEqual([
      { request: REQUEST.Requested, progress: null },
      { request: REQUEST.Running, progress: text('running', 'pending', 'pending', 'pending') },
      { request: REQUEST.Running, progress: text(done(13), 'running', 'pending', 'pending') },
      { request: REQUEST.Running, progress: text(done(13), done(accounts.length), 'running', 'pending') },
      {
        request: REQUEST.Running,
        progress: text(done(13), done(accounts.length), done(2), 'running'),
      },
      { request: REQUEST.Completed, progress: text(done(13), done(accounts.length), done(2), done(2)) },
    ]);
    expect(parseImportProgress(seen.at(-1)!.progress as string).steps.map((s) => [s.step, s.state])).toEqual([
      ['taxRates', 'done'],
      ['accountCodes', 'done'],
      ['brandingThemes', 'done'],
      ['trackingCategories', 'done'],
    ]);
    expect(parseImportProgress(seen[2]!.progress as string).steps).toEqual([
      { step: 'taxRates', state: 'done', count: 13, note: undefined },
      { step: 'accountCodes', state: 'running', count: undefined, note: undefined },
      { step: 'brandingThemes', state: 'pending', count: undefined, note: undefined },
      { step: 'trackingCategories', state: 'pending', count: undefined, note: undefined },
    ]);
    const row = connectionRow();
    expect(row.dxc_importrequest).toBe(REQUEST.Completed);
    expect(Date.parse(String(row.dxc_lastimporton))).toBeGreaterThan(Date.now() - 60_000);
    const history = importHistory();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ dxc_status: RESULT.Successful });
    expect(history[0]!.dxc_details).toBe(
      `Imported from Xero 13 tax rates, ${accounts.length} account codes, 2 branding themes and 2 tracking categories. No longer in Xero: 0 tax rates and 0 account codes marked DELETED, 0 branding themes and 2 tracking options deactivated.`,
    );
  });

  test('a re-import updates in place: same row ids, no duplicates, changed names come through', async () => {
    const tables = ['dxc_xerotaxrate', 'dxc_xeroaccount', 'dxc_xerobrandingtheme', 'dxc_xerotrackingoption'];
    const idsBefore = tables.map((t) =>
      ofConnection(t)
        .map((r) => r[`${t}id`])
        .sort(),
    );
    const theme = books.seed.brandingThemes[1]!;
    const originalName = theme.name;
    theme.name = 'Special Projects (renamed)';
    forgetXeroLists();
    try {
      succeeded(await requestImport());
    } finally {
      theme.name = originalName;
    }
    const idsAfter = tables.map((t) =>
      ofConnection(t)
        .map((r) => r[`${t}id`])
        .sort(),
    );
    expect(idsAfter).toEqual(idsBefore);
    expect(
      ofConnection('dxc_xerobrandingtheme').find(
        (r) => String(r.dxc_themeid).toLowerCase() === theme.brandingThemeId.toLowerCase(),
      )!.dxc_name,
    ).toBe('Special Projects (renamed)');
    expect(connectionRow().dxc_importrequest).toBe(REQUEST.Completed);
    expect(importHistory()).toHaveLength(2);
  });

  test('tracking categories and their options land under their keys; archived ones are inactive, so lines cannot pick them', async () => {
    // Imported by the first test; the options name their category by lookup and carry its Xero id and name.
    const categories = books.listTrackingCategories();
    const categoryRows = ofConnection('dxc_xerotrackingcategory');
    expect(
      categoryRows.map((r) => [String(r.dxc_categoryid).toLowerCase(), r.dxc_name, r.dxc_status]).sort(),
    ).toEqual(categories.map((c) => [c.trackingCategoryId.toLowerCase(), c.name, c.status]).sort());
    const categoryRowId = (id: string) =>
      categoryRows.find((r) => String(r.dxc_categoryid).toLowerCase() === id.toLowerCase())!
        .dxc_xerotrackingcategoryid;
    const expected = categories.flatMap((c) =>
      c.options.map((o) => [
        o.name,
        c.name,
        o.status,
        c.status === 'ACTIVE' && o.status === 'ACTIVE' ? 0 : 1,
        categoryRowId(c.trackingCategoryId),
      ]),
    );
    const optionRows = ofConnection('dxc_xerotrackingoption');
    expect(
      optionRows
        .map((r) => [
          r.dxc_name,
          r.dxc_categoryname,
          r.dxc_status,
          r.statecode,
          r._dxc_trackingcategoryid_value,
        ])
        .sort(),
    ).toEqual(expected.sort());
    expect(
      optionRows
        .filter((r) => r.statecode === 0)
        .map((r) => r.dxc_name)
        .sort(),
    ).toEqual(['North', 'South']);
  });

  test('an option Xero archives leaves the lookups on the next import, and comes back when Xero restores it', async () => {
    const region = books.listTrackingCategories().find((c) => c.name === 'Region')!;
    const south = region.options.find((o) => o.name === 'South')!;
    const southRow = () =>
      ofConnection('dxc_xerotrackingoption').find(
        (r) => String(r.dxc_optionid).toLowerCase() === south.trackingOptionId.toLowerCase(),
      );
    const rowId = southRow()!.dxc_xerotrackingoptionid;
    const setSouth = (status: 'ACTIVE' | 'ARCHIVED') =>
      books.saveTrackingOption(region.trackingCategoryId, {
        trackingOptionId: south.trackingOptionId,
        status,
      });
    setSouth('ARCHIVED');
    forgetXeroLists();
    try {
      succeeded(await requestImport());
      expect(southRow()).toMatchObject({ dxc_status: 'ARCHIVED', statecode: 1, statuscode: 2 });
      expect(importHistory().at(-1)!.dxc_details).toMatch(/and 1 tracking options deactivated\.$/);
    } finally {
      setSouth('ACTIVE');
    }
    forgetXeroLists();
    succeeded(await requestImport());
    expect(southRow()).toMatchObject({
      dxc_xerotrackingoptionid: rowId,
      dxc_status: 'ACTIVE',
      statecode: 0,
      statuscode: 1,
    });
  });

  test('rows Xero no longer lists are marked (DELETED, theme deactivated), not deleted; they come back', async () => {
    const rates = books.taxRates();
    const accounts = books.accounts();
    const themes = books.seed.brandingThemes;
    const rateIndex = rates.findIndex((r) => r.taxType === 'RRINPUT');
    const accountIndex = accounts.findIndex((a) => a.code === '970');
    const [rate] = rates.splice(rateIndex, 1);
    const [account] = accounts.splice(accountIndex, 1);
    const theme = themes.pop()!;
    forgetXeroLists();
    try {
      succeeded(await requestImport());
    } finally {
      rates.splice(rateIndex, 0, rate!);
      accounts.splice(accountIndex, 0, account!);
      themes.push(theme);
    }
    const rateRow = () => ofConnection('dxc_xerotaxrate').find((r) => r.dxc_taxtype === 'RRINPUT');
    const accountRow = () => ofConnection('dxc_xeroaccount').find((r) => r.dxc_code === '970');
    const themeRow = () =>
      ofConnection('dxc_xerobrandingtheme').find(
        (r) => String(r.dxc_themeid).toLowerCase() === theme.brandingThemeId.toLowerCase(),
      );
    expect(rateRow()).toMatchObject({ dxc_status: 'DELETED', statecode: 0 });
    expect(accountRow()).toMatchObject({ dxc_status: 'DELETED' });
    expect(themeRow()).toMatchObject({ statecode: 1, statuscode: 2 });
    expect(ofConnection('dxc_xerotaxrate').filter((r) => r.dxc_status !== 'DELETED')).toHaveLength(12);
    expect(importHistory().at(-1)!.dxc_details).toMatch(
      /No longer in Xero: 1 tax rates and 1 account codes marked DELETED, 1 branding themes and 0 tracking options deactivated\.$/,
    );

    forgetXeroLists();
    succeeded(await requestImport());
    expect(rateRow()).toMatchObject({ dxc_status: 'ACTIVE' });
    expect(accountRow()).toMatchObject({ dxc_status: 'ACTIVE' });
    expect(themeRow()).toMatchObject({ statecode: 0, statuscode: 1 });
    expect(ofConnection('dxc_xerotaxrate')).toHaveLength(13);
  });

  test('Xero unavailable while reading accounts: Failed, the progress names the step, one Failed history row', async () => {
    const before = {
      taxRates: ofConnection('dxc_xerotaxrate').length,
      history: importHistory().length,
    };
    forgetXeroLists();
    sandbox.xero.emulator.faults.inject({ kind: 'status', status: 503, count: null, path: '/Accounts' });
    const runs = await requestImport();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('Failed');
    expect(failedSteps(runs[0]!)).toEqual([expect.stringMatching(/^List_accounts: /)]);
    const row = connectionRow();
    expect(row.dxc_importrequest).toBe(REQUEST.Failed);
    const progress = parseImportProgress(String(row.dxc_importprogress));
    expect(progress.note).toBeUndefined();
    expect(progress.steps.map((s) => s.state)).toEqual(['done', 'failed', 'pending', 'pending']);
    expect(progress.steps[1]!.note).toBeTruthy();
    expect(String(row.dxc_importprogress)).toMatch(
      /^tax rates: done \(13\); account codes: failed - [^;]+; branding themes: pending; tracking categories: pending$/,
    );
    expect(seen.map((s) => s.request)).toEqual([
      REQUEST.Requested,
      REQUEST.Running,
      REQUEST.Running,
      REQUEST.Failed,
    ]);
    const history = importHistory();
    expect(history).toHaveLength(before.history + 1);
    expect(history.at(-1)).toMatchObject({ dxc_status: RESULT.Failed });
    expect(history.at(-1)!.dxc_details).toBe(`Reference import failed: ${String(row.dxc_importprogress)}`);
    expect(ofConnection('dxc_xerotaxrate')).toHaveLength(before.taxRates);
  });

  test('the proxy unreachable: Failed with the reason as a note, at the first step, the others still pending', async () => {
    const run = await sandbox.run(flow, {
      connector: sandboxConnector({
        ...sandbox.config,
        environmentVariables: { dxc_ProxyBaseUrl: `http://127.0.0.1:${await closedPort()}` },
      }),
      trigger: { body: { ...connectionRow(), dxc_importrequest: REQUEST.Requested, SdkMessage: 'Update' } },
    });
    expect(run.status).toBe('Failed');
    expect(failedSteps(run)).toEqual([expect.stringMatching(/^List_tax_rates: /)]);
    const row = connectionRow();
    expect(row.dxc_importrequest).toBe(REQUEST.Failed);
    const progress = parseImportProgress(String(row.dxc_importprogress));
    expect(progress.steps.map((s) => s.state)).toEqual(['failed', 'pending', 'pending', 'pending']);
    expect(String(row.dxc_importprogress)).toMatch(
      /^tax rates: failed - Cannot reach http:\/\/127\.0\.0\.1:\d+/,
    );
  });

  test('the row of an organisation the key was not granted fails, saying so; other changes start no import', async () => {
    const historyBefore = rows('dxc_synchistory').length;
    const runs = await requestImport(otherConnectionRowId);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('Failed');
    expect(failedSteps(runs[0]!)).toEqual([expect.stringMatching(/^List_tax_rates: /)]);
    expect(rows('dxc_xerotaxrate').filter((r) => r._dxc_connectionid_value === otherConnectionRowId)).toEqual(
      [],
    );
    const other = rows('dxc_xeroconnection').find((r) => r.dxc_xeroconnectionid === otherConnectionRowId)!;
    expect(other.dxc_importrequest).toBe(REQUEST.Failed);
    expect(String(other.dxc_importprogress)).toContain('This API key may not use that Xero organisation.');
    expect(rows('dxc_synchistory')).toHaveLength(historyBefore + 1);

    const before = watch.runs.length;
    const res = await fetch(`${sandbox.dataverse.apiUrl}/dxc_xeroconnections(${connectionRowId})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dxc_name: 'Renamed', dxc_importrequest: REQUEST.Idle }),
    });
    expect(res.status).toBe(204);
    expect((await watch.settled()).slice(before)).toEqual([]);
  });
});
