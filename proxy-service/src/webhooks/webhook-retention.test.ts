/**
 * The notifier's retention: settled webhook rows older than `retentionMs` are purged at most once an hour, and
 * the counts are logged. A real proxy (its store and gateway) on SQLite and PostgreSQL; the notifier under test
 * runs on a clock the test moves, the proxy's own one is stopped so that only the test's runs passes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createLogger } from '../logger';
import type { Store } from '../store/store';
import { startHarness } from '../test-support/proxy-harness';
import type { Harness } from '../test-support/proxy-harness';
import { InvoiceChangeNotifier, PURGE_EVERY_MS } from './invoice-change-notifier';
import type { XeroEventRow } from '../store/webhooks/webhook-store';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(['sqlite', 'postgres'] as const)('webhook retention on %s', (kind) => {
  let h: Harness;
  let store: Store;
  let connectionId: string;
  let tenantId: string;

  beforeAll(async () => {
    h = await startHarness({ store: kind });
    await h.proxy.services.webhooks.stop();
    ({
      connection: { id: connectionId, tenantId },
    } = await h.connect());
    store = h.proxy.services.store;
  });
  afterAll(async () => h?.close());

  const xeroEvent = (resourceId: string): XeroEventRow => ({
    eventKey: randomBytes(32).toString('hex'),
    eventId: randomUUID(),
    tenantId,
    eventCategory: 'INVOICE',
    eventType: 'UPDATE',
    resourceId,
    eventDateUtc: '2026-11-20T08:00:00.000',
    receivedAt: '2026-11-20T08:00:00.000Z',
  });
  /** Saves an event and marks it processed at `time` with `status`. */
  const processed = async (resourceId: string, status: string | null, time: number) => {
    const e = xeroEvent(resourceId);
    const iso = new Date(time).toISOString();
    await store.webhooks.saveXeroEvents([e], iso);
    await store.webhooks.completeXeroEvent(e.eventKey, { invoiceStatus: status, outcome: 'x' }, [], iso);
    return e;
  };

  test('settled rows older than retentionMs are purged at most once an hour, and the counts logged', async () => {
    const start = Date.parse('2026-12-01T00:00:00.000Z');
    let clock = start;
    const lines: string[] = [];
    const notifier = new InvoiceChangeNotifier({
      store,
      gateway: h.proxy.services.gateway,
      logger: createLogger({
        level: 'info',
        destination: { write: (line: string) => void lines.push(line) },
      }),
      now: () => clock,
      pollMs: 3_600_000,
      retentionMs: 2 * DAY,
    });
    const pass = async () => {
      notifier.kick();
      await notifier.idle();
    };
    const purges = () =>
      lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'webhook_purge');

    // Three days old: an event without status, and a delivered notification with its event.
    const old = start - 3 * DAY;
    await processed(randomUUID(), null, old);
    const sub = randomUUID();
    await store.webhooks.createSubscription({
      id: sub,
      connectionId,
      tenantId,
      callbackUrl: 'https://flows.example/cb',
      eventTypes: [],
      createdAt: new Date(old).toISOString(),
    });
    const e = xeroEvent(randomUUID());
    await store.webhooks.saveXeroEvents([e], new Date(old).toISOString());
    const row = {
      id: randomUUID(),
      subscriptionId: sub,
      eventId: e.eventId,
      callbackUrl: 'https://flows.example/cb',
      payload: '{}',
      createdAt: new Date(old).toISOString(),
    };
    await store.webhooks.completeXeroEvent(
      e.eventKey,
      { invoiceStatus: null, outcome: 'queued 1' },
      [row],
      new Date(old).toISOString(),
    );
    await store.webhooks.markDelivered(row.id, 202, new Date(old).toISOString());
    // One day old: kept (retention is two days), though a later event of the same invoice exists.
    const young = randomUUID();
    await processed(young, 'DRAFT', start - DAY);
    const youngLatest = await processed(young, 'AUTHORISED', start - DAY + 1000);
    const youngEarlier = () => store.webhooks.lastInvoiceStatus(tenantId, young, youngLatest.eventKey);

    await pass();
    expect(purges()).toEqual([
      expect.objectContaining({
        before: new Date(start - 2 * DAY).toISOString(),
        events: 2,
        outbox: 1,
        subscriptions: 0,
      }),
    ]);
    expect(await store.webhooks.listOutbox(sub)).toEqual([]);
    expect(await youngEarlier()).toBe('DRAFT');

    // Settled after that purge; the next pass within the hour leaves it.
    const invoice = randomUUID();
    await processed(invoice, 'DRAFT', old);
    const latest = await processed(invoice, 'AUTHORISED', old + 1000);
    const earlier = () => store.webhooks.lastInvoiceStatus(tenantId, invoice, latest.eventKey);
    clock = start + PURGE_EVERY_MS - 1000;
    await pass();
    expect(purges()).toHaveLength(1);
    expect(await earlier()).toBe('DRAFT');

    clock = start + PURGE_EVERY_MS;
    await pass();
    expect(purges()).toHaveLength(2);
    // The older status went; the latest stays for the next event of this invoice.
    expect(purges()[1]).toMatchObject({ events: 1, outbox: 0, subscriptions: 0 });
    expect(await earlier()).toBeNull();
    expect(await store.webhooks.lastInvoiceStatus(tenantId, invoice, 'none')).toBe('AUTHORISED');
    expect(await youngEarlier()).toBe('DRAFT');
    await notifier.stop();
  });
});
