/**
 * WhenInvoicesChange, the batched change trigger, end to end: the Xero emulator's signed webhooks, the real proxy
 * (its xero-node inside, its store), a real callback server standing in for Power Automate. The proxy runs on a
 * clock the test moves forward to pass WEBHOOK_BATCH_INTERVAL_SECONDS, so nothing waits on real time.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { getDefinitionSchema } from '@dxc/openapi';
import { invoice as dataverseInvoice, settings } from '../domain/invoices/test-support/batch-fixtures';
import {
  booksOf,
  createOpenInvoices,
  eventually,
  settleWebhooks,
  startCallbackServer,
  startWebhookHarness,
} from '../test-support/webhook-test-kit';
import type { CallbackServer, WebhookHarness, WebhookHarnessOptions } from '../test-support/webhook-test-kit';

jest.setTimeout(180_000);

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const isInvoiceChangesNotification = ajv.compile(getDefinitionSchema('InvoiceChangesNotification'));
const isInvoiceChangedEvent = ajv.compile(getDefinitionSchema('InvoiceChangedEvent'));

const INTERVAL_SECONDS = 300;

/** A webhook harness whose proxy clock the test moves (`passInterval`), with the batch interval above. */
async function startBatchedHarness(options: WebhookHarnessOptions = {}) {
  let offset = 0;
  const k = await startWebhookHarness({
    ...options,
    env: { WEBHOOK_BATCH_INTERVAL_SECONDS: String(INTERVAL_SECONDS), ...options.env },
    now: () => Date.now() + offset,
  });
  return {
    k,
    /** Moves the proxy's clock past the batch interval and runs a pass at once. */
    passInterval() {
      offset += INTERVAL_SECONDS * 1000 + 1000;
      k.proxy.services.webhooks.kick();
    },
  };
}

