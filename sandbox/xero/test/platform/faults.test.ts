/** Injected failures as xero-node reports them: it rejects with a JSON string holding statusCode/body/headers. */
import { Contact, Contacts } from 'xero-node';
import type { StandInBooks } from '../support/stand-in-accounting';
import { startHarness, xeroNodeError, axiosError, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ extraOrganisations: 1 });
});
afterEach(async () => {
  await h.close();
});

test('the next N calls fail with 500 (Xero JSON body), then calls succeed again', async () => {
  const { xero } = await h.connected();
  h.emulator.faults.inject({ kind: 'status', status: 500, count: 2 });
  for (let i = 0; i < 2; i += 1) {
    const err = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
    expect(err.response.statusCode).toBe(500);
    expect(err.response.body).toMatchObject({ Title: 'An error occurred', Status: 500 });
  }
  await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
  expect(h.emulator.faults.list()).toEqual([]);
});

test('503 answers in plain text as Xero does', async () => {
  const { xero } = await h.connected();
  h.emulator.faults.inject({ kind: 'status', status: 503 });
  const err = await xeroNodeError(xero.accountingApi.getContacts(h.tenantId));
  expect(err.response.statusCode).toBe(503);
  expect(err.response.body).toBe('The Xero API is temporarily unavailable');
});

test('faults can target one tenant, one method and one path', async () => {
  const { xero } = await h.connected();
  const other = h.emulator.organisations[1]!.tenantId;
  h.emulator.faults.inject({
    kind: 'status',
    status: 500,
    tenantId: other,
    method: 'GET',
    path: '/contacts',
    count: null,
  });
  await expect(xero.accountingApi.getContacts(h.tenantId)).resolves.toBeDefined();
  await expect(xero.accountingApi.getOrganisations(other)).resolves.toBeDefined();
  for (let i = 0; i < 3; i += 1)
    expect((await xeroNodeError(xero.accountingApi.getContacts(other))).response.statusCode).toBe(500);
  h.emulator.faults.clear();
  await expect(xero.accountingApi.getContacts(other)).resolves.toBeDefined();
});

test('a timeout fault hangs the connection until the client gives up (statusCode 0)', async () => {
  const { xero } = await h.connected({ httpTimeoutMs: 800 });
  h.emulator.faults.inject({ kind: 'timeout' });
  const contacts = new Contacts();
  contacts.contacts = [Object.assign(new Contact(), { name: 'Never' })];
  const err = await xeroNodeError(xero.accountingApi.createContacts(h.tenantId, contacts));
  expect(err.response.statusCode).toBe(0);
  expect(String(err.response.body)).toMatch(/timeout of 800ms exceeded/);
  // Unlike drop-response, nothing was processed.
  expect(h.emulator.books<StandInBooks>(h.tenantId).processed).toBe(0);
  await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
});

test('an organisation going offline answers 503 "The Organisation is Offline" until it is back', async () => {
  const { xero } = await h.connected();
  const other = h.emulator.organisations[1]!.tenantId;
  h.emulator.faults.takeOffline(h.tenantId);
  const err = await xeroNodeError(xero.accountingApi.getOrganisations(h.tenantId));
  expect(err.response.statusCode).toBe(503);
  expect(err.response.body).toBe('The Organisation is Offline');
  await expect(xero.accountingApi.getOrganisations(other)).resolves.toBeDefined();
  h.emulator.faults.bringOnline(h.tenantId);
  await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();
});

test('latency delays the answer but the call succeeds', async () => {
  const { xero } = await h.connected();
  h.emulator.faults.inject({ kind: 'latency', latencyMs: 200 });
  const started = process.hrtime.bigint();
  await xero.accountingApi.getOrganisations(h.tenantId);
  expect(Number(process.hrtime.bigint() - started) / 1e6).toBeGreaterThanOrEqual(190);
});

test('token-endpoint faults: a lost refresh response can be recovered within the grace period', async () => {
  const { xero, authorize } = await h.client({ httpTimeoutMs: 800 });
  const original = (await authorize()).refresh_token ?? '';
  h.emulator.faults.inject({ kind: 'drop-response', target: 'token' });
  const lost = await axiosError(xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', original));
  expect(lost.response).toBeUndefined();
  // The emulator did rotate; retrying the old token inside the 30-minute grace gets the new pair.
  const recovered = await xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', original);
  expect(recovered.refresh_token).not.toBe(original);
  await expect(xero.accountingApi.getOrganisations(h.tenantId)).resolves.toBeDefined();

  h.emulator.faults.inject({ kind: 'status', status: 500, target: 'token' });
  expect(
    (await axiosError(xero.refreshWithRefreshToken('sandbox', 'sandbox-secret', recovered.refresh_token)))
      .response?.status,
  ).toBe(500);
});

test('bad fault specifications are refused with the field named', () => {
  expect(() => h.emulator.faults.inject({ kind: 'status' })).toThrow(/status/);
  expect(() => h.emulator.faults.inject({ kind: 'latency' })).toThrow(/latencyMs/);
  expect(() => h.emulator.faults.inject({ kind: 'boom' as never })).toThrow(/kind/);
});
