/**
 * Credit notes through SyncInvoices: the real proxy, real xero-node, the Xero emulator. An approved sales credit note
 * naming its invoice is allocated to it once (the invoice's amount due drops), a repeat allocates nothing more, and
 * what Xero does not allow is said in the result instead.
 */
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { customer, invoice, line, settings } from '../domain/invoices/test-support/batch-fixtures';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';
import type { ConnectionRecord } from '../store/store';
import { connectionLookup, HEALTH } from '../dataverse/test-support/dataverse-rows';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;

beforeEach(async () => {
  h = await startHarness({ env: { XERO_HTTP_TIMEOUT_MS: '5000' } });
  const connected = await h.connect();
  apiKey = connected.apiKey;
  connection = connected.connection;
});
afterEach(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
const approved = (overrides: Partial<SyncSettings> = {}) =>
  settings({ defaultPurchaseAccountCode: '310', defaultStatus: 'AUTHORISED', ...overrides });

async function sync(invoices: DataverseInvoice[], s: SyncSettings = approved()) {
  const before = xeroCalls();
  const res = await h.call('POST', '/v1/invoices/sync', { apiKey, body: { settings: s, invoices } });
  expect(res.status).toBe(200);
  return { ...res, calls: xeroCalls() - before };
}

/** Invoice 300.00 + 20% = 360.00 for customer 5; a note of 1 × 100.00 + 20% = 120.00 crediting it. */
const sale = () => invoice(50, { customer: customer(5), lines: [line({ quantity: 3, unitPrice: 100 })] });
const note = (overrides: Partial<DataverseInvoice> = {}) =>
  invoice(51, {
    invoiceType: 'ACCRECCREDIT',
    invoiceNumber: 'CN-00051',
    dueDate: undefined,
    customer: customer(5),
    creditedInvoiceId: sale().invoiceId,
    lines: [line({ quantity: 1, unitPrice: 100 })],
    ...overrides,
  });

describe('credit notes through SyncInvoices', () => {
  test('an approved sales credit note is allocated to its invoice once: amount due 360.00 → 240.00', async () => {
    const first = await sync([sale()]);
    const xeroInvoiceId = first.body.results[0].xeroInvoiceId as string;
    expect(books().findInvoice(xeroInvoiceId)).toMatchObject({ amountDue: 360 });

    const credited = await sync([note()]);
    const result = credited.body.results[0];
    expect(result).toMatchObject({ outcome: 'created', status: 'AUTHORISED', total: 120, amountDue: 0 });
    expect(result.message).toMatch(
      /The credit note has been allocated to invoice INV-00050 \(GBP 120\.00\)\.$/,
    );
    // PUT /CreditNotes, then the read-back of the note and the invoice, then the allocation.
    expect(credited.calls).toBe(4);
    expect(books().findInvoice(xeroInvoiceId)).toMatchObject({ amountDue: 240, amountCredited: 120 });
    expect(books().findCreditNote(result.xeroInvoiceId)).toMatchObject({ remainingCredit: 0 });

    // Sent again unchanged: the ledger knows it is allocated, so Xero is not called and nothing doubles.
    const again = await sync([note()]);
    expect(again.calls).toBe(0);
    expect(again.body.results[0].outcome).toBe('unchanged');
    expect(books().findInvoice(xeroInvoiceId)).toMatchObject({ amountDue: 240 });
  });

  test('a credit note larger than what is due allocates only the amount due, leaving the rest as credit', async () => {
    await sync([sale()]);
    const big = note({ lines: [line({ quantity: 4, unitPrice: 100 })] }); // 480.00
    const result = (await sync([big])).body.results[0];
    expect(result.message).toMatch(/allocated to invoice INV-00050 \(GBP 360\.00\)\.$/);
    expect(result.amountDue).toBe(120);
    expect(books().findCreditNote(result.xeroInvoiceId)).toMatchObject({ remainingCredit: 120 });
  });

  test('a draft credit note is not allocated; a note for another contact is refused with the reason', async () => {
    await sync([sale()]);
    const draft = (await sync([note()], approved({ defaultStatus: 'DRAFT' }))).body.results[0];
    expect(draft).toMatchObject({ outcome: 'created', status: 'DRAFT' });
    expect(draft.message).not.toMatch(/allocated/);

    const stranger = note({
      invoiceId: invoice(52).invoiceId,
      invoiceNumber: 'CN-00052',
      customer: customer(6),
    });
    const refused = (await sync([stranger])).body.results[0];
    expect(refused.outcome).toBe('created');
    expect(refused.message).toMatch(
      /The credit note was not allocated: invoice INV-00050 is for another contact\. Its credit stays available in Xero/,
    );
    expect(books().findCreditNote(refused.xeroInvoiceId)).toMatchObject({ remainingCredit: 120 });
  });

  test('a credit note whose invoice never reached Xero says so and stays unallocated', async () => {
    const result = (await sync([note()])).body.results[0];
    expect(result.outcome).toBe('created');
    expect(result.message).toMatch(/the credited invoice has not been sent to Xero/);
  });

  describe('exactly once', () => {
    const forgetIdempotencyKeys = () => h.emulator.clock.advance(7 * 60_000);

    test('a credit note whose create answer was lost is found in Xero on the retry, not raised twice', async () => {
      h.emulator.faults.inject({ kind: 'drop-response', method: 'PUT', path: '/CreditNotes' });
      const lost = await sync([note({ creditedInvoiceId: undefined })]);
      expect(lost.body.results[0].outcome).toBe('failed');
      expect(
        books()
          .listCreditNotes()
          .filter((n) => n.creditNoteNumber === 'CN-00051'),
      ).toHaveLength(1);
      forgetIdempotencyKeys();
      const retry = await sync([note({ creditedInvoiceId: undefined })]);
      expect(retry.body.results[0]).toMatchObject({ outcome: 'created' });
      expect(retry.body.results[0].message).toMatch(
        /^Sales credit note has been created in Xero - .*found it in Xero instead of creating it again\.$/,
      );
      const notes = books()
        .listCreditNotes()
        .filter((n) => n.creditNoteNumber === 'CN-00051');
      expect(notes).toHaveLength(1);
      expect(retry.body.results[0].xeroInvoiceId).toBe(notes[0]!.creditNoteId);
    });

    test('an allocation whose answer was lost is seen on the note when retried, not made twice', async () => {
      const invoiceResult = (await sync([sale()])).body.results[0];
      h.emulator.faults.inject({ kind: 'drop-response', method: 'PUT', path: '/CreditNotes/' });
      const first = (await sync([note()])).body.results[0];
      expect(first.outcome).toBe('created');
      expect(first.message).toMatch(/The credit note was not allocated: Xero said/);
      expect(books().allocationsOfCreditNote(first.xeroInvoiceId)).toHaveLength(1); // Xero did allocate
      forgetIdempotencyKeys();
      const retry = await sync([note()]);
      expect(retry.body.results[0].message).toMatch(
        /The credit note is allocated to invoice INV-00050 \(GBP 120\.00\)\.$/,
      );
      expect(retry.calls).toBe(2); // the note and the invoice read back; no allocation sent
      expect(books().allocationsOfCreditNote(first.xeroInvoiceId)).toHaveLength(1);
      expect(books().findInvoice(invoiceResult.xeroInvoiceId)).toMatchObject({ amountDue: 240 });
      // Now recorded: another retry costs nothing.
      expect((await sync([note()])).calls).toBe(0);
    });
  });

  describe('cancelling a credit note (its own rules: the policy does not apply)', () => {
    const cancel = async (invoiceId: string) => {
      const res = await h.call('POST', '/v1/invoices/cancel', {
        apiKey,
        body: { invoiceId, policy: 'CreditNote' },
      });
      expect(res.status).toBe(200);
      return res.body;
    };

    test('a draft credit note is deleted, and asking again changes nothing', async () => {
      const created = (await sync([note()], approved({ defaultStatus: 'DRAFT' }))).body.results[0];
      const answer = await cancel(note().invoiceId);
      expect(answer).toMatchObject({
        action: 'Deleted',
        statusAfter: 'DELETED',
        creditNoteId: created.xeroInvoiceId,
        creditNoteNumber: 'CN-00051',
        message: 'Credit note CN-00051 was draft in Xero and has been deleted there.',
      });
      expect(books().findCreditNote(created.xeroInvoiceId)).toMatchObject({ status: 'DELETED' });
      const before = xeroCalls();
      expect((await cancel(note().invoiceId)).action).toBe('AlreadyCancelled');
      expect(xeroCalls() - before).toBe(1); // the read of the note; no write
    });

    test('an approved purchase credit note with nothing allocated is voided', async () => {
      const supplierNote = invoice(53, {
        invoiceType: 'ACCPAYCREDIT',
        invoiceNumber: 'SUP-CN-7',
        dueDate: undefined,
        lines: [line({ taxType: 'INPUT2', unitPrice: 50 })],
      });
      const created = (await sync([supplierNote])).body.results[0];
      expect(created).toMatchObject({ outcome: 'created', status: 'AUTHORISED', total: 60 });
      expect(await cancel(supplierNote.invoiceId)).toMatchObject({ action: 'Voided', statusAfter: 'VOIDED' });
      expect(books().findCreditNote(created.xeroInvoiceId)).toMatchObject({ status: 'VOIDED' });
    });

    test('an allocated credit note is refused with what to do, and stays as it is', async () => {
      await sync([sale()]);
      const allocated = (await sync([note()])).body.results[0];
      const answer = await cancel(note().invoiceId);
      expect(answer.action).toBe('Nothing');
      expect(answer.message).toMatch(/is allocated to an invoice .* Remove its allocations in Xero first/);
      expect(books().findCreditNote(allocated.xeroInvoiceId)).toMatchObject({
        status: 'PAID',
        remainingCredit: 0,
      });
    });
  });

  describe('status catch-up', () => {
    const catchUp = async (watermark: string) => {
      const row = {
        dxc_xeroconnectionid: connectionLookup(connection.tenantId).dxc_xeroconnectionid,
        dxc_tenantid: connection.tenantId,
        dxc_tenantname: connection.tenantName,
        dxc_shortcode: connection.shortCode,
        dxc_basecurrency: connection.baseCurrency,
        dxc_timezone: 'GMT Standard Time',
        dxc_health: HEALTH.Connected,
        dxc_statuswatermark: watermark,
      };
      const before = xeroCalls();
      const res = await h.call('POST', '/v1/invoices/status', {
        apiKey,
        body: { connections: [row], now: new Date().toISOString() },
      });
      expect(res.status).toBe(200);
      return { body: res.body, calls: xeroCalls() - before };
    };
    const secondsAgo = (n: number) =>
      new Date(Math.floor(h.emulator.clock.now().getTime() / 1000) * 1000 - n * 1000)
        .toISOString()
        .replace('.000Z', 'Z');

    test('idle runs stay at one call; /CreditNotes is read only while a note awaits approval, or by id once allocated', async () => {
      // Invoices only: the idle read is the one GET /Invoices.
      await sync([sale()]);
      expect((await catchUp(secondsAgo(0))).calls).toBe(1);

      // An approved note with nothing happening costs nothing more.
      const unlinked = note({ creditedInvoiceId: undefined });
      const created = (await sync([unlinked])).body.results[0];
      expect((await catchUp(secondsAgo(0))).calls).toBe(1);

      // Allocated in Xero: the invoice's change lists the note, which is read by id (and the customer's balance).
      const start = secondsAgo(1);
      const invoiceId = books()
        .listInvoices()
        .find((i) => i.invoiceNumber === 'INV-00050')!.invoiceId;
      h.emulator.clock.advance(2_000);
      books().allocateCreditNote(created.xeroInvoiceId, { invoiceId, amount: 50 });
      const seen = await catchUp(start);
      expect(seen.body.invoices).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ xeroInvoiceId: invoiceId, invoiceType: 'ACCREC', amountDue: 310 }),
          expect.objectContaining({
            xeroInvoiceId: created.xeroInvoiceId,
            invoiceType: 'ACCRECCREDIT',
            amountDue: 70,
          }),
        ]),
      );
      expect(seen.calls).toBe(3); // GET /Invoices, GET /CreditNotes by id, GET /Contacts (balance)

      // A draft note awaiting approval: each run also reads /CreditNotes, and sees the approval made in Xero.
      const draft = (
        await sync(
          [
            note({
              invoiceId: invoice(54).invoiceId,
              invoiceNumber: 'CN-00054',
              creditedInvoiceId: undefined,
            }),
          ],
          approved({ defaultStatus: 'DRAFT' }),
        )
      ).body.results[0];
      expect((await catchUp(secondsAgo(0))).calls).toBe(2);
      const beforeApproval = secondsAgo(1);
      h.emulator.clock.advance(2_000);
      books().saveCreditNote({ CreditNoteID: draft.xeroInvoiceId, Status: 'AUTHORISED' }, 'update', {
        unitDp: 2,
        target: draft.xeroInvoiceId,
      });
      const approval = await catchUp(beforeApproval);
      expect(approval.body.invoices).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            xeroInvoiceId: draft.xeroInvoiceId,
            status: 'AUTHORISED',
            amountDue: 120,
          }),
        ]),
      );
      // Approved, nothing awaits approval: back to one call.
      expect((await catchUp(secondsAgo(0))).calls).toBe(1);
    });
  });
});
