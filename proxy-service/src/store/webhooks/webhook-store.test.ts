/**
 * The WebhookStore contract, one suite against SQLite and PostgreSQL alike (like store/store.test.ts): events,
 * subscriptions and the outbox, leases (also with two stores claiming at once), and the retention purge.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../store';
import { newConnection, STORE_BACKENDS } from '../../test-support/store-backends';
import { upgradePostgresFrom, upgradeSqliteFrom } from '../../test-support/store-before-migration';
import type { OpenedStore } from '../../test-support/store-backends';
import type {
  BatchChange,
  FormedBatch,
  NewSubscription,
  OutboxRow,
  SubscriptionRecord,
  XeroEventRow,
} from './webhook-store';

const T0 = Date.parse('2026-11-25T09:00:00.000Z');
/** T0 plus seconds, as the stores keep times. */
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const DAY = 86_400;

let counter = 0;
function xeroEvent(overrides: Partial<XeroEventRow> = {}): XeroEventRow {
  counter += 1;
  return {
    eventKey: randomBytes(32).toString('hex'),
    eventId: randomUUID(),
    tenantId: 'tenant-a',
    eventCategory: 'INVOICE',
    eventType: 'UPDATE',
    resourceId: randomUUID(),
    eventDateUtc: `2026-11-25T08:00:${String(counter % 60).padStart(2, '0')}.000`,
    receivedAt: at(0),
    ...overrides,
  };
}

