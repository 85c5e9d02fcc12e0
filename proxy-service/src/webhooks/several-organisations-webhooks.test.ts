/**
 * Change triggers of a key granted several organisations (issue 14), end to end: the emulator's signed webhooks,
 * the real proxy and real callback servers. A trigger without an organisation hears every organisation the key was
 * granted, each notification naming its own; one with an organisation hears only that one; no notification of an
 * organisation ever reaches a subscription that does not include it, and one DELETE removes the whole trigger.
 */
import { issueApiKey } from '../http/api-keys';
import { NZ_TENANT_ID, twoOrganisations } from '../test-support/two-organisations';
import {
  booksOf,
  createOpenInvoices,
  settleWebhooks,
  startCallbackServer,
  startWebhookHarness,
} from '../test-support/webhook-test-kit';
import type { CallbackServer, WebhookHarness } from '../test-support/webhook-test-kit';

jest.setTimeout(180_000);

let k: WebhookHarness;
const callbacks: CallbackServer[] = [];
afterAll(async () => {
  await Promise.all(callbacks.map((c) => c.close()));
  await k?.close();
});

test('each organisation’s changes reach only the subscriptions that include it; one DELETE ends a trigger of several', async () => {
  k = await startWebhookHarness({ emulator: { organisations: twoOrganisations(), extraOrganisations: 1 } });
  const [ukOrg, , otherOrg] = k.h.emulator.organisations;
  const uk = k.connection;
  expect(uk.tenantId).toBe(ukOrg!.tenantId);
  const nz = await k.connect(NZ_TENANT_ID);
  const other = await k.connect(otherOrg!.tenantId);
  const { key: bothKey } = await issueApiKey(
    k.proxy.services.store,
    [uk.id, nz.connection.id],
    'both',
    new Date().toISOString(),
  );
  const [ukInvoice] = createOpenInvoices(k.h.emulator, uk.tenantId, 1);
  const [nzInvoice] = createOpenInvoices(k.h.emulator, NZ_TENANT_ID, 1);
  const [otherInvoice] = createOpenInvoices(k.h.emulator, otherOrg!.tenantId, 1);
  await settleWebhooks(k);

  const callback = async () => {
    const c = await startCallbackServer();
    callbacks.push(c);
    return c;
  };
  const [toBoth, toNzOnly, toOther] = [await callback(), await callback(), await callback()];
  const both = await k.call('POST', '/v1/subscriptions', {
    apiKey: bothKey,
    body: { callbackUrl: toBoth.url },
  });
  expect(both.status).toBe(201);
  const nzOnly = await k.call('POST', `/v1/subscriptions?organisation=${NZ_TENANT_ID}`, {
    apiKey: bothKey,
    body: { callbackUrl: toNzOnly.url },
  });
  expect(nzOnly.status).toBe(201);
  const others = await k.call('POST', '/v1/subscriptions', {
    apiKey: other.apiKey,
    body: { callbackUrl: toOther.url },
  });
  expect(others.status).toBe(201);
  // A key cannot subscribe to an organisation it was not granted.
  const refused = await k.call('POST', `/v1/subscriptions?organisation=${otherOrg!.tenantId}`, {
    apiKey: bothKey,
    body: { callbackUrl: toBoth.url },
  });
  expect(refused.status).toBe(403);

  const pay = (tenantId: string, invoice: { invoiceId: string; amountDue: number }) =>
    booksOf(k.h.emulator, tenantId).recordPayment({
      invoiceId: invoice.invoiceId,
      amount: invoice.amountDue,
    });
  pay(uk.tenantId, ukInvoice!);
  pay(NZ_TENANT_ID, nzInvoice!);
  pay(otherOrg!.tenantId, otherInvoice!);
  await toBoth.waitForAccepted(2);
  await toNzOnly.waitForAccepted(1);
  await toOther.waitForAccepted(1);
  await settleWebhooks(k);
  await k.proxy.services.webhooks.idle();

  const heard = (c: CallbackServer) =>
    c.accepted().map((n) => `${n.body.tenantId as string} ${n.body.xeroInvoiceId as string}`);
  expect(heard(toBoth).sort()).toEqual(
    [`${uk.tenantId} ${ukInvoice!.invoiceId}`, `${NZ_TENANT_ID} ${nzInvoice!.invoiceId}`].sort(),
  );
  expect(heard(toNzOnly)).toEqual([`${NZ_TENANT_ID} ${nzInvoice!.invoiceId}`]);
  expect(heard(toOther)).toEqual([`${otherOrg!.tenantId} ${otherInvoice!.invoiceId}`]);

  // The trigger of both organisations is removed only by a key that reaches both, and then whole.
  const location = new URL(both.headers.get('location')!).pathname;
  expect((await k.call('DELETE', location, { apiKey: other.apiKey })).status).toBe(404);
  expect((await k.call('DELETE', location, { apiKey: nz.apiKey })).status).toBe(404);
  expect((await k.call('DELETE', location)).status).toBe(404); // the UK key alone
  expect((await k.call('DELETE', location, { apiKey: bothKey })).status).toBe(204);
  expect((await k.call('DELETE', location, { apiKey: bothKey })).status).toBe(204);

  const [ukLater] = createOpenInvoices(k.h.emulator, uk.tenantId, 1);
  const [nzLater] = createOpenInvoices(k.h.emulator, NZ_TENANT_ID, 1);
  await settleWebhooks(k);
  pay(uk.tenantId, ukLater!);
  pay(NZ_TENANT_ID, nzLater!);
  await toNzOnly.waitForAccepted(2);
  await settleWebhooks(k);
  await k.proxy.services.webhooks.idle();
  // The deleted trigger heard neither the new invoices nor their payments; the NZ-only one heard both of NZ's.
  expect(toBoth.accepted()).toHaveLength(2);
  expect(heard(toNzOnly)).toContain(`${NZ_TENANT_ID} ${nzLater!.invoiceId}`);
  expect(heard(toNzOnly).every((h) => h.startsWith(NZ_TENANT_ID))).toBe(true);
  expect(heard(toOther)).toEqual([`${otherOrg!.tenantId} ${otherInvoice!.invoiceId}`]);
});
