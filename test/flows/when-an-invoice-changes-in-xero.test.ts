/**
 * The When invoices change in Xero flow (DESIGN §5 flow 2, near-real-time variant) as the solution ships it: the
 * flow runner subscribes its batched webhook trigger at the real proxy, the Xero emulator's signed webhooks reach the
 * proxy, and each batch of changes runs the flow, which catches up in bulk exactly as the status poll does. The
 * proxy's own writes (a sync from Dynamics) never start it: no webhook echo.
 */
import { randomUUID } from 'node:crypto';
import { startProxyWebhookTrigger } from '@dxc/flow-runner';
import type { ProxyWebhookTrigger, RunResult } from '@dxc/flow-runner';
import { eventually } from '@dxc/proxy-service/testing';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { executions, failedActions, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';
import { ACTION, RESULT, XERO_STATUS } from './support/choices';
import { choiceValue } from '@dxc/solution';

jest.setTimeout(120_000);

let sandbox: FlowSandbox;
let books: OrganisationBooks;
let trigger: ProxyWebhookTrigger;
const connectionRowId = randomUUID();
const taxRateId = randomUUID();
const salesAccountId = randomUUID();

beforeAll(async () => {
  // Nothing listens on port 9: the subscription's Location points there, and the test removes it itself.
  sandbox = await startFlowSandbox({ proxy: { env: { PUBLIC_URL: 'http://127.0.0.1:9' } } });
  books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  // Xero's webhooks (signed with the proxy's webhook key) go to the proxy's receiver.
  await sandbox.xero.emulator.webhooks.register({
    url: `${sandbox.xero.url}/webhooks/xero`,
    key: sandbox.xero.env.XERO_WEBHOOK_KEY!,
  });
  const connectionBind = `/dxc_xeroconnections(${connectionRowId})`;
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      {
        dxc_xeroconnectionid: connectionRowId,
        dxc_name: 'Demo Company',
        dxc_tenantid: sandbox.connection.tenantId,
        dxc_usexeroinvoicenumber: false,
        dxc_createcontacts: true,
        dxc_defaultinvoicestatus: choiceValue('dxc_defaultinvoicestatus', 'Authorised'),
        // No pay links: 50 of them (one Xero call each) would spend the minute's 60 calls and make the next test's
        // sync wait for the window; this suite is about payments coming back.
        dxc_onlineinvoicelink: choiceValue('dxc_onlineinvoicelink', 'Never'),
        dxc_timezone: 'GMT Standard Time',
        'dxc_DefaultSalesAccountId@odata.bind': `/dxc_xeroaccounts(${salesAccountId})`,
      },
    ],
    dxc_xeroaccount: [
      {
        dxc_xeroaccountid: salesAccountId,
        dxc_name: 'Sales',
        dxc_code: '200',
        'dxc_ConnectionId@odata.bind': connectionBind,
      },
    ],
    dxc_xerotaxrate: [
      {
        dxc_xerotaxrateid: taxRateId,
        dxc_name: 'No VAT',
        dxc_taxtype: 'NONE',
        'dxc_ConnectionId@odata.bind': connectionBind,
      },
    ],
  });
  trigger = await startProxyWebhookTrigger(loadSolutionFlow('WhenAnInvoiceChangesInXero'), {
    config: sandbox.config,
    clock: sandbox.clock,
    defaultRetryCount: 0,
  });
});
afterAll(async () => {
  if (trigger) {
    const id = (trigger.subscription.body as { subscriptionId: string }).subscriptionId;
    await sandbox.xero.call('DELETE', `/v1/subscriptions/batched/${id}`, { apiKey: sandbox.apiKey });
    await trigger.stop().catch(() => undefined);
  }
  await sandbox?.close();
});

const finished = () => trigger.runs.filter((r): r is RunResult => r !== undefined);
/** Delivers Xero's pending webhooks, lets the proxy notify, and waits for the flow's runs to finish. */
async function settleNotifications() {
  await sandbox.xero.emulator.webhooks.flushAndDeliver();
  await sandbox.xero.proxy.services.webhooks.idle();
  await trigger.settled();
}
const invoiceRow = (id: string) => sandbox.dataverse.snapshot().invoice!.find((r) => r.invoiceid === id)!;
const history = () => sandbox.dataverse.snapshot().dxc_synchistory ?? [];
const historyOf = (id: string) => history().filter((r) => r._dxc_invoiceid_value === id);
/** Runs that wrote to Dataverse (any bulk write). */
const writingRuns = (runs: RunResult[]) => runs.filter((r) => executions(r, 'Send_bulk_write').length > 0);