describe.each(STORE_BACKENDS)('webhook store on $name', (backend) => {
  let opened: OpenedStore;
  let store: Store;
  let tenantId: string;
  let connectionId: string;
  const others: Store[] = [];

  beforeEach(async () => {
    opened = await backend.open();
    store = opened.store;
    tenantId = randomUUID();
    connectionId = (
      await store.upsertConnection(newConnection({ tenantId, tokenExpiresAt: at(1800) }), at(0))
    ).id;
  });
  afterEach(async () => {
    await Promise.all(others.splice(0).map((s) => s.close()));
    await store.close();
    await opened.cleanup();
  });

  const subscribe = async (overrides: Partial<NewSubscription> = {}): Promise<string> => {
    const id = randomUUID();
    await store.webhooks.createSubscription({
      id,
      connectionId,
      tenantId,
      callbackUrl: `https://flows.example/${id}`,
      eventTypes: [],
      createdAt: at(0),
      ...overrides,
    });
    return id;
  };

  const notification = (
    subscriptionId: string,
    eventId: string,
    createdAt = at(0),
  ): Omit<OutboxRow, 'attempts'> => ({
    id: randomUUID(),
    subscriptionId,
    eventId,
    callbackUrl: `https://flows.example/${subscriptionId}`,
    payload: JSON.stringify({ eventId }),
    createdAt,
  });

  /** Queues one notification per given creation time (each through its own processed event). */
  const queue = async (subscriptionId: string, ...createdAt: string[]): Promise<string[]> => {
    const ids: string[] = [];
    for (const time of createdAt) {
      const e = xeroEvent();
      await store.webhooks.saveXeroEvents([e], at(0));
      const n = notification(subscriptionId, e.eventId, time);
      await store.webhooks.completeXeroEvent(
        e.eventKey,
        { invoiceStatus: null, outcome: 'queued 1' },
        [n],
        time,
      );
      ids.push(n.id);
    }
    return ids;
  };

  describe('Xero events', () => {
    test('saveXeroEvents keeps one row per event and counts only the new ones', async () => {
      const [a, b, c] = [xeroEvent(), xeroEvent(), xeroEvent()];
      expect(await store.webhooks.saveXeroEvents([a!, b!], at(0))).toBe(2);
      expect(await store.webhooks.saveXeroEvents([a!, b!, c!, c!], at(0))).toBe(1);
      expect(await store.webhooks.saveXeroEvents([], at(0))).toBe(0);
      const claimed = await store.webhooks.claimXeroEvents(at(0), at(60), 10);
      expect(claimed).toHaveLength(3);
      expect(claimed.find((e) => e.eventKey === a!.eventKey)).toEqual({ ...a, attempts: 0 });
    });

    test('a claim leases the oldest due events: not claimed again before the lease ends, claimed after it', async () => {
      const late = xeroEvent({ eventDateUtc: '2026-11-25T08:30:00.000' });
      const early = xeroEvent({ eventDateUtc: '2026-11-25T08:10:00.000' });
      const middle = xeroEvent({ eventDateUtc: '2026-11-25T08:20:00.000' });
      await store.webhooks.saveXeroEvents([late, early, middle], at(0));

      expect(await store.webhooks.claimXeroEvents(at(-1), at(60), 10)).toEqual([]); // not due before saved
      const first = await store.webhooks.claimXeroEvents(at(0), at(60), 2);
      expect(first.map((e) => e.eventKey)).toEqual([early.eventKey, middle.eventKey]);
      const second = await store.webhooks.claimXeroEvents(at(1), at(61), 10);
      expect(second.map((e) => e.eventKey)).toEqual([late.eventKey]);
      expect(await store.webhooks.claimXeroEvents(at(59), at(120), 10)).toEqual([]);
      // A crashed claimer's lease lapses: the events come back, still in Xero's order.
      const lapsed = await store.webhooks.claimXeroEvents(at(60), at(120), 10);
      expect(lapsed.map((e) => e.eventKey)).toEqual([early.eventKey, middle.eventKey]);
    });

    test('a processed event is never claimed again', async () => {
      const e = xeroEvent();
      await store.webhooks.saveXeroEvents([e], at(0));
      await store.webhooks.claimXeroEvents(at(0), at(60), 10);
      await store.webhooks.completeXeroEvent(
        e.eventKey,
        { invoiceStatus: 'PAID', outcome: 'queued 0' },
        [],
        at(1),
      );
      expect(await store.webhooks.claimXeroEvents(at(10 * DAY), at(10 * DAY + 60), 10)).toEqual([]);
      // Xero redelivering it changes nothing.
      expect(await store.webhooks.saveXeroEvents([e], at(2))).toBe(0);
      expect(await store.webhooks.claimXeroEvents(at(10 * DAY), at(10 * DAY + 60), 10)).toEqual([]);
    });

    test('completing an event queues its notifications in the same transaction', async () => {
      const sub = await subscribe();
      const e = xeroEvent();
      await store.webhooks.saveXeroEvents([e], at(0));
      const good = notification(sub, e.eventId);
      // An unknown subscription breaks the foreign key: nothing of the completion may remain.
      const broken = notification(randomUUID(), e.eventId);
      // Not toThrow(): better-sqlite3's addon keeps the error class of the first jest realm that loaded it, so in
      // a worker that ran another suite first its errors are no `instanceof Error` here.
      await expect(
        store.webhooks.completeXeroEvent(
          e.eventKey,
          { invoiceStatus: 'PAID', outcome: 'queued 2' },
          [good, broken],
          at(1),
        ),
      ).rejects.toHaveProperty('message', expect.stringMatching(/foreign key/i));
      expect(await store.webhooks.listOutbox(sub)).toEqual([]);
      expect((await store.webhooks.claimXeroEvents(at(1), at(60), 10)).map((x) => x.eventKey)).toEqual([
        e.eventKey,
      ]);
      expect(await store.webhooks.lastInvoiceStatus(e.tenantId, e.resourceId, 'other')).toBeNull();

      await store.webhooks.completeXeroEvent(
        e.eventKey,
        { invoiceStatus: 'PAID', outcome: 'queued 1' },
        [good],
        at(2),
      );
      expect(await store.webhooks.listOutbox(sub)).toEqual([
        {
          id: good.id,
          subscriptionId: sub,
          eventId: e.eventId,
          attempts: 0,
          deliveredAt: null,
          failedAt: null,
          lastError: null,
          payload: good.payload,
        },
      ]);
      expect(await store.webhooks.lastInvoiceStatus(e.tenantId, e.resourceId, 'other')).toBe('PAID');
      // Processing the same event again (a lapsed lease) does not queue a second notification.
      await store.webhooks.completeXeroEvent(
        e.eventKey,
        { invoiceStatus: 'PAID', outcome: 'queued 1' },
        [{ ...good, id: randomUUID() }],
        at(3),
      );
      expect(await store.webhooks.listOutbox(sub)).toHaveLength(1);
    });

    test('a failed event is retried at the time given, and given up (never claimed again) when none is', async () => {
      const [retried, abandoned] = [xeroEvent(), xeroEvent()];
      await store.webhooks.saveXeroEvents([retried, abandoned], at(0));
      await store.webhooks.claimXeroEvents(at(0), at(60), 10);
      await store.webhooks.retryXeroEvent(retried.eventKey, 'Xero unavailable', at(30), at(1));
      await store.webhooks.retryXeroEvent(abandoned.eventKey, 'Xero unavailable', null, at(1));
      expect(await store.webhooks.claimXeroEvents(at(29), at(90), 10)).toEqual([]);
      const again = await store.webhooks.claimXeroEvents(at(30), at(90), 10);
      expect(again).toEqual([{ ...retried, attempts: 1 }]);
      await store.webhooks.retryXeroEvent(retried.eventKey, 'Xero unavailable', at(100), at(31));
      expect(await store.webhooks.claimXeroEvents(at(100), at(160), 10)).toEqual([
        { ...retried, attempts: 2 },
      ]);
      expect(await store.webhooks.claimXeroEvents(at(10 * DAY), at(10 * DAY + 60), 10)).toEqual([
        { ...retried, attempts: 2 },
      ]);
      // A given-up event saw no status.
      expect(await store.webhooks.lastInvoiceStatus(tenantId, abandoned.resourceId, 'other')).toBeNull();
    });

    test('lastInvoiceStatus is the status of the last processed event of that invoice, other events aside', async () => {
      const invoice = randomUUID();
      const [draft, approved, paid, ignored, pending] = [1, 2, 3, 4, 5].map(() =>
        xeroEvent({ tenantId, resourceId: invoice }),
      );
      await store.webhooks.saveXeroEvents([draft!, approved!, paid!, ignored!, pending!], at(0));
      // Completed out of order: processing time decides, not the order of the calls.
      await store.webhooks.completeXeroEvent(
        paid!.eventKey,
        { invoiceStatus: 'PAID', outcome: 'x' },
        [],
        at(30),
      );
      await store.webhooks.completeXeroEvent(
        draft!.eventKey,
        { invoiceStatus: 'DRAFT', outcome: 'x' },
        [],
        at(10),
      );
      await store.webhooks.completeXeroEvent(
        approved!.eventKey,
        { invoiceStatus: 'AUTHORISED', outcome: 'x' },
        [],
        at(20),
      );
      await store.webhooks.completeXeroEvent(
        ignored!.eventKey,
        { invoiceStatus: null, outcome: 'x' },
        [],
        at(40),
      );

      expect(await store.webhooks.lastInvoiceStatus(tenantId, invoice, pending!.eventKey)).toBe('PAID');
      // The event being processed is not its own predecessor.
      expect(await store.webhooks.lastInvoiceStatus(tenantId, invoice, paid!.eventKey)).toBe('AUTHORISED');
      expect(await store.webhooks.lastInvoiceStatus('tenant-other', invoice, pending!.eventKey)).toBeNull();
      expect(await store.webhooks.lastInvoiceStatus(tenantId, randomUUID(), pending!.eventKey)).toBeNull();
    });
  });

  describe('subscriptions', () => {
    test('are created, found, listed while active per organisation, and deleted once', async () => {
      const second = await subscribe({ createdAt: at(20), eventTypes: ['Paid', 'Voided'] });
      const first = await subscribe({ createdAt: at(10) });
      expect(await store.webhooks.getSubscription(second)).toEqual({
        id: second,
        kind: 'invoice',
        connectionId,
        tenantId,
        callbackUrl: `https://flows.example/${second}`,
        eventTypes: ['Paid', 'Voided'],
        createdAt: at(20),
        deletedAt: null,
        deleteReason: null,
        groupId: null,
      });
      expect(await store.webhooks.getSubscription(randomUUID())).toBeUndefined();
      expect((await store.webhooks.listActiveSubscriptions(tenantId)).map((s) => s.id)).toEqual([
        first,
        second,
      ]);
      expect(await store.webhooks.listActiveSubscriptions(randomUUID())).toEqual([]);

      expect(await store.webhooks.deleteSubscription(first, 'flow turned off', at(30))).toBe(true);
      expect(await store.webhooks.deleteSubscription(first, 'again', at(40))).toBe(false);
      expect(await store.webhooks.getSubscription(first)).toMatchObject({
        deletedAt: at(30),
        deleteReason: 'flow turned off',
      });
      expect((await store.webhooks.listActiveSubscriptions(tenantId)).map((s) => s.id)).toEqual([second]);
      expect(await store.webhooks.deleteSubscription(randomUUID(), 'unknown', at(40))).toBe(false);
      expect((await store.webhooks.listSubscriptionGroup(second)).map((s) => s.id)).toEqual([second]);

      // Disconnecting the organisation takes its subscriptions with it.
      await store.deleteConnection(connectionId);
      expect(await store.webhooks.listActiveSubscriptions(tenantId)).toEqual([]);
    });

    test('deleting one drops its undelivered notifications and keeps what was delivered', async () => {
      const sub = await subscribe();
      const kept = await subscribe();
      const [delivered, waiting, retrying] = await queue(sub, at(1), at(2), at(3));
      const [other] = await queue(kept, at(4));
      await store.webhooks.markDelivered(delivered!, 202, at(5));
      await store.webhooks.markDeliveryFailed(retrying!, 'callback answered HTTP 503', at(100), at(5));

      await store.webhooks.deleteSubscription(sub, 'callback answered 410', at(10));
      const rows = await store.webhooks.listOutbox(sub);
      expect(rows.map((r) => [r.id, r.deliveredAt, r.failedAt])).toEqual([
        [delivered, at(5), null],
        [waiting, null, at(10)],
        [retrying, null, at(10)],
      ]);
      expect(rows[1]!.lastError).toBe('subscription deleted: callback answered 410');
      expect((await store.webhooks.claimOutbox(at(DAY), at(DAY + 60), 10)).map((r) => r.id)).toEqual([other]);
    });
  });

  describe('outbox', () => {
    test('a claim leases the oldest due notifications, respects the limit, and lapses', async () => {
      const sub = await subscribe();
      const [a, b, c] = await queue(sub, at(1), at(2), at(3));
      expect(await store.webhooks.claimOutbox(at(0), at(60), 10)).toEqual([]); // queued at 1, 2 and 3
      const first = await store.webhooks.claimOutbox(at(3), at(60), 2);
      expect(first.map((r) => r.id)).toEqual([a, b]);
      expect(first[0]).toMatchObject({ subscriptionId: sub, attempts: 0, createdAt: at(1) });
      expect(first[0]!.callbackUrl).toBe(`https://flows.example/${sub}`);
      expect((await store.webhooks.claimOutbox(at(4), at(61), 10)).map((r) => r.id)).toEqual([c]);
      expect(await store.webhooks.claimOutbox(at(59), at(120), 10)).toEqual([]);
      expect((await store.webhooks.claimOutbox(at(60), at(120), 10)).map((r) => r.id)).toEqual([a, b]);
    });

    test('delivered is final; a failure is retried at the time given, or given up when none is', async () => {
      const sub = await subscribe();
      const [delivered, retried, abandoned] = await queue(sub, at(1), at(2), at(3));
      await store.webhooks.claimOutbox(at(3), at(60), 10);
      await store.webhooks.markDeliveryFailed(delivered!, 'callback answered HTTP 500', at(10), at(4));
      await store.webhooks.markDelivered(delivered!, 202, at(11));
      await store.webhooks.markDeliveryFailed(retried!, 'callback unreachable: timed out', at(30), at(4));
      await store.webhooks.markDeliveryFailed(abandoned!, 'callback answered HTTP 500', null, at(4));

      expect(await store.webhooks.claimOutbox(at(29), at(90), 10)).toEqual([]);
      const again = await store.webhooks.claimOutbox(at(30), at(90), 10);
      expect(again.map((r) => [r.id, r.attempts])).toEqual([[retried, 1]]);
      expect(await store.webhooks.claimOutbox(at(10 * DAY), at(10 * DAY + 60), 10)).toHaveLength(1);

      const rows = await store.webhooks.listOutbox(sub);
      expect(
        rows.map((r) => ({
          id: r.id,
          attempts: r.attempts,
          d: r.deliveredAt,
          f: r.failedAt,
          e: r.lastError,
        })),
      ).toEqual([
        { id: delivered, attempts: 2, d: at(11), f: null, e: null },
        { id: retried, attempts: 1, d: null, f: null, e: 'callback unreachable: timed out' },
        { id: abandoned, attempts: 1, d: null, f: at(4), e: 'callback answered HTTP 500' },
      ]);
      expect(await store.webhooks.listOutbox(randomUUID())).toEqual([]);
    });
  });

  test('two stores claiming at once never take the same event or notification', async () => {
    const sub = await subscribe();
    const events = Array.from({ length: 60 }, () => xeroEvent());
    await store.webhooks.saveXeroEvents(events, at(0));
    const queued = await queue(sub, ...Array.from({ length: 60 }, () => at(1)));
    const second = opened.reopen();
    others.push(second);
    const claimers = [store, second, store, second];

    const claimedEvents: string[] = [];
    const claimedRows: string[] = [];
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(claimers.map((s) => s.webhooks.claimXeroEvents(at(2), at(600), 7)));
      const rows = await Promise.all(claimers.map((s) => s.webhooks.claimOutbox(at(2), at(600), 7)));
      for (const r of results) expect(r.length).toBeLessThanOrEqual(7);
      claimedEvents.push(...results.flat().map((e) => e.eventKey));
      claimedRows.push(...rows.flat().map((r) => r.id));
    }
    // The 60 queue() events were processed as they were queued: only the other 60 were ever due.
    expect(new Set(claimedEvents).size).toBe(claimedEvents.length);
    expect(new Set(claimedRows).size).toBe(claimedRows.length);
    expect(new Set(claimedEvents)).toEqual(new Set(events.map((e) => e.eventKey)));
    expect(new Set(claimedRows)).toEqual(new Set(queued));
  });

  describe('batched subscriptions', () => {
    /** One processed Xero event of `xeroInvoiceId` as a change waiting for the batched subscription `sub`. */
    const change = async (sub: string, xeroInvoiceId: string, changedAt: string): Promise<BatchChange> => {
      const e = xeroEvent();
      await store.webhooks.saveXeroEvents([e], changedAt);
      const c: BatchChange = {
        subscriptionId: sub,
        eventKey: e.eventKey,
        xeroInvoiceId,
        changedAt,
        createdAt: changedAt,
      };
      await store.webhooks.completeXeroEvent(
        e.eventKey,
        { invoiceStatus: null, outcome: 'batched 1' },
        [],
        changedAt,
        [c],
      );
      return c;
    };
    /** A `form` that takes every waiting change; `given` records what each call was given. */
    const takeAll =
      (now: string, given: BatchChange[][] = []) =>
      (_: SubscriptionRecord, waiting: BatchChange[]): FormedBatch => {
        given.push(waiting);
        const id = randomUUID();
        return {
          notification: {
            id,
            eventId: id,
            payload: JSON.stringify(waiting.map((w) => w.eventKey)),
            createdAt: now,
          },
          eventKeys: waiting.map((w) => w.eventKey),
        };
      };
    const keys = (changes: BatchChange[]) => changes.map((c) => c.eventKey);

    test('a subscription is per-invoice unless made batched', async () => {
      const invoice = await subscribe();
      const batched = await subscribe({ kind: 'batched' });
      expect((await store.webhooks.getSubscription(invoice))?.kind).toBe('invoice');
      expect((await store.webhooks.getSubscription(batched))?.kind).toBe('batched');
      expect(
        (await store.webhooks.listActiveSubscriptions(tenantId)).map((s) => [s.id, s.kind]).sort(),
      ).toEqual(
        [
          [invoice, 'invoice'],
          [batched, 'batched'],
        ].sort(),
      );
    });

    test('a batch takes the waiting changes, oldest first; the next waits for it to settle and for nextBatchAt', async () => {
      const sub = await subscribe({ kind: 'batched' });
      const later = await change(sub, 'inv-1', at(2));
      const earlier = await change(sub, 'inv-2', at(1));
      const given: BatchChange[][] = [];
      expect(await store.webhooks.queueBatches(at(3), takeAll(at(3), given))).toBe(1);
      expect(given.map(keys)).toEqual([keys([earlier, later])]);
      const [row] = await store.webhooks.claimOutbox(at(3), at(63), 10);
      expect(row).toMatchObject({
        subscriptionId: sub,
        callbackUrl: `https://flows.example/${sub}`,
        attempts: 0,
      });
      expect(JSON.parse(row!.payload)).toEqual(keys([earlier, later]));
      expect((await store.webhooks.listBatchChanges(sub)).map((c) => [c.eventKey, c.outboxId])).toEqual([
        [earlier.eventKey, row!.id],
        [later.eventKey, row!.id],
      ]);

      // While the batch is being delivered (retried included) no other is formed.
      const next = await change(sub, 'inv-1', at(4));
      expect(await store.webhooks.queueBatches(at(5), takeAll(at(5)))).toBe(0);
      await store.webhooks.markDeliveryFailed(row!.id, 'callback answered HTTP 503', at(10), at(5), at(999));
      expect(await store.webhooks.queueBatches(at(6), takeAll(at(6)))).toBe(0);
      await store.webhooks.markDelivered(row!.id, 202, at(11), at(131));
      expect(await store.webhooks.queueBatches(at(130), takeAll(at(130)))).toBe(0);
      const second: BatchChange[][] = [];
      expect(await store.webhooks.queueBatches(at(131), takeAll(at(131), second))).toBe(1);
      expect(second.map(keys)).toEqual([[next.eventKey]]);

      // A batch given up settles too: the next one may go from the nextBatchAt given.
      const [row2] = await store.webhooks.claimOutbox(at(131), at(191), 10);
      await store.webhooks.markDeliveryFailed(row2!.id, 'callback answered HTTP 500', null, at(140), at(260));
      const last = await change(sub, 'inv-3', at(150));
      expect(await store.webhooks.queueBatches(at(259), takeAll(at(259)))).toBe(0);
      // `form` may decline: nothing is queued and the changes keep waiting.
      expect(await store.webhooks.queueBatches(at(260), () => undefined)).toBe(0);
      expect(await store.webhooks.queueBatches(at(260), takeAll(at(260)))).toBe(1);
      expect((await store.webhooks.listBatchChanges(sub)).map((c) => c.eventKey)).toEqual(
        keys([earlier, later, next, last]),
      );
      expect((await store.webhooks.listBatchChanges(sub)).every((c) => c.outboxId !== null)).toBe(true);
      expect(await store.webhooks.listOutbox(sub)).toHaveLength(3);
    });

    test('an event processed again waits once; per-invoice and deleted subscriptions never get a batch', async () => {
      const sub = await subscribe({ kind: 'batched' });
      const c = await change(sub, 'inv-1', at(1));
      await store.webhooks.completeXeroEvent(c.eventKey, { invoiceStatus: null, outcome: 'x' }, [], at(2), [
        { ...c, createdAt: at(2) },
      ]);
      expect(await store.webhooks.listBatchChanges(sub)).toEqual([{ ...c, outboxId: null }]);

      const perInvoice = await subscribe();
      await change(perInvoice, 'inv-2', at(1));
      await store.webhooks.deleteSubscription(sub, 'flow removed', at(3));
      expect(await store.webhooks.queueBatches(at(10), takeAll(at(10)))).toBe(0);
      expect(await store.webhooks.listOutbox(perInvoice)).toEqual([]);
    });

    test('two stores queueing at once form one batch per subscription', async () => {
      const subs = await Promise.all([1, 2, 3, 4].map(() => subscribe({ kind: 'batched' })));
      for (const sub of subs) for (const n of [1, 2, 3]) await change(sub, `inv-${n}`, at(n));
      const second = opened.reopen();
      others.push(second);
      let queued = 0;
      for (let round = 0; round < 5; round++) {
        const counts = await Promise.all(
          [store, second, store, second].map((s) => s.webhooks.queueBatches(at(10), takeAll(at(10)))),
        );
        queued += counts.reduce((a, b) => a + b, 0);
      }
      expect(queued).toBe(subs.length);
      for (const sub of subs) expect(await store.webhooks.listOutbox(sub)).toHaveLength(1);
    });

    test('a purged batch takes its changes with it; changes still waiting stay', async () => {
      const sub = await subscribe({ kind: 'batched' });
      await change(sub, 'inv-1', at(1));
      await store.webhooks.queueBatches(at(2), takeAll(at(2)));
      const [row] = await store.webhooks.claimOutbox(at(2), at(62), 10);
      await store.webhooks.markDelivered(row!.id, 202, at(3));
      const waiting = await change(sub, 'inv-2', at(4));
      expect((await store.webhooks.purgeSettled(at(DAY))).outbox).toBe(1);
      expect(await store.webhooks.listBatchChanges(sub)).toEqual([{ ...waiting, outboxId: null }]);
    });
  });

  test('deferred events wait until the time given, without counting an attempt', async () => {
    const [held, done] = [xeroEvent(), xeroEvent()];
    await store.webhooks.saveXeroEvents([held, done], at(0));
    await store.webhooks.claimXeroEvents(at(0), at(60), 10);
    await store.webhooks.completeXeroEvent(done.eventKey, { invoiceStatus: null, outcome: 'x' }, [], at(1));
    await store.webhooks.deferXeroEvents([held.eventKey, done.eventKey], at(5));
    await store.webhooks.deferXeroEvents([], at(5));
    expect(await store.webhooks.claimXeroEvents(at(4), at(64), 10)).toEqual([]);
    expect(await store.webhooks.claimXeroEvents(at(5), at(65), 10)).toEqual([{ ...held, attempts: 0 }]);
  });

  describe('retention', () => {
    const CUT = at(DAY);
    const OLD = (s: number) => at(s);
    const NEW = (s: number) => at(DAY + s);

    test('purges processed events, keeping each invoice’s latest status and everything pending', async () => {
      const x = randomUUID();
      const y = randomUUID();
      const w = randomUUID();
      const e = (resourceId: string) => xeroEvent({ tenantId, resourceId });
      const [xDraft, xApproved, xIgnored, yOld, yNew, pending, retrying, abandoned, w1, w2] = [
        e(x),
        e(x),
        e(x),
        e(y),
        e(y),
        e(randomUUID()),
        e(randomUUID()),
        e(randomUUID()),
        e(w),
        e(w),
      ];
      await store.webhooks.saveXeroEvents(
        [xDraft!, xApproved!, xIgnored!, yOld!, yNew!, pending!, retrying!, abandoned!, w1!, w2!],
        OLD(0),
      );
      const done = (ev: XeroEventRow, status: string | null, time: string) =>
        store.webhooks.completeXeroEvent(ev.eventKey, { invoiceStatus: status, outcome: 'x' }, [], time);
      await done(xDraft!, 'DRAFT', OLD(10));
      await done(xApproved!, 'AUTHORISED', OLD(20));
      await done(xIgnored!, null, OLD(30));
      await done(yOld!, 'AUTHORISED', OLD(10));
      await done(yNew!, 'PAID', NEW(10));
      await store.webhooks.retryXeroEvent(retrying!.eventKey, 'Xero unavailable', OLD(60), OLD(5));
      await store.webhooks.retryXeroEvent(abandoned!.eventKey, 'Xero unavailable', null, OLD(5));
      // Processed at the same instant: the same one stays that lastInvoiceStatus reads.
      await done(w1!, 'DRAFT', OLD(10));
      await done(w2!, 'AUTHORISED', OLD(10));
      const wBefore = await store.webhooks.lastInvoiceStatus(tenantId, w, 'none');

      expect(await store.webhooks.purgeSettled(CUT)).toEqual({ events: 5, outbox: 0, subscriptions: 0 });

      expect(await store.webhooks.lastInvoiceStatus(tenantId, x, 'none')).toBe('AUTHORISED');
      expect(await store.webhooks.lastInvoiceStatus(tenantId, x, xApproved!.eventKey)).toBeNull(); // DRAFT gone
      expect(await store.webhooks.lastInvoiceStatus(tenantId, y, 'none')).toBe('PAID');
      expect(await store.webhooks.lastInvoiceStatus(tenantId, y, yNew!.eventKey)).toBeNull(); // old one gone
      expect(await store.webhooks.lastInvoiceStatus(tenantId, w, 'none')).toBe(wBefore);
      const due = await store.webhooks.claimXeroEvents(NEW(0), NEW(60), 10);
      expect(due.map((d) => d.eventKey).sort()).toEqual([pending!.eventKey, retrying!.eventKey].sort());
      // The survivors are what is needed, so a later purge finds nothing more.
      expect(await store.webhooks.purgeSettled(at(100 * DAY))).toEqual({
        events: 0,
        outbox: 0,
        subscriptions: 0,
      });
    });

    test('purges delivered and given-up notifications and emptied deleted subscriptions, never pending ones', async () => {
      const active = await subscribe();
      const [delivered, deliveredLate, abandoned, retrying, waiting] = await queue(
        active,
        OLD(1),
        OLD(2),
        OLD(3),
        OLD(4),
        OLD(5),
      );
      await store.webhooks.markDelivered(delivered!, 202, OLD(10));
      await store.webhooks.markDelivered(deliveredLate!, 202, NEW(10));
      await store.webhooks.markDeliveryFailed(abandoned!, 'callback answered HTTP 500', null, OLD(10));
      await store.webhooks.markDeliveryFailed(retrying!, 'callback answered HTTP 500', NEW(60), OLD(10));

      // Deleted long ago, its one notification dropped then: both go.
      const emptied = await subscribe();
      await queue(emptied, OLD(1));
      await store.webhooks.deleteSubscription(emptied, 'flow removed', OLD(20));
      // Deleted long ago, but a notification delivered recently is still kept: so is the subscription.
      const recent = await subscribe();
      const [recentRow] = await queue(recent, OLD(1));
      await store.webhooks.markDelivered(recentRow!, 202, NEW(1));
      await store.webhooks.deleteSubscription(recent, 'flow removed', OLD(20));
      // Deleted after the cut-off.
      const fresh = await subscribe();
      await store.webhooks.deleteSubscription(fresh, 'flow removed', NEW(20));
      // The processed events behind these notifications carry no status: they go with them.
      const events = 7;

      expect(await store.webhooks.purgeSettled(CUT)).toEqual({ events, outbox: 3, subscriptions: 1 });
      expect((await store.webhooks.listOutbox(active)).map((r) => r.id)).toEqual([
        deliveredLate,
        retrying,
        waiting,
      ]);
      expect(await store.webhooks.getSubscription(emptied)).toBeUndefined();
      expect(await store.webhooks.getSubscription(recent)).toMatchObject({ deletedAt: OLD(20) });
      expect(await store.webhooks.getSubscription(fresh)).toMatchObject({ deletedAt: NEW(20) });
      expect(await store.webhooks.getSubscription(active)).toMatchObject({ deletedAt: null });
      const due = await store.webhooks.claimOutbox(NEW(60), NEW(120), 10);
      expect(due.map((r) => r.id)).toEqual([retrying, waiting]);
    });
  });
});

