/**
 * The platform in front of the real accounting books (src/accounting), end to end through xero-node: the seam
 * (tenant books in res.locals, book changes → webhooks, from the API and from direct writes alike), idempotent
 * replays of real documents, and the envelope.
 */
import { Contact, Contacts, Invoice, Invoices, LineAmountTypes, LineItem, Payment } from 'xero-node';
import { startXeroEmulator, type OrganisationBooks, type XeroEmulator } from '../../src';
import { connectXeroNode, type WiredXeroNode } from '../../src/xero-node-wiring';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let emulator: XeroEmulator;
let client: WiredXeroNode;
let receiver: WebhookReceiver;
let tenantId: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver('real-books-key');
  emulator = await startXeroEmulator({
    extraOrganisations: 1,
    webhook: { url: receiver.url, key: 'real-books-key', skipIntentToReceive: true },
  });
  tenantId = emulator.organisations[0]!.tenantId;
  client = await connectXeroNode(emulator.url);
  await client.authorize();
});
afterAll(async () => {
  client.dispose();
  await emulator.close();
  await receiver.close();
});

test('updateTenants(true) reads every organisation from the books; the tenant id is the OrganisationID', async () => {
  const tenants = await client.xero.updateTenants(true);
  expect(tenants).toHaveLength(2);
  const demo = tenants.find((t: { tenantId: string }) => t.tenantId === tenantId);
  expect(demo.tenantName).toBe('Demo Company (UK)');
  expect(demo.orgData.organisationID).toBe(tenantId);
  expect(demo.orgData.name).toBe('Demo Company (UK)');
});

test('a real contact and invoice: rate-limit headers, idempotent replay, and webhook events', async () => {
  const contact = Object.assign(new Contact(), { name: `Platform Test ${Date.now()}` });
  const createdContact = await client.xero.accountingApi.createContacts(
    tenantId,
    Object.assign(new Contacts(), { contacts: [contact] }),
  );
  expect(createdContact.response.headers['x-daylimit-remaining']).toMatch(/^\d+$/);
  expect(createdContact.response.data.ProviderName).toBe('Xero emulator demo app');
  const contactID = createdContact.body.contacts?.[0]?.contactID ?? '';

  const invoice = Object.assign(new Invoice(), {
    type: Invoice.TypeEnum.ACCREC,
    contact: Object.assign(new Contact(), { contactID }),
    lineAmountTypes: LineAmountTypes.Exclusive,
    date: '2026-11-01',
    dueDate: '2026-11-30',
    lineItems: [
      Object.assign(new LineItem(), {
        description: 'Consulting',
        quantity: 2,
        unitAmount: 50,
        accountCode: '200',
        taxType: 'OUTPUT2',
      }),
    ],
  });
  const body = Object.assign(new Invoices(), { invoices: [invoice] });
  const first = await client.xero.accountingApi.createInvoices(
    tenantId,
    body,
    undefined,
    undefined,
    'invoice-key-1',
  );
  const replay = await client.xero.accountingApi.createInvoices(
    tenantId,
    body,
    undefined,
    undefined,
    'invoice-key-1',
  );
  expect(replay.body.invoices?.[0]?.invoiceID).toBe(first.body.invoices?.[0]?.invoiceID);
  expect(replay.response.headers['x-emulator-idempotent-replay']).toBe('true');
  const all = await client.xero.accountingApi.getInvoices(tenantId);
  expect(all.body.invoices?.filter((i) => i.invoiceID === first.body.invoices?.[0]?.invoiceID)).toHaveLength(
    1,
  );

  await emulator.webhooks.flushAndDeliver();
  const events = receiver.received.flatMap((p) => (p.signatureValid ? p.body.events : []));
  expect(events).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        eventCategory: 'CONTACT',
        eventType: 'CREATE',
        resourceId: contactID,
        tenantId,
      }),
      expect.objectContaining({
        eventCategory: 'INVOICE',
        eventType: 'CREATE',
        resourceId: first.body.invoices?.[0]?.invoiceID,
        tenantId,
      }),
    ]),
  );
  // The replay did not emit a second INVOICE CREATE.
  expect(events.filter((e) => e.eventCategory === 'INVOICE')).toHaveLength(1);
});

