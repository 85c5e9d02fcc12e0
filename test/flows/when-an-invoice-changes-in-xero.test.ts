/**
 * The When an invoice changes in Xero flow (DESIGN §5 flow 2, near-real-time variant) as the solution ships it: the
 * flow runner subscribes its webhook trigger at the real proxy, the Xero emulator's signed webhooks reach the proxy,
 * and each notification runs the flow against the Dataverse emulator.
 */
import { randomUUID } from 'node:crypto';
import { startProxyWebhookTrigger } from '@dxc/flow-runner';
import type { ProxyWebhookTrigger, RunResult } from '@dxc/flow-runner';
import { eventually } from '@dxc/proxy-service/src/webhooks/webhook-test-kit';
import {
  invoice as syncedInvoice,
  settings,
} from '@dxc/proxy-service/src/sync/invoices/test-support/batch-fixtures';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { failedActions, loadSolutionFlow, startFlowSandbox } from './support/flow-sandbox';
import type { FlowSandbox } from './support/flow-sandbox';

jest.setTimeout(60_000);

const XERO_STATUS = { AUTHORISED: 714500002, PAID: 714500003 };
const ACTION = { Status: 714500005, Payment: 714500006 };
const RESULT = { Successful: 714500000, Failed: 714500001 };

let sandbox: FlowSandbox;
let books: OrganisationBooks;
let trigger: ProxyWebhookTrigger;
const connectionRowId = randomUUID();
const accountId = randomUUID();