/**
 * A store an older proxy left (migrations before the batched trigger, a subscription written by its INSERT): after
 * migrating, that subscription is a per-invoice one, and both kinds can be made.
 */
describe('subscriptions a proxy before migration 6 stored', () => {
  const OLD_INSERT = `INSERT INTO invoice_subscriptions (id, connection_id, tenant_id, callback_url, event_types,
    created_at) VALUES ($1, $2, $3, $4, '[]', $5)`;

  const upgrade = async (store: Store, insertOld: (values: string[]) => Promise<void>) => {
    const tenantId = randomUUID();
    const connection = await store.upsertConnection(newConnection({ tenantId }), at(0));
    const old = randomUUID();
    await insertOld([old, connection.id, tenantId, 'https://flows.example/old', at(0)]);
    await store.migrate();
    expect(await store.webhooks.getSubscription(old)).toMatchObject({ id: old, kind: 'invoice' });
    const batched = randomUUID();
    await store.webhooks.createSubscription({
      id: batched,
      kind: 'batched',
      connectionId: connection.id,
      tenantId,
      callbackUrl: 'https://flows.example/new',
      eventTypes: [],
      createdAt: at(1),
    });
    expect((await store.webhooks.listActiveSubscriptions(tenantId)).map((s) => s.kind)).toEqual([
      'invoice',
      'batched',
    ]);
  };

  test('SQLite', () => upgradeSqliteFrom(6, OLD_INSERT, upgrade));

  test('PostgreSQL', () => upgradePostgresFrom(6, OLD_INSERT, upgrade));
});
