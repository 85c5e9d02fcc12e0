/**
 * Xero webhooks → WhenAnInvoiceChanges, end to end through HTTP: the Xero emulator (signed batches, Intent to
 * Receive) and the real xero-node inside the proxy, a real callback server standing in for Power Automate.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { getDefinitionSchema } from '@dxc/openapi';
import { signXeroPayload } from './xero-signature';
import {
  booksOf,
  createOpenInvoices,
  eventually,
  settleWebhooks,
  startCallbackServer,
} from '../test-support/webhook-test-kit';
import type { CallbackServer, WebhookHarness } from '../test-support/webhook-test-kit';
import { startWebhookHarness } from '../test-support/webhook-test-kit';

jest.setTimeout(180_000);

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const isInvoiceChangedEvent = ajv.compile(getDefinitionSchema('InvoiceChangedEvent'));

describe('Xero webhooks and the WhenAnInvoiceChanges trigger', () => {
  let k: WebhookHarness;
  let tenantId: string;
  let invoices: ReturnType<typeof createOpenInvoices>;
  const callbacks: CallbackServer[] = [];
  const callback = async () => {
    const c = await startCallbackServer();
    callbacks.push(c);
    return c;
  };

  beforeAll(async () => {
    k = await startWebhookHarness();
    tenantId = k.connection.tenantId;
    invoices = createOpenInvoices(k.h.emulator, tenantId, 8);
    await settleWebhooks(k);
  });
  afterAll(async () => {
    await Promise.all(callbacks.map((c) => c.close()));
    await k?.close();
  });

  /** An AUTHORISED sales invoice with something left to pay, not used by another test. */
  const taken = new Set<string>();
  const openInvoice = () => {
    const invoice = invoices.find((i) => !taken.has(i.invoiceId));
    if (!invoice) throw new Error('no test invoice left');
    taken.add(invoice.invoiceId);
    return booksOf(k.h.emulator, tenantId).findInvoice(invoice.invoiceId)!;
  };

  const subscribe = async (callbackUrl: string, apiKey = k.apiKey, eventTypes?: string[]) => {
    const answer = await k.call('POST', '/v1/subscriptions', {
      apiKey,
      body: { callbackUrl, ...(eventTypes ? { eventTypes } : {}) },
    });
    expect(answer.status).toBe(201);
    return answer;
  };

  const postSigned = (payload: unknown, signatureKey = k.webhookKey) => {
    const raw = JSON.stringify(payload);
    return fetch(`${k.url}/webhooks/xero`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-xero-signature': signXeroPayload(raw, signatureKey) },
      body: raw,
    });
  };

  const invoiceEvent = (invoiceId: string, eventDateUtc: string) => ({
    resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${invoiceId}`,
    resourceId: invoiceId,
    eventDateUtc,
    eventType: 'UPDATE',
    eventCategory: 'INVOICE',
    tenantId,
    tenantType: 'ORGANISATION',
  });

  test('the signature decides: 200 with an empty body when good, 401 when bad or missing', async () => {
    const payload = { events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'ABCDEF' };
    const good = await postSigned(payload);
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('');
    expect(good.headers.get('set-cookie')).toBeNull();

    const wrongKey = await postSigned(payload, 'not-the-key');
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.text()).toBe('');

    // Same bytes re-serialised differently: the signature is over the raw body, so this one fails.
    const raw = JSON.stringify(payload);
    const reformatted = await fetch(`${k.url}/webhooks/xero`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-xero-signature': signXeroPayload(raw, k.webhookKey) },
      body: JSON.stringify(payload, null, 2),
    });
    expect(reformatted.status).toBe(401);

    const missing = await fetch(`${k.url}/webhooks/xero`, { method: 'POST', body: raw });
    expect(missing.status).toBe(401);
  });

  test("the emulator's Intent to Receive passes", async () => {
    const result = await k.h.emulator.webhooks.intentToReceive();
    expect(result.status).toBe('passed');
    expect(result.probes.map((p) => p.status)).toEqual(result.probes.map((p) => p.expectedStatus));
    expect(result.probes.some((p) => p.signature === 'invalid')).toBe(true);
  });

  test('subscribing answers 201 with the DELETE address; a payment in Xero reaches the callback as Paid', async () => {
    const cb = await callback();
    const answer = await subscribe(cb.url);
    const id = answer.body.subscriptionId as string;
    expect(answer.headers.get('location')).toBe(
      `${k.proxy.services.config.publicUrl}/v1/subscriptions/${id}`,
    );
    expect(answer.body.eventTypes).toEqual([]);

    const invoice = openInvoice();
    const amount = invoice.amountDue;
    booksOf(k.h.emulator, tenantId).recordPayment({ invoiceId: invoice.invoiceId, amount });

    const [notification] = await cb.waitForAccepted(1);
    expect(notification!.body).toMatchObject({
      tenantId,
      xeroInvoiceId: invoice.invoiceId,
      invoiceNumber: invoice.invoiceNumber,
      eventType: 'Paid',
      status: 'PAID',
      amountDue: 0,
      amountPaid: invoice.amountPaid + amount,
      invoiceType: 'ACCREC',
    });
    expect(isInvoiceChangedEvent(notification!.body)).toBe(true);
    expect(notification!.headers['content-type']).toMatch(/^application\/json/);
    expect(notification!.headers['x-dxc-event-id']).toBe(notification!.body.eventId);
    await k.call('DELETE', `/v1/subscriptions/${id}`);
  });

  test('repeated Xero deliveries give one notification per distinct event', async () => {
    const cb = await callback();
    const id = (await subscribe(cb.url)).body.subscriptionId as string;
    const invoice = openInvoice();
    const first = invoiceEvent(invoice.invoiceId, '2026-11-25T08:00:00.100');
    const second = invoiceEvent(invoice.invoiceId, '2026-11-25T08:00:05.200');
    const batch = {
      events: [first, first, second],
      firstEventSequence: 1,
      lastEventSequence: 3,
      entropy: 'X',
    };
    expect((await postSigned(batch)).status).toBe(200);
    expect((await postSigned(batch)).status).toBe(200);
    expect((await postSigned({ ...batch, events: [second] })).status).toBe(200);

    await cb.waitForAccepted(2);
    const outbox = await eventually(async () => {
      await k.proxy.services.webhooks.idle();
      const rows = await k.proxy.services.store.webhooks.listOutbox(id);
      return rows.length === 2 && rows.every((r) => r.deliveredAt) && rows;
    }, 'both notifications delivered');
    expect(new Set(outbox.map((r) => r.eventId)).size).toBe(2);
    expect(cb.accepted()).toHaveLength(2);
    expect(cb.accepted().map((n) => n.body.status)).toEqual(['AUTHORISED', 'AUTHORISED']);
    await k.call('DELETE', `/v1/subscriptions/${id}`);
  });

  test('a failing callback is retried until it answers, with the same event id', async () => {
    const cb = await callback();
    cb.answerNext(503, 500, 429);
    const id = (await subscribe(cb.url)).body.subscriptionId as string;
    const invoice = openInvoice();
    booksOf(k.h.emulator, tenantId).recordPayment({ invoiceId: invoice.invoiceId, amount: 1 });

    const [delivered] = await cb.waitForAccepted(1);
    expect(cb.received.map((r) => r.body.eventId)).toEqual(Array(4).fill(delivered!.body.eventId));
    expect(delivered!.body).toMatchObject({ xeroInvoiceId: invoice.invoiceId, status: 'AUTHORISED' });
    expect(delivered!.body.amountPaid).toBe(invoice.amountPaid + 1);
    const row = await eventually(async () => {
      const [r] = await k.proxy.services.store.webhooks.listOutbox(id);
      return r?.deliveredAt && r;
    }, 'the outbox row marked delivered');
    expect(row).toMatchObject({ attempts: 4, lastError: null });
    await k.call('DELETE', `/v1/subscriptions/${id}`);
  });

  test('a restart between the event and its delivery loses nothing', async () => {
    const cb = await callback();
    cb.answerAlways(503);
    const id = (await subscribe(cb.url)).body.subscriptionId as string;
    const invoice = openInvoice();
    booksOf(k.h.emulator, tenantId).recordPayment({
      invoiceId: invoice.invoiceId,
      amount: invoice.amountDue,
    });
    await eventually(async () => cb.received.length > 0, 'a first, failed, delivery attempt');
    await k.stop();
    cb.answerAlways(undefined);
    const before = cb.received.length;
    await k.restart();

    const [delivered] = await cb.waitForAccepted(1);
    expect(cb.received.length).toBeGreaterThan(before);
    expect(delivered!.body).toMatchObject({
      xeroInvoiceId: invoice.invoiceId,
      status: 'PAID',
      eventType: 'Paid',
    });
    await k.call('DELETE', `/v1/subscriptions/${id}`);
  });

  test('DeleteSubscription stops deliveries, is idempotent, and a 410 callback removes its subscription', async () => {
    const kept = await callback();
    const removed = await callback();
    const gone = await callback();
    gone.answerAlways(410);
    await subscribe(kept.url);
    const location = (await subscribe(removed.url)).headers.get('location')!;
    const goneId = (await subscribe(gone.url)).body.subscriptionId as string;
    const path = new URL(location).pathname;
    const deleted = await k.call('DELETE', path);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await k.call('DELETE', path)).status).toBe(204);

    const invoice = openInvoice();
    booksOf(k.h.emulator, tenantId).recordPayment({
      invoiceId: invoice.invoiceId,
      amount: invoice.amountDue,
    });
    await kept.waitForAccepted(1);
    await eventually(
      async () => (await k.proxy.services.store.webhooks.getSubscription(goneId))?.deletedAt,
      'the 410 subscription removed',
    );
    expect(removed.received).toHaveLength(0);
    expect(gone.received).toHaveLength(1);
    expect((await k.proxy.services.store.webhooks.getSubscription(goneId))?.deleteReason).toBe(
      'callback answered 410',
    );
  });

  test('eventTypes filters the kinds of change', async () => {
    const paidOnly = await callback();
    const all = await callback();
    const a = (await subscribe(paidOnly.url, k.apiKey, ['Paid'])).body.subscriptionId as string;
    const b = (await subscribe(all.url)).body.subscriptionId as string;
    const invoice = openInvoice();
    booksOf(k.h.emulator, tenantId).recordPayment({ invoiceId: invoice.invoiceId, amount: 1 });
    await all.waitForAccepted(1);
    expect(all.accepted()[0]!.body.eventType).toBe('Updated');
    booksOf(k.h.emulator, tenantId).recordPayment({
      invoiceId: invoice.invoiceId,
      amount: invoice.amountDue - 1,
    });
    const [paid] = await paidOnly.waitForAccepted(1);
    expect(paid!.body.eventType).toBe('Paid');
    expect(paidOnly.received).toHaveLength(1);
    await k.call('DELETE', `/v1/subscriptions/${a}`);
    await k.call('DELETE', `/v1/subscriptions/${b}`);
  });

  test('bad subscription requests are refused with the field named', async () => {
    const noUrl = await k.call('POST', '/v1/subscriptions', { body: {} });
    expect(noUrl.status).toBe(400);
    expect(JSON.stringify(noUrl.body)).toContain('callbackUrl');
    const ftp = await k.call('POST', '/v1/subscriptions', { body: { callbackUrl: 'ftp://example.com/x' } });
    expect(ftp.status).toBe(400);
    expect(JSON.stringify(ftp.body)).toContain('body.callbackUrl');
    const noKey = await k.call('POST', '/v1/subscriptions', {
      apiKey: 'nope',
      body: { callbackUrl: 'https://x.y' },
    });
    expect(noKey.status).toBe(401);
  });
});

describe('WhenAnInvoiceChanges across two organisations', () => {
  let k: WebhookHarness;
  afterAll(async () => k?.close());

  test("a key sees only its organisation's subscriptions and invoice changes", async () => {
    k = await startWebhookHarness({ emulator: { extraOrganisations: 1 } });
    const [orgA, orgB] = k.h.emulator.organisations;
    expect(orgA!.tenantId).toBe(k.connection.tenantId);
    const b = await k.connect(orgB!.tenantId);
    const invoiceB = createOpenInvoices(k.h.emulator, orgB!.tenantId, 1)[0]!;
    await settleWebhooks(k);
    const cbA = await startCallbackServer();
    const cbB = await startCallbackServer();
    try {
      const subA = await k.call('POST', '/v1/subscriptions', { body: { callbackUrl: cbA.url } });
      const subB = await k.call('POST', '/v1/subscriptions', {
        apiKey: b.apiKey,
        body: { callbackUrl: cbB.url },
      });
      const pathA = new URL(subA.headers.get('location')!).pathname;
      const pathB = new URL(subB.headers.get('location')!).pathname;

      expect((await k.call('DELETE', pathA, { apiKey: b.apiKey })).status).toBe(404);
      expect((await k.call('DELETE', pathB)).status).toBe(404);
      const unknown = await k.call('DELETE', '/v1/subscriptions/7f1c3f0e-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);

      booksOf(k.h.emulator, orgB!.tenantId).recordPayment({
        invoiceId: invoiceB.invoiceId,
        amount: invoiceB.amountDue,
      });
      const [toB] = await cbB.waitForAccepted(1);
      expect(toB!.body).toMatchObject({
        tenantId: orgB!.tenantId,
        xeroInvoiceId: invoiceB.invoiceId,
        status: 'PAID',
      });
      await k.proxy.services.webhooks.idle();
      expect(cbA.received).toHaveLength(0);
      // A's subscription survived B's attempt to delete it.
      expect((await k.call('DELETE', pathA)).status).toBe(204);
    } finally {
      await cbA.close();
      await cbB.close();
    }
  });
});
