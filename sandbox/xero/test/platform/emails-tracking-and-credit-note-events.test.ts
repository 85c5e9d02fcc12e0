/**
 * The platform around issue 14's accounting features, through xero-node and the /__emulator control API: invoice
 * emails are exactly-once under an Idempotency-Key and count as calls; tests in another process can count emails
 * and seed tracking categories; CREDITNOTE webhook events reach only subscriptions that ask for them.
 */
import { CreditNote, Invoice } from 'xero-node';
import { startXeroEmulator, type OrganisationBooks, type XeroEmulator } from '../../src';
import { connectXeroNode, type WiredXeroNode } from '../../src/xero-node-wiring';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let emulator: XeroEmulator;
let client: WiredXeroNode;
let receiver: WebhookReceiver;
let tenantId: string;
let contactID: string;
const api = () => client.xero.accountingApi;
const books = () => emulator.books<OrganisationBooks>(tenantId);

beforeAll(async () => {
  receiver = await startWebhookReceiver('issue-14-key');
  emulator = await startXeroEmulator({
    webhook: { url: receiver.url, key: 'issue-14-key', skipIntentToReceive: true },
  });
  tenantId = emulator.organisations[0]!.tenantId;
  client = await connectXeroNode(emulator.url);
  await client.authorize();
  contactID = books().createContact({
    name: 'Platform Mail Ltd',
    emailAddress: 'ap@platform.example',
  }).contactId;
});
afterAll(async () => {
  client.dispose();
  await emulator.close();
  await receiver.close();
});

async function control<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

function approvedInvoice(): string {
  return books().createInvoice({
    contactId: contactID,
    status: 'AUTHORISED',
    date: '2026-11-02',
    dueDate: '2026-12-02',
    lineItems: [{ description: 'Work', quantity: 1, unitAmount: 50, accountCode: '200' }],
  }).invoiceId;
}

test('an email retried with the same Idempotency-Key is sent once; each call counts against the limits', async () => {
  const invoiceId = approvedInvoice();
  const first = await api().emailInvoice(tenantId, invoiceId, {}, 'email-once-1');
  const retry = await api().emailInvoice(tenantId, invoiceId, {}, 'email-once-1');
  expect([first.response.status, retry.response.status]).toEqual([204, 204]);
  expect(retry.response.headers['x-emulator-idempotent-replay']).toBe('true');
  expect(books().emailsSentFor(invoiceId)).toHaveLength(1);
  const minute = (h: Record<string, string>) => Number(h['x-minlimit-remaining']);
  const online = await api().getOnlineInvoice(tenantId, invoiceId);
  expect(minute(online.response.headers as Record<string, string>)).toBe(
    minute(retry.response.headers as Record<string, string>) - 1,
  );
  // A new key is a new email, as in Xero.
  await api().emailInvoice(tenantId, invoiceId, {}, 'email-once-2');
  const counted = await control<{
    emails: Array<{ invoiceId: string; to: string[] }>;
    perInvoice: Record<string, number>;
  }>('GET', `/organisations/${tenantId}/emails?invoiceId=${invoiceId}`);
  expect(counted.status).toBe(200);
  expect(counted.json.perInvoice).toEqual({ [invoiceId]: 2 });
  expect(counted.json.emails[0]!.to).toEqual(['ap@platform.example']);
});

test('the control API seeds tracking categories that invoices can then use, and names bad input', async () => {
  const seeded = await control<{
    trackingCategoryId: string;
    options: Array<{ name: string; status: string }>;
  }>('POST', `/organisations/${tenantId}/tracking-categories`, {
    name: 'Department',
    options: ['Sales', 'Support'],
    archivedOptions: ['Support'],
  });
  expect(seeded.status).toBe(201);
  expect(seeded.json.options.map((o) => [o.name, o.status])).toEqual([
    ['Sales', 'ACTIVE'],
    ['Support', 'ARCHIVED'],
  ]);
  const listed = await api().getTrackingCategories(tenantId);
  expect(listed.body.trackingCategories!.map((c) => [c.name, c.options!.map((o) => o.name)])).toEqual([
    ['Department', ['Sales']],
  ]);
  const created = await api().createInvoices(tenantId, {
    invoices: [
      {
        type: Invoice.TypeEnum.ACCREC,
        contact: { contactID },
        lineItems: [
          {
            description: 'Tracked',
            quantity: 1,
            unitAmount: 5,
            accountCode: '200',
            tracking: [{ name: 'Department', option: 'Sales' }],
          },
        ],
      },
    ],
  });
  expect(created.body.invoices![0]!.lineItems![0]!.tracking![0]!.trackingCategoryID).toBe(
    seeded.json.trackingCategoryId,
  );
  const bad = await control<{ issues: Array<{ path: string }> }>(
    'POST',
    `/organisations/${tenantId}/tracking-categories`,
    {
      options: [],
    },
  );
  expect(bad.status).toBe(400);
  expect(bad.json.issues.map((i) => i.path)).toContain('name');
});

