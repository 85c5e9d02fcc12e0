import { randomUUID } from 'node:crypto';
import { Invoice } from 'xero-node';
import type { ConnectionRecord } from '../store/store';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(90_000);

/** Books invoices in the emulator the way any Xero client would: real xero-node calls. */
async function bookInvoices(
  h: Harness,
  connection: ConnectionRecord,
  invoices: Invoice[],
): Promise<Invoice[]> {
  const { token } = await h.proxy.services.vault.accessToken(
    (await h.proxy.services.store.getConnection(connection.id))!,
  );
  const api = h.proxy.services.factory.forAccessToken(token).accountingApi;
  const result = await h.proxy.services.factory.within(() =>
    api.createInvoices(connection.tenantId, { invoices }),
  );
  return result.body.invoices ?? [];
}

function salesInvoice(
  contactName: string,
  amount: number,
  dueDate: string,
  status = Invoice.StatusEnum.AUTHORISED,
): Invoice {
  return {
    type: Invoice.TypeEnum.ACCREC,
    contact: { name: contactName },
    date: '2026-01-05',
    dueDate,
    status,
    lineItems: [
      { description: 'Consulting', quantity: 1, unitAmount: amount, accountCode: '200', taxType: 'OUTPUT2' },
    ],
  };
}

describe('invoice statuses and contact balances through HTTP against the Xero emulator', () => {
  let h: Harness;
  let apiKey: string;
  let connection: ConnectionRecord;
  let booked: Invoice[];

  beforeAll(async () => {
    h = await startHarness();
    ({ apiKey, connection } = await h.connect());
    booked = await bookInvoices(h, connection, [
      salesInvoice('Status Test Ltd', 100, '2026-02-01'),
      salesInvoice('Status Test Ltd', 50, '2099-02-01'),
      salesInvoice('Draft Only Ltd', 70, '2099-02-01', Invoice.StatusEnum.DRAFT),
    ]);
  });
  afterAll(async () => h?.close());

  test('GetInvoiceStatuses by Xero ids returns status and amounts of each invoice found, leaving out unknown ids', async () => {
    const ids = booked.map((i) => i.invoiceID!);
    const { status, body } = await h.call('POST', '/v1/invoices/status', {
      apiKey,
      body: { xeroInvoiceIds: [...ids, randomUUID()] },
    });
    expect(status).toBe(200);
    expect(body.page).toBe(1);
    expect(body.hasMore).toBe(false);
    expect(body.invoices).toHaveLength(3);
    const first = body.invoices.find((i: { xeroInvoiceId: string }) => i.xeroInvoiceId === ids[0]);
    expect(first).toMatchObject({
      status: 'AUTHORISED',
      invoiceType: 'ACCREC',
      invoiceNumber: booked[0]!.invoiceNumber,
      amountPaid: 0,
      currencyCode: 'GBP',
    });
    expect(first.amountDue).toBeCloseTo(booked[0]!.total!, 2);
    expect(body.invoices.find((i: { xeroInvoiceId: string }) => i.xeroInvoiceId === ids[2]).status).toBe(
      'DRAFT',
    );
  });

  test('GetInvoiceStatuses by modified-since pages through everything changed, drafts and archived included', async () => {
    const { status, body } = await h.call('POST', '/v1/invoices/status', {
      apiKey,
      body: { modifiedSince: '2020-01-01T00:00:00Z', page: 1 },
    });
    expect(status).toBe(200);
    const ids = body.invoices.map((i: { xeroInvoiceId: string }) => i.xeroInvoiceId);
    for (const invoice of booked) expect(ids).toContain(invoice.invoiceID);
    expect(body.hasMore).toBe(false);
    const future = await h.call('POST', '/v1/invoices/status', {
      apiKey,
      body: { modifiedSince: '2099-01-01T00:00:00Z' },
    });
    expect(future.body).toEqual({ invoices: [], page: 1, hasMore: false });
  });

  test('GetInvoiceStatuses wants exactly one of ids or modified-since, naming both fields', async () => {
    for (const body of [{}, { xeroInvoiceIds: [randomUUID()], modifiedSince: '2026-01-01T00:00:00Z' }]) {
      const res = await h.call('POST', '/v1/invoices/status', { apiKey, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([
        'body.xeroInvoiceIds',
        'body.modifiedSince',
        'body.connections',
      ]);
    }
  });

  test('GetContactBalances gives outstanding and overdue per contact in the base currency', async () => {
    const contactId = booked[0]!.contact!.contactID!;
    const { status, body } = await h.call('POST', '/v1/contacts/balances', {
      apiKey,
      body: { xeroContactIds: [contactId, randomUUID()] },
    });
    expect(status).toBe(200);
    expect(body.contacts).toHaveLength(1);
    const balance = body.contacts[0];
    expect(balance).toMatchObject({ xeroContactId: contactId, name: 'Status Test Ltd', currencyCode: 'GBP' });
    expect(balance.outstanding).toBeCloseTo(booked[0]!.total! + booked[1]!.total!, 2);
    expect(balance.overdue).toBeCloseTo(booked[0]!.total!, 2);
  });

  test('write operations sit behind auth and contract validation; unknown subscriptions answer 404', async () => {
    const unauth = await h.call('POST', '/v1/invoices/sync', { body: {} });
    expect(unauth.status).toBe(401);
    const invalid = await h.call('POST', '/v1/invoices/cancel', { apiKey, body: { nonsense: true } });
    expect(invalid.status).toBe(400);
    const cancel = await h.call('DELETE', `/v1/subscriptions/${randomUUID()}`, { apiKey });
    expect(cancel.status).toBe(404);
    expect(cancel.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(cancel.body.requestId).toBe(cancel.headers.get('x-request-id'));
  });
});
