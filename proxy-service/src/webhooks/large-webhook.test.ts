/**
 * Xero's webhook bodies are stored whole: a correctly signed delivery of 1,001 events keeps all 1,001 (they were
 * all dropped behind a 200 when the payload schema capped events at 1,000), and an unreadable event among good
 * ones is named in the log while the good ones are kept.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
let tenantId: string;
beforeAll(async () => {
  h = await startHarness();
  tenantId = (await h.connect()).connection.tenantId;
});
afterAll(async () => h?.close());

const invoiceEvent = (resourceId = randomUUID()) => ({
  resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
  resourceId,
  eventDateUtc: '2026-11-25T09:00:00.000',
  eventType: 'UPDATE',
  eventCategory: 'INVOICE',
  tenantId,
  tenantType: 'ORGANISATION',
});

async function deliver(events: unknown[]): Promise<number> {
  const body = JSON.stringify({
    events,
    firstEventSequence: 1,
    lastEventSequence: events.length,
    entropy: 'E',
  });
  const signature = createHmac('sha256', h.env.XERO_WEBHOOK_KEY!).update(body).digest('base64');
  const res = await fetch(`${h.url}/webhooks/xero`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-xero-signature': signature },
    body,
  });
  return res.status;
}

const logged = (event: string) =>
  h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === event);

test('a signed delivery of 1,001 events stores every one of them (a repeat stores none again)', async () => {
  const events = Array.from({ length: 1001 }, () => invoiceEvent());
  expect(await deliver(events)).toBe(200);
  expect(logged('webhook_received').at(-1)).toMatchObject({ events: 1001, new: 1001 });
  expect(await deliver(events)).toBe(200);
  expect(logged('webhook_received').at(-1)).toMatchObject({ events: 1001, new: 0 });
});

test('an unreadable event among good ones: the good ones are stored, the bad one is named in an error log', async () => {
  const events = [invoiceEvent(), { eventType: 'UPDATE' }, invoiceEvent()];
  expect(await deliver(events)).toBe(200);
  expect(logged('webhook_received').at(-1)).toMatchObject({ events: 2, new: 2 });
  expect(logged('webhook_events_unreadable').at(-1)).toMatchObject({
    level: 50,
    unreadable: 1,
    first: [{ index: 1, problems: expect.arrayContaining([expect.stringMatching(/^resourceId: /)]) }],
  });
});
