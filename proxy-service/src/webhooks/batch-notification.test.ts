/** formBatch: the InvoiceChangesNotification of a batched subscription's waiting changes. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import { getDefinitionSchema } from '@dxc/openapi';
import { formBatch, MAX_BATCH_IDS } from './batch-notification';
import type { BatchChange } from '../store/webhooks/webhook-store';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const isInvoiceChangesNotification = ajv.compile(getDefinitionSchema('InvoiceChangesNotification'));

const tenantId = randomUUID();
const NOW = '2026-11-25T09:10:00.000Z';
const change = (xeroInvoiceId: string, second: number): BatchChange => ({
  subscriptionId: 'sub',
  eventKey: randomUUID(),
  xeroInvoiceId,
  changedAt: new Date(Date.parse('2026-11-25T09:00:00.000Z') + second * 1000).toISOString(),
  createdAt: NOW,
});

describe('formBatch', () => {
  test('names each invoice once, in the order of its first change, and counts every event', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const waiting = [change(a, 1), change(b, 2), change(a, 3)];
    const batch = formBatch({ tenantId }, waiting, NOW)!;
    const body = JSON.parse(batch.notification.payload);
    expect(body).toEqual({
      notificationId: batch.notification.eventId,
      tenantId,
      xeroInvoiceIds: [a, b],
      eventCount: 3,
      firstChangeAt: waiting[0]!.changedAt,
      lastChangeAt: waiting[2]!.changedAt,
    });
    expect(isInvoiceChangesNotification(body)).toBe(true);
    expect(batch.notification.createdAt).toBe(NOW);
    expect(batch.eventKeys).toEqual(waiting.map((c) => c.eventKey));
  });

  test(`at most ${MAX_BATCH_IDS} invoices; the others' changes wait, but every change of a named invoice goes`, () => {
    const ids = Array.from({ length: MAX_BATCH_IDS + 5 }, () => randomUUID());
    const waiting = ids.map((id, i) => change(id, i));
    const again = change(ids[0]!, MAX_BATCH_IDS + 10);
    const batch = formBatch({ tenantId }, [...waiting, again], NOW)!;
    const body = JSON.parse(batch.notification.payload);
    expect(body.xeroInvoiceIds).toEqual(ids.slice(0, MAX_BATCH_IDS));
    expect(body.eventCount).toBe(MAX_BATCH_IDS + 1);
    expect(body.lastChangeAt).toBe(again.changedAt);
    expect(new Set(batch.eventKeys)).toEqual(
      new Set([...waiting.slice(0, MAX_BATCH_IDS), again].map((c) => c.eventKey)),
    );
    expect(isInvoiceChangesNotification(body)).toBe(true);
  });

  test('nothing waiting: no batch', () => {
    expect(formBatch({ tenantId }, [], NOW)).toBeUndefined();
  });
});
