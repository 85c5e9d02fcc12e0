/**
 * A healthy start must not warn: Xero's Intent to Receive sends empty batches with deliberately wrong signatures
 * and expects 401, so those refusals are logged at info. A mis-signed batch that carries events is still a warning.
 */
import { startHarness } from '../test-support/proxy-harness';
import type { Harness } from '../test-support/proxy-harness';
import { signXeroPayload } from './xero-signature';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function post(body: unknown, signature: string): Promise<{ status: number; lines: string[] }> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${h.url}/webhooks/xero`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-xero-signature': signature },
    body: raw,
  });
  const id = res.headers.get('x-request-id');
  // pino writes asynchronously to the harness's sink: wait for the request's completion line.
  while (!h.logs.some((l) => l.includes(`"id":"${id}"`) && l.includes('request completed'))) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return { status: res.status, lines: h.logs.filter((l) => l.includes(`"id":"${id}"`)) };
}

const levels = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { level: number }).level);
const wrongSignature = signXeroPayload('something else', 'not-the-key');

test('an Intent to Receive probe with a wrong signature is refused 401 and logged at info only', async () => {
  const probe = { events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'ABCDEFGHIJ' };
  const { status, lines } = await post(probe, wrongSignature);
  expect(status).toBe(401);
  expect(lines.some((l) => l.includes('webhook_intent_probe_refused'))).toBe(true);
  expect(levels(lines).every((level) => level === 30)).toBe(true);
});

test('a mis-signed batch with events is refused 401 and still logged as a warning', async () => {
  const batch = {
    events: [
      {
        resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/0f8e1c2a-1111-4b1b-8a61-0a1b2c3d4e5f',
        resourceId: '0f8e1c2a-1111-4b1b-8a61-0a1b2c3d4e5f',
        eventDateUtc: '2026-02-02T10:00:00.000',
        eventType: 'UPDATE',
        eventCategory: 'INVOICE',
        tenantId: 'b3f1c7a2-4d5e-4f60-9a1b-2c3d4e5f6a7b',
        tenantType: 'ORGANISATION',
      },
    ],
    firstEventSequence: 7,
    lastEventSequence: 7,
    entropy: 'ABCDEFGHIJ',
  };
  const { status, lines } = await post(batch, wrongSignature);
  expect(status).toBe(401);
  expect(lines.some((l) => l.includes('webhook_bad_signature'))).toBe(true);
  expect(levels(lines)).toContain(40);
});
