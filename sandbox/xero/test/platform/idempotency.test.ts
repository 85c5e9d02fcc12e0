/** Idempotency-Key through xero-node: replay, mismatch, length limit, 6-minute retention, scope, lost responses. */
import { Contact, Contacts } from 'xero-node';
import { startHarness, xeroNodeError, type Harness } from '../support/harness';
import type { XeroEmulator } from '../../src';
import type { StandInBooks } from '../support/stand-in-accounting';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ extraOrganisations: 1 });
});
afterEach(async () => {
  await h.close();
});

const contacts = (name: string): Contacts => {
  const c = new Contact();
  c.name = name;
  const list = new Contacts();
  list.contacts = [c];
  return list;
};
const processed = (e: XeroEmulator, tenantId: string) => e.books<StandInBooks>(tenantId).processed;

test('the same key and body replays the stored answer without processing again (and still counts as a call)', async () => {
  const { xero } = await h.connected();
  const first = await xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'key-1');
  const again = await xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'key-1');
  expect(again.body.contacts?.[0]?.contactID).toBe(first.body.contacts?.[0]?.contactID);
  expect(again.response.data).toEqual(first.response.data);
  expect(again.response.headers['x-emulator-idempotent-replay']).toBe('true');
  expect(processed(h.emulator, h.tenantId)).toBe(1);
  expect(again.response.headers['x-minlimit-remaining']).toBe('58');
});

test('errors are stored and replayed too', async () => {
  const { xero } = await h.connected();
  const a = await xeroNodeError(
    xero.accountingApi.createContacts(h.tenantId, contacts('fail'), undefined, 'bad-1'),
  );
  const b = await xeroNodeError(
    xero.accountingApi.createContacts(h.tenantId, contacts('fail'), undefined, 'bad-1'),
  );
  expect(a.response.statusCode).toBe(400);
  expect(b.response.statusCode).toBe(400);
  expect(b.response.body).toEqual(a.response.body);
  expect(processed(h.emulator, h.tenantId)).toBe(1);
});

test('the same key with a different body is a 400, and the original is untouched', async () => {
  const { xero } = await h.connected();
  await xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'key-2');
  const err = await xeroNodeError(
    xero.accountingApi.createContacts(h.tenantId, contacts('Other'), undefined, 'key-2'),
  );
  expect(err.response.statusCode).toBe(400);
  expect(err.response.body).toMatchObject({ Message: expect.stringContaining('different request') });
  expect(processed(h.emulator, h.tenantId)).toBe(1);
});

test('a key longer than 128 characters is a 400; 128 is accepted', async () => {
  const { xero } = await h.connected();
  const err = await xeroNodeError(
    xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'k'.repeat(129)),
  );
  expect(err.response.statusCode).toBe(400);
  expect(err.response.body).toMatchObject({ Message: expect.stringContaining('128') });
  await expect(
    xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'k'.repeat(128)),
  ).resolves.toBeDefined();
  expect(processed(h.emulator, h.tenantId)).toBe(1);
});

test('keys are kept 6 minutes from the first call, then the same key is a new request', async () => {
  const { xero } = await h.connected();
  await xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'key-3');
  await h.emulator.advanceClock(5 * 60_000 + 50_000);
  await xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'key-3');
  expect(processed(h.emulator, h.tenantId)).toBe(1);
  await h.emulator.advanceClock(15_000);
  await xero.refreshToken();
  await xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'key-3');
  expect(processed(h.emulator, h.tenantId)).toBe(2);
});

test('keys are scoped per app and per tenant', async () => {
  const { xero } = await h.connected();
  const other = h.emulator.organisations[1]!.tenantId;
  await xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'shared');
  await xero.accountingApi.createContacts(other, contacts('Acme'), undefined, 'shared');
  expect(processed(h.emulator, other)).toBe(1);

  h.emulator.addApp({ clientId: 'second-app', clientSecret: 'second-secret' });
  const second = await h.connected({ clientId: 'second-app', clientSecret: 'second-secret' });
  await second.xero.accountingApi.createContacts(h.tenantId, contacts('Acme'), undefined, 'shared');
  expect(processed(h.emulator, h.tenantId)).toBe(2);
});

test('GETs ignore the header; calls without a key are processed every time', async () => {
  const { xero } = await h.connected();
  await xero.accountingApi.createContacts(h.tenantId, contacts('A'));
  await xero.accountingApi.createContacts(h.tenantId, contacts('A'));
  expect(processed(h.emulator, h.tenantId)).toBe(2);
  const res = await fetch(`${h.emulator.url}/api.xro/2.0/Contacts`, {
    headers: {
      Authorization: `Bearer ${xero.readTokenSet().access_token}`,
      'xero-tenant-id': h.tenantId,
      'Idempotency-Key': 'x'.repeat(300),
    },
  });
  expect(res.status).toBe(200);
});

test('a response lost on the way (drop-response fault) is replayed to the retry with the same key', async () => {
  const { xero } = await h.connected({ httpTimeoutMs: 1500 });
  h.emulator.faults.inject({ kind: 'drop-response', method: 'PUT', path: '/Contacts' });
  const lost = await xeroNodeError(
    xero.accountingApi.createContacts(h.tenantId, contacts('Lost'), undefined, 'retry-me'),
  );
  expect(lost.response.statusCode).toBe(0);
  expect(processed(h.emulator, h.tenantId)).toBe(1);
  const retried = await xero.accountingApi.createContacts(
    h.tenantId,
    contacts('Lost'),
    undefined,
    'retry-me',
  );
  expect(retried.body.contacts?.[0]?.name).toBe('Lost');
  expect(processed(h.emulator, h.tenantId)).toBe(1);
  expect(h.emulator.books<StandInBooks>(h.tenantId).contacts).toHaveLength(1);
});

test('a concurrent repeat waits for the first and gets its answer', async () => {
  const { xero } = await h.connected();
  const pause = h.emulator.books<StandInBooks>(h.tenantId).pauseNext();
  const first = xero.accountingApi.createContacts(h.tenantId, contacts('Twin'), undefined, 'twin');
  await pause.started;
  const second = xero.accountingApi.createContacts(h.tenantId, contacts('Twin'), undefined, 'twin');
  // The second is parked behind the first: nothing answers it until the first finishes.
  await h.emulator.idempotency.waitUntilWaiting(1);
  pause.resume();
  const [a, b] = await Promise.all([first, second]);
  expect(b.response.headers['x-emulator-idempotent-replay']).toBe('true');
  expect(a.body.contacts?.[0]?.contactID).toBe(b.body.contacts?.[0]?.contactID);
  expect(processed(h.emulator, h.tenantId)).toBe(1);
});
