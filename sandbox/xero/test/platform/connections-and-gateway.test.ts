/**
 * GET/DELETE /connections through xero-node (updateTenants, disconnect), with bodies validated against Xero's
 * identity OpenAPI (vendored copy), and the gateway's 401/403 answers as xero-node surfaces them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { startHarness, xeroNodeError, type Harness } from '../support/harness';

const spec = parse(readFileSync(join(__dirname, '../fixtures/xero-identity.yaml'), 'utf8')) as {
  paths: Record<
    string,
    { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }
  >;
  components: object;
};
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// Xero's own example (and live API) sends `2019-12-07T18:46:19.5165400` — no zone, which RFC 3339 `date-time`
// forbids; validate with the zone-optional ISO reading so the spec and Xero's real output agree.
ajv.addFormat('date-time', {
  validate: (s: string) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/.test(s) && !Number.isNaN(Date.parse(s)),
});
ajv.addSchema({ $id: 'identity.json', components: spec.components });
const connectionsSchema =
  spec.paths['/Connections']?.get.responses['200']?.content['application/json']?.schema ?? {};
const validateConnections = ajv.compile({
  ...connectionsSchema,
  items: {
    $ref: 'identity.json#/components/schemas/Connection',
    required: [
      'id',
      'authEventId',
      'tenantId',
      'tenantType',
      'tenantName',
      'createdDateUtc',
      'updatedDateUtc',
    ],
  },
});

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ extraOrganisations: 2 });
});
afterEach(async () => {
  await h.close();
});

describe('GET /connections', () => {
  test('lists every connected organisation in the shape of xero-identity.yaml', async () => {
    const { xero } = await h.connected();
    const tenants = await xero.updateTenants(false);
    expect(validateConnections(tenants)).toBe(true);
    expect(validateConnections.errors ?? null).toBeNull();
    expect(tenants).toHaveLength(3);
    expect(tenants.map((t: { tenantName: string }) => t.tenantName).sort()).toEqual([
      'Demo Company (UK)',
      'Emulator Organisation 2',
      'Emulator Organisation 3',
    ]);
    for (const t of tenants) {
      expect(t.tenantType).toBe('ORGANISATION');
      expect(t.createdDateUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
    }
  });

  test('the schema check can fail: a body missing tenantId or with a bad uuid is rejected', () => {
    expect(validateConnections([{ id: 'x', tenantType: 'ORGANISATION' }])).toBe(false);
  });

  test('updateTenants(true) also reads each organisation and sorts by updatedDateUtc, newest first', async () => {
    const { xero } = await h.connected();
    await h.emulator.advanceClock(60_000);
    const second = h.emulator.organisations[1]!;
    // Reconnecting one organisation bumps its updatedDateUtc.
    h.emulator.consent(await xero.buildConsentUrl(), { tenantIds: [second.tenantId] });
    const tenants = await xero.updateTenants(true);
    expect(tenants[0].tenantId).toBe(second.tenantId);
    expect(tenants[0].orgData.name).toBe(second.name);
    expect(tenants[0].createdDateUtc).not.toBe(tenants[0].updatedDateUtc);
  });

  test('?authEventId= filters to the connections of one consent; each user sees only their own', async () => {
    const { xero } = await h.connected();
    const first = await xero.updateTenants(false);
    const authEventId = first[0].authEventId as string;
    const res = await fetch(`${h.emulator.url}/connections?authEventId=${authEventId}`, {
      headers: { Authorization: `Bearer ${xero.readTokenSet().access_token}` },
    });
    expect(res.headers.get('x-appminlimit-remaining')).toMatch(/^\d+$/);
    expect(res.headers.get('x-daylimit-remaining')).toBeNull();
    expect(await res.json()).toHaveLength(3);
    const none = await fetch(
      `${h.emulator.url}/connections?authEventId=00000000-0000-4000-8000-000000000000`,
      {
        headers: { Authorization: `Bearer ${xero.readTokenSet().access_token}` },
      },
    );
    expect(await none.json()).toEqual([]);

    const other = await h.client();
    await other.authorize({ userEmail: 'second.person@example.com', tenantIds: [h.tenantId] });
    expect(await other.xero.updateTenants(false)).toHaveLength(1);
    expect(await xero.updateTenants(false)).toHaveLength(3);
  });
});

describe('DELETE /connections/{id}', () => {
  test('disconnect() answers 204 and later API calls for that tenant get 403', async () => {
    const { xero } = await h.connected();
    const tenants = await xero.updateTenants(false);
    const target = tenants.find((t: { tenantId: string }) => t.tenantId === h.tenantId);
    await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
    await xero.disconnect(target.id);
    expect(await xero.updateTenants(false)).toHaveLength(2);
    const err = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
    expect(err.response.statusCode).toBe(403);
    expect(err.response.body).toMatchObject({
      Title: 'Forbidden',
      Status: 403,
      Detail: 'AuthenticationUnsuccessful',
    });
    // Other tenants still work with the same token.
    await expect(
      xero.accountingApi.getOrganisations(h.emulator.organisations[1]!.tenantId),
    ).resolves.toBeDefined();
  });

  test('an unknown connection id is 404', async () => {
    const { xero } = await h.connected();
    await expect(xero.disconnect('9b0c7ec9-8d0f-4a55-9d8a-000000000000')).rejects.toMatchObject({
      response: { status: 404 },
    });
  });
});

describe('gateway answers', () => {
  test('no token and a token not signed by the emulator are 401 AuthenticationUnsuccessful', async () => {
    const { xero } = await h.connected();
    const bare = await fetch(`${h.emulator.url}/api.xro/2.0/Organisation`, {
      headers: { 'xero-tenant-id': h.tenantId },
    });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({
      Title: 'Unauthorized',
      Status: 401,
      Detail: 'AuthenticationUnsuccessful',
      Type: null,
    });

    xero.accountingApi.accessToken = 'eyJhbGciOiJSUzI1NiJ9.e30.bm90LWEtc2lnbmF0dXJl';
    const garbage = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
    expect(garbage.response.statusCode).toBe(401);
    expect(garbage.response.body).toMatchObject({ Detail: 'AuthenticationUnsuccessful' });
  });

  test('an expired access token is 401 "TokenExpired: token expired at MM/DD/YYYY HH:mm:ss"', async () => {
    const { xero } = await h.connected();
    await h.emulator.advanceClock(1801_000);
    const err = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
    expect(err.response.statusCode).toBe(401);
    expect(err.response.body).toMatchObject({ Title: 'Unauthorized', Status: 401 });
    expect((err.response.body as { Detail: string }).Detail).toMatch(
      /^TokenExpired: token expired at \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/,
    );
    // GET /connections with the expired token is 401 too; a refresh repairs both.
    await expect(xero.updateTenants(false)).rejects.toMatchObject({ response: { status: 401 } });
    await xero.refreshToken();
    await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
  });

  test('a missing, unknown or unconnected xero-tenant-id is 403 AuthenticationUnsuccessful', async () => {
    const { xero } = await h.client();
    await xero.apiCallback(h.emulator.consent(await xero.buildConsentUrl(), { tenantIds: [h.tenantId] }));
    for (const tenant of [
      '',
      '00000000-0000-4000-8000-000000000000',
      h.emulator.organisations[2]!.tenantId,
    ]) {
      const err = await xeroNodeError(xero.accountingApi.getOrganisations(tenant));
      expect(err.response.statusCode).toBe(403);
      expect(err.response.body).toMatchObject({ Detail: 'AuthenticationUnsuccessful' });
    }
  });

  test('a token without a scope for the resource is 401', async () => {
    const { xero } = await h.connected({ scopes: ['offline_access', 'accounting.settings'] });
    const err = await xeroNodeError(xero.accountingApi.getContacts(h.tenantId));
    expect(err.response.statusCode).toBe(401);
    await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
  });

  test('routes the emulator does not implement are 501 naming the endpoint', async () => {
    const res = await fetch(`${h.emulator.url}/payroll.xro/1.0/Employees`);
    expect(res.status).toBe(501);
    expect(await res.json()).toMatchObject({
      Status: 501,
      Detail: expect.stringContaining('GET /payroll.xro/1.0/Employees'),
    });
  });
});