test('the books of each tenant are separate', async () => {
  const other = emulator.organisations[1]!.tenantId;
  const name = `Only In Other ${Date.now()}`;
  await client.xero.accountingApi.createContacts(
    other,
    Object.assign(new Contacts(), { contacts: [Object.assign(new Contact(), { name })] }),
  );
  const inDemo = await client.xero.accountingApi.getContacts(tenantId, undefined, `Name=="${name}"`);
  expect(inDemo.body.contacts ?? []).toHaveLength(0);
  const inOther = await client.xero.accountingApi.getContacts(other, undefined, `Name=="${name}"`);
  expect(inOther.body.contacts).toHaveLength(1);
});

describe('every book change is one webhook event, whatever made it', () => {
  /** An AUTHORISED sales invoice written directly in the books, its creation already delivered. */
  const openInvoice = async () => {
    const books = emulator.books<OrganisationBooks>(tenantId);
    const contact = books.createContact({ name: `Webhook Source ${Date.now()}` });
    const invoice = books.createInvoice({
      contactId: contact.contactId,
      status: 'AUTHORISED',
      lineAmountTypes: 'NoTax',
      dueDate: books.today(),
      lineItems: [{ description: 'Consulting', quantity: 1, unitAmount: 120, accountCode: '200' }],
    });
    await emulator.webhooks.flushAndDeliver();
    return { books, invoice };
  };
  const postsAfter = async (before: number) => {
    await emulator.webhooks.flushAndDeliver();
    return receiver.received.slice(before);
  };
  const invoiceUpdate = (invoiceId: string) => ({
    resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${invoiceId}`,
    resourceId: invoiceId,
    eventDateUtc: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
    eventType: 'UPDATE',
    eventCategory: 'INVOICE',
    tenantId,
    tenantType: 'ORGANISATION',
  });

  test('creating a contact and an invoice directly in the books announces both', async () => {
    const before = receiver.received.length;
    const { invoice } = await openInvoice();
    const events = receiver.received.slice(before).flatMap((p) => p.body.events);
    expect(events.map((e) => [e.eventCategory, e.eventType, e.resourceId])).toEqual([
      ['CONTACT', 'CREATE', invoice.contactId],
      ['INVOICE', 'CREATE', invoice.invoiceId],
    ]);
  });

  test('a payment recorded directly in the books reaches the webhook as one signed INVOICE UPDATE', async () => {
    const { books, invoice } = await openInvoice();
    const before = receiver.received.length;
    const from = emulator.clock.now().getTime();
    books.recordPayment({ invoiceId: invoice.invoiceId, amount: 20 });
    const posts = await postsAfter(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ signatureValid: true, answered: 200 });
    expect(posts[0]!.body.events).toEqual([invoiceUpdate(invoice.invoiceId)]);
    expect(posts[0]!.body.lastEventSequence).toBe(posts[0]!.body.firstEventSequence);
    const at = Date.parse(`${String(posts[0]!.body.events[0]!.eventDateUtc)}Z`);
    expect(at).toBeGreaterThanOrEqual(from);
    expect(at).toBeLessThanOrEqual(emulator.clock.now().getTime());
  });

  test('a payment made through the API is announced once, not twice', async () => {
    const { invoice } = await openInvoice();
    const before = receiver.received.length;
    const paid = await client.xero.accountingApi.createPayment(
      tenantId,
      Object.assign(new Payment(), {
        invoice: { invoiceID: invoice.invoiceId },
        account: { code: '090' },
        amount: 20,
      }),
    );
    expect(paid.body.payments?.[0]?.status).toBe('AUTHORISED');
    const posts = await postsAfter(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.signatureValid).toBe(true);
    expect(posts[0]!.body.events).toEqual([invoiceUpdate(invoice.invoiceId)]);
  });
});
