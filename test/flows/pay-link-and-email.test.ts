/**
 * Issue 14 §3 and §4 end to end: the shipped Sync invoices flow in the runner, the Dataverse emulator, the real
 * proxy and the Xero emulator. A connection row with "Email invoice from Xero when authorised" on and invoices
 * approved on sync: each gets its online invoice link on the invoice row and one email from Xero, recorded as an
 * "Emailed" history row; a customer without an email address fails only the email, with its own history row; the
 * next runs cost Xero nothing and email nobody again.
 */
import { randomUUID } from 'node:crypto';
import type { RunResult } from '@dxc/flow-runner';
import { renderRunText } from '@dxc/flow-runner';
import { choiceValue } from '@dxc/solution';
import { failedActions, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { loadConnection } from './support/seed-rows';

jest.setTimeout(120_000);

const START = '2026-02-02T10:00:00Z';
const flow = loadSolutionFlow('SyncInvoicesToXero');

type Row = Record<string, unknown>;

let sandbox: FlowSandbox;
let connectionRowId: string;

beforeEach(async () => {
  sandbox = await startFlowSandbox({ startAt: START });
  sandbox.dataverse.clock.set(new Date(Date.parse(START) + 2_000));
  const seed = loadConnection(sandbox, {
    dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Authorised'),
    dxc_onlineinvoicelink: choiceValue('dxc_onlineinvoicelink', 'While the call budget allows'),
    dxc_emailwhenauthorised: true,
  });
  connectionRowId = seed.connectionRowId;
  const customers = [
    { accountid: randomUUID(), name: 'Contoso Ltd', emailaddress1: 'accounts@contoso.example' },
    { accountid: randomUUID(), name: 'Fabrikam Ltd', emailaddress1: 'ap@fabrikam.example' },
    { accountid: randomUUID(), name: 'No Mail Ltd' },
  ];
  const invoices = customers.map((c, n) => ({
    invoiceid: randomUUID(),
    name: `Order ${n}`,
    invoicenumber: `PAY-${n}`,
    datedelivered: '2026-02-01T00:00:00Z',
    duedate: '2026-03-01',
    'customerid_account@odata.bind': `/accounts(${c.accountid})`,
    'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${connectionRowId})`,
  }));
  sandbox.dataverse.load({
    account: customers,
    invoice: invoices,
    invoicedetail: invoices.map((inv, n) => ({
      invoicedetailid: randomUUID(),
      'invoiceid@odata.bind': `/invoices(${inv.invoiceid})`,
      sequencenumber: 1,
      isproductoverridden: true,
      productdescription: `Consulting ${n}`,
      quantity: 1,
      priceperunit: 100 + n,
      'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${seed.taxRateId})`,
    })),
  });
});
afterEach(async () => sandbox?.close());

async function runFlow(): Promise<RunResult> {
  sandbox.clock.advance(5 * 60_000);
  sandbox.dataverse.clock.advance(5 * 60_000);
  const run = await sandbox.run(flow);
  if (run.status !== 'Succeeded' || failedActions(run).length) throw new Error(renderRunText(run));
  return run;
}

const invoices = (): Row[] =>
  (sandbox.dataverse.snapshot().invoice ?? []).sort((a, b) =>
    String(a.invoicenumber).localeCompare(String(b.invoicenumber)),
  );
const emailHistory = (): Row[] =>
  (sandbox.dataverse.snapshot().dxc_synchistory ?? []).filter(
    (h) => h.dxc_action === choiceValue('dxc_syncaction', 'Email'),
  );

async function emailsPerInvoice(): Promise<Record<string, number>> {
  const tenant = sandbox.connection.tenantId;
  const res = await fetch(`${sandbox.xero.emulator.url}/__emulator/organisations/${tenant}/emails`);
  return ((await res.json()) as { perInvoice: Record<string, number> }).perInvoice;
}

test('approved invoices get their pay link and one email each; a customer without an address fails only the email', async () => {
  const before = sandbox.xeroCalls();
  await runFlow();
  const firstRunCalls = sandbox.xeroCalls() - before;
  const [paid, fabrikam, noMail] = invoices();
  for (const row of [paid!, fabrikam!, noMail!]) {
    expect(row).toMatchObject({
      dxc_exportstatus: choiceValue('dxc_exportstatus', 'Yes'),
      dxc_xerostatus: choiceValue('dxc_xerostatus', 'Authorised'),
    });
    expect(String(row.dxc_onlineinvoiceurl)).toMatch(/^https:\/\/in\.xero\.com\/\S+$/);
  }

  const perInvoice = await emailsPerInvoice();
  expect(perInvoice).toEqual({
    [String(paid!.dxc_xeroinvoiceid)]: 1,
    [String(fabrikam!.dxc_xeroinvoiceid)]: 1,
  });
  const history = emailHistory();
  const of = (row: Row) => history.filter((h) => h._dxc_invoiceid_value === row.invoiceid);
  for (const row of [paid!, fabrikam!]) {
    expect(of(row)).toEqual([
      expect.objectContaining({
        dxc_status: choiceValue('dxc_syncstatus', 'Successful'),
        dxc_details: expect.stringMatching(/^Emailed from Xero on \d{4}-\d\d-\d\d at \d\d:\d\d UTC/),
        _dxc_connectionid_value: connectionRowId,
      }),
    ]);
  }
  expect(of(noMail!)).toEqual([
    expect.objectContaining({
      dxc_status: choiceValue('dxc_syncstatus', 'Failed'),
      dxc_details: expect.stringMatching(/^Email failed: .*no email address/),
    }),
  ]);
  // Per invoice: the pay link (3 reads) and the emails (3 POSTs, one refused) on top of the sync's own calls.
  expect(firstRunCalls).toBeGreaterThanOrEqual(6);

  // The next runs find nothing to send: no Xero call, no email, no new history.
  const quiet = sandbox.xeroCalls();
  await runFlow();
  await runFlow();
  expect(sandbox.xeroCalls() - quiet).toBe(0);
  expect(await emailsPerInvoice()).toEqual(perInvoice);
  expect(emailHistory()).toHaveLength(3);
});