beforeAll(async () => {
  // Nothing listens on port 9: the subscription's Location points there, and the test removes it itself.
  sandbox = await startFlowSandbox({ proxy: { env: { PUBLIC_URL: 'http://127.0.0.1:9' } } });
  books = sandbox.xero.emulator.books<OrganisationBooks>(sandbox.connection.tenantId);
  // Xero's webhooks (signed with the proxy's webhook key) go to the proxy's receiver.
  await sandbox.xero.emulator.webhooks.register({
    url: `${sandbox.xero.url}/webhooks/xero`,
    key: sandbox.xero.env.XERO_WEBHOOK_KEY!,
  });
  sandbox.dataverse.load({
    dxc_xeroconnection: [
      {
        dxc_xeroconnectionid: connectionRowId,
        dxc_name: 'Demo Company',
        dxc_tenantid: sandbox.connection.tenantId,
      },
    ],
    account: [{ accountid: accountId, name: 'Webhook customer' }],
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
    await sandbox.xero.call('DELETE', `/v1/subscriptions/${id}`, { apiKey: sandbox.apiKey });
    await trigger.stop().catch(() => undefined);
  }
  await sandbox?.close();
});

const finished = () => trigger.runs.filter((r): r is RunResult => r !== undefined);
async function runsAfter(count: number): Promise<RunResult[]> {
  await eventually(() => finished().length >= count, `${count} run(s) of the flow`);
  await trigger.settled();
  return finished();
}
async function settleNotifications() {
  await sandbox.xero.emulator.webhooks.flushAndDeliver();
  await sandbox.xero.proxy.services.webhooks.idle();
  await trigger.settled();
}
const invoiceRow = (id: string) => sandbox.dataverse.snapshot().invoice!.find((r) => r.invoiceid === id)!;
const historyOf = (id: string) =>
  (sandbox.dataverse.snapshot().dxc_synchistory ?? []).filter((r) => r._dxc_invoiceid_value === id);

function dynamicsInvoice(id: string, xero: { id?: string; number?: string }, amount: number) {
  sandbox.dataverse.load({
    invoice: [
      {
        invoiceid: id,
        name: `Order ${id.slice(0, 8)}`,
        'customerid_account@odata.bind': `/accounts(${accountId})`,
        'dxc_ConnectionId@odata.bind': `/dxc_xeroconnections(${connectionRowId})`,
        ...(xero.id ? { dxc_xeroinvoiceid: xero.id } : {}),
        dxc_xeroinvoicenumber: xero.number,
        dxc_xerostatus: XERO_STATUS.AUTHORISED,
        dxc_exportstatus: 714500001,
        dxc_amountdue: amount,
        dxc_amountpaid: 0,
      },
    ],
  });
}

function xeroOnlyInvoice(amount: number) {
  const contact = books.createContact({ name: `Webhook customer ${randomUUID().slice(0, 8)}` });
  return books.createInvoice({
    contactId: contact.contactId,
    status: 'AUTHORISED',
    lineAmountTypes: 'NoTax',
    dueDate: books.today(),
    lineItems: [{ description: 'Webhook flow test', quantity: 1, unitAmount: amount, accountCode: '200' }],
  });
}

describe('When an invoice changes in Xero', () => {
  test('subscribes at the proxy for every kind of change except creation', () => {
    expect(trigger.subscription.statusCode).toBe(201);
    expect(trigger.subscription.body).toMatchObject({
      eventTypes: ['Updated', 'Approved', 'Paid', 'Voided', 'Deleted'],
    });
  });

  test('a payment on an invoice synced by the proxy is found by its Dynamics id and written back', async () => {
    // Synced through the proxy, so its ledger knows the Dynamics id; the Dynamics row has no Xero id yet.
    const sent = syncedInvoice(901, { invoiceId: randomUUID(), lineAmountTypes: 'NoTax' });
    const synced = await sandbox.xero.call('POST', '/v1/invoices/sync', {
      apiKey: sandbox.apiKey,
      body: { settings: settings({ defaultStatus: 'AUTHORISED' }), invoices: [sent] },
    });
    expect(synced.status).toBe(200);
    const result = synced.body.results[0] as { xeroInvoiceId: string; total: number; invoiceNumber: string };
    expect(result.xeroInvoiceId).toEqual(expect.any(String));
    // The creation's own notifications (an approval among them) are over before the Dynamics row appears: the
    // runner starts webhook runs side by side, where Power Automate runs this trigger one at a time.
    await settleNotifications();
    dynamicsInvoice(sent.invoiceId, { number: result.invoiceNumber }, result.total);
    const before = finished().length;

    books.recordPayment({ invoiceId: result.xeroInvoiceId, amount: result.total });
    const runs = await runsAfter(before + 1);
    const run = runs[runs.length - 1]!;
    expect(failedActions(run)).toEqual([]);
    expect((run.trigger.outputs as { body: unknown }).body).toMatchObject({
      invoiceId: sent.invoiceId,
      eventType: 'Paid',
    });
    expect(invoiceRow(sent.invoiceId)).toMatchObject({
      dxc_xerostatus: XERO_STATUS.PAID,
      dxc_amountpaid: result.total,
      dxc_amountdue: 0,
      statecode: 2,
      statuscode: 100001,
    });
    expect(historyOf(sent.invoiceId)).toEqual([
      expect.objectContaining({
        dxc_action: ACTION.Payment,
        dxc_status: RESULT.Successful,
        _dxc_connectionid_value: connectionRowId,
      }),
    ]);
  });

  test('a part payment finds the invoice by Xero id; a repeat of the same change writes nothing', async () => {
    const xero = xeroOnlyInvoice(100);
    const id = randomUUID();
    dynamicsInvoice(id, { id: xero.invoiceId, number: xero.invoiceNumber }, 100);
    const before = finished().length;

    books.recordPayment({ invoiceId: xero.invoiceId, amount: 25 });
    const runs = await runsAfter(before + 1);
    const run = runs[runs.length - 1]!;
    expect(failedActions(run)).toEqual([]);
    expect(invoiceRow(id)).toMatchObject({
      dxc_xerostatus: XERO_STATUS.AUTHORISED,
      dxc_amountpaid: 25,
      dxc_amountdue: 75,
      statecode: 0,
    });
    expect(historyOf(id)).toEqual([expect.objectContaining({ dxc_action: ACTION.Payment })]);
    expect(historyOf(id)[0]!.dxc_details).toBe(
      `${xero.invoiceNumber}: Xero status AUTHORISED; paid 25.00, due 75.00 of 100.00 GBP.`,
    );

    // Delivery is at least once: the same notification again changes nothing.
    const snapshot = sandbox.dataverse.snapshot();
    await fetch(trigger.callbackUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify((run.trigger.outputs as { body: unknown }).body),
    });
    const repeated = await runsAfter(before + 2);
    expect(failedActions(repeated[repeated.length - 1]!)).toEqual([]);
    expect(sandbox.dataverse.snapshot()).toEqual(snapshot);
  });

  test('an invoice that did not come from Dynamics is ignored quietly', async () => {
    const xero = xeroOnlyInvoice(50);
    const before = finished().length;
    const historyBefore = sandbox.dataverse.snapshot().dxc_synchistory ?? [];
    books.recordPayment({ invoiceId: xero.invoiceId, amount: 50 });
    const runs = await runsAfter(before + 1);
    const run = runs[runs.length - 1]!;
    expect(run.status).toBe('Succeeded');
    expect(failedActions(run)).toEqual([]);
    expect((run.trigger.outputs as { body: { xeroInvoiceId: string } }).body.xeroInvoiceId).toBe(
      xero.invoiceId,
    );
    expect(sandbox.dataverse.snapshot().dxc_synchistory ?? []).toEqual(historyBefore);
  });

  test('Dataverse refusing a request: the Catch scope writes a Failed history row and the run fails', async () => {
    const xero = xeroOnlyInvoice(80);
    const id = randomUUID();
    dynamicsInvoice(id, { id: xero.invoiceId, number: xero.invoiceNumber }, 80);
    const before = finished().length;
    const historyBefore = (sandbox.dataverse.snapshot().dxc_synchistory ?? []).length;
    // The run's first Dataverse request (finding the connection row) is throttled, and the run has no retries.
    sandbox.dataverse.throttleNext(1);
    books.recordPayment({ invoiceId: xero.invoiceId, amount: 10 });
    const runs = await runsAfter(before + 1);
    const run = runs[runs.length - 1]!;
    expect(run.status).toBe('Failed');
    const added = (sandbox.dataverse.snapshot().dxc_synchistory ?? []).slice(historyBefore);
    expect(added).toEqual([
      expect.objectContaining({
        dxc_action: ACTION.Status,
        dxc_status: RESULT.Failed,
        _dxc_invoiceid_value: null,
      }),
    ]);
    expect(added[0]!.dxc_details).toMatch(/^Invoice change from Xero not written at Find_connection_row: .+/);
    // Nothing was written to the invoice; the recurring flow reconciles it on its next run.
    expect(invoiceRow(id)).toMatchObject({ dxc_amountpaid: 0, dxc_amountdue: 80 });
  });
});
