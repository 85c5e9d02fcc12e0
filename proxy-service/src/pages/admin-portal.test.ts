/**
 * The admin portal end to end over real HTTP (sign-in, CSRF, connect with the org picker, API keys, a Custom
 * Connection, disconnect), and — running that whole scenario — proof that no secret ever reaches the logs. Every
 * change answers with a redirect (post-redirect-get), and disconnect and revoke ask first.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

class Browser {
  private cookie = '';
  constructor(private readonly base: string) {}

  async request(method: string, pathname: string, form?: Record<string, string>) {
    const response = await fetch(pathname.startsWith('http') ? pathname : `${this.base}${pathname}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!.endsWith('=') ? '' : setCookie.split(';')[0]!;
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
      setCookie,
    };
  }

  /** A POST (or GET) answered with a 303, and the page it leads to. */
  async through(method: string, pathname: string, form?: Record<string, string>) {
    const answer = await this.request(method, pathname, form);
    expect({ status: answer.status, to: answer.location?.startsWith('/admin') }).toEqual({
      status: 303,
      to: true,
    });
    return { ...(await this.request('GET', answer.location!)), url: answer.location! };
  }
}

const csrfOf = (html: string) => /name="_csrf"\s+value="([^"]+)"/.exec(html)?.[1] ?? '';
const apiKeyOf = (html: string) => /<code class="key"[^>]*>([^<]+)<\/code>/.exec(html)?.[1];

