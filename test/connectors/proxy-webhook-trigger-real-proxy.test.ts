import { createServer, request as forwardRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  eventually,
  startWebhookHarness,
  type WebhookHarness,
  openCallbackUrl,
} from '@dxc/proxy-service/testing';
import { connectXeroNode, type WiredXeroNode } from '@dxc/xero-emulator/xero-node-wiring';
import { Invoice, LineAmountTypes } from 'xero-node';
import {
  VirtualClock,
  exportedFlow,
  PROXY_API_ID,
  PROXY_KEY,
  proxyAction,
  startProxyWebhookTrigger,
  type ProxyWebhookTrigger,
  type ProxyWebhookTriggerOptions,
  sandboxRunConfiguration,
} from '@dxc/flow-runner';
import type { ActionDefinition, TriggerDefinition, RunResult } from '@dxc/flow-runner';

jest.setTimeout(180_000);

/**
 * The proxy's public address, as a reverse proxy in front of it: the proxy names its PUBLIC_URL in the Location of
 * a subscription, and the harness's proxy listens on a port chosen at start. Every request seen is recorded.
 */
interface PublicFront {
  url: string;
  seen: { method: string; path: string }[];
  close(): Promise<void>;
}

async function startPublicFront(target: () => string): Promise<PublicFront> {
  const seen: PublicFront['seen'] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '' });
    const upstream = new URL(req.url ?? '/', target());
    const forward = forwardRequest(
      upstream,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const TRIGGER = 'When_an_invoice_changes';

/** The custom connector's webhook trigger as a solution export has it. Creations are left out on purpose. */
function invoiceChangeTrigger(extra: Partial<TriggerDefinition> = {}): Record<string, TriggerDefinition> {
  return {
    [TRIGGER]: {
      type: 'OpenApiConnectionWebhook',
      inputs: {
        host: { connectionName: PROXY_KEY, operationId: 'WhenAnInvoiceChanges', apiId: PROXY_API_ID },
        parameters: { 'body/eventTypes': ['Paid', 'Updated'] },
        authentication: "@parameters('$authentication')",
      },
      ...extra,
    },
  };
}

/** What a maker would build on the trigger: read the amounts, ask the proxy for the status, branch on the kind. */
const followUpActions: Record<string, ActionDefinition> = {
  Amounts: {
    type: 'Compose',
    inputs: {
      due: "@triggerBody()?['amountDue']",
      paid: "@triggerOutputs()?['body/amountPaid']",
      eventId: "@triggerOutputs()?['headers']?['x-dxc-event-id']",
    },
    runAfter: {},
  },
  Status_in_Xero: proxyAction(
    'GetInvoiceStatuses',
    { 'body/xeroInvoiceIds': ["@triggerBody()?['xeroInvoiceId']"] },
    { runAfter: { Amounts: ['Succeeded'] } },
  ),
  Is_paid: {
    type: 'If',
    expression: { and: [{ equals: ["@triggerBody()?['eventType']", 'Paid'] }] },
    actions: {
      Paid_in_full: {
        type: 'Compose',
        inputs: "@concat('Invoice ', triggerBody()?['invoiceNumber'], ' is paid')",
        runAfter: {},
      },
    },
    else: {
      actions: {
        Still_owed: {
          type: 'Compose',
          inputs: "@mul(triggerBody()?['amountDue'], 1)",
          runAfter: {},
        },
      },
    },
    runAfter: { Status_in_Xero: ['Succeeded'] },
  },
};

function action(run: RunResult, name: string) {
  const found = [...run.actions, ...run.actions.flatMap((a) => a.actions ?? [])].find((a) => a.name === name);
  if (!found) throw new Error(`the run has no action '${name}'`);
  return found;
}

function finishedRuns(trigger: ProxyWebhookTrigger): RunResult[] {
  return trigger.runs.filter((r) => r !== undefined);
}

async function runsOf(trigger: ProxyWebhookTrigger, count: number): Promise<RunResult[]> {
  await eventually(() => finishedRuns(trigger).length >= count, `${count} run(s) of the flow`);
  return trigger.settled();
}

describe('the WhenAnInvoiceChanges webhook trigger against the real proxy', () => {
  let k: WebhookHarness;
  let front: PublicFront;
  let xero: WiredXeroNode;
  let tenantId: string;
  const openInvoices: { invoiceID: string; invoiceNumber: string; total: number }[] = [];
  const started: ProxyWebhookTrigger[] = [];

  beforeAll(async () => {
    let proxyUrl = '';
    front = await startPublicFront(() => proxyUrl);
    k = await startWebhookHarness({ env: { PUBLIC_URL: front.url } });
    proxyUrl = k.url;
    tenantId = k.connection.tenantId;
    // Payments go through the emulator's HTTP API with the real xero-node: such changes emit Xero's webhooks.
    // No openid scope: no id_token to check against the clock.
    xero = await connectXeroNode(k.h.emulator.url, {
      scopes: ['offline_access', 'accounting.transactions', 'accounting.contacts', 'accounting.settings'],
    });
    await xero.authorize({ tenantIds: [tenantId] });
    const api = xero.xero.accountingApi;
    const contact = (await api.createContacts(tenantId, { contacts: [{ name: 'Webhook trigger customer' }] }))
      .body.contacts![0]!;
    const today = k.h.emulator.clock.now().toISOString().slice(0, 10);
    const created = await api.createInvoices(tenantId, {
      invoices: Array.from({ length: 7 }, (_, i) => ({
        type: Invoice.TypeEnum.ACCREC,
        contact: { contactID: contact.contactID },
        status: Invoice.StatusEnum.AUTHORISED,
        lineAmountTypes: LineAmountTypes.NoTax,
        date: today,
        dueDate: today,
        lineItems: [
          { description: `Flow trigger ${i + 1}`, quantity: 1, unitAmount: 100, accountCode: '200' },
        ],
      })),
    });
    for (const inv of created.body.invoices!) {
      openInvoices.push({ invoiceID: inv.invoiceID!, invoiceNumber: inv.invoiceNumber!, total: inv.total! });
    }
    // Let the creations reach the proxy and be processed while nothing is subscribed, so no flow hears them.
    await k.h.emulator.webhooks.flushAndDeliver();
    await k.proxy.services.webhooks.idle();
  });
  afterAll(async () => {
    await Promise.allSettled(started.map((t) => t.stop()));
    xero?.dispose();
    await k?.close();
    await front?.close();
  });

  const config = () => sandboxRunConfiguration({ proxyUrl: k.url, apiKey: k.apiKey });
  const start = async (
    name: string,
    triggerExtra: Partial<TriggerDefinition> = {},
    extra: Partial<ProxyWebhookTriggerOptions> = {},
  ) => {
    const flow = exportedFlow(name, followUpActions, invoiceChangeTrigger(triggerExtra));
    const trigger = await startProxyWebhookTrigger(flow, {
      config: config(),
      clock: new VirtualClock('2026-11-25T09:00:00Z'),
      defaultRetryCount: 0,
      ...extra,
    });
    started.push(trigger);
    return trigger;
  };
  const subscriptionIdOf = (trigger: ProxyWebhookTrigger) =>
    (trigger.subscription.body as { subscriptionId: string }).subscriptionId;
  // The proxy seals callback URLs at rest (a flow's callback URL is a credential): open them to compare.
  const activeSubscriptions = async () =>
    (await k.proxy.services.store.webhooks.listActiveSubscriptions(tenantId)).map((s) => ({
      ...s,
      callbackUrl: openCallbackUrl(k.proxy.services.box, s.id, s.callbackUrl),
    }));
  const takeInvoice = () => {
    const invoice = openInvoices.shift();
    if (!invoice) throw new Error('no open test invoice left');
    return invoice;
  };
  const pay = (invoiceID: string, amount: number) =>
    xero.xero.accountingApi.createPayment(tenantId, {
      invoice: { invoiceID },
      account: { code: '090' },
      amount,
      date: k.h.emulator.clock.now().toISOString().slice(0, 10),
    });
  const notificationsOf = async (trigger: ProxyWebhookTrigger) =>
    (await k.proxy.services.store.webhooks.listOutbox(subscriptionIdOf(trigger))).map((row) => ({
      ...row,
      notification: JSON.parse(row.payload) as Record<string, unknown>,
    }));

  it('starting the trigger subscribes once at the proxy, with the flow callback URL and its event types', async () => {
    expect(await activeSubscriptions()).toEqual([]);
    const trigger = await start('subscribe-once');
    expect(trigger.subscription.statusCode).toBe(201);
    const id = subscriptionIdOf(trigger);
    expect(trigger.location).toBe(`${front.url}/v1/subscriptions/${id}`);
    expect(trigger.subscription.body).toMatchObject({ subscriptionId: id, eventTypes: ['Paid', 'Updated'] });
    expect(await activeSubscriptions()).toEqual([
      expect.objectContaining({
        id,
        connectionId: k.connection.id,
        callbackUrl: trigger.callbackUrl,
        eventTypes: ['Paid', 'Updated'],
        deletedAt: null,
      }),
    ]);
    await trigger.stop();
    expect(await activeSubscriptions()).toEqual([]);
  });

  it('each payment in Xero runs the flow once with the proxy notification as its trigger body', async () => {
    const trigger = await start('on-payment');
    const invoice = takeInvoice();

    await pay(invoice.invoiceID, 40);
    const [partly] = await runsOf(trigger, 1);
    const [queued] = await notificationsOf(trigger);
    expect(queued).toMatchObject({ attempts: 1, lastError: null });
    expect(queued!.deliveredAt).not.toBeNull();
    expect(queued!.notification).toMatchObject({
      tenantId,
      xeroInvoiceId: invoice.invoiceID,
      invoiceNumber: invoice.invoiceNumber,
      eventType: 'Updated',
      status: 'AUTHORISED',
      amountDue: 60,
      amountPaid: 40,
      total: 100,
    });
    expect(partly!.status).toBe('Succeeded');
    expect(partly!.trigger.outputs).toMatchObject({
      body: queued!.notification,
      headers: { 'x-dxc-event-id': queued!.eventId },
    });
    expect(action(partly!, 'Amounts').outputs).toEqual({ due: 60, paid: 40, eventId: queued!.eventId });
    expect(action(partly!, 'Status_in_Xero').outputs).toMatchObject({
      statusCode: 200,
      body: { invoices: [{ xeroInvoiceId: invoice.invoiceID, status: 'AUTHORISED' }] },
    });
    expect(action(partly!, 'Is_paid').branch).toBe('else');
    expect(action(partly!, 'Still_owed').outputs).toBe(60);

    await pay(invoice.invoiceID, 60);
    const runs = await runsOf(trigger, 2);
    const notifications = await notificationsOf(trigger);
    expect(notifications).toHaveLength(2);
    const paidNotification = notifications.find((n) => n.eventId !== queued!.eventId)!.notification;
    expect(paidNotification).toMatchObject({
      xeroInvoiceId: invoice.invoiceID,
      eventType: 'Paid',
      status: 'PAID',
      amountDue: 0,
      amountPaid: 100,
    });
    const paid = runs[1]!;
    expect(paid.status).toBe('Succeeded');
    expect((paid.trigger.outputs as { body: unknown }).body).toEqual(paidNotification);
    expect(action(paid, 'Amounts').outputs).toMatchObject({ due: 0, paid: 100 });
    expect(action(paid, 'Status_in_Xero').outputs).toMatchObject({
      body: { invoices: [{ xeroInvoiceId: invoice.invoiceID, status: 'PAID' }] },
    });
    expect(action(paid, 'Is_paid').branch).toBe('actions');
    expect(action(paid, 'Paid_in_full').outputs).toBe(`Invoice ${invoice.invoiceNumber} is paid`);
    expect(runs).toHaveLength(2);
    await trigger.stop();
  });

  it('a trigger condition lets only the runs that meet it go on', async () => {
    const trigger = await start('paid-only', {
      conditions: [{ expression: "@equals(triggerBody()?['eventType'], 'Paid')" }],
    });
    const invoice = takeInvoice();
    await pay(invoice.invoiceID, 25);
    const [skipped] = await runsOf(trigger, 1);
    expect(skipped).toMatchObject({ status: 'NotTriggered', actions: [] });
    expect(skipped!.trigger).toMatchObject({ status: 'Skipped', conditionsMet: false });
    expect((skipped!.trigger.outputs as { body: { eventType: string } }).body.eventType).toBe('Updated');

    await pay(invoice.invoiceID, 75);
    const runs = await runsOf(trigger, 2);
    expect(runs.map((r) => r.status)).toEqual(['NotTriggered', 'Succeeded']);
    expect(action(runs[1]!, 'Paid_in_full').outputs).toBe(`Invoice ${invoice.invoiceNumber} is paid`);
    await trigger.stop();
  });

  it('stopping the trigger DELETEs its Location: the subscription is gone and later payments start no run', async () => {
    const stopped = await start('stopped');
    // Still subscribed after the other one stops: its run shows the proxy has processed the later payment.
    const witness = await start('witness');
    const id = subscriptionIdOf(stopped);
    const deleted = await stopped.stop();
    expect(deleted.statusCode).toBe(204);
    // The DELETE went to the Location (the public address), not to the connection's base URL.
    expect(front.seen).toContainEqual({ method: 'DELETE', path: `/v1/subscriptions/${id}` });
    expect(await k.proxy.services.store.webhooks.getSubscription(id)).toMatchObject({
      deleteReason: 'deleted by DeleteSubscription',
      deletedAt: expect.any(String),
    });
    expect((await activeSubscriptions()).map((s) => s.id)).toEqual([subscriptionIdOf(witness)]);
    await expect(fetch(stopped.callbackUrl, { method: 'POST', body: '{}' })).rejects.toThrow();

    const invoice = takeInvoice();
    await pay(invoice.invoiceID, invoice.total);
    const [heard] = await runsOf(witness, 1);
    expect((heard!.trigger.outputs as { body: unknown }).body).toMatchObject({
      xeroInvoiceId: invoice.invoiceID,
      eventType: 'Paid',
    });
    expect(await notificationsOf(stopped)).toEqual([]);
    expect(stopped.runs).toEqual([]);
    await witness.stop();
  });

  it('a callback briefly unavailable (503) is retried by the proxy until the flow runs, once', async () => {
    const refused: { eventId: string | undefined; eventType: unknown }[] = [];
    const trigger = await start(
      'retried',
      {},
      {
        refuseNotification: ({ headers, body }) => {
          if (refused.length >= 2) return undefined;
          refused.push({
            eventId: headers['x-dxc-event-id'],
            eventType: (body as { eventType: unknown }).eventType,
          });
          return 503;
        },
      },
    );
    const invoice = takeInvoice();
    await pay(invoice.invoiceID, invoice.total);
    const runs = await runsOf(trigger, 1);
    const row = await eventually(async () => {
      const [r] = await notificationsOf(trigger);
      return r?.deliveredAt ? r : undefined;
    }, 'the notification marked delivered');
    expect(refused).toEqual([
      { eventId: row.eventId, eventType: 'Paid' },
      { eventId: row.eventId, eventType: 'Paid' },
    ]);
    expect(row).toMatchObject({ attempts: 3, lastError: null });
    expect(runs).toHaveLength(1);
    expect((runs[0]!.trigger.outputs as { headers: Record<string, string> }).headers['x-dxc-event-id']).toBe(
      row.eventId,
    );
    expect(action(runs[0]!, 'Amounts').outputs).toMatchObject({ due: 0, paid: invoice.total });
    await trigger.stop();
  });
  it('the batched trigger (WhenInvoicesChange) runs the flow once for a batch and unsubscribes at its own Location', async () => {
    const flow = exportedFlow(
      'batched',
      {
        Statuses: proxyAction('GetInvoiceStatuses', {
          'body/xeroInvoiceIds': "@triggerBody()?['xeroInvoiceIds']",
        }),
      },
      {
        When_invoices_change: {
          type: 'OpenApiConnectionWebhook',
          inputs: {
            host: { connectionName: PROXY_KEY, operationId: 'WhenInvoicesChange', apiId: PROXY_API_ID },
            parameters: {},
            authentication: "@parameters('$authentication')",
          },
        },
      },
    );
    const trigger = await startProxyWebhookTrigger(flow, {
      config: config(),
      clock: new VirtualClock('2026-11-25T09:00:00Z'),
      defaultRetryCount: 0,
    });
    started.push(trigger);
    const id = subscriptionIdOf(trigger);
    expect(trigger.location).toBe(`${front.url}/v1/subscriptions/batched/${id}`);
    expect(await k.proxy.services.store.webhooks.getSubscription(id)).toMatchObject({ kind: 'batched' });

    // Two payments in one Xero request: one webhook batch, one notification naming both invoices.
    const [a, b] = [takeInvoice(), takeInvoice()];
    const date = k.h.emulator.clock.now().toISOString().slice(0, 10);
    await xero.xero.accountingApi.createPayments(tenantId, {
      payments: [a, b].map((i) => ({
        invoice: { invoiceID: i.invoiceID },
        account: { code: '090' },
        amount: 10,
        date,
      })),
    });
    const [run] = await runsOf(trigger, 1);
    expect(run!.status).toBe('Succeeded');
    const body = (run!.trigger.outputs as { body: { xeroInvoiceIds: string[]; eventCount: number } }).body;
    expect([...body.xeroInvoiceIds].sort()).toEqual([a.invoiceID, b.invoiceID].sort());
    expect(body.eventCount).toBe(2);
    expect(action(run!, 'Statuses').outputs).toMatchObject({ statusCode: 200 });
    const statuses = (action(run!, 'Statuses').outputs as { body: { invoices: { amountPaid: number }[] } })
      .body;
    expect(statuses.invoices.map((i) => i.amountPaid)).toEqual([10, 10]);

    const deleted = await trigger.stop();
    expect(deleted.statusCode).toBe(204);
    expect(front.seen).toContainEqual({ method: 'DELETE', path: `/v1/subscriptions/batched/${id}` });
    expect(await k.proxy.services.store.webhooks.getSubscription(id)).toMatchObject({
      deleteReason: 'deleted by DeleteBatchedSubscription',
    });
  });
});
