import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(60_000);

describe('health and readiness', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.connect();
  });
  afterAll(async () => h?.close());

  test('/healthz answers while the process lives; /readyz checks the store and Xero', async () => {
    expect((await h.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect(await h.call('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { store: 'ok', xero: 'ok' } },
    });
    await h.emulator.close(); // Xero unreachable
    const xeroDown = await h.call('GET', '/readyz');
    expect(xeroDown.status).toBe(503);
    expect(xeroDown.body.checks).toMatchObject({ store: 'ok', xero: expect.stringMatching(/^failed/) });
    await h.proxy.services.store.close();
    const storeDown = await h.call('GET', '/readyz');
    expect(storeDown.status).toBe(503);
    expect(storeDown.body.checks.store).toMatch(/^failed/);
  });
});

describe('metrics and request ids', () => {
  let h: Harness;
  let apiKey: string;
  beforeAll(async () => {
    h = await startHarness();
    ({ apiKey } = await h.connect());
  });
  afterAll(async () => h?.close());

  test('an incoming X-Request-Id is kept and echoed; without one a new id is made', async () => {
    const kept = await h.call('GET', '/v1/connection', {
      apiKey,
      headers: { 'X-Request-Id': 'flow-run-42' },
    });
    expect(kept.headers.get('x-request-id')).toBe('flow-run-42');
    const made = await h.call('GET', '/v1/nothing-here', { apiKey });
    expect(made.status).toBe(404);
    expect(made.body.requestId).toBe(made.headers.get('x-request-id'));
    expect(made.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.logs.some((l) => l.includes('"flow-run-42"'))).toBe(true);
  });

  test('/metrics exposes requests, latency, Xero calls by tenant and outcome, headroom and token refreshes', async () => {
    await h.call('GET', '/v1/tax-rates', { apiKey });
    const text = (await (await fetch(`${h.url}/metrics`)).text()) as string;
    const tenant = h.emulator.organisations[0]!.tenantId;
    expect(text).toMatch(/dxc_http_requests_total\{route="ListTaxRates",method="GET",status="200"\} 1/);
    expect(text).toContain('dxc_http_request_duration_seconds_bucket');
    expect(text).toMatch(
      new RegExp(`dxc_xero_calls_total\\{tenant="${tenant}",operation="getTaxRates",outcome="ok"\\} 1`),
    );
    expect(text).toMatch(new RegExp(`dxc_xero_day_limit_remaining\\{tenant="${tenant}"\\} \\d+`));
    expect(text).toMatch(new RegExp(`dxc_xero_minute_limit_remaining\\{tenant="${tenant}"\\} \\d+`));
    expect(text).toContain('dxc_xero_token_refreshes_total');
  });
});