describe('WhenInvoicesChange', () => {
  let k: WebhookHarness;
  let passInterval: () => void;
  let tenantId: string;
  let invoices: ReturnType<typeof createOpenInvoices>;
  const callbacks: CallbackServer[] = [];
  const callback = async () => {
    const c = await startCallbackServer();
    callbacks.push(c);
    return c;
  };

  beforeAll(async () => {
    ({ k, passInterval } = await startBatchedHarness());
    tenantId = k.connection.tenantId;
    invoices = createOpenInvoices(k.h.emulator, tenantId, 12);
    await settleWebhooks(k);
  });
  afterAll(async () => {
    await Promise.all(callbacks.map((c) => c.close()));
    await k?.close();
  });

  const taken = new Set<string>();
  const openInvoices = (count: number) => {
    const found = invoices.filter((i) => !taken.has(i.invoiceId)).slice(0, count);
    if (found.length < count) throw new Error('no test invoice left');
    for (const i of found) taken.add(i.invoiceId);
    return found;
  };
  const pay = (invoiceId: string, amount = 1) =>
    booksOf(k.h.emulator, tenantId).recordPayment({ invoiceId, amount });
  const subscribeBatched = async (callbackUrl: string) => {
    const answer = await k.call('POST', '/v1/subscriptions/batched', { body: { callbackUrl } });
    expect(answer.status).toBe(201);
    return answer.body.subscriptionId as string;
  };
  const subscribePerInvoice = async (callbackUrl: string) => {
    const answer = await k.call('POST', '/v1/subscriptions', { body: { callbackUrl } });
    expect(answer.status).toBe(201);
    return answer.body.subscriptionId as string;
  };
  /** Xero API calls the proxy made for this organisation, as the emulator counts them. */
  const xeroCalls = (): number => k.h.emulator.limits.usage(tenantId)[0]?.total ?? 0;
  const waiting = async (subscriptionId: string) =>
    (await k.proxy.services.store.webhooks.listBatchChanges(subscriptionId)).filter((c) => !c.outboxId);

  test('subscribing answers 201 with the batched DELETE address; each DELETE removes only its own kind', async () => {
    const cb = await callback();
    const answer = await k.call('POST', '/v1/subscriptions/batched', { body: { callbackUrl: cb.url } });
    expect(answer.status).toBe(201);
    const batched = answer.body.subscriptionId as string;
    expect(answer.headers.get('location')).toBe(
      `${k.proxy.services.config.publicUrl}/v1/subscriptions/batched/${batched}`,
    );
    expect(answer.body.eventTypes).toEqual([]);
    expect(await k.proxy.services.store.webhooks.getSubscription(batched)).toMatchObject({ kind: 'batched' });
    const perInvoice = await subscribePerInvoice(cb.url);
    expect(await k.proxy.services.store.webhooks.getSubscription(perInvoice)).toMatchObject({
      kind: 'invoice',
    });

    const wrongKind = await k.call('DELETE', `/v1/subscriptions/${batched}`);
    expect(wrongKind.status).toBe(404);
    expect(JSON.stringify(wrongKind.body)).toContain('path.subscriptionId');
    expect((await k.call('DELETE', `/v1/subscriptions/batched/${perInvoice}`)).status).toBe(404);
    expect((await k.proxy.services.store.webhooks.listActiveSubscriptions(tenantId)).length).toBe(2);

    expect((await k.call('DELETE', `/v1/subscriptions/batched/${batched}`)).status).toBe(204);
    expect((await k.call('DELETE', `/v1/subscriptions/batched/${batched}`)).status).toBe(204);
    expect((await k.call('DELETE', `/v1/subscriptions/${perInvoice}`)).status).toBe(204);
    expect(await k.proxy.services.store.webhooks.listActiveSubscriptions(tenantId)).toEqual([]);
  });

  test('a batched subscription cannot filter kinds of change: eventTypes is refused, named', async () => {
    const answer = await k.call('POST', '/v1/subscriptions/batched', {
      body: { callbackUrl: 'https://flows.example/x', eventTypes: ['Paid'] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([
      expect.objectContaining({ field: 'body.eventTypes', reason: expect.stringMatching(/must be empty/) }),
    ]);
    expect(await k.proxy.services.store.webhooks.listActiveSubscriptions(tenantId)).toEqual([]);
  });

  test('a burst is one notification at once, a trickle after it one more after the interval; no Xero call', async () => {
    const cb = await callback();
    const id = await subscribeBatched(cb.url);
    const before = xeroCalls();
    const [a, b, c, d, e] = openInvoices(5);

    // Recorded in one turn: one Xero webhook batch, one notification, sent without waiting.
    for (const i of [a!, b!, c!]) pay(i.invoiceId);
    const [first] = await cb.waitForAccepted(1);
    expect(isInvoiceChangesNotification(first!.body)).toBe(true);
    expect(first!.body).toMatchObject({ tenantId, eventCount: 3 });
    expect([...first!.body.xeroInvoiceIds].sort()).toEqual([a!, b!, c!].map((i) => i.invoiceId).sort());
    expect(first!.headers['x-dxc-event-id']).toBe(first!.body.notificationId);
    expect(Date.parse(first!.body.firstChangeAt)).toBeLessThanOrEqual(Date.parse(first!.body.lastChangeAt));

    // A trickle: each change reaches the proxy on its own and waits for the interval.
    for (const i of [d!, e!, a!]) {
      pay(i.invoiceId);
      await settleWebhooks(k);
    }
    expect((await waiting(id)).map((w) => w.xeroInvoiceId)).toEqual([d!, e!, a!].map((i) => i.invoiceId));
    expect(cb.received).toHaveLength(1);

    passInterval();
    const second = (await cb.waitForAccepted(2))[1]!;
    expect(second.body).toMatchObject({
      tenantId,
      xeroInvoiceIds: [d!, e!, a!].map((i) => i.invoiceId),
      eventCount: 3,
    });
    expect(second.body.notificationId).not.toBe(first!.body.notificationId);
    expect(await waiting(id)).toEqual([]);

    // Nothing new: the next interval sends nothing.
    passInterval();
    await settleWebhooks(k);
    expect(cb.received).toHaveLength(2);
    expect(xeroCalls() - before).toBe(0);

    // A per-invoice subscription in the same organisation reads the changed invoices: one call per burst.
    const perInvoice = await callback();
    const perInvoiceId = await subscribePerInvoice(perInvoice.url);
    pay(b!.invoiceId);
    pay(c!.invoiceId);
    await perInvoice.waitForAccepted(2);
    expect(xeroCalls() - before).toBe(1);
    passInterval();
    const third = (await cb.waitForAccepted(3))[2]!;
    expect([...third.body.xeroInvoiceIds].sort()).toEqual([b!, c!].map((i) => i.invoiceId).sort());
    await k.call('DELETE', `/v1/subscriptions/batched/${id}`);
    await k.call('DELETE', `/v1/subscriptions/${perInvoiceId}`);
  });

  test('a batch is retried with the same notification id; a callback answering 410 removes its subscription', async () => {
    const retried = await callback();
    const gone = await callback();
    retried.answerNext(503, 429);
    gone.answerAlways(410);
    const retriedId = await subscribeBatched(retried.url);
    const goneId = await subscribeBatched(gone.url);
    const [i] = openInvoices(1);
    pay(i!.invoiceId);
    const [delivered] = await retried.waitForAccepted(1);
    expect(retried.received.map((r) => r.body.notificationId)).toEqual(
      Array(3).fill(delivered!.body.notificationId),
    );
    expect(delivered!.body).toMatchObject({ xeroInvoiceIds: [i!.invoiceId], eventCount: 1 });
    await eventually(
      async () => (await k.proxy.services.store.webhooks.getSubscription(goneId))?.deletedAt,
      'the 410 subscription removed',
    );
    expect(gone.received).toHaveLength(1);
    expect((await k.proxy.services.store.webhooks.getSubscription(goneId))?.deleteReason).toBe(
      'callback answered 410',
    );
    await k.call('DELETE', `/v1/subscriptions/batched/${retriedId}`);
  });

  test("the proxy's own writes start no batch and are marked on per-invoice notifications; a payment after is news", async () => {
    const batchedCb = await callback();
    const perInvoiceCb = await callback();
    const batched = await subscribeBatched(batchedCb.url);
    const perInvoice = await subscribePerInvoice(perInvoiceCb.url);
    const ours = [dataverseInvoice(901), dataverseInvoice(902), dataverseInvoice(903)];
    const synced = await k.call('POST', '/v1/invoices/sync', {
      body: {
        settings: settings({ defaultStatus: 'AUTHORISED', defaultPurchaseAccountCode: '310' }),
        invoices: ours,
      },
    });
    expect(synced.status).toBe(200);
    expect(synced.body.summary).toMatchObject({ created: 3, failed: 0 });
    const xeroIds = synced.body.results.map((r: { xeroInvoiceId: string }) => r.xeroInvoiceId) as string[];

    const echoes = await perInvoiceCb.waitForAccepted(3);
    expect(
      echoes.map((n) => [n.body.xeroInvoiceId, n.body.invoiceId, n.body.changedByThisProxy]).sort(),
    ).toEqual(xeroIds.map((x, i) => [x, ours[i]!.invoiceId, true]).sort());
    for (const n of echoes) expect(isInvoiceChangedEvent(n.body)).toBe(true);
    await settleWebhooks(k);
    expect(batchedCb.received).toEqual([]);
    expect(await k.proxy.services.store.webhooks.listBatchChanges(batched)).toEqual([]);

    // Cancelled by the proxy (voided): the same.
    const cancelled = await k.call('POST', '/v1/invoices/cancel', {
      body: { invoiceId: ours[2]!.invoiceId, policy: 'Void' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ action: 'Voided' });
    const [, , , voided] = await perInvoiceCb.waitForAccepted(4);
    expect(voided!.body).toMatchObject({
      xeroInvoiceId: xeroIds[2],
      status: 'VOIDED',
      eventType: 'Voided',
      changedByThisProxy: true,
    });
    await settleWebhooks(k);
    expect(batchedCb.received).toEqual([]);

    // Someone pays in Xero a little later (Xero's events carry the time): news for both triggers.
    await k.h.emulator.advanceClock(10_000);
    pay(xeroIds[0]!, 10);
    const [notice] = await batchedCb.waitForAccepted(1);
    expect(notice!.body).toMatchObject({ xeroInvoiceIds: [xeroIds[0]], eventCount: 1 });
    const paid = (await perInvoiceCb.waitForAccepted(5))[4]!;
    expect(paid.body).toMatchObject({
      xeroInvoiceId: xeroIds[0],
      invoiceId: ours[0]!.invoiceId,
      amountPaid: 10,
      changedByThisProxy: false,
    });
    await k.call('DELETE', `/v1/subscriptions/batched/${batched}`);
    await k.call('DELETE', `/v1/subscriptions/${perInvoice}`);
  });

  test("an event arriving while the proxy's write is under way waits for its answer, then is told as its own", async () => {
    const batchedCb = await callback();
    const perInvoiceCb = await callback();
    const batched = await subscribeBatched(batchedCb.url);
    const perInvoice = await subscribePerInvoice(perInvoiceCb.url);
    const { invoiceLedger } = k.proxy.services.store;
    const [target] = openInvoices(1);
    const dataverseId = dataverseInvoice(950).invoiceId;
    const key = `test-write-${Date.now()}`;
    // The proxy has journalled a write and sent it; Xero made the change and announces it before the answer is in.
    await invoiceLedger.journalIntent({
      tenantId,
      idempotencyKey: key,
      purpose: 'invoices.update',
      invoices: [{ invoiceId: dataverseId, hash: key }],
      createdAt: new Date(k.proxy.services.now()).toISOString(),
    });
    pay(target!.invoiceId);
    await settleWebhooks(k);
    expect(perInvoiceCb.received).toEqual([]);
    expect(await k.proxy.services.store.webhooks.listBatchChanges(batched)).toEqual([]);

    // The answer reaches the ledger (Xero's UpdatedDateUTC of the write) and completes the intent.
    const written = booksOf(k.h.emulator, tenantId).findInvoice(target!.invoiceId)!;
    await invoiceLedger.saveSyncLedger(
      tenantId,
      {
        invoices: {
          [dataverseId]: {
            xeroInvoiceId: target!.invoiceId,
            status: 'AUTHORISED',
            xeroUpdatedAt: written.updatedDateUtc.toISOString(),
          },
        },
        contacts: {},
        itemCodes: [],
      },
      [key],
      new Date(k.proxy.services.now()).toISOString(),
    );
    k.proxy.services.webhooks.kick();
    const [told] = await perInvoiceCb.waitForAccepted(1);
    expect(told!.body).toMatchObject({
      xeroInvoiceId: target!.invoiceId,
      invoiceId: dataverseId,
      changedByThisProxy: true,
    });
    await settleWebhooks(k);
    expect(batchedCb.received).toEqual([]);
    expect(await k.proxy.services.store.webhooks.listBatchChanges(batched)).toEqual([]);
    await k.call('DELETE', `/v1/subscriptions/batched/${batched}`);
    await k.call('DELETE', `/v1/subscriptions/${perInvoice}`);
  });
});

describe.each(['sqlite', 'postgres'] as const)('WhenInvoicesChange across a restart (%s)', (store) => {
  let k: WebhookHarness;
  afterAll(async () => k?.close());

  test('a batch pending when the proxy stops, and changes still waiting for their batch, are delivered after', async () => {
    let passInterval: () => void;
    ({ k, passInterval } = await startBatchedHarness({ store }));
    const tenantId = k.connection.tenantId;
    const [a, b] = createOpenInvoices(k.h.emulator, tenantId, 2);
    await settleWebhooks(k);
    const cb = await startCallbackServer();
    try {
      cb.answerAlways(503);
      const answer = await k.call('POST', '/v1/subscriptions/batched', { body: { callbackUrl: cb.url } });
      expect(answer.status).toBe(201);
      const id = answer.body.subscriptionId as string;
      booksOf(k.h.emulator, tenantId).recordPayment({ invoiceId: a!.invoiceId, amount: 1 });
      await eventually(async () => cb.received.length > 0, 'a first, failed, delivery attempt');
      await k.stop();
      cb.answerAlways(undefined);
      await k.restart();
      const [first] = await cb.waitForAccepted(1);
      expect(first!.body).toMatchObject({ xeroInvoiceIds: [a!.invoiceId], eventCount: 1 });

      // Waiting for the interval when the proxy stops: still there after the restart, sent once it has passed.
      booksOf(k.h.emulator, tenantId).recordPayment({ invoiceId: b!.invoiceId, amount: 1 });
      await settleWebhooks(k);
      expect(
        (await k.proxy.services.store.webhooks.listBatchChanges(id)).filter((c) => !c.outboxId),
      ).toHaveLength(1);
      await k.restart();
      passInterval();
      const second = (await cb.waitForAccepted(2))[1]!;
      expect(second.body).toMatchObject({ xeroInvoiceIds: [b!.invoiceId], eventCount: 1 });
      // Every attempt carried the same notification id as the delivery that was accepted.
      expect(new Set(cb.received.map((r) => r.body.notificationId))).toEqual(
        new Set([first!.body.notificationId, second.body.notificationId]),
      );
    } finally {
      await cb.close();
    }
  });
});
