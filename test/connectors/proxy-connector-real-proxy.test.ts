import { startHarness, type Harness } from '@dxc/proxy-service/testing';
import {
  VirtualClock,
  runFlow,
  exportedFlow,
  proxyAction,
  sandboxConnector,
  sandboxRunConfiguration,
} from '@dxc/flow-runner';

jest.setTimeout(120_000);

// The real proxy (proxy-service, in-process on port 0) over the real Xero emulator, with the demo organisation
// connected through the consent flow and an API key issued for it: the custom connector's actions reach it as
// Power Automate's would.
describe('custom connector against the real proxy', () => {
  let harness: Harness;
  let apiKey: string;

  beforeAll(async () => {
    harness = await startHarness();
    ({ apiKey } = await harness.connect());
  });
  afterAll(async () => {
    await harness.close();
  });

  const optionsFor = (key: string) => {
    const config = sandboxRunConfiguration({ proxyUrl: harness.url, apiKey: key });
    return {
      connector: sandboxConnector(config),
      environmentVariables: config.environmentVariables,
      clock: new VirtualClock('2025-01-15T10:00:00Z'),
      defaultRetryCount: 0,
    };
  };

  it('GetConnection and GetInvoiceStatuses answer with the contract shapes', async () => {
    const flow = exportedFlow('real-proxy', {
      Get_connection: proxyAction('GetConnection', {}),
      Get_statuses: proxyAction(
        'GetInvoiceStatuses',
        { 'body/modifiedSince': '2000-01-01T00:00:00Z' },
        { runAfter: { Get_connection: ['Succeeded'] } },
      ),
      Result: {
        type: 'Compose',
        inputs: {
          tenant: "@outputs('Get_connection')?['body/tenantId']",
          organisation: "@outputs('Get_connection')?['body/organisationName']",
          page: "@body('Get_statuses')?['page']",
          invoices: "@body('Get_statuses')?['invoices']",
          hasMore: "@body('Get_statuses')?['hasMore']",
        },
        runAfter: { Get_statuses: ['Succeeded'] },
      },
    });
    const run = await runFlow(flow, optionsFor(apiKey));
    const failed = run.actions
      .filter((a) => a.status !== 'Succeeded')
      .map((a) => `${a.name}: ${a.error?.message}`);
    expect(failed).toEqual([]);
    const result = run.actions.find((a) => a.name === 'Result')!.outputs as Record<string, unknown>;
    expect(result.tenant).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof result.organisation).toBe('string');
    expect(result.page).toBe(1);
    expect(Array.isArray(result.invoices)).toBe(true);
    expect(typeof result.hasMore).toBe('boolean');
    expect(JSON.stringify(run)).not.toContain(apiKey);
  });

  it('a wrong API key fails the action with the proxy 401, not retried', async () => {
    const run = await runFlow(
      exportedFlow('real-proxy-denied', { Get_connection: proxyAction('GetConnection', {}) }),
      optionsFor('dxc_not_a_real_key'),
    );
    expect(run.status).toBe('Failed');
    expect(run.actions[0]).toMatchObject({ status: 'Failed', code: 'Unauthorized' });
    expect(run.actions[0]!.attempts).toHaveLength(1);
  });

  it('the proxy validates the body against the contract: neither field of GetInvoiceStatuses is a 400', async () => {
    const run = await runFlow(
      exportedFlow('real-proxy-bad-body', {
        Get_statuses: proxyAction('GetInvoiceStatuses', { 'body/page': 2 }),
      }),
      optionsFor(apiKey),
    );
    expect(run.actions[0]).toMatchObject({ status: 'Failed', code: 'BadRequest' });
  });
});
