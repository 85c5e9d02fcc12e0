/**
 * Credit notes raised in Dynamics 365 travel the invoice pipeline as data: the plan's /CreditNotes calls are made for
 * real against the Xero emulator, Xero's numbers and statuses come back as for invoices, an unchanged note costs
 * nothing, and an update keeps Xero's line ids. An invoice and a credit note of one batch never share a write.
 */
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { KnownMappings } from './sync-ledger';
import { INVOICE, customer, invoice, line, settings, uuid } from './test-support/batch-fixtures';
import type { EmulatedXero } from './test-support/emulated-xero';
import { startEmulatedXero } from './test-support/emulated-xero';
import { learned, syncAgainstEmulator } from './test-support/sync-against-emulator';

let xero: EmulatedXero;
beforeEach(async () => {
  xero = await startEmulatedXero();
});
afterEach(async () => {
  await xero.close();
});

const demoSettings = (overrides: Partial<SyncSettings> = {}) =>
  settings({ defaultPurchaseAccountCode: '310', ...overrides });

const sync = (invoices: DataverseInvoice[], s: SyncSettings = demoSettings(), known: KnownMappings = {}) =>
  syncAgainstEmulator(xero, invoices, s, known);

/** A sales credit note for customer 7, crediting one unit of the invoice's product. */
const salesNote = (overrides: Partial<DataverseInvoice> = {}): DataverseInvoice =>
  invoice(71, {
    invoiceType: 'ACCRECCREDIT',
    invoiceNumber: 'CN-00071',
    customer: customer(7),
    creditedInvoiceId: uuid(INVOICE, 70),
    lines: [line({ quantity: 1, unitPrice: 100 })],
    ...overrides,
  });

describe('credit notes from Dynamics 365 against the Xero emulator', () => {
  it('a sales credit note and an invoice of one batch go by separate PUTs, to /CreditNotes and /Invoices', async () => {
    const sale = invoice(70, { customer: customer(7), lines: [line({ quantity: 3, unitPrice: 100 })] });
    const { response, calls, ledger } = await sync(
      [sale, salesNote()],
      demoSettings({ defaultStatus: 'AUTHORISED' }),
    );

    expect(calls.filter((c) => 'idempotencyKey' in c).map((c) => [c.method, c.path])).toEqual([
      ['PUT', '/Contacts'],
      ['PUT', '/Items'],
      ['PUT', '/Invoices'],
      ['PUT', '/CreditNotes'],
    ]);
    const keys = calls
      .filter((c) => 'idempotencyKey' in c)
      .map((c) => (c as { idempotencyKey: string }).idempotencyKey);
    expect(keys.find((k) => k.startsWith('dxc-creditnotes-create-'))).toBeDefined();

    const [inv, note] = response.results;
    expect(inv).toMatchObject({ outcome: 'created', status: 'AUTHORISED', total: 360, amountDue: 360 });
    expect(note).toMatchObject({
      outcome: 'created',
      status: 'AUTHORISED',
      invoiceNumber: 'CN-00071',
      subTotal: 100,
      totalTax: 20,
      total: 120,
      amountDue: 120,
    });
    expect(note!.message).toMatch(/^Sales credit note has been created in Xero - /);
    expect(note!.url).toContain(`/AccountsPayable/ViewCreditNote.aspx?creditNoteID=${note!.xeroInvoiceId}`);
    expect(note!.lines?.[0]).toMatchObject({ taxAmount: 20, lineAmount: 100 });

    // Xero holds a credit note (not an invoice) under the id the result names.
    const read = (await xero.request('GET', `/CreditNotes/${note!.xeroInvoiceId}`)).CreditNotes as Record<
      string,
      unknown
    >[];
    expect(read[0]).toMatchObject({
      Type: 'ACCRECCREDIT',
      CreditNoteNumber: 'CN-00071',
      Status: 'AUTHORISED',
    });
    expect(ledger.invoices[salesNote().invoiceId]).toMatchObject({
      documentType: 'ACCRECCREDIT',
      xeroInvoiceId: note!.xeroInvoiceId,
    });
    expect(ledger.invoices[sale.invoiceId]!.documentType).toBeUndefined();
  });

  it('an unchanged credit note costs no call; an edited draft is updated by POST /CreditNotes keeping its line ids', async () => {
    const first = await sync([salesNote()]);
    const known = learned(first);
    const again = await sync([salesNote()], demoSettings(), known);
    expect(again.calls).toEqual([]);
    expect(again.response.results[0]!.outcome).toBe('unchanged');

    const original = salesNote();
    const edited = { ...original, lines: [{ ...original.lines[0]!, quantity: 2 }] };
    // Same line id, new quantity.
    edited.lines[0]!.lineId = first.response.results[0]!.lines![0]!.lineId;
    const update = await sync([edited], demoSettings(), known);
    expect(update.calls.map((c) => [c.method, c.path])).toEqual([['POST', '/CreditNotes']]);
    const result = update.response.results[0]!;
    expect(result).toMatchObject({ outcome: 'updated', total: 240, status: 'DRAFT' });
    expect(result.xeroInvoiceId).toBe(first.response.results[0]!.xeroInvoiceId);
    expect(result.lines![0]!.xeroLineItemId).toBe(first.response.results[0]!.lines![0]!.xeroLineItemId);
  });

  it("a purchase credit note goes as ACCPAYCREDIT with the supplier's number, on purchase accounts", async () => {
    const note = invoice(72, {
      invoiceType: 'ACCPAYCREDIT',
      invoiceNumber: 'SUP-CN-9',
      dueDate: undefined,
      lines: [
        line({
          productNumber: undefined,
          isWriteIn: true,
          writeInDescription: 'Returned toner',
          taxType: 'INPUT2',
          unitPrice: 50,
        }),
      ],
    });
    const { response, calls } = await sync([note], demoSettings({ useXeroInvoiceNumbering: true }));
    const put = calls.find((c) => c.kind === 'creditnotes.create');
    expect(put?.kind === 'creditnotes.create' && put.creditNotes[0]).toMatchObject({
      Type: 'ACCPAYCREDIT',
      InvoiceNumber: 'SUP-CN-9',
      LineItems: [{ AccountCode: '310', TaxType: 'INPUT2' }],
    });
    expect(response.results[0]).toMatchObject({ outcome: 'created', invoiceNumber: 'SUP-CN-9', total: 60 });
    const read = (await xero.request('GET', `/CreditNotes/${response.results[0]!.xeroInvoiceId}`))
      .CreditNotes as Record<string, unknown>[];
    expect(read[0]).toMatchObject({ Type: 'ACCPAYCREDIT', CreditNoteNumber: 'SUP-CN-9' });
  });
});
