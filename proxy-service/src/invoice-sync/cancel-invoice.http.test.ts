/** CancelInvoice through HTTP (B8): real proxy, real xero-node, the Xero emulator's books as the witness. */
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator/src/accounting';
import { invoice, line, settings, uuid } from '../sync/invoices/test-support/batch-fixtures';
import type { ConnectionRecord } from '../store/store';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;

beforeAll(async () => {
  h = await startHarness();
  const connected = await h.connect();
  apiKey = connected.apiKey;
  connection = connected.connection;
});
afterAll(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
let next = 500;

/** Syncs one new invoice (3 × 300.00 at 20%: total 1,080.00) with the given status; returns its ids. */
async function synced(
  status: SyncSettings['defaultStatus'],
): Promise<{ invoice: DataverseInvoice; xeroId: string }> {
  next += 1;
  const inv = invoice(next, { lines: [line({ quantity: 3, unitPrice: 300 })] });
  const res = await h.call('POST', '/v1/invoices/sync', {
    apiKey,
    body: { settings: settings({ defaultStatus: status }), invoices: [inv] },
  });
  expect(res.body.results[0].outcome).toBe('created');
  return { invoice: inv, xeroId: res.body.results[0].xeroInvoiceId };
}

async function cancel(invoiceId: string, policy = 'CreditNote') {
  const before = xeroCalls();
  const res = await h.call('POST', '/v1/invoices/cancel', { apiKey, body: { invoiceId, policy } });
  expect(res.status).toBe(200);
  return { body: res.body, calls: xeroCalls() - before };
}

describe('CancelInvoice through HTTP against the Xero emulator', () => {
  test('a draft is deleted by the Dataverse id alone; a second cancel changes nothing and says so', async () => {
    const { invoice: inv, xeroId } = await synced('DRAFT');
    const first = await cancel(inv.invoiceId);
    expect(first.body).toMatchObject({ invoiceId: inv.invoiceId, xeroInvoiceId: xeroId, action: 'Deleted' });
    expect(first.body.statusAfter).toBe('DELETED');
    expect(first.calls).toBe(2); // GET the current state, POST the status
    expect(books().findInvoice(xeroId)!.status).toBe('DELETED');
    const second = await cancel(inv.invoiceId);
    expect(second.body.action).toBe('AlreadyCancelled');
    expect(second.body.message).toMatch(/already cancelled/);
    expect(second.calls).toBe(1);
  });

  test('a submitted invoice is deleted too', async () => {
    const { invoice: inv, xeroId } = await synced('SUBMITTED');
    expect((await cancel(inv.invoiceId, 'Nothing')).body.action).toBe('Deleted');
    expect(books().findInvoice(xeroId)!.status).toBe('DELETED');
  });

  test('approved and unpaid, policy CreditNote: a credit note for the full amount is allocated', async () => {
    const { invoice: inv, xeroId } = await synced('AUTHORISED');
    const { body, calls } = await cancel(inv.invoiceId);
    expect(body).toMatchObject({ action: 'CreditNoteAllocated', amount: 1080, statusAfter: 'PAID' });
    expect(body.creditNoteNumber).toBeTruthy();
    expect(body.message).toContain(body.creditNoteNumber);
    expect(calls).toBe(3);
    expect(books().findInvoice(xeroId)!.status).toBe('PAID');
    expect(books().allocationsOfCreditNote(body.creditNoteId)).toHaveLength(1);
    const again = await cancel(inv.invoiceId);
    expect(again.body.action).toBe('AlreadyCancelled');
    expect(again.body.message).toContain(body.creditNoteNumber);
  });

  test('approved and unpaid, policy Void: voided; policy Nothing: left alone', async () => {
    const voided = await synced('AUTHORISED');
    expect((await cancel(voided.invoice.invoiceId, 'Void')).body.action).toBe('Voided');
    expect(books().findInvoice(voided.xeroId)!.status).toBe('VOIDED');
    const left = await synced('AUTHORISED');
    const nothing = await cancel(left.invoice.invoiceId, 'Nothing');
    expect(nothing.body.action).toBe('Nothing');
    expect(nothing.calls).toBe(1);
    expect(books().findInvoice(left.xeroId)!.status).toBe('AUTHORISED');
  });

  test('paid: nothing, "The invoice is fully paid in Xero"', async () => {
    const { invoice: inv, xeroId } = await synced('AUTHORISED');
    books().recordPayment({ invoiceId: xeroId, amount: 1080 });
    const { body } = await cancel(inv.invoiceId);
    expect(body.action).toBe('Nothing');
    expect(body.message).toMatch(/^The invoice is fully paid in Xero/);
  });

  test('part paid: a credit note for the full amount, not allocated, to allocate by hand', async () => {
    const { invoice: inv, xeroId } = await synced('AUTHORISED');
    books().recordPayment({ invoiceId: xeroId, amount: 100 });
    const { body } = await cancel(inv.invoiceId);
    expect(body).toMatchObject({ action: 'CreditNoteUnallocated', amount: 1080 });
    expect(body.message).toMatch(/allocate it by hand/);
    expect(books().allocationsOfCreditNote(body.creditNoteId)).toHaveLength(0);
    expect(books().findInvoice(xeroId)!.status).toBe('AUTHORISED');
  });

  test('voided or deleted in Xero already: nothing; never synced: nothing, without a Xero call', async () => {
    const { invoice: inv, xeroId } = await synced('AUTHORISED');
    await cancel(inv.invoiceId, 'Void');
    expect((await cancel(inv.invoiceId, 'Void')).body.action).toBe('AlreadyCancelled');
    const { body, calls } = await cancel(uuid(2, 0xdead), 'Void');
    expect(calls).toBe(0);
    expect(body.action).toBe('Nothing');
    expect(body.message).toMatch(/never sent to Xero/);
    expect(books().findInvoice(xeroId)!.status).toBe('VOIDED');
  });
});
