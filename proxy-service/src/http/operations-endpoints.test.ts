import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

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

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

describe('metrics and request ids', () => {
  let h: Harness;
  let apiKey: string;
  beforeAll(async () => {
    h = await startHarness({ env: { METRICS_TOKEN } });
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
    const answer = await fetch(`${h.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status).toBe(200);
    const text = await answer.text();
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

  test('/metrics names tenants, so it answers only to the METRICS_TOKEN bearer token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong-token-0123456789' },
      { Authorization: METRICS_TOKEN },
    ];
    for (const headers of attempts) {
      const refused = await h.call('GET', '/metrics', { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(refused.body).toMatchObject({
        code: 'UNAUTHENTICATED',
        details: [{ field: 'header.Authorization' }],
      });
      expect(JSON.stringify(refused.body)).not.toContain(h.emulator.organisations[0]!.tenantId);
    }
    expect(h.logs.join('')).not.toContain(METRICS_TOKEN);
  });
});

describe('metrics without METRICS_TOKEN', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.connect();
  });
  afterAll(async () => h?.close());

  test('/metrics is off: 404 naming METRICS_TOKEN, and no tenant id', async () => {
    const off = await h.call('GET', '/metrics');
    expect(off.status).toBe(404);
    expect(off.body.message).toContain('METRICS_TOKEN');
    expect(JSON.stringify(off.body)).not.toContain(h.emulator.organisations[0]!.tenantId);
  });
});