/** `count` ready invoices in Dataverse, each with one line, for one new customer. */
function readyInvoices(count: number) {
  const accountId = randomUUID();
  const invoices = Array.from({ length: count }, (_, n) => ({
    invoiceid: randomUUID(),
    name: `Webhook order ${n}`,
    invoicenumber: `WH-${accountId.slice(0, 6)}-${n}`,
    datedelivered: '2026-01-01T00:00:00Z',
    duedate: '2026-12-31',
    'customerid_account@odata.bind': `/accounts(${accountId})`,
    'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${connectionRowId})`,
  }));
  sandbox.dataverse.load({
    account: [{ accountid: accountId, name: `Webhook customer ${accountId.slice(0, 8)}` }],
    invoice: invoices,
    invoicedetail: invoices.map((inv, n) => ({
      invoicedetailid: randomUUID(),
      'invoiceid@odata.bind': `/invoices(${inv.invoiceid})`,
      isproductoverridden: true,
      productdescription: `Consulting ${n}`,
      quantity: 1,
      priceperunit: 100,
      'dxc_TaxRateId@odata.bind': `/dxc_xerotaxrates(${taxRateId})`,
    })),
  });
  return invoices.map((i) => i.invoiceid);
}

async function syncWithTheFlow(): Promise<RunResult> {
  sandbox.clock.advance(5 * 60_000);
  const run = await sandbox.run(loadSolutionFlow('SyncInvoicesToXero'));
  expect([run.status, failedActions(run)]).toEqual(['Succeeded', []]);
  return run;
}

describe('When invoices change in Xero', () => {
  test('subscribes at the proxy with the batched trigger', () => {
    expect(trigger.subscription.statusCode).toBe(201);
    expect(trigger.subscription.headers.location).toMatch(/\/v1\/subscriptions\/batched\/[0-9a-f-]{36}$/);
  });

  test('no webhook echo: a sync of 50 invoices gives exactly 50 history rows and no run that writes', async () => {
    const ids = readyInvoices(50);
    const before = finished().length;
    const runsBefore = finished().length;
    await syncWithTheFlow();
    await settleNotifications();
    expect(ids.map((id) => historyOf(id).length)).toEqual(ids.map(() => 1));
    expect(ids.every((id) => historyOf(id)[0]!.dxc_action === ACTION.Create)).toBe(true);
    expect(ids.every((id) => historyOf(id)[0]!.dxc_status === RESULT.Successful)).toBe(true);
    // Xero really changed (50 creates, each announced by a webhook), and none of it came back as a run.
    expect(books.listInvoices().filter((i) => i.invoiceNumber?.startsWith('WH-'))).toHaveLength(50);
    expect(writingRuns(finished().slice(runsBefore))).toEqual([]);
    expect(finished().length - before).toBe(0);
  });

  test('payments in Xero on synced invoices come back in one run, written in bulk', async () => {
    const [paid, part] = readyInvoices(2);
    await syncWithTheFlow();
    await settleNotifications();
    const before = finished().length;
    // Paid a few seconds after the sync: a change within 2 s of the proxy's own write is taken for its echo
    // (webhooks/own-write.ts) and left to the status poll.
    await sandbox.xero.emulator.advanceClock(5_000);
    books.recordPayment({ invoiceId: String(invoiceRow(paid!).dxc_xeroinvoiceid), amount: 100 });
    books.recordPayment({ invoiceId: String(invoiceRow(part!).dxc_xeroinvoiceid), amount: 30 });
    await settleNotifications();
    await eventually(() => finished().length > before, 'a run of the flow');
    await trigger.settled();
    const runs = finished().slice(before);
    expect(runs).toHaveLength(1);
    expect([runs[0]!.status, failedActions(runs[0]!)]).toEqual(['Succeeded', []]);
    expect(invoiceRow(paid!)).toMatchObject({
      dxc_xerostatus: XERO_STATUS.Paid,
      dxc_amountdue: 0,
      statecode: 2,
    });
    expect(invoiceRow(part!)).toMatchObject({
      dxc_xerostatus: XERO_STATUS.Authorised,
      dxc_amountpaid: 30,
      dxc_amountdue: 70,
    });
    for (const id of [paid!, part!])
      expect(historyOf(id).map((h) => [h.dxc_action, h.dxc_status])).toEqual([
        [ACTION.Create, RESULT.Successful],
        [ACTION.Payment, RESULT.Successful],
      ]);

    // The status poll reads the same changes again later: nothing is written twice.
    const rows = history().length;
    const poll = await sandbox.run(loadSolutionFlow('InvoiceStatusAndPayments'));
    expect([poll.status, failedActions(poll)]).toEqual(['Succeeded', []]);
    expect(history()).toHaveLength(rows);
  });
});
