/**
 * CancelInvoice through HTTP (B8): real proxy, real xero-node, the Xero emulator's books as the witness. Lost
 * answers are the emulator's faults: `drop-response` (Xero wrote, the answer never came), a 503 (Xero never saw
 * the write); moving the emulator clock past Xero's 6-minute Idempotency-Key window makes a retry a new write.
 */
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { invoice, line, settings, uuid } from '../domain/invoices/test-support/batch-fixtures';
import { expectContractResponse } from '../domain/invoices/test-support/contract-check';
import type { ConnectionRecord } from '../store/store';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness, withoutRateLimits } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;

beforeAll(async () => {
  // A dropped answer costs the proxy its HTTP timeout; a short one keeps the lost-answer tests quick. Xero's
  // 60 calls a minute would make the later tests wait for the window: this file is about outcomes, not pacing.
  h = await startHarness(
    withoutRateLimits({
      env: { XERO_HTTP_TIMEOUT_MS: '4000' },
    }),
  );
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
  expectContractResponse('CancelInvoice', res.body);
  return { body: res.body, calls: xeroCalls() - before };
}

/** A cancel whose Xero write fails or whose answer is lost: the flow sees an error and will retry. */
async function cancelFails(invoiceId: string, policy = 'CreditNote') {
  const res = await h.call('POST', '/v1/invoices/cancel', { apiKey, body: { invoiceId, policy } });
  expect(res.status).toBeGreaterThanOrEqual(500);
  return res;
}

/** The credit notes Xero holds that cancel this invoice (by the reference the proxy gives them). */
const notesFor = (invoiceNumber: string) =>
  books()
    .listCreditNotes()
    .filter((n) => n.reference === `Cancellation of ${invoiceNumber} (Dynamics 365)`);

/** Past Xero's Idempotency-Key window (about 6 minutes): a retried write is a new write. */
const forgetIdempotencyKeys = () => h.emulator.clock.advance(7 * 60_000);

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
    expect(calls).toBe(4); // GET the invoice, GET earlier notes (none), PUT the note, PUT the allocation
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

describe('CancelInvoice exactly once when an answer is lost', () => {
  afterEach(() => h.emulator.faults.clear());
  const allocations = { kind: 'status' as const, status: 503, method: 'PUT', path: '/CreditNotes/' };

  test('the allocation never reached Xero: the repeat allocates the note already raised, without a second', async () => {
    const { invoice: inv, xeroId } = await synced('AUTHORISED');
    h.emulator.faults.inject(allocations);
    await cancelFails(inv.invoiceId);
    const [raised] = notesFor(inv.invoiceNumber!);
    expect(notesFor(inv.invoiceNumber!)).toHaveLength(1);
    expect(books().allocationsOfCreditNote(raised!.creditNoteId)).toHaveLength(0);

    const repeat = await cancel(inv.invoiceId);
    expect(repeat.body).toMatchObject({
      action: 'CreditNoteAllocated',
      statusAfter: 'PAID',
      creditNoteId: raised!.creditNoteId,
      creditNoteNumber: raised!.creditNoteNumber,
      amount: 1080,
    });
    expect(repeat.calls).toBe(3); // GET the invoice, GET the note, PUT the allocation
    expect(notesFor(inv.invoiceNumber!)).toHaveLength(1);
    expect(books().allocationsOfCreditNote(raised!.creditNoteId)).toHaveLength(1);
    expect(books().findInvoice(xeroId)!.status).toBe('PAID');
    const again = await cancel(inv.invoiceId);
    expect(again.body.action).toBe('AlreadyCancelled');
    expect(again.body.message).toContain(raised!.creditNoteNumber);
  });

  test('the allocation reached Xero, its answer was lost and Xero forgot the key: seen done, not allocated twice', async () => {
    const { invoice: inv, xeroId } = await synced('AUTHORISED');
    h.emulator.faults.inject({ ...allocations, kind: 'drop-response' });
    await cancelFails(inv.invoiceId);
    const [raised] = notesFor(inv.invoiceNumber!);
    expect(books().allocationsOfCreditNote(raised!.creditNoteId)).toHaveLength(1);
    forgetIdempotencyKeys();
    const repeat = await cancel(inv.invoiceId);
    expect(repeat.body).toMatchObject({ action: 'CreditNoteAllocated', creditNoteId: raised!.creditNoteId });
    expect(repeat.calls).toBe(2); // two reads, no write
    expect(books().allocationsOfCreditNote(raised!.creditNoteId)).toHaveLength(1);
    expect(books().findInvoice(xeroId)!).toMatchObject({ status: 'PAID', amountDue: 0 });
  });

  test.each([
    ['unpaid', 0, 'CreditNoteAllocated', 1],
    ['part paid', 100, 'CreditNoteUnallocated', 0],
  ] as const)(
    'a credit note whose answer was lost (invoice %s) is found after Xero forgot the key, not raised twice',
    async (_state, paid, action, allocated) => {
      const { invoice: inv } = await synced('AUTHORISED');
      const xeroId = books().findInvoice(inv.invoiceNumber!)!.invoiceId;
      if (paid) books().recordPayment({ invoiceId: xeroId, amount: paid });
      h.emulator.faults.inject({ kind: 'drop-response', method: 'PUT', path: '/CreditNotes' });
      await cancelFails(inv.invoiceId);
      expect(notesFor(inv.invoiceNumber!)).toHaveLength(1);
      forgetIdempotencyKeys();

      const repeat = await cancel(inv.invoiceId);
      const [raised] = notesFor(inv.invoiceNumber!);
      expect(notesFor(inv.invoiceNumber!)).toHaveLength(1);
      expect(repeat.body).toMatchObject({ action, creditNoteId: raised!.creditNoteId, amount: 1080 });
      expect(repeat.body.message).toMatch(/An earlier attempt had raised the note but its answer was lost/);
      expect(books().allocationsOfCreditNote(raised!.creditNoteId)).toHaveLength(allocated);
      expect((await cancel(inv.invoiceId)).body.action).toBe('AlreadyCancelled');
      expect(notesFor(inv.invoiceNumber!)).toHaveLength(1);
    },
  );

  test.each([
    ['DRAFT', 'CreditNote', 'Deleted', 'DELETED'],
    ['AUTHORISED', 'Void', 'Voided', 'VOIDED'],
  ] as const)(
    'a %s invoice (policy %s) whose status write reached Xero with its answer lost: the repeat reports %s',
    async (status, policy, action, after) => {
      const { invoice: inv, xeroId } = await synced(status);
      h.emulator.faults.inject({ kind: 'drop-response', method: 'POST', path: '/Invoices' });
      await cancelFails(inv.invoiceId, policy);
      expect(books().findInvoice(xeroId)!.status).toBe(after);

      const repeat = await cancel(inv.invoiceId, policy);
      expect(repeat.body).toMatchObject({ action, statusAfter: after, xeroInvoiceId: xeroId });
      expect(repeat.body.message).toMatch(/An earlier attempt did it but its answer was lost/);
      expect(repeat.calls).toBe(1); // the GET; nothing written again
      expect((await cancel(inv.invoiceId, policy)).body.action).toBe('AlreadyCancelled');
    },
  );

  test('a sync of the organisation between the lost delete and the repeat leaves the cancellation to settle', async () => {
    const { invoice: inv, xeroId } = await synced('DRAFT');
    h.emulator.faults.inject({ kind: 'drop-response', method: 'POST', path: '/Invoices' });
    await cancelFails(inv.invoiceId);
    // The flow syncs other invoices before it retries the cancel: the sync settles only its own journal entries.
    await synced('DRAFT');
    const repeat = await cancel(inv.invoiceId);
    expect(repeat.body).toMatchObject({ action: 'Deleted', statusAfter: 'DELETED', xeroInvoiceId: xeroId });
    expect(repeat.body.message).toMatch(/An earlier attempt did it but its answer was lost/);
  });
});
