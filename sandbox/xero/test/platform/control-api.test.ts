/**
 * The /__emulator control API, used the way a proxy suite in another process would: plain HTTP only (plus
 * xero-node for the calls being controlled).
 */
import { startHarness, xeroNodeError, type Harness } from '../support/harness';
import { startWebhookReceiver } from '../support/webhook-receiver';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function control<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${h.emulator.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as T };
}

test('state lists organisations, apps, connections and limits', async () => {
  await h.connected();
  const { status, json } = await control<{
    organisations: { tenantId: string }[];
    apps: { clientId: string }[];
    connections: unknown[];
    limits: { perDay: number };
  }>('GET', '/state');
  expect(status).toBe(200);
  expect(json.organisations[0]?.tenantId).toBe(h.tenantId);
  expect(json.apps.map((a) => a.clientId)).toContain('sandbox');
  expect(json.connections).toHaveLength(1);
  expect(json.limits.perDay).toBe(5000);
});

test('clock advance expires access tokens; clock set jumps to an instant', async () => {
  const { xero } = await h.connected();
  const advanced = await control<{ now: string }>('POST', '/clock/advance', { ms: 31 * 60_000 });
  expect(Date.parse(advanced.json.now) - Date.now()).toBeGreaterThan(30 * 60_000);
  expect((await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId))).response.statusCode).toBe(
    401,
  );
  const set = await control<{ now: string }>('POST', '/clock/set', { instant: '2030-01-01T00:00:00Z' });
  expect(set.json.now.startsWith('2030-01-01T00:00:0')).toBe(true);
  expect((await control('POST', '/clock/advance', { ms: 'soon' })).json).toMatchObject({
    issues: [{ path: 'ms' }],
  });
});

test('faults and offline organisations through the control API', async () => {
  const { xero } = await h.connected();
  const created = await control<{ id: string }>('POST', '/faults', {
    kind: 'status',
    status: 503,
    count: null,
  });
  expect(created.status).toBe(201);
  expect((await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId))).response.statusCode).toBe(
    503,
  );
  expect((await control('DELETE', `/faults/${created.json.id}`)).status).toBe(204);
  await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();

  await control('POST', `/organisations/${h.tenantId}/offline`);
  expect((await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId))).response.body).toBe(
    'The Organisation is Offline',
  );
  await control('DELETE', `/organisations/${h.tenantId}/offline`);
  await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();

  expect((await control('POST', '/faults', { kind: 'status' })).json).toMatchObject({
    issues: [{ path: 'status' }],
  });
});

test('limits: configure, read usage, reset the day', async () => {
  const { xero } = await h.connected();
  expect((await control('PUT', '/limits', { tier: 'starter' })).json).toMatchObject({ perDay: 1000 });
  await control('PUT', '/limits', { perDay: 1 });
  await xero.accountingApi.getOrganisations(h.tenantId);
  const err = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
  expect(err.response.headers['x-rate-limit-problem']).toBe('day');
  const usage = await control<{ usage: { dayCount: number; refused: { day: number } }[] }>(
    'GET',
    `/limits/usage/${h.tenantId}`,
  );
  expect(usage.json.usage[0]).toMatchObject({ dayCount: 1, refused: { day: 1 } });
  expect((await control('POST', '/limits/reset-daily', { tenantId: h.tenantId })).status).toBe(204);
  await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
});

test('webhooks: register (runs Intent to Receive), read the log, re-run the check', async () => {
  const receiver = await startWebhookReceiver('control-key');
  try {
    const registered = await control<{ intentToReceive: { status: string } }>('PUT', '/webhooks', {
      url: receiver.url,
      key: 'control-key',
    });
    expect(registered.json.intentToReceive.status).toBe('passed');
    const log = await control<{ subscription: { status: string }; deliveries: unknown[] }>(
      'GET',
      '/webhooks',
    );
    expect(log.json.subscription.status).toBe('active');
    expect(log.json.deliveries.length).toBeGreaterThanOrEqual(2);
    receiver.mode = 'always-200';
    expect((await control<{ status: string }>('POST', '/webhooks/intent-to-receive')).json.status).toBe(
      'failed',
    );
    expect((await control('PUT', '/webhooks', { url: 'not a url', key: 'k' })).json).toMatchObject({
      issues: [{ path: 'url' }],
    });
  } finally {
    await receiver.close();
  }
});

test('unknown control endpoints are 404 with the path named', async () => {
  const res = await control<{ error: string }>('GET', '/nope');
  expect(res.status).toBe(404);
  expect(res.json.error).toContain('/__emulator/nope');
});
