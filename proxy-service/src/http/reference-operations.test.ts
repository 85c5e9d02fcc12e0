import type { OrganisationBooks } from '@dxc/xero-emulator';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

describe('reference operations through HTTP against the Xero emulator (real xero-node)', () => {
  let h: Harness;
  let apiKey: string;
  let tenantId: string;

  beforeAll(async () => {
    h = await startHarness();
    const connected = await h.connect();
    apiKey = connected.apiKey;
    tenantId = connected.connection.tenantId;
  });
  afterAll(async () => h?.close());

  test('GetConnection names the organisation, its tenant id, short code, currency and a green health light', async () => {
    const { status, body, headers } = await h.call('GET', '/v1/connection', { apiKey });
    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toMatch(/.+/);
    expect(body).toMatchObject({
      organisationName: 'Demo Company (UK)',
      tenantId,
      baseCurrency: 'GBP',
      timezone: 'GMTSTANDARDTIME',
      windowsTimeZone: 'GMT Standard Time',
      health: 'Connected',
      dailyCallLimit: 5000,
      adminUrl: 'http://127.0.0.1:3000/admin',
    });
    expect(body.shortCode).toEqual(h.emulator.organisations[0]!.shortCode);
    expect(Date.parse(body.tokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(body.apiCallsToday).toBeGreaterThanOrEqual(1);
  });

  test('GetConnection keeps the organisation for a while (no Xero call), but its health light is always current', async () => {
    const calls = () => h.emulator.limits.usage(tenantId)[0]?.total ?? 0;
    await h.call('GET', '/v1/connection', { apiKey });
    const before = calls();
    const again = await h.call('GET', '/v1/connection', { apiKey });
    expect(again.body).toMatchObject({ organisationName: 'Demo Company (UK)', health: 'Connected' });
    expect(calls() - before).toBe(0);

    // The authorisation lapses (another call met invalid_grant): the kept organisation does not hide it.
    const { store } = h.proxy.services;
    const connection = (await store.getConnectionByTenant(tenantId))!;
    await store.withRefreshLock(connection.id, async () => ({
      status: 'ReconnectNeeded',
      statusReason: 'test',
    }));
    const lapsed = await h.call('GET', '/v1/connection', { apiKey });
    expect(lapsed.body).toMatchObject({ health: 'ReconnectNeeded' });
    await store.withRefreshLock(connection.id, async () => ({ status: 'Connected', statusReason: null }));
  });

  test('ListTaxRates returns the tax rates Xero has', async () => {
    const { status, body } = await h.call('GET', '/v1/tax-rates', { apiKey });
    expect(status).toBe(200);
    expect(body.taxRates.length).toBeGreaterThan(0);
    expect(body.taxRates).toEqual(
      expect.arrayContaining([expect.objectContaining({ taxType: 'OUTPUT2', status: 'ACTIVE' })]),
    );
  });

  test('ListAccounts filters by class and type', async () => {
    const all = await h.call('GET', '/v1/accounts', { apiKey });
    expect(all.status).toBe(200);
    const revenue = await h.call('GET', '/v1/accounts?class=REVENUE', { apiKey });
    expect(revenue.status).toBe(200);
    expect(revenue.body.accounts.length).toBeGreaterThan(0);
    expect(revenue.body.accounts.length).toBeLessThan(all.body.accounts.length);
    expect(revenue.body.accounts.every((a: { class: string }) => a.class === 'REVENUE')).toBe(true);
    const sales = await h.call('GET', '/v1/accounts?type=SALES', { apiKey });
    expect(sales.body.accounts.every((a: { type: string }) => a.type === 'SALES')).toBe(true);
  });

  test('ListBrandingThemes puts the default theme first and is cached per organisation', async () => {
    const before = h.emulator.limits.usage(tenantId)[0]?.total ?? 0;
    const first = await h.call('GET', '/v1/branding-themes', { apiKey });
    const second = await h.call('GET', '/v1/branding-themes', { apiKey });
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body.brandingThemes[0].sortOrder ?? 0).toBe(0);
    expect((h.emulator.limits.usage(tenantId)[0]?.total ?? 0) - before).toBe(1);
  });

  test('ListTrackingCategories lists categories with their options, archived ones marked, in one cached call', async () => {
    const books = h.emulator.books<OrganisationBooks>(tenantId);
    const region = books.seedTrackingCategory({
      name: 'Region',
      options: ['South', 'North', 'West'],
      archivedOptions: ['West'],
    });
    books.seedTrackingCategory({ name: 'Old projects', options: ['Apollo'], status: 'ARCHIVED' });
    const before = h.emulator.limits.usage(tenantId)[0]?.total ?? 0;
    const first = await h.call('GET', '/v1/tracking-categories', { apiKey });
    const second = await h.call('GET', '/v1/tracking-categories', { apiKey });
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((h.emulator.limits.usage(tenantId)[0]?.total ?? 0) - before).toBe(1);
    const optionId = (name: string) => region.options.find((o) => o.name === name)!.trackingOptionId;
    expect(first.body.trackingCategories).toEqual([
      {
        trackingCategoryId: expect.any(String),
        name: 'Old projects',
        status: 'ARCHIVED',
        options: [{ trackingOptionId: expect.any(String), name: 'Apollo', status: 'ACTIVE' }],
      },
      {
        trackingCategoryId: region.trackingCategoryId,
        name: 'Region',
        status: 'ACTIVE',
        options: [
          { trackingOptionId: optionId('North'), name: 'North', status: 'ACTIVE' },
          { trackingOptionId: optionId('South'), name: 'South', status: 'ACTIVE' },
          { trackingOptionId: optionId('West'), name: 'West', status: 'ARCHIVED' },
        ],
      },
    ]);
  });

  test('a read that meets Xero 5xx errors is retried with backoff and succeeds', async () => {
    const before = h.emulator.limits.usage(tenantId)[0]!.total;
    h.emulator.faults.inject({ kind: 'status', status: 500, count: 2, path: '/Organisation' });
    h.proxy.services.organisationCache.forget(tenantId); // read by an earlier test
    const res = await h.call('GET', '/v1/connection', { apiKey });
    expect(res.status).toBe(200);
    expect(res.body.health).toBe('Connected');
    expect(h.emulator.limits.usage(tenantId)[0]!.total - before).toBe(3);
  });
});
