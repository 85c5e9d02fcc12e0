/** The control API's payment endpoint: a customer paying in Xero, as another process (the demo page) asks for it. */
import type { OrganisationBooks } from '../../src/accounting';
import { startXeroEmulator, type XeroEmulator } from '../../src/emulator';

let emulator: XeroEmulator;
let books: OrganisationBooks;
let tenantId: string;
beforeEach(async () => {
  emulator = await startXeroEmulator({ port: 0, host: '127.0.0.1' });
  tenantId = emulator.organisations[0]!.tenantId;
  books = emulator.books<OrganisationBooks>(tenantId);
});
afterEach(() => emulator.close());

async function pay(invoiceId: string, body: unknown = {}) {
  const res = await fetch(
    `${emulator.url}/__emulator/organisations/${tenantId}/invoices/${invoiceId}/payments`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  );
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function authorisedInvoice() {
  const contact = books.createContact({ name: 'Paying Customer Ltd' });
  return books.createInvoice({
    contactId: contact.contactId,
    status: 'AUTHORISED',
    dueDate: '2030-01-31',
    lineItems: [{ description: 'Work', quantity: 1, unitAmount: 250, accountCode: '200', taxType: 'NONE' }],
  });
}

test('without an amount the invoice is paid in full and becomes PAID; by number works too', async () => {
  const invoice = authorisedInvoice();
  const { status, json } = await pay(invoice.invoiceNumber);
  expect(status).toBe(201);
  expect(json.payment.amount).toBe(250);
  expect(json.invoice).toMatchObject({ status: 'PAID', amountDue: 0, amountPaid: 250 });
  expect(books.findInvoice(invoice.invoiceId)!.status).toBe('PAID');
});

test('a part payment leaves the rest due; Xero refusals and bad bodies are 400 with the reason', async () => {
  const invoice = authorisedInvoice();
  expect((await pay(invoice.invoiceId, { amount: 100 })).json.invoice).toMatchObject({
    status: 'AUTHORISED',
    amountDue: 150,
  });
  const tooMuch = await pay(invoice.invoiceId, { amount: 1000 });
  expect(tooMuch.status).toBe(400);
  expect(tooMuch.json.error).toMatch(/./);
  const bad = await pay(invoice.invoiceId, { amount: -5 });
  expect(bad.status).toBe(400);
  expect(bad.json.issues[0].path).toBe('amount');
  expect((await pay('00000000-0000-4000-8000-000000000999')).status).toBe(404);
});
