/**
 * What serving several Xero organisations from one installation costs (issue 14), measured by running the shipped
 * flows (flow runner, Dataverse emulator, real proxy over the Xero emulator): the same invoices sent by the Sync flow
 * with one organisation and split over two, and the status flow's idle run with one and two connection rows. The
 * proxy routes each row to its organisation inside one SyncInvoices call, so the Power Platform requests should not
 * depend on the number of organisations; the alternative design (one call per organisation per chunk) is modelled
 * next to it from the measured cost of a call. Prints a table; writes bench/results/flows-several-organisations.json.
 *
 *   npm run bench:flows-organisations -w bench      (INVOICES=400 to change the size)
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '@dxc/flow-runner';
import { withoutRateLimits, twoOrganisations } from '@dxc/proxy-service/testing';
import {
  executions,
  failedActions,
  loadSolutionFlow,
  startFlowSandbox,
} from '@dxc/test/flows/support/flow-sandbox';
import type { FlowSandbox } from '@dxc/test/flows/support/flow-sandbox';
import { resultFile } from '../support/result-file';
import { choiceValue } from '@dxc/solution';

const INVOICES = Number(process.env.INVOICES ?? 200);
const EXPORT_YES = choiceValue('dxc_exportstatus', 'Yes');
const START = '2026-02-02T10:00:00Z';
const FIVE_MINUTES = 5 * 60_000;
const RESULT_FILE = resultFile('flows-several-organisations.json');

interface Measured {
  organisations: number;
  invoices: number;
  runs: number;
  requests: number;
  syncInvoicesCalls: number;
  xeroCallsPerOrganisation: number[];
  requestsPerInvoice: number;
  xeroCallsPerInvoice: number;
  statusIdleRun: { requests: number; xeroCalls: number };
  exported: number;
}

async function world(organisations: 1 | 2) {
  const options = withoutRateLimits({ env: { LOG_LEVEL: 'warn' } });
  const sandbox = await startFlowSandbox({
    startAt: START,
    everyOrganisation: organisations === 2,
    proxy: {
      ...options,
      emulator: { ...options.emulator, organisations: twoOrganisations().slice(0, organisations) },
    },
  });
  sandbox.dataverse.clock.set(new Date(Date.parse(START) + 2_000));
  const rows = sandbox.connections.map((c) => ({
    connection: c,
    rowId: randomUUID(),
    accountId: randomUUID(),
  }));
  sandbox.dataverse.load({
    dxc_xeroconnection: rows.map((r) => ({
      dxc_xeroconnectionid: r.rowId,
      dxc_name: r.connection.tenantName,
      dxc_tenantid: r.connection.tenantId,
      dxc_tenantname: r.connection.tenantName,
      dxc_shortcode: r.connection.shortCode,
      dxc_basecurrency: r.connection.baseCurrency,
      dxc_usexeroinvoicenumber: false,
      dxc_createcontacts: true,
      dxc_createproducts: true,
      dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Authorised'),
      dxc_health: choiceValue('dxc_health', 'Connected'),
      dxc_timezone: 'GMT Standard Time',
      'dxc_DefaultSalesAccountId@odata.bind': `/dxc_xeroaccounts(${r.accountId})`,
    })),
    dxc_xeroaccount: rows.map((r) => ({
      dxc_xeroaccountid: r.accountId,
      dxc_name: 'Sales',
      dxc_code: '200',
      'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${r.rowId})`,
    })),
  });
  return { sandbox, rows };
}

function seed(sandbox: FlowSandbox, rows: { rowId: string }[], count: number): void {
  const customers = Array.from({ length: Math.ceil(count / 5) }, (_, n) => ({
    accountid: randomUUID(),
    name: `Bench customer ${n}`,
  }));
  sandbox.dataverse.load({ account: customers });
  // Interleaved over the organisations, as Date Delivered would mix them.
  const invoices = Array.from({ length: count }, (_, n) => ({
    invoiceid: randomUUID(),
    name: `Order ${n}`,
    invoicenumber: `MO-${String(n).padStart(5, '0')}`,
    datedelivered: '2026-02-01T00:00:00Z',
    duedate: '2026-03-02',
    'customerid_account@odata.bind': `/accounts(${customers[n % customers.length]!.accountid})`,
    'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${rows[n % rows.length]!.rowId})`,
  }));
  sandbox.dataverse.load({
    invoice: invoices,
    invoicedetail: invoices.map((i) => ({
      invoicedetailid: randomUUID(),
      'invoiceid@odata.bind': `/invoices(${i.invoiceid})`,
      sequencenumber: 1,
      isproductoverridden: true,
      productdescription: 'Consulting',
      quantity: 1,
      priceperunit: 100,
    })),
  });
}

function requireSuccess(run: RunResult): RunResult {
  const failed = failedActions(run);
  if (run.status !== 'Succeeded' || failed.length)
    throw new Error(`a flow run failed: ${failed.join('; ') || run.status}`);
  return run;
}

async function measure(organisations: 1 | 2): Promise<Measured> {
  const { sandbox, rows } = await world(organisations);
  try {
    seed(sandbox, rows, INVOICES);
    const calls = () => sandbox.connections.map((c) => sandbox.xeroCallsOf(c.tenantId));
    const before = calls();
    const sync = loadSolutionFlow('SyncInvoicesToXero');
    let runs = 0;
    let requests = 0;
    let syncInvoicesCalls = 0;
    for (;;) {
      sandbox.clock.advance(FIVE_MINUTES);
      sandbox.dataverse.clock.advance(FIVE_MINUTES);
      const run = requireSuccess(await sandbox.run(sync));
      const sent = executions(run, 'Sync_batch_with_Xero').filter((a) => a.status !== 'Skipped').length;
      if (sent === 0) break;
      runs += 1;
      requests += run.requests;
      syncInvoicesCalls += sent;
      if (runs > INVOICES / 50 + 10) throw new Error('the Sync flow did not finish');
    }
    const xeroCallsPerOrganisation = calls().map((n, i) => n - before[i]!);
    const listed = sandbox.dataverse.snapshot().invoice ?? [];
    const exported = listed.filter((r) => r.dxc_exportstatus === EXPORT_YES).length;
    const refused = listed.find((r) => r.dxc_exportstatus !== EXPORT_YES);
    if (refused) console.error(`not exported: ${String(refused.dxc_lastsyncmessage)}`);
    // The status flow's idle run: one catch-up for every connection row.
    const status = loadSolutionFlow('InvoiceStatusAndPayments');
    sandbox.clock.advance(30 * 60_000);
    sandbox.dataverse.clock.advance(30 * 60_000);
    requireSuccess(await sandbox.run(status)); // first contact writes the rows' watermarks
    sandbox.clock.advance(30 * 60_000);
    sandbox.dataverse.clock.advance(30 * 60_000);
    const beforeIdle = calls();
    const idle = requireSuccess(await sandbox.run(status));
    const idleCalls = calls().reduce((n, c, i) => n + c - beforeIdle[i]!, 0);
    const xeroCalls = xeroCallsPerOrganisation.reduce((a, b) => a + b, 0);
    return {
      organisations,
      invoices: INVOICES,
      runs,
      requests,
      syncInvoicesCalls,
      xeroCallsPerOrganisation,
      requestsPerInvoice: Number((requests / INVOICES).toFixed(3)),
      xeroCallsPerInvoice: Number((xeroCalls / INVOICES).toFixed(3)),
      statusIdleRun: { requests: idle.requests, xeroCalls: idleCalls },
      exported,
    };
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const one = await measure(1);
  const two = await measure(2);
  // The design not taken: one SyncInvoices call per organisation per chunk of 50, each with its own write-back.
  const requestsPerCall = one.requests / Math.max(1, one.syncInvoicesCalls);
  const perOrganisationCalls = two.xeroCallsPerOrganisation.length * Math.ceil(INVOICES / 2 / 50);
  const alternative = {
    syncInvoicesCalls: perOrganisationCalls,
    requests: Math.round(requestsPerCall * perOrganisationCalls),
    note:
      'modelled: the measured requests per SyncInvoices call of the one-organisation run times the calls a ' +
      'per-organisation chunking makes (plus, not counted here, a loop over the connection rows per run)',
  };
  const result = {
    measuredAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    invoices: INVOICES,
    oneOrganisation: one,
    twoOrganisations: two,
    perOrganisationChunksAlternative: alternative,
  };
  console.table(
    [one, two].map((m) => ({
      organisations: m.organisations,
      'sync runs': m.runs,
      'SyncInvoices calls': m.syncInvoicesCalls,
      requests: m.requests,
      'requests/invoice': m.requestsPerInvoice,
      'Xero calls per org': m.xeroCallsPerOrganisation.join(' + '),
      'Xero calls/invoice': m.xeroCallsPerInvoice,
      'status idle run (requests / Xero calls)': `${m.statusIdleRun.requests} / ${m.statusIdleRun.xeroCalls}`,
      exported: m.exported,
    })),
  );
  console.log(
    `Per-organisation chunks instead (model): ${alternative.syncInvoicesCalls} SyncInvoices calls, about ${alternative.requests} requests for ${INVOICES} invoices over two organisations.`,
  );
  fs.writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), RESULT_FILE)}`);
  if (one.exported !== INVOICES || two.exported !== INVOICES) {
    console.error('not every invoice was exported');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
