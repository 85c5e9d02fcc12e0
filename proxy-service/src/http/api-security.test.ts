import fc from 'fast-check';
import { issueApiKey } from './api-keys';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(180_000);

describe('API keys and request validation', () => {
  let h: Harness;
  let keyA: string;
  let keyB: string;
  let tenantA: string;
  let tenantB: string;

  /** Every Accounting API call the emulator admitted or refused, across organisations. */
  const xeroCalls = () =>
    h.emulator.organisations
      .flatMap((o) => h.emulator.limits.usage(o.tenantId))
      .reduce((sum, u) => sum + u.total + Object.values(u.refused).reduce((a, b) => a + b, 0), 0);

  beforeAll(async () => {
    h = await startHarness({ emulator: { extraOrganisations: 1 } });
    const [orgA, orgB] = h.emulator.organisations;
    const a = await h.connect(orgA!.tenantId);
    const b = await h.connect(orgB!.tenantId);
    keyA = a.apiKey;
    keyB = b.apiKey;
    tenantA = a.connection.tenantId;
    tenantB = b.connection.tenantId;
  });
  afterAll(async () => h?.close());

  test('a key opens exactly its own organisation: A’s key never reaches B, whatever the request says', async () => {
    const asA = await h.call('GET', '/v1/connection', {
      apiKey: keyA,
      headers: { 'xero-tenant-id': tenantB },
    });
    const asB = await h.call('GET', '/v1/connection', { apiKey: keyB });
    expect(asA.body.tenantId).toBe(tenantA);
    expect(asB.body.tenantId).toBe(tenantB);
    expect(asA.body.organisationName).not.toBe(asB.body.organisationName);
    // A tenant id smuggled into the query or body changes nothing either.
    const viaQuery = await h.call('GET', `/v1/tax-rates?tenantId=${tenantB}`, { apiKey: keyA });
    expect(viaQuery.status).toBe(200);
    const usageB = h.emulator.limits.usage(tenantB).reduce((s, u) => s + u.total, 0);
    await h.call('GET', '/v1/accounts', { apiKey: keyA });
    expect(h.emulator.limits.usage(tenantB).reduce((s, u) => s + u.total, 0)).toBe(usageB);
  });

  test('missing, malformed, unknown, tampered and revoked keys get 401 and cost no Xero call', async () => {
    const before = xeroCalls();
    const revoked = await issueApiKey(
      h.proxy.services.store,
      (await h.proxy.services.store.listConnections())[0]!.id,
      'old',
      new Date().toISOString(),
    );
    await h.proxy.services.store.revokeApiKey(revoked.record.id, new Date().toISOString());
    const tampered = keyA.slice(0, -1) + (keyA.endsWith('A') ? 'B' : 'A');
    for (const apiKey of [undefined, 'nonsense', `dxc_ZZZZZZZZ_${'x'.repeat(43)}`, tampered, revoked.key]) {
      const res = await h.call('GET', '/v1/connection', { apiKey });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', details: [{ field: 'header.X-Api-Key' }] });
    }
    expect(xeroCalls()).toBe(before);
  });

  test('a bad request gets 400 naming each bad field and its reason; nothing reaches Xero', async () => {
    const before = xeroCalls();
    const res = await h.call('POST', '/v1/invoices/status', {
      apiKey: keyA,
      body: { xeroInvoiceIds: ['not-a-uuid', 42], page: 0 },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'body.xeroInvoiceIds[0]', reason: 'must be a valid uuid' },
        { field: 'body.xeroInvoiceIds[1]', reason: 'must be string' },
        { field: 'body.page', reason: 'must be >= 1' },
      ]),
    );
    const query = await h.call('GET', '/v1/accounts?class=INCOME', { apiKey: keyA });
    expect(query.status).toBe(400);
    expect(query.body.details).toEqual([
      { field: 'query.class', reason: 'must be one of "ASSET", "EQUITY", "EXPENSE", "LIABILITY", "REVENUE"' },
    ]);
    const notJson = await h.call('POST', '/v1/contacts/balances', {
      apiKey: keyA,
      body: '{"xeroContactIds": [',
      headers: {},
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.details).toEqual([{ field: 'body', reason: 'is not valid JSON' }]);
    const missing = await h.call('POST', '/v1/contacts/balances', { apiKey: keyA });
    expect(missing.status).toBe(400);
    expect(xeroCalls()).toBe(before);
  });

  test('property: thousands of malformed bodies never produce a 5xx or a Xero call', async () => {
    const before = xeroCalls();
    const uuid = fc.uuid();
    const junk = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.anything(), { maxLength: 3 }),
    );
    // Near-misses of each operation's body plus arbitrary JSON, all invalid by construction.
    const statusBodies = fc.oneof(
      fc.record({ xeroInvoiceIds: fc.array(fc.oneof(junk, uuid), { minLength: 51, maxLength: 60 }) }),
      fc.record({
        xeroInvoiceIds: fc.array(
          junk.filter((v) => typeof v !== 'string'),
          { minLength: 1, maxLength: 5 },
        ),
      }),
      fc.record({ xeroInvoiceIds: fc.constant([]) }),
      fc.record({
        modifiedSince: fc.string().filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-\d\d-\d\dT/.test(s)),
      }),
      fc.record({
        modifiedSince: fc.constant('2026-01-01T00:00:00Z'),
        page: fc.oneof(fc.integer({ max: 0 }), fc.string(), fc.double({ noInteger: true })),
      }),
      fc.record({
        xeroInvoiceIds: fc.array(uuid, { minLength: 1, maxLength: 3 }),
        modifiedSince: fc.constant('2026-01-01T00:00:00Z'),
      }),
      fc.anything().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
    );
    const balanceBodies = fc.oneof(
      fc.record({ xeroContactIds: fc.array(uuid, { minLength: 51, maxLength: 55 }) }),
      fc.record({ xeroContactIds: fc.oneof(junk, fc.constant([])) }),
      fc.dictionary(
        fc.string().filter((k) => k !== 'xeroContactIds'),
        fc.anything(),
        { maxKeys: 4 },
      ),
      fc.anything().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
    );
    const cases = fc.oneof(
      fc.record({ path: fc.constant('/v1/invoices/status'), body: statusBodies }),
      fc.record({ path: fc.constant('/v1/contacts/balances'), body: balanceBodies }),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(cases, async ({ path, body }) => {
        const res = await h.call('POST', path, { apiKey: keyA, body: JSON.stringify(body) });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
    expect([...statuses.keys()]).toEqual([400]);
    expect(xeroCalls()).toBe(before);
  });
});
