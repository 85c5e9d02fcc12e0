import { VirtualClock } from '../engine/clock';
import { runFlow, type RunOptions } from '../engine/runner';
import { exportedFlow, PROXY_KEY, PROXY_API_ID, proxyAction } from '../sandboxes/exported-flow';
import { startProxyWebhookTrigger } from '../sandboxes/proxy-webhook-trigger';
import {
  sandboxConnector,
  sandboxRunConfiguration,
  type SandboxRunConfiguration,
} from '../sandboxes/sandbox-connector';
import { buildProxyRequest } from './proxy-connector';
import {
  API_KEY,
  startStandInProxy,
  type StandInProxy,
  SUBSCRIPTION,
  TENANT,
} from '../sandboxes/stand-in-proxy';

describe('custom connector against a stand-in proxy', () => {
  let standIn: StandInProxy;
  let config: SandboxRunConfiguration;
  let options: RunOptions;

  beforeEach(async () => {
    standIn = await startStandInProxy();
    config = sandboxRunConfiguration({ proxyUrl: standIn.url, apiKey: API_KEY });
    options = {
      connector: sandboxConnector(config),
      environmentVariables: config.environmentVariables,
      clock: new VirtualClock('2025-01-15T10:00:00Z'),
      defaultRetryCount: 0,
    };
  });
  afterEach(async () => {
    await standIn.close();
  });

  it('sends the contract method, path, body and X-Api-Key, and returns status, headers and body', async () => {
    const flow = exportedFlow('proxy-actions', {
      Get_connection: proxyAction('GetConnection', {}),
      Get_statuses: proxyAction(
        'GetInvoiceStatuses',
        {
          'body/xeroInvoiceIds': [
            '11111111-0000-4000-8000-000000000001',
            '11111111-0000-4000-8000-000000000002',
          ],
        },
        { runAfter: { Get_connection: ['Succeeded'] } },
      ),
      Result: {
        type: 'Compose',
        inputs: {
          organisation: "@outputs('Get_connection')?['body/organisationName']",
          first: "@first(body('Get_statuses')?['invoices'])?['status']",
          contentType: "@outputs('Get_statuses')?['headers']?['content-type']",
        },
        runAfter: { Get_statuses: ['Succeeded'] },
      },
    });
    const run = await runFlow(flow, options);
    expect(run.status).toBe('Succeeded');
    expect(standIn.received).toEqual([
      { method: 'GET', path: '/v1/connection', apiKey: API_KEY, body: undefined },
      {
        method: 'POST',
        path: '/v1/invoices/status',
        apiKey: API_KEY,
        body: {
          xeroInvoiceIds: ['11111111-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000002'],
        },
      },
    ]);
    expect(run.actions.find((a) => a.name === 'Result')!.outputs).toEqual({
      organisation: 'Demo Company (UK)',
      first: 'PAID',
      contentType: 'application/json',
    });
    // Trigger, two connector actions and the Compose: one request each.
    expect(run.requests).toBe(4);
    // The API key never shows in the run history.
    expect(JSON.stringify(run)).not.toContain(API_KEY);
  });

  it('places path and query parameters where the contract declares them', () => {
    const request = buildProxyRequest(
      'DeleteSubscription',
      { subscriptionId: SUBSCRIPTION },
      { baseUrl: 'http://127.0.0.1:9/', apiKey: 'k' },
    );
    expect(request).toMatchObject({
      method: 'DELETE',
      url: `http://127.0.0.1:9/v1/subscriptions/${SUBSCRIPTION}`,
      headers: { 'X-Api-Key': 'k' },
    });
    const accounts = buildProxyRequest(
      'ListAccounts',
      { class: 'REVENUE' },
      { baseUrl: 'http://h', apiKey: 'k' },
    );
    expect(accounts.url).toBe('http://h/v1/accounts?class=REVENUE');
    expect(() => buildProxyRequest('DeleteSubscription', {}, { baseUrl: 'http://h', apiKey: 'k' })).toThrow(
      "the parameter 'subscriptionId' (path) is required",
    );
  });

  it('fails the action naming an unknown operationId or parameter, and passes on a 401', async () => {
    const flow = exportedFlow('proxy-errors', {
      Unknown: proxyAction('GetInvoicesFromTheFuture', {}),
      Bad_parameter: proxyAction('GetConnection', { tenant: 'x' }),
    });
    const run = await runFlow(flow, options);
    const action = (name: string) => run.actions.find((a) => a.name === name)!;
    expect(action('Unknown').status).toBe('Failed');
    expect(action('Unknown').error!.message).toContain("no operation 'GetInvoicesFromTheFuture'");
    expect(action('Bad_parameter').error!.message).toContain("GetConnection has no parameter 'tenant'");
    expect(standIn.received).toHaveLength(0);

    const wrongKey = sandboxRunConfiguration({ proxyUrl: standIn.url, apiKey: 'not-the-key' });
    const denied = await runFlow(exportedFlow('denied', { Get: proxyAction('GetConnection', {}) }), {
      ...options,
      connector: sandboxConnector(wrongKey),
    });
    expect(denied.actions[0]).toMatchObject({ status: 'Failed', code: 'Unauthorized' });
    expect(denied.actions[0]!.attempts).toHaveLength(1);
  });

  it('names the missing proxy base URL and API key', async () => {
    const flow = exportedFlow('no-proxy', { Get: proxyAction('GetConnection', {}) });
    await expect(
      runFlow(flow, {
        ...options,
        connector: sandboxConnector({ connections: { dxc_XeroProxyConnection: { apiKey: 'k' } } }),
      }),
    ).rejects.toThrow("environment variable 'dxc_ProxyBaseUrl'");
    await expect(
      runFlow(flow, {
        ...options,
        connector: sandboxConnector({ environmentVariables: { dxc_ProxyBaseUrl: standIn.url } }),
      }),
    ).rejects.toThrow("connection reference 'dxc_XeroProxyConnection'");
  });

  it('webhook trigger: subscribes with the callback URL, a callback starts a run, stop unsubscribes', async () => {
    const flow = exportedFlow(
      'on-invoice-change',
      {
        Record: {
          type: 'Compose',
          inputs: {
            invoice: "@triggerBody()?['xeroInvoiceId']",
            kind: "@triggerOutputs()?['body/eventType']",
          },
          runAfter: {},
        },
      },
      {
        When_an_invoice_changes: {
          type: 'OpenApiConnectionWebhook',
          inputs: {
            host: { connectionName: PROXY_KEY, operationId: 'WhenAnInvoiceChanges', apiId: PROXY_API_ID },
            parameters: { 'body/eventTypes': ['Paid', 'Voided'] },
            authentication: "@parameters('$authentication')",
          },
        },
      },
    );
    const trigger = await startProxyWebhookTrigger(flow, { ...options, config });
    let stopped = false;
    try {
      expect(standIn.received[0]).toMatchObject({
        method: 'POST',
        path: '/v1/subscriptions',
        apiKey: API_KEY,
        body: { eventTypes: ['Paid', 'Voided'], callbackUrl: trigger.callbackUrl },
      });
      expect(trigger.callbackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callbacks\//);
      expect(trigger.location).toBe(`${standIn.url}/v1/subscriptions/${SUBSCRIPTION}`);
      const event = {
        eventId: '9a9a9a9a-0000-4000-8000-000000000001',
        tenantId: TENANT,
        eventType: 'Paid',
        xeroInvoiceId: '11111111-0000-4000-8000-000000000001',
        status: 'PAID',
        updatedAt: '2025-01-15T10:00:00Z',
      };
      const res = await fetch(standIn.callbackUrls[0]!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
      });
      expect(res.status).toBe(202);
      const wrongPath = await fetch(new URL('/callbacks/other', trigger.callbackUrl), {
        method: 'POST',
        body: '{}',
      });
      expect(wrongPath.status).toBe(404);
      const runs = await trigger.settled();
      expect(runs).toHaveLength(1);
      expect(runs[0]!.actions[0]!.outputs).toEqual({ invoice: event.xeroInvoiceId, kind: 'Paid' });
      const deleted = await trigger.stop();
      stopped = true;
      expect(deleted.statusCode).toBe(204);
      expect(standIn.received.at(-1)).toMatchObject({
        method: 'DELETE',
        path: `/v1/subscriptions/${SUBSCRIPTION}`,
        apiKey: API_KEY,
      });
      // The callback server is gone.
      await expect(fetch(trigger.callbackUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
    } finally {
      if (!stopped) await trigger.stop();
    }
  });

  it('webhook trigger: a refused notification gets its status and starts no run; a non-error refusal is reported', async () => {
    const flow = exportedFlow(
      'refusing',
      { Record: { type: 'Compose', inputs: "@triggerBody()?['n']", runAfter: {} } },
      {
        When_an_invoice_changes: {
          type: 'OpenApiConnectionWebhook',
          inputs: {
            host: { connectionName: PROXY_KEY, operationId: 'WhenAnInvoiceChanges', apiId: PROXY_API_ID },
            parameters: {},
            authentication: "@parameters('$authentication')",
          },
        },
      },
    );
    let refusal: number | undefined = 429;
    const trigger = await startProxyWebhookTrigger(flow, {
      ...options,
      config,
      refuseNotification: () => refusal,
    });
    try {
      const post = (n: number) =>
        fetch(trigger.callbackUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ n }),
        });
      const refused = await post(1);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ error: { code: 'NotificationRefused' } });
      refusal = undefined;
      expect((await post(2)).status).toBe(202);
      expect((await trigger.settled()).map((r) => r.actions[0]!.outputs)).toEqual([2]);
      refusal = 200;
      expect((await post(3)).status).toBe(500);
      await expect(trigger.settled()).rejects.toThrow('refuseNotification answered 200');
      expect(trigger.runs).toHaveLength(1);
    } finally {
      await trigger.stop();
    }
  });
});