test('CREDITNOTE events carry Type and Status and reach only subscriptions to that category', async () => {
  const draftNote = async () =>
    (
      await api().createCreditNotes(tenantId, {
        creditNotes: [
          {
            type: CreditNote.TypeEnum.ACCRECCREDIT,
            contact: { contactID },
            lineItems: [{ description: 'Refund', quantity: 1, unitAmount: 10, accountCode: '200' }],
          },
        ],
      })
    ).body.creditNotes![0]!.creditNoteID!;
  const before = emulator.webhooks.emittedEvents.length;
  await draftNote();
  await emulator.webhooks.flushAndDeliver();
  // The default subscription (INVOICE, CONTACT, as the proxy's) hears nothing of credit notes.
  expect(emulator.webhooks.emittedEvents.slice(before)).toEqual([]);

  await emulator.webhooks.register({
    url: receiver.url,
    key: 'issue-14-key',
    skipIntentToReceive: true,
    categories: ['INVOICE', 'CONTACT', 'CREDITNOTE'],
  });
  expect(emulator.webhooks.subscription.categories).toEqual(['INVOICE', 'CONTACT', 'CREDITNOTE']);
  const posts = receiver.received.length;
  const noteId = await draftNote();
  await api().updateCreditNote(tenantId, noteId, {
    creditNotes: [{ status: CreditNote.StatusEnum.AUTHORISED }],
  });
  await emulator.webhooks.flushAndDeliver();
  const events = receiver.received.slice(posts).flatMap((p) => p.body.events);
  expect(events).toEqual([
    expect.objectContaining({
      eventCategory: 'CREDITNOTE',
      eventType: 'CREATE',
      resourceId: noteId,
      resourceUrl: `https://api.xero.com/api.xro/2.0/CreditNotes/${noteId}`,
      data: { Type: 'ACCRECCREDIT', Status: 'DRAFT' },
    }),
    expect.objectContaining({
      eventCategory: 'CREDITNOTE',
      eventType: 'UPDATE',
      resourceId: noteId,
      data: { Type: 'ACCRECCREDIT', Status: 'AUTHORISED' },
    }),
  ]);
  const refused = await control<{ issues: Array<{ path: string }> }>('PUT', '/webhooks', {
    url: receiver.url,
    key: 'k',
    categories: ['PAYMENT'],
  });
  expect(refused.status).toBe(400);
  expect(refused.json.issues[0]!.path).toBe('categories.0');
});

test('a credit note and its allocation retried with their Idempotency-Keys are each written once', async () => {
  const invoiceId = approvedInvoice(); // 60.00 with VAT
  const body = {
    creditNotes: [
      {
        type: CreditNote.TypeEnum.ACCRECCREDIT,
        contact: { contactID },
        status: CreditNote.StatusEnum.AUTHORISED,
        lineItems: [{ description: 'Refund', quantity: 1, unitAmount: 25, accountCode: '200' }],
      },
    ],
  };
  const notesBefore = books().listCreditNotes().length;
  const first = await api().createCreditNotes(tenantId, body, undefined, undefined, 'credit-once');
  const retry = await api().createCreditNotes(tenantId, body, undefined, undefined, 'credit-once');
  const noteId = first.body.creditNotes![0]!.creditNoteID!;
  expect(retry.body.creditNotes![0]!.creditNoteID).toBe(noteId);
  expect(books().listCreditNotes()).toHaveLength(notesBefore + 1);
  const allocation = { allocations: [{ invoice: { invoiceID: invoiceId }, amount: 30, date: '2026-11-03' }] };
  await api().createCreditNoteAllocation(tenantId, noteId, allocation, undefined, 'allocate-once');
  await api().createCreditNoteAllocation(tenantId, noteId, allocation, undefined, 'allocate-once');
  expect(books().allocationsOfCreditNote(noteId)).toHaveLength(1);
  expect(books().findInvoice(invoiceId)).toMatchObject({ amountCredited: 30, amountDue: 30 });
});
