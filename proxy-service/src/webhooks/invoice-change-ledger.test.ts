/**
 * The webhook pipeline and the invoice ledger, end to end through HTTP: invoices synced by the proxy's SyncInvoices,
 * paid in Xero through the emulator's Accounting API (real xero-node), notifications at a real callback server.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { getDefinitionSchema } from '@dxc/openapi';
import type { DataverseInvoice } from '@dxc/openapi';
import { invoice as dataverseInvoice, settings } from '../domain/invoices/test-support/batch-fixtures';
import { booksOf, startCallbackServer, startWebhookHarness } from '../test-support/webhook-test-kit';
import type { CallbackServer, ReceivedNotification, WebhookHarness } from '../test-support/webhook-test-kit';

jest.setTimeout(180_000);

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const isInvoiceChangedEvent = ajv.compile(getDefinitionSchema('InvoiceChangedEvent'));

describe('notifications and the invoice ledger', () => {
  let k: WebhookHarness;
  let cb: CallbackServer;
  let tenantId: string;
  let bookkeeperToken: string;

  beforeAll(async () => {
    k = await startWebhookHarness();
    tenantId = k.connection.tenantId;
    cb = await startCallbackServer();
    const subscribed = await k.call('POST', '/v1/subscriptions', { body: { callbackUrl: cb.url } });
    expect(subscribed.status).toBe(201);
    bookkeeperToken = await customConnectionToken(k, tenantId);
  });
  afterAll(async () => {
    await cb?.close();
    await k?.close();
  });

  const sync = (invoices: DataverseInvoice[]) =>
    k.call('POST', '/v1/invoices/sync', {
      body: {
        settings: settings({ defaultStatus: 'AUTHORISED', defaultPurchaseAccountCode: '310' }),
        invoices,
      },
    });

  /**
   * A payment made in Xero by someone else's app (the proxy's own scopes only read payments): PUT /Payments on the
   * emulator's Accounting API, so the emulator announces the change as Xero would.
   */
  const payInXero = async (xeroInvoiceId: string, amount: number) => {
    const response = await fetch(`${k.h.emulator.url}/api.xro/2.0/Payments`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${bookkeeperToken}`,
        'xero-tenant-id': tenantId,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        Payments: [
          {
            Invoice: { InvoiceID: xeroInvoiceId },
            Account: { Code: '090' },
            Date: booksOf(k.h.emulator, tenantId).today(),
            Amount: amount,
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
  };

  /** The notification of a payment, told apart from those of the invoice's creation by what was paid. */
  const paymentNotice = async (xeroInvoiceId: string, amountPaid: number): Promise<ReceivedNotification> => {
    const matches = (n: ReceivedNotification) =>
      n.body.xeroInvoiceId === xeroInvoiceId && n.body.amountPaid === amountPaid;
    for (let seen = 1; ; seen++) {
      await cb.waitForAccepted(seen);
      const found = cb.accepted().find(matches);
      if (found) return found;
    }
  };

  test('a notification names the Dataverse invoice; a change Xero would refuse after a payment is refused unsent', async () => {
    const ours = dataverseInvoice(71);
    const first = await sync([ours]);
    expect(first.status).toBe(200);
    expect(first.body.results[0]).toMatchObject({ outcome: 'created', status: 'AUTHORISED' });
    const xeroInvoiceId = first.body.results[0].xeroInvoiceId as string;

    await payInXero(xeroInvoiceId, 10);
    const notice = await paymentNotice(xeroInvoiceId, 10);
    expect(notice.body).toMatchObject({
      invoiceId: ours.invoiceId,
      xeroInvoiceId,
      status: 'AUTHORISED',
    });
    expect(isInvoiceChangedEvent(notice.body)).toBe(true);

    // The notifier read the payment, so the ledger knows it: the next sync refuses the change itself.
    const writes = k.h.emulator.faults.inject({
      kind: 'latency',
      latencyMs: 0,
      count: null,
      method: 'POST',
      path: '/Invoices',
      tenantId,
    });
    try {
      const changed = { ...ours, lines: [{ ...ours.lines[0]!, quantity: 7 }] };
      const second = await sync([changed]);
      expect(second.status).toBe(200);
      const result = second.body.results[0];
      expect(result).toMatchObject({ outcome: 'failed', xeroInvoiceId });
      expect(result.errors.map((e: { code: string }) => e.code)).toEqual(['not_changeable']);
      expect(result.message).toMatch(
        /payment or credit note allocated to it in Xero and can no longer be changed/,
      );
      expect(writes.hits).toBe(0);
    } finally {
      k.h.emulator.faults.remove(writes.id);
    }
    expect(booksOf(k.h.emulator, tenantId).findInvoice(xeroInvoiceId)!.lineItems[0]!.quantity).toBe(1);
  });

  test('an invoice the proxy never synced is notified without a Dataverse invoice id', async () => {
    const books = booksOf(k.h.emulator, tenantId);
    const contact = books.createContact({ name: 'Entered in Xero Ltd' });
    const theirs = books.createInvoice({
      contactId: contact.contactId,
      status: 'AUTHORISED',
      lineAmountTypes: 'NoTax',
      dueDate: books.today(),
      lineItems: [{ description: 'Typed in Xero', quantity: 1, unitAmount: 80, accountCode: '200' }],
    });
    await payInXero(theirs.invoiceId, 5);
    const notice = await paymentNotice(theirs.invoiceId, 5);
    expect(notice.body).toMatchObject({ xeroInvoiceId: theirs.invoiceId, status: 'AUTHORISED' });
    expect(notice.body).not.toHaveProperty('invoiceId');
    expect(isInvoiceChangedEvent(notice.body)).toBe(true);
  });
});

async function customConnectionToken(k: WebhookHarness, tenantId: string): Promise<string> {
  const clientId = 'bookkeeper-app';
  const clientSecret = 'bookkeeper-app-secret';
  const scope = 'accounting.transactions accounting.contacts';
  k.h.emulator.addApp({
    clientId,
    clientSecret,
    kind: 'custom-connection',
    tenantId,
    scopes: scope.split(' '),
  });
  const response = await fetch(`${k.h.emulator.url}/connect/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}