describe('admin portal', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { extraOrganisations: 1 }, followEmulatorClock: true });
  });
  afterAll(async () => h?.close());

  test('the full admin scenario works, and no secret appears in the logs', async () => {
    const secrets: Record<string, string> = {
      adminSecret: h.env.ADMIN_SECRET!,
      clientSecret: h.env.XERO_CLIENT_SECRET!,
      webhookKey: h.env.XERO_WEBHOOK_KEY!,
      encryptionKey: h.env.TOKEN_ENCRYPTION_KEY!,
    };
    const browser = new Browser(h.url);

    // Not signed in: the login page, and forms are refused.
    expect((await browser.request('GET', '/admin')).status).toBe(401);
    expect((await browser.request('POST', '/admin/login', { secret: 'wrong-secret-value' })).status).toBe(
      401,
    );
    const login = await browser.request('POST', '/admin/login', { secret: secrets.adminSecret! });
    expect(login.status).toBe(303);
    expect(login.setCookie).toMatch(/HttpOnly/i);
    expect(login.setCookie).toMatch(/SameSite=Lax/i);
    const home = await browser.request('GET', '/admin');
    expect(home.status).toBe(200);
    const csrf = csrfOf(home.html);
    expect(csrf).not.toBe('');

    // A form without the CSRF token is refused.
    expect((await browser.request('POST', '/admin/connect', {})).status).toBe(403);

    // Connect: PKCE + state to the emulator's consent, which covers two organisations → the picker.
    const start = await browser.request('POST', '/admin/connect', { _csrf: csrf });
    expect(start.status).toBe(303);
    const authorize = new URL(start.location!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe(
      'offline_access accounting.invoices accounting.payments.read accounting.contacts accounting.settings',
    );
    const callback = h.emulator.consent(start.location!);
    secrets.authorizationCode = new URL(callback).searchParams.get('code')!;
    const callbackPath = new URL(callback).pathname + new URL(callback).search;
    const picker = await browser.through('GET', callbackPath);
    // The code is spent and the browser moved on: the picker's address holds neither code nor state.
    expect(picker.url).toMatch(/^\/admin\/connect\/pick\?notice=[\w-]+$/);
    expect(picker.status).toBe(200);
    expect(picker.html).toContain('Which organisation');
    expect((await browser.request('GET', picker.url)).html).toContain('Which organisation');
    // Replaying the callback does not show Xero's error on a page the admin reloads: it goes to a notice, once.
    const replay = await browser.through('GET', callbackPath);
    expect(replay.html).toContain('already used');
    expect((await browser.request('GET', replay.url)).html).not.toContain('already used');
    const second = h.emulator.organisations[1]!;
    const pickState = /name="pick"\s+value="([^"]+)"/.exec(picker.html)![1]!;
    const picked = await browser.through('POST', '/admin/connect/pick', {
      _csrf: csrf,
      pick: pickState,
      tenantId: second.tenantId,
    });
    expect(picked.html).toContain(`Connected <strong>${second.name}</strong>`);
    expect(picked.html).toContain('class="light green"');

    // Create an API key: shown once, works, opens exactly that organisation.
    const connection = (await h.proxy.services.store.getConnectionByTenant(second.tenantId))!;
    const created = await browser.through('POST', `/admin/connections/${connection.id}/keys`, {
      _csrf: csrf,
      label: 'Flows',
    });
    expect(created.url).toMatch(/^\/admin\/keys\/new\?notice=/);
    const apiKey = apiKeyOf(created.html)!;
    expect(apiKey).toMatch(/^dxc_/);
    secrets.apiKey = apiKey;
    // Reloading the key's page neither mints another key nor shows this one again.
    const reloaded = await browser.request('GET', created.url);
    expect(reloaded.status).toBe(200);
    expect(reloaded.html).not.toContain(apiKey);
    expect(reloaded.html).toContain('no longer shown');
    expect(await h.proxy.services.store.listApiKeys(connection.id)).toHaveLength(1);
    expect((await browser.request('GET', '/admin')).html).not.toContain(apiKey);
    const asKey = await h.call('GET', '/v1/connection', { apiKey });
    expect(asKey.body).toMatchObject({ tenantId: second.tenantId, health: 'Connected' });

    // Calls across a token refresh: the old and new tokens are both secrets.
    const tokensBefore = h.proxy.services.vault.open(connection);
    await h.emulator.advanceClock(28 * 60_000);
    expect((await h.call('GET', '/v1/tax-rates', { apiKey })).status).toBe(200);
    const tokensAfter = h.proxy.services.vault.open(
      (await h.proxy.services.store.getConnection(connection.id))!,
    );
    expect(tokensAfter.refreshToken).not.toBe(tokensBefore.refreshToken);
    Object.assign(secrets, {
      accessToken1: tokensBefore.accessToken,
      refreshToken1: tokensBefore.refreshToken!,
      accessToken2: tokensAfter.accessToken,
      refreshToken2: tokensAfter.refreshToken!,
    });
    // A failing call logs Xero's answer: still no token in it.
    h.emulator.faults.inject({ kind: 'status', status: 500, count: 3 });
    expect((await h.call('GET', '/v1/connection', { apiKey })).body.health).toBe('Degraded');

    // A Xero Custom Connection for the first organisation.
    const customSecret = `cc-${randomBytes(16).toString('hex')}`;
    secrets.customSecret = customSecret;
    const first = h.emulator.organisations[0]!;
    h.emulator.addApp({
      clientId: `cc-${randomUUID()}`,
      clientSecret: customSecret,
      kind: 'custom-connection',
      tenantId: first.tenantId,
      scopes: ['accounting.settings', 'accounting.invoices', 'accounting.contacts'],
    });
    const customApp = h.emulator.apps.list().find((a) => a.clientSecret === customSecret)!;
    const custom = await browser.through('POST', '/admin/connect/custom', {
      _csrf: csrf,
      clientId: customApp.clientId,
      clientSecret: customSecret,
    });
    expect(custom.html).toContain(`Connected custom connection <strong>${first.name}</strong>`);
    const bad = await browser.request('POST', '/admin/connect/custom', {
      _csrf: csrf,
      clientId: customApp.clientId,
      clientSecret: 'wrong',
    });
    expect(bad.status).toBe(400);
    const customConnection = (await h.proxy.services.store.getConnectionByTenant(first.tenantId))!;
    expect(customConnection.kind).toBe('custom');
    const customKey = apiKeyOf(
      (await browser.through('POST', `/admin/connections/${customConnection.id}/keys`, { _csrf: csrf })).html,
    )!;
    secrets.customKey = customKey;
    expect((await h.call('GET', '/v1/accounts', { apiKey: customKey })).status).toBe(200);
    // Its token expires: a new client_credentials token, no refresh token involved.
    await h.emulator.advanceClock(29 * 60_000);
    expect((await h.call('GET', '/v1/branding-themes', { apiKey: customKey })).status).toBe(200);

    // Revoke the key, then disconnect the organisation (at Xero too): each asks first, naming what breaks.
    const key = (await h.proxy.services.store.listApiKeys(connection.id))[0]!;
    const revokePath = `/admin/connections/${connection.id}/keys/${key.id}/revoke`;
    const askRevoke = await browser.request('POST', revokePath, { _csrf: csrf });
    expect(askRevoke.status).toBe(200);
    expect(askRevoke.html).toContain(`Revoke API key ${key.prefix}_… (Flows)?`);
    expect(askRevoke.html).toContain('Flows using this key stop with 401');
    expect(askRevoke.html).toMatch(/name="confirm"\s+value="yes"/);
    expect((await h.call('GET', '/v1/connection', { apiKey })).status).toBe(200);
    expect((await browser.request('POST', revokePath, { confirm: 'yes' })).status).toBe(403);
    const revoked = await browser.through('POST', revokePath, { _csrf: csrf, confirm: 'yes' });
    expect(revoked.html).toContain(`Revoked key <strong>${key.prefix}_…</strong>`);
    expect((await h.call('GET', '/v1/connection', { apiKey })).status).toBe(401);
    const xeroConnectionsBefore = h.emulator.connections.all().length;
    const disconnectPath = `/admin/connections/${connection.id}/disconnect`;
    const askDisconnect = await browser.request('POST', disconnectPath, { _csrf: csrf });
    expect(askDisconnect.html).toContain(
      `Syncs for <strong>${second.name}</strong> stop until you connect it again`,
    );
    expect(askDisconnect.html).toContain('It has no active API key, so no flow calls it now.');
    expect(await h.proxy.services.store.getConnection(connection.id)).toBeDefined();
    expect(h.emulator.connections.all().length).toBe(xeroConnectionsBefore);
    const gone = await browser.through('POST', disconnectPath, { _csrf: csrf, confirm: 'yes' });
    expect(gone.html).toContain('(also at Xero)');
    expect(h.emulator.connections.all().length).toBe(xeroConnectionsBefore - 1);
    expect(await h.proxy.services.store.getConnection(connection.id)).toBeUndefined();

    await browser.request('POST', '/admin/logout', { _csrf: csrf });
    expect((await browser.request('GET', '/admin')).status).toBe(401);

    // Guessing the secret is throttled: after 5 wrong tries even the right one waits.
    const statuses = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push(
        (await browser.request('POST', '/admin/login', { secret: `guess-${i}-xxxxxxxx` })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const throttled = await browser.request('POST', '/admin/login', { secret: secrets.adminSecret! });
    expect(throttled.status).toBe(429);

    // The logs: plenty of them, and none holds any secret.
    const logs = h.logs.join('');
    expect(h.logs.length).toBeGreaterThan(20);
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length).toBeGreaterThan(7);
      expect({ name, found: logs.includes(value) }).toEqual({ name, found: false });
    }
  });
});
