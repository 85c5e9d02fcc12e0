/** Webhook delivery to a real local receiver: signing, Intent to Receive, batching, retries on the test clock. */
import { Contact, Contacts } from 'xero-node';
import { startHarness, type Harness } from '../support/harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const KEY = 'k3y/WithSymbols+AndLength==';
const MINUTE = 60_000;
let h: Harness;
let receiver: WebhookReceiver;

beforeEach(async () => {
  h = await startHarness();
  receiver = await startWebhookReceiver(KEY);
});
afterEach(async () => {
  await h.close();
  await receiver.close();
});

const contacts = (...names: string[]): Contacts =>
  Object.assign(new Contacts(), { contacts: names.map((name) => Object.assign(new Contact(), { name })) });

describe('Intent to Receive', () => {
  test('a receiver that checks signatures passes: good probes get 200, bad ones 401', async () => {
    const result = await h.emulator.webhooks.register({ url: receiver.url, key: KEY, intentProbes: 6 });
    expect(result?.status).toBe('passed');
    expect(result?.probes).toHaveLength(6);
    expect(result?.probes.map((p) => p.signature)).toEqual(expect.arrayContaining(['valid', 'invalid']));
    expect(receiver.received).toHaveLength(6);
    for (const post of receiver.received) {
      expect(post.body).toMatchObject({ events: [], firstEventSequence: 0, lastEventSequence: 0 });
      expect(post.body.entropy).toMatch(/^[A-Z0-9]+$/);
    }
    expect(receiver.received.filter((p) => !p.signatureValid).length).toBe(
      result?.probes.filter((p) => p.signature === 'invalid').length,
    );
    expect(h.emulator.webhooks.subscription.status).toBe('active');
  });

  test('a receiver that answers 200 to everything fails, and no events are delivered until it is fixed', async () => {
    receiver.mode = 'always-200';
    const result = await h.emulator.webhooks.register({ url: receiver.url, key: KEY });
    expect(result?.status).toBe('failed');
    expect(result?.probes.find((p) => p.signature === 'invalid')).toMatchObject({
      expectedStatus: 401,
      status: 200,
      ok: false,
    });
    expect(h.emulator.webhooks.subscription.status).toBe('intent-to-receive-failed');

    const { xero } = await h.connected();
    await xero.accountingApi.createContacts(h.tenantId, contacts('Held'));
    await h.emulator.webhooks.flushAndDeliver();
    const before = receiver.received.length;
    expect(h.emulator.webhooks.subscription.queuedBatches).toBe(1);

    receiver.mode = 'verify';
    expect((await h.emulator.webhooks.intentToReceive()).status).toBe('passed');
    const delivered = receiver.received.slice(before).filter((p) => p.body.events.length > 0);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.body.events[0]).toMatchObject({ eventCategory: 'CONTACT', eventType: 'CREATE' });
  });
});

describe('event delivery', () => {
  test('the events of one request arrive in one signed POST with increasing sequence numbers', async () => {
    await h.emulator.webhooks.register({ url: receiver.url, key: KEY });
    receiver.received.length = 0;
    const { xero } = await h.connected();
    const created = await xero.accountingApi.createContacts(h.tenantId, contacts('One', 'Two'));
    await h.emulator.webhooks.flushAndDeliver();
    await xero.accountingApi.createContacts(h.tenantId, contacts('Three'));
    await h.emulator.webhooks.flushAndDeliver();

    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(first?.signatureValid).toBe(true);
    expect(first?.body).toMatchObject({ firstEventSequence: 1, lastEventSequence: 2 });
    expect(first?.body.events.map((e) => e.resourceId)).toEqual(
      created.body.contacts?.map((c) => c.contactID),
    );
    expect(first?.body.events[0]).toMatchObject({
      tenantId: h.tenantId,
      tenantType: 'ORGANISATION',
      eventCategory: 'CONTACT',
    });
    expect(second?.body).toMatchObject({ firstEventSequence: 3, lastEventSequence: 3 });
    expect(
      h.emulator.webhooks.deliveries
        .filter((d) => d.kind === 'events')
        .every((d) => d.ok && d.status === 200),
    ).toBe(true);
  });

  test('a failing receiver is retried at once, then every 15 minutes (test clock), in order', async () => {
    await h.emulator.webhooks.register({ url: receiver.url, key: KEY });
    receiver.received.length = 0;
    receiver.script.push('fail-500', 'fail-500', 'fail-500');
    const { xero } = await h.connected();
    await xero.accountingApi.createContacts(h.tenantId, contacts('A'));
    await h.emulator.webhooks.flushAndDeliver();
    await xero.accountingApi.createContacts(h.tenantId, contacts('B'));
    await h.emulator.webhooks.flushAndDeliver();
    // First attempt and the immediate retry failed; the second batch waits behind the first.
    expect(receiver.received.map((p) => p.answered)).toEqual([500, 500]);
    expect(h.emulator.webhooks.subscription.queuedBatches).toBe(2);

    await h.emulator.advanceClock(14 * MINUTE);
    expect(receiver.received).toHaveLength(2);
    await h.emulator.advanceClock(MINUTE + 1000);
    expect(receiver.received.map((p) => p.answered)).toEqual([500, 500, 500]);
    await h.emulator.advanceClock(15 * MINUTE + 1000);
    expect(receiver.received.map((p) => p.answered)).toEqual([500, 500, 500, 200, 200]);
    expect(receiver.received.slice(3).map((p) => p.body.firstEventSequence)).toEqual([1, 2]);
    expect(h.emulator.webhooks.deliveries.filter((d) => d.kind === 'events').map((d) => d.attempt)).toEqual([
      1, 2, 3, 4, 1,
    ]);
  });

  test('no answer within the timeout counts as a failure', async () => {
    await h.emulator.webhooks.register({ url: receiver.url, key: KEY, timeoutMs: 300 });
    receiver.script.push('hang', 'hang');
    const { xero } = await h.connected();
    await xero.accountingApi.createContacts(h.tenantId, contacts('Slow'));
    await h.emulator.webhooks.flushAndDeliver();
    const attempts = h.emulator.webhooks.deliveries.filter((d) => d.kind === 'events');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ ok: false, status: null, error: 'no answer within 300 ms' });
  });

  test('after the give-up period the subscription is disabled; re-enabling delivers the held events', async () => {
    await h.emulator.webhooks.register({
      url: receiver.url,
      key: KEY,
      retryIntervalMs: 15 * MINUTE,
      giveUpAfterMs: 60 * MINUTE,
    });
    receiver.mode = 'fail-500';
    const { xero } = await h.connected();
    await xero.accountingApi.createContacts(h.tenantId, contacts('Lost?'));
    await h.emulator.webhooks.flushAndDeliver();
    for (let i = 0; i < 4; i += 1) await h.emulator.advanceClock(15 * MINUTE + 1000);
    expect(h.emulator.webhooks.subscription.status).toBe('disabled');
    receiver.mode = 'verify';
    await h.emulator.webhooks.reenable();
    expect(h.emulator.webhooks.subscription).toMatchObject({ status: 'active', queuedBatches: 0 });
    expect(receiver.received.at(-1)?.answered).toBe(200);
  });

  test('events emitted without a subscription are kept for inspection but not sent', async () => {
    const { xero } = await h.connected();
    await xero.accountingApi.createContacts(h.tenantId, contacts('Quiet'));
    expect(h.emulator.webhooks.emittedEvents).toHaveLength(1);
    expect(receiver.received).toHaveLength(0);
  });
});
