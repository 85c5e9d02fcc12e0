/**
 * What an outside probe of the proxy found (sandbox mode: the real proxy over HTTP, the real xero-node, the Xero
 * emulator), replayed end to end:
 * - H1: a second Dynamics 365 invoice with a number already in Xero silently overwrote the first;
 * - H2: one wrong Xero contact id on a customer was stored and broke every later invoice of that customer;
 * - L7: invoices the proxy refuses still had their contacts and items created in Xero.
 * Xero calls are counted at the emulator (its usage counter), writes by a zero-latency fault per verb and path
 * (the fault counts the calls it matches), outcomes in the emulator's books.
 */
import { randomUUID } from 'node:crypto';
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { customer, invoice, line, settings } from '../domain/invoices/test-support/batch-fixtures';
import type { ConnectionRecord } from '../store/store';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness, withoutRateLimits } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;

beforeEach(async () => {
  h = await startHarness(withoutRateLimits());
  const connected = await h.connect();
  apiKey = connected.apiKey;
  connection = connected.connection;
});
afterEach(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
const demo = (overrides: Partial<SyncSettings> = {}) =>
  settings({ defaultPurchaseAccountCode: '310', useXeroInvoiceNumbering: false, ...overrides });

async function sync(invoices: DataverseInvoice[], s: SyncSettings = demo()) {
  const before = xeroCalls();
  const res = await h.call('POST', '/v1/invoices/sync', { apiKey, body: { settings: s, invoices } });
  expect(res.status).toBe(200);
  return { body: res.body, calls: xeroCalls() - before };
}

/** Counts the writes the emulator receives for each verb and path (a fault of no effect that every call matches). */
function countWrites(...targets: [method: string, path: string][]) {
  const rules = targets.map(([method, path]) =>
    h.emulator.faults.inject({ kind: 'latency', latencyMs: 0, count: null, method, path }),
  );
  return {
    hits: () => Object.fromEntries(targets.map(([m, p], i) => [`${m} ${p}`, rules[i]!.hits])),
    stop: () => rules.forEach((r) => h.emulator.faults.remove(r.id)),
  };
}

test('H1: a second invoice with a number already in Xero fails alone; the first invoice stays as it was', async () => {
  // X1: customer 1, 1 × 100.00 at 20% = 120.00. X2: another customer, same number, 1 × 21.00 = 25.20.
  const x1 = invoice(1, { customer: customer(1), lines: [line({ quantity: 1, unitPrice: 100 })] });
  const first = await sync([x1]);
  expect(first.body.results[0]).toMatchObject({ outcome: 'created', total: 120 });
  const xeroId = first.body.results[0].xeroInvoiceId as string;
  const contact1 = first.body.results[0].xeroContactId as string;

  const x2 = invoice(2, {
    invoiceNumber: x1.invoiceNumber,
    customer: customer(2),
    lines: [line({ quantity: 1, unitPrice: 21 })],
  });
  const second = await sync([x2]);
  const refused = second.body.results[0];
  expect(refused.outcome).toBe('failed');
  expect(refused.xeroInvoiceId).toBeUndefined();
  expect(refused.errors).toEqual([
    { code: 'xero_validation', message: 'Invoice # must be unique.', field: 'invoiceNumber' },
  ]);
  expect(refused.message).toBe(
    `Xero refused the invoice: Invoice # must be unique. Invoice number ${x1.invoiceNumber} is already used by ` +
      'another invoice in Xero; that invoice was left as it is. Fix the invoice number in Dynamics 365, or void ' +
      'the other invoice in Xero (give it another number first: Xero keeps the numbers of voided invoices), then ' +
      'set Export status back to No (or press Retry).',
  );
  const stored = books().findInvoice(xeroId)!;
  expect(stored).toMatchObject({ contactId: contact1, total: 120, status: 'DRAFT' });
  expect(
    books()
      .listInvoices()
      .filter((i) => i.invoiceNumber === x1.invoiceNumber),
  ).toHaveLength(1);

  // X1 again: still its own, unchanged, no call. Cancelling X2 leaves X1's invoice alone.
  const again = await sync([x1]);
  expect(again.calls).toBe(0);
  expect(again.body.results[0]).toMatchObject({ outcome: 'unchanged', xeroInvoiceId: xeroId });
  await h.call('POST', '/v1/invoices/cancel', { apiKey, body: { invoiceId: x2.invoiceId, policy: 'Void' } });
  expect(books().findInvoice(xeroId)!.status).toBe('DRAFT');

  // Renumbered in Dynamics 365, X2 goes through.
  const renumbered = await sync([{ ...x2, invoiceNumber: `${x1.invoiceNumber}-B` }]);
  expect(renumbered.body.results[0]).toMatchObject({ outcome: 'created', total: 25.2 });
  expect(renumbered.body.results[0].xeroInvoiceId).not.toBe(xeroId);
});

test('H1 cost: a batch with an edit and a new invoice is two writes, the creates by PUT and the edit by POST', async () => {
  const a = invoice(11, { customer: customer(11) });
  await sync([a]);
  const writes = countWrites(['PUT', '/Invoices'], ['POST', '/Invoices']);
  try {
    const edited = { ...a, lines: [{ ...a.lines[0]!, quantity: 4 }] };
    const mixed = await sync([edited, invoice(12, { customer: customer(11) })]);
    expect(mixed.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['updated', 'created']);
    // Customer and item are known: one call more than the single POST of before, and no more.
    expect(mixed.calls).toBe(2);
    expect(writes.hits()).toEqual({ 'PUT /Invoices': 1, 'POST /Invoices': 1 });
  } finally {
    writes.stop();
  }
});

test('H2: a wrong contact id on the customer is not used, stored or returned; the invoice goes to the right contact', async () => {
  const wrong = randomUUID();
  const c = customer(21, { xeroContactId: wrong });
  const first = await sync([invoice(21, { customer: c })]);
  const result = first.body.results[0];
  expect(result.outcome).toBe('created');
  const created = books().findContactByNumber(c.id)!;
  expect(result.xeroContactId).toBe(created.contactId);
  expect(result.message).toContain(
    `The Xero contact id ${wrong} stored for customer ${c.name} is not a contact in this Xero organisation; a new contact ${created.contactId} was created for it instead.`,
  );
  expect(books().findInvoice(result.xeroInvoiceId)!.contactId).toBe(created.contactId);

  // The flow wrote the right id back. The customer's next invoice, with it or without any, costs no contact call.
  for (const [n, next] of [
    [22, customer(21, { xeroContactId: created.contactId })],
    [23, customer(21)],
  ] as const) {
    const later = await sync([invoice(n, { customer: next })]);
    expect(later.body.results[0]).toMatchObject({ outcome: 'created', xeroContactId: created.contactId });
    expect(later.calls).toBe(1);
  }
});

test('H2: an id Xero refuses from a ledger an earlier version filled is dropped; the next invoice succeeds', async () => {
  const c = customer(31);
  const wrong = randomUUID();
  // What the proxy before this fix stored after the probe's first sync.
  await h.proxy.services.store.invoiceLedger.saveSyncLedger(
    connection.tenantId,
    { invoices: {}, contacts: { [c.id]: wrong }, itemCodes: [] },
    [],
    new Date().toISOString(),
  );
  const first = await sync([invoice(31, { customer: c })]);
  const refused = first.body.results[0];
  expect(refused.outcome).toBe('failed');
  expect(refused.xeroContactId).toBeUndefined();
  expect(refused.errors[0]).toMatchObject({
    code: 'xero_validation',
    message: 'An existing Contact with the specified ContactID could not be found',
    field: 'customer',
  });
  expect(refused.message).toMatch(/the next sync finds the customer in Xero by its contact number/);

  const retry = await sync([invoice(31, { customer: c }), invoice(32, { customer: c })]);
  expect(retry.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['created', 'created']);
  expect(retry.body.results[0].xeroContactId).toBe(books().findContactByNumber(c.id)!.contactId);
});

test('L7: an invoice the proxy refuses leaves nothing in Xero: only the valid invoices get contacts and items', async () => {
  const valid = invoice(41, { customer: customer(41), lines: [line({ productNumber: 'L7-VALID' })] });
  const negative = invoice(42, {
    customer: customer(42),
    lines: [line({ productNumber: 'L7-NEGATIVE', quantity: -2 })],
  });
  const backwards = invoice(43, {
    customer: customer(43),
    date: '2026-03-10',
    dueDate: '2026-03-01',
    lines: [line({ productNumber: 'L7-BACKWARDS' })],
  });
  const contactsBefore = books().listContacts().length;
  const itemsBefore = books().listItems().length;
  const writes = countWrites(
    ['PUT', '/Contacts'],
    ['PUT', '/Items'],
    ['PUT', '/Invoices'],
    ['POST', '/Invoices'],
  );
  try {
    const run = await sync([negative, valid, backwards]);
    expect(run.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'failed',
      'created',
      'failed',
    ]);
    expect(run.body.results[0].errors).toEqual([
      {
        code: 'invalid_invoice',
        field: 'lines[0].quantity',
        message:
          'Line 1 has a negative quantity (-2). A return or refund goes to Xero as a credit note, not as a negative ' +
          'invoice line: take the line off this invoice and raise it on a new invoice in Dynamics 365 with Xero ' +
          "invoice type 'Sales credit note' and quantity 2 (set its Credited invoice to this one to allocate the " +
          'credit to it).',
      },
    ]);
    expect(run.body.results[2].errors[0]).toMatchObject({ code: 'invalid_invoice', field: 'dueDate' });
    // One lookup of each kind, one create of each kind (the valid invoice's), one invoices create.
    expect(run.calls).toBe(5);
    expect(writes.hits()).toEqual({
      'PUT /Contacts': 1,
      'PUT /Items': 1,
      'PUT /Invoices': 1,
      'POST /Invoices': 0,
    });
  } finally {
    writes.stop();
  }
  expect(books().listContacts().length - contactsBefore).toBe(1);
  expect(books().listItems().length - itemsBefore).toBe(1);
  expect(books().findContactByNumber(customer(41).id)).toBeDefined();
  for (const refused of [customer(42), customer(43)])
    expect(books().findContactByNumber(refused.id)).toBeUndefined();
  expect(books().findItemByCode('L7-VALID')).toBeDefined();
  expect(books().findItemByCode('L7-NEGATIVE')).toBeUndefined();
  expect(books().findItemByCode('L7-BACKWARDS')).toBeUndefined();
});
