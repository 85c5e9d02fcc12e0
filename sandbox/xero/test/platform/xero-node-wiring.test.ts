/** The reusable xero-node wiring: several emulators in one process, disposal, and the redirect_uri check. */
import axios from 'axios';
import { startHarness, type Harness } from '../support/harness';

let a: Harness;
let b: Harness;
beforeEach(async () => {
  a = await startHarness();
  b = await startHarness({ extraOrganisations: 2 });
});
afterEach(async () => {
  await a.close();
  await b.close();
});

test('calls with an emulator-issued bearer token go to their issuer, even with two emulators wired', async () => {
  const clientA = await a.connected();
  const clientB = await b.connected();
  // updateTenants and disconnect use the hard-coded https://api.xero.com through the shared axios instance.
  expect(await clientA.xero.updateTenants(false)).toHaveLength(1);
  expect(await clientB.xero.updateTenants(false)).toHaveLength(3);
  expect(await clientA.xero.updateTenants(false)).toHaveLength(1);
});

test('dispose() removes the rewrite; while wired, https://api.xero.com goes to the emulator', async () => {
  // An adapter that answers with the final URL shows what the interceptor did, without any network.
  const finalUrl = async (): Promise<string> =>
    (
      await axios.get<string>('https://api.xero.com/connections', {
        adapter: async (config) => ({
          data: config.url ?? '',
          status: 200,
          statusText: 'OK',
          headers: {},
          config,
        }),
      })
    ).data;
  for (const c of [...a.clients, ...b.clients]) c.dispose();
  expect(await finalUrl()).toBe('https://api.xero.com/connections');
  const wired = await a.client();
  expect(await finalUrl()).toBe(`${a.emulator.url}/connections`);
  wired.dispose();
  expect(await finalUrl()).toBe('https://api.xero.com/connections');
});

test('the token exchange must repeat the authorize redirect_uri', async () => {
  const { xero } = await a.client();
  const callback = a.emulator.consent(await xero.buildConsentUrl());
  const code = new URL(callback).searchParams.get('code') ?? '';
  const res = await fetch(`${a.emulator.url}/connect/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('sandbox:sandbox-secret').toString('base64')}` },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost:5000/other',
    }),
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
});
