/**
 * OAuth 2.0 as Xero runs it, driven through the real xero-node 20 client (openid-client for the code flow and
 * refreshToken/revokeToken, axios for refreshWithRefreshToken and getClientCredentialsToken).
 */
import { decodeJwt } from 'jose';
import { generators, type Issuer } from 'openid-client';
import { startHarness, axiosError, type Harness } from '../support/harness';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * openid-client turns the wire's expires_in into expires_at when the answer arrives, and its expires_in is a countdown
 * from there: on a loaded machine a second may pass before the test reads it. What the emulator sent is exactly
 * `seconds` when expires_at lies `seconds` after a moment between the request and now.
 */
function expectLifetime(tokenSet: { expires_at?: number }, before: number, seconds: number): void {
  expect(tokenSet.expires_at).toBeGreaterThanOrEqual(before + seconds);
  expect(tokenSet.expires_at).toBeLessThanOrEqual(nowSeconds() + seconds);
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function consentPage(
  authorizeUrl: string,
): Promise<{ html: string; requestId: string; tenants: string[] }> {
  const res = await fetch(authorizeUrl);
  expect(res.status).toBe(200);
  const html = await res.text();
  const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const tenants = [...html.matchAll(/name="tenant" value="([^"]+)"/g)].map((m) => m[1] ?? '');
  return { html, requestId, tenants };
}

describe('authorization code flow', () => {
  test('the consent page lists the organisations; posting "Allow access" redirects with a code and the state', async () => {
    h.emulator.addOrganisation({
      organisationId: '11111111-2222-4333-8444-555555555555',
      name: 'Second Org Ltd',
      shortCode: '!Two',
    } as never);
    const { xero } = await h.client({ state: 'opaque-state-123' });
    const authorizeUrl = await xero.buildConsentUrl();
    expect(authorizeUrl.startsWith(`${h.emulator.url}/connect/authorize?`)).toBe(true);

    const page = await consentPage(authorizeUrl);
    expect(page.html).toContain('Demo Company (UK)');
    expect(page.html).toContain('Second Org Ltd');
    expect(page.html).toContain('Allow access');
    expect(page.tenants).toHaveLength(2);

    // Tick only the first organisation.
    const form = new URLSearchParams({ request: page.requestId, tenant: h.tenantId, decision: 'allow' });
    const posted = await fetch(`${h.emulator.url}/connect/authorize`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(posted.status).toBe(302);
    const callback = new URL(posted.headers.get('location') ?? '');
    expect(callback.origin + callback.pathname).toBe('http://localhost:5000/callback');
    expect(callback.searchParams.get('state')).toBe('opaque-state-123');
    expect(callback.searchParams.get('code')).toMatch(/^[0-9A-F]{64}$/);

    const before = nowSeconds();
    const tokenSet = await xero.apiCallback(callback.toString());
    expect(tokenSet.token_type).toBe('Bearer');
    expectLifetime(tokenSet, before, 1800);
    const tenants = await xero.updateTenants(false);
    expect(tenants.map((t: { tenantId: string }) => t.tenantId)).toEqual([h.tenantId]);
  });

  test('the id_token is RS256-signed and passes openid-client validation (iss, aud, exp, at_hash); claims as Xero', async () => {
    const { xero, authorize } = await h.client();
    const tokenSet = await authorize();
    const claims = tokenSet.claims();
    expect(claims.iss).toBe(h.emulator.url);
    expect(claims.aud).toBe('sandbox');
    expect(claims.email).toBe('demo.user@example.com');
    expect(claims.given_name).toBe('Demo');
    expect(typeof claims.at_hash).toBe('string');
    expect(claims.xero_userid).toMatch(/^[0-9a-f-]{36}$/);

    const access = decodeJwt(tokenSet.access_token ?? '');
    expect(access.exp! - access.iat!).toBe(1800);
    expect(access.xero_userid).toBe(claims.xero_userid);
    expect(access.client_id).toBe('sandbox');
    expect(access.scope).toEqual(expect.arrayContaining(['offline_access', 'accounting.transactions']));
    const userinfo = await xero.openIdClient.userinfo(tokenSet);
    expect(userinfo).toMatchObject({
      sub: claims.sub,
      email: 'demo.user@example.com',
      xero_userid: claims.xero_userid,
    });
    // authentication_event_id matches the connection's authEventId.
    const [connection] = await xero.updateTenants(false);
    expect(access.authentication_event_id).toBe(connection.authEventId);
  });

  test('openid-client really checks the signature: against another JWKS the same id_token is refused', async () => {
    const other = await startHarness();
    try {
      const { xero } = await h.client();
      const metadata = {
        ...xero.openIdClient.issuer.metadata,
        jwks_uri: `${other.emulator.url}/.well-known/openid-configuration/jwks`,
      };
      const IssuerClass = xero.openIdClient.issuer.constructor as typeof Issuer;
      const misKeyed = new new IssuerClass(metadata).Client({
        client_id: 'sandbox',
        client_secret: 'sandbox-secret',
      });
      const callback = h.emulator.consent(await xero.buildConsentUrl());
      await expect(
        misKeyed.callback('http://localhost:5000/callback', misKeyed.callbackParams(callback), {}),
      ).rejects.toThrow(/no valid key found in issuer's jwks_uri/);
    } finally {
      await other.close();
    }
  });

  test('PKCE S256: the verifier is required and checked; nonce round-trips', async () => {
    const { xero } = await h.client();
    const client = xero.openIdClient;
    const verifier = generators.codeVerifier();
    const nonce = generators.nonce();
    const authUrl = (extra: Record<string, string>) =>
      client.authorizationUrl({
        scope: 'openid email offline_access accounting.transactions',
        redirect_uri: 'http://localhost:5000/callback',
        state: 's1',
        ...extra,
      });

    const withChallenge = {
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
    };
    const wrong = client.callbackParams(h.emulator.consent(authUrl(withChallenge)));
    await expect(
      client.callback('http://localhost:5000/callback', wrong, {
        state: 's1',
        nonce,
        code_verifier: generators.codeVerifier(),
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });

    const params = client.callbackParams(h.emulator.consent(authUrl(withChallenge)));
    const tokenSet = await client.callback('http://localhost:5000/callback', params, {
      state: 's1',
      nonce,
      code_verifier: verifier,
    });
    expect(tokenSet.claims().nonce).toBe(nonce);
    xero.setTokenSet(tokenSet);
    expect(await xero.updateTenants(false)).toHaveLength(1);
  });

  test('PKCE plain, and a PKCE app without a client secret', async () => {
    h.emulator.addApp({ clientId: 'pkce-app', name: 'PKCE app' });
    const { xero } = await h.client({ clientId: 'pkce-app', clientSecret: '' });
    const issuerClient = new xero.openIdClient.issuer.Client({
      client_id: 'pkce-app',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1:7777/cb'],
    });
    const verifier = generators.codeVerifier();
    const url = issuerClient.authorizationUrl({
      scope: 'offline_access accounting.contacts',
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    const tokenSet = await issuerClient.oauthCallback(
      'http://127.0.0.1:7777/cb',
      issuerClient.callbackParams(h.emulator.consent(url)),
      {
        code_verifier: verifier,
      },
    );
    expect(tokenSet.refresh_token).toBeDefined();

    // Without a code_challenge the PKCE app is refused at the authorize step.
    const refused = new URL(
      h.emulator.consent(issuerClient.authorizationUrl({ scope: 'accounting.contacts' })),
    );
    expect(refused.searchParams.get('error')).toBe('invalid_request');
  });

  test('a code is single-use and lives 5 minutes', async () => {
    const { xero } = await h.client();
    const reused = h.emulator.consent(await xero.buildConsentUrl());
    await xero.apiCallback(reused);
    await expect(xero.apiCallback(reused)).rejects.toMatchObject({ error: 'invalid_grant' });

    const late = h.emulator.consent(await xero.buildConsentUrl());
    await h.emulator.advanceClock(5 * MINUTE + 1000);
    await expect(xero.apiCallback(late)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('a wrong client secret is invalid_client', async () => {
    const { xero } = await h.client({ clientSecret: 'not-the-secret' });
    const callback = h.emulator.consent(await xero.buildConsentUrl());
    await expect(xero.apiCallback(callback)).rejects.toMatchObject({ error: 'invalid_client' });
  });

  test('denying consent returns access_denied with the state; an unregistered redirect URI shows an error page', async () => {
    const { xero } = await h.client({ state: 'st' });
    const denied = new URL(h.emulator.consent(await xero.buildConsentUrl(), { deny: true }));
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st');

    const bad = new URL(await xero.buildConsentUrl());
    bad.searchParams.set('redirect_uri', 'https://evil.example.com/cb');
    const page = await fetch(bad, { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('is not registered for this app');
  });

  test('without offline_access there is no refresh token; without openid no id_token', async () => {
    const { authorize } = await h.client({ scopes: ['accounting.transactions'] });
    const tokenSet = await authorize();
    expect(tokenSet.refresh_token).toBeUndefined();
    expect(tokenSet.id_token).toBeUndefined();
    expect(tokenSet.access_token).toBeDefined();
  });
});

describe('refresh tokens', () => {
  test('every refresh rotates the refresh token and gives a working access token', async () => {
    const { xero, authorize } = await h.client();
    const first = await authorize();
    const second = await xero.refreshToken();
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.claims().sub).toBe(first.claims().sub);
    const orgs = await xero.accountingApi.getOrganisations(h.tenantId);
    expect(orgs.body.organisations?.[0]?.name).toBe('Demo Company (UK)');
  });

  test('the previous refresh token may be retried for 30 minutes and returns the same successor', async () => {
    const { xero, authorize } = await h.client();
    const original = (await authorize()).refresh_token ?? '';
    const rotated = await xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', original);
    await h.emulator.advanceClock(29 * MINUTE);
    const retried = await xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', original);
    expect(retried.refresh_token).toBe(rotated.refresh_token);
    expect(retried.access_token).not.toBe(rotated.access_token);

    await h.emulator.advanceClock(2 * MINUTE);
    const late = await axiosError(xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', original));
    expect(late.response?.status).toBe(400);
    expect(late.response?.data).toEqual({ error: 'invalid_grant' });
    // The successor still works.
    await expect(
      xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', rotated.refresh_token),
    ).resolves.toBeDefined();
  });

  test('once the successor has been used, the old token is stale at once (invalid_grant)', async () => {
    const { xero, authorize } = await h.client();
    const original = (await authorize()).refresh_token ?? '';
    const rotated = await xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', original);
    await xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', rotated.refresh_token);
    const stale = await axiosError(xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', original));
    expect(stale.response?.data).toEqual({ error: 'invalid_grant' });
  });

  test('a refresh token unused for 60 days expires', async () => {
    const { xero, authorize } = await h.client();
    const token = (await authorize()).refresh_token ?? '';
    await h.emulator.advanceClock(59 * DAY);
    const kept = await xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', token);
    await h.emulator.advanceClock(60 * DAY + MINUTE);
    const expired = await axiosError(
      xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', kept.refresh_token),
    );
    expect(expired.response?.status).toBe(400);
    expect(expired.response?.data).toEqual({ error: 'invalid_grant' });
  });

  test('a refresh token of another app is invalid_grant; unknown grant types are unsupported_grant_type', async () => {
    h.emulator.addApp({ clientId: 'other-app', clientSecret: 'other-secret' });
    const { xero, authorize } = await h.client();
    const token = (await authorize()).refresh_token ?? '';
    const foreign = await axiosError(xero.refreshWithRefreshToken('other-app', 'other-secret', token));
    expect(foreign.response?.data).toEqual({ error: 'invalid_grant' });
    const wrongSecret = await axiosError(xero.refreshWithRefreshToken('sandbox', 'nope', token));
    expect(wrongSecret.response?.data).toEqual({ error: 'invalid_client' });

    const res = await fetch(`${h.emulator.url}/connect/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('sandbox:sandbox-secret').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'password' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
  });
});

describe('revocation', () => {
  test('revokeToken() kills the refresh token, the access tokens of the grant and the connections', async () => {
    const { xero, authorize } = await h.client();
    const tokenSet = await authorize();
    await xero.revokeToken();
    const refresh = await axiosError(
      xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', tokenSet.refresh_token),
    );
    expect(refresh.response?.data).toEqual({ error: 'invalid_grant' });

    const res = await fetch(`${h.emulator.url}/api.xro/2.0/Organisation`, {
      headers: { Authorization: `Bearer ${tokenSet.access_token}`, 'xero-tenant-id': h.tenantId },
    });
    expect(res.status).toBe(401);
    expect(h.emulator.connections.all()).toHaveLength(0);
  });
});

describe('client credentials (custom connections)', () => {
  test('a custom connection gets a 30-minute token without refresh token and reaches its one organisation', async () => {
    h.emulator.addApp({
      clientId: 'custom-conn',
      clientSecret: 'custom-secret',
      kind: 'custom-connection',
      tenantId: h.tenantId,
      scopes: ['accounting.transactions', 'accounting.contacts', 'accounting.settings'],
    });
    const { xero } = await h.client({
      clientId: 'custom-conn',
      clientSecret: 'custom-secret',
      grantType: 'client_credentials',
      scopes: ['accounting.transactions', 'accounting.settings'],
    });
    const before = nowSeconds();
    const tokenSet = await xero.getClientCredentialsToken();
    expectLifetime(tokenSet, before, 1800);
    expect(tokenSet.refresh_token).toBeUndefined();
    expect(decodeJwt(tokenSet.access_token ?? '').scope).toEqual([
      'accounting.transactions',
      'accounting.settings',
    ]);

    const tenants = await xero.updateTenants(false);
    expect(tenants).toHaveLength(1);
    expect(tenants[0].tenantId).toBe(h.tenantId);
    // The xero-tenant-id header is optional for custom connections.
    const orgs = await xero.accountingApi.getOrganisations('');
    expect(orgs.body.organisations?.[0]?.organisationID).toBe(h.tenantId);
  });

  test('scopes beyond those granted, or client_credentials on a normal app, are refused', async () => {
    h.emulator.addApp({
      clientId: 'cc',
      clientSecret: 'cc-secret',
      kind: 'custom-connection',
      tenantId: h.tenantId,
      scopes: ['accounting.contacts'],
    });
    const { xero } = await h.client({
      clientId: 'cc',
      clientSecret: 'cc-secret',
      grantType: 'client_credentials',
      scopes: ['accounting.transactions'],
    });
    expect((await axiosError(xero.getClientCredentialsToken())).response?.data).toMatchObject({
      error: 'invalid_scope',
    });

    const demo = await h.client({ grantType: 'client_credentials', scopes: ['accounting.contacts'] });
    expect((await axiosError(demo.xero.getClientCredentialsToken())).response?.data).toEqual({
      error: 'unauthorized_client',
    });
  });
});
