/**
 * The admin portal's own tables on both stores: one-time notices (post-redirect-get) and the sync activity page's
 * reads — sync runs with their failures, and the webhook health of one organisation, built through the real
 * webhook store so the figures are what the pipeline writes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import { newConnection, STORE_BACKENDS } from '../test-support/store-backends';
import type { OpenedStore } from '../test-support/store-backends';
import type { XeroEventRow } from '../store/webhooks/webhook-store';
import type { SyncRunRecord } from './sync-activity-store';
import { syncRunOf } from '../http/sync-run-record';

const T0 = Date.parse('2026-12-01T09:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

describe.each(STORE_BACKENDS)('admin portal tables on $name', (backend) => {
  let opened: OpenedStore;
  let store: Store;
  beforeAll(async () => {
    opened = await backend.open();
    store = opened.store;
  });
  afterAll(async () => {
    await store.close();
    await opened.cleanup();
  });

  test('a notice is read by its own session only, once when taken, until it expires when peeked', async () => {
    const notices = store.adminNotices;
    const other = opened.reopen();
    try {
      await notices.save(
        { id: 'n-key', sessionHash: 's1', sealedPayload: 'sealed-key', expiresAt: at(15) },
        at(0),
      );
      await notices.save(
        { id: 'n-pick', sessionHash: 's1', sealedPayload: 'sealed-pick', expiresAt: at(15) },
        at(0),
      );
      expect(await notices.take('n-key', 's2', at(1))).toBeUndefined();
      // Another instance on the same data takes it; then it is gone everywhere.
      expect(await other.adminNotices.take('n-key', 's1', at(1))).toBe('sealed-key');
      expect(await notices.take('n-key', 's1', at(1))).toBeUndefined();

      expect(await notices.peek('n-pick', 's1', at(2))).toBe('sealed-pick');
      expect(await notices.peek('n-pick', 's1', at(3))).toBe('sealed-pick');
      expect(await notices.peek('n-pick', 's2', at(3))).toBeUndefined();
      expect(await notices.peek('n-pick', 's1', at(15))).toBeUndefined();
      expect(await notices.take('n-pick', 's1', at(15))).toBeUndefined();

      // Saving forgets the expired ones: the pick's id is free again.
      await notices.save(
        { id: 'n-pick', sessionHash: 's3', sealedPayload: 'again', expiresAt: at(40) },
        at(20),
      );
      expect(await notices.take('n-pick', 's3', at(21))).toBe('again');
    } finally {
      await other.close();
    }
  });

  test('sync runs: newest first with their failures, a failed batch with its message, 30 days kept', async () => {
    const tenantId = randomUUID();
    const run = (finishedAt: string, overrides: Partial<SyncRunRecord> = {}): SyncRunRecord => ({
      ...syncRunOf(
        tenantId,
        {
          response: {
            summary: { total: 3, created: 1, updated: 0, unchanged: 1, failed: 1 },
            results: [
              { invoiceId: randomUUID(), outcome: 'created', message: 'Created in Xero.' },
              { invoiceId: randomUUID(), outcome: 'unchanged', message: 'No change.' },
              {
                invoiceId: 'f0000000-0000-4000-8000-000000000001',
                outcome: 'failed',
                invoiceNumber: 'INV-9',
                message: 'Xero refused it: Account code 999 is not a valid code for this document.',
              },
            ],
          },
        },
        finishedAt,
      ),
      ...overrides,
    });
    const old = run(at(-31 * 24 * 60));
    await store.syncActivity.recordSyncRun(old, at(-60 * 24 * 60));
    await store.syncActivity.recordSyncRun(run(at(0)), at(-30 * 24 * 60));
    const failedBatch = syncRunOf(
      tenantId,
      { error: 'Xero is unavailable; try again later.', total: 4 },
      at(5),
    );
    await store.syncActivity.recordSyncRun(failedBatch, at(-30 * 24 * 60));
    await store.syncActivity.recordSyncRun(run(at(1), { tenantId: randomUUID() }), at(-30 * 24 * 60));

    const runs = await store.syncActivity.listSyncRuns(tenantId, 10);
    expect(runs.map((r) => r.finishedAt)).toEqual([at(5), at(0)]);
    expect(runs[0]).toEqual({ ...failedBatch, failures: [] });
    expect(runs[0]).toMatchObject({ total: 4, failed: 4, error: 'Xero is unavailable; try again later.' });
    expect(runs[1]).toMatchObject({ total: 3, created: 1, unchanged: 1, failed: 1, error: null });
    expect(runs[1]!.failures).toEqual([
      {
        invoiceId: 'f0000000-0000-4000-8000-000000000001',
        invoiceNumber: 'INV-9',
        message: 'Xero refused it: Account code 999 is not a valid code for this document.',
      },
    ]);
    expect(await store.syncActivity.listSyncRuns(tenantId, 1)).toHaveLength(1);
  });

  test('webhook health counts what the pipeline wrote for this organisation only', async () => {
    const tenantId = randomUUID();
    const connection = await store.upsertConnection(newConnection({ tenantId }), at(0));
    const empty = await store.syncActivity.webhookHealth(tenantId, at(0));
    expect(empty).toEqual({
      activeSubscriptions: 0,
      lastEventAt: null,
      eventsSince: 0,
      eventsWaiting: 0,
      lastEventProblem: null,
      notificationsWaiting: 0,
      deliveredSince: 0,
      givenUpSince: 0,
      lastDeliveredAt: null,
      lastDeliveryProblem: null,
    });

    const subscriptionId = randomUUID();
    await store.webhooks.createSubscription({
      id: subscriptionId,
      connectionId: connection.id,
      tenantId,
      callbackUrl: 'https://flows.example/one',
      eventTypes: [],
      createdAt: at(0),
    });
    const event = (receivedAt: string, owner = tenantId): XeroEventRow => ({
      eventKey: randomBytes(32).toString('hex'),
      eventId: randomUUID(),
      tenantId: owner,
      eventCategory: 'INVOICE',
      eventType: 'UPDATE',
      resourceId: randomUUID(),
      eventDateUtc: '2026-12-01T08:00:00.000',
      receivedAt,
    });
    const [delivered, givenUp, retrying, waiting] = [
      event(at(10)),
      event(at(20)),
      event(at(30)),
      event(at(40)),
    ];
    await store.webhooks.saveXeroEvents(
      [delivered!, givenUp!, retrying!, waiting!, event(at(50), randomUUID())],
      at(0),
    );
    const outboxIds: string[] = [];
    for (const e of [delivered!, givenUp!]) {
      const id = randomUUID();
      outboxIds.push(id);
      await store.webhooks.completeXeroEvent(
        e.eventKey,
        { invoiceStatus: 'AUTHORISED', outcome: 'queued 1' },
        [
          {
            id,
            subscriptionId,
            eventId: e.eventId,
            callbackUrl: 'https://flows.example/one',
            payload: '{}',
            createdAt: at(60),
          },
        ],
        at(60),
      );
    }
    await store.webhooks.markDelivered(outboxIds[0]!, 202, at(61));
    await store.webhooks.markDeliveryFailed(outboxIds[1]!, 'the flow answered 404', null, at(62));
    await store.webhooks.retryXeroEvent(retrying!.eventKey, 'Xero answered 503', at(90), at(63));

    const health = await store.syncActivity.webhookHealth(tenantId, at(15));
    expect(health).toEqual({
      activeSubscriptions: 1,
      lastEventAt: at(40),
      eventsSince: 3,
      eventsWaiting: 2,
      lastEventProblem: { at: at(30), message: 'Xero answered 503', givenUp: false },
      notificationsWaiting: 0,
      deliveredSince: 1,
      givenUpSince: 1,
      lastDeliveredAt: at(61),
      lastDeliveryProblem: { at: at(62), message: 'the flow answered 404', givenUp: true },
    });
  });
});
