/** The webhook pipeline on PostgreSQL: receipt → outbox → delivery, across a restart, on the shared store. */
import {
  booksOf,
  createOpenInvoices,
  eventually,
  settleWebhooks,
  startCallbackServer,
} from '../test-support/webhook-test-kit';
import type { WebhookHarness } from '../test-support/webhook-test-kit';
import { startWebhookHarness } from '../test-support/webhook-test-kit';

jest.setTimeout(180_000);

describe('Xero webhooks on PostgreSQL', () => {
  let k: WebhookHarness;
  afterAll(async () => k?.close());

  test('a payment reaches the callback after a restart, with one notification per event', async () => {
    k = await startWebhookHarness({ store: 'postgres' });
    const tenantId = k.connection.tenantId;
    const [invoice] = createOpenInvoices(k.h.emulator, tenantId, 1);
    await settleWebhooks(k);
    const cb = await startCallbackServer();
    try {
      cb.answerAlways(503);
      const sub = await k.call('POST', '/v1/subscriptions', { body: { callbackUrl: cb.url } });
      expect(sub.status).toBe(201);
      booksOf(k.h.emulator, tenantId).recordPayment({
        invoiceId: invoice!.invoiceId,
        amount: invoice!.amountDue,
      });
      await eventually(async () => cb.received.length > 0, 'a failed delivery attempt');
      await k.stop();
      cb.answerAlways(undefined);
      await k.restart();
      const [delivered] = await cb.waitForAccepted(1);
      expect(delivered!.body).toMatchObject({
        xeroInvoiceId: invoice!.invoiceId,
        status: 'PAID',
        amountDue: 0,
      });
      const rows = await eventually(async () => {
        const r = await k.proxy.services.store.webhooks.listOutbox(sub.body.subscriptionId as string);
        return r.every((x) => x.deliveredAt) && r;
      }, 'the outbox row delivered');
      expect(rows).toHaveLength(1);
      expect(new Set(cb.received.map((n) => n.body.eventId)).size).toBe(1);
    } finally {
      await cb.close();
    }
  });
});
