import type { DataverseInvoice } from '@dxc/openapi';
import type { ResolvedInvoiceParts } from './map-invoice-to-xero';
import { mapInvoiceToXero } from './map-invoice-to-xero';
import {
  invoice,
  line,
  seedInvoice,
  settings,
  uuid,
  XERO_CONTACT,
  XERO_INVOICE,
} from './test-support/batch-fixtures';
import type { XeroInvoicePayload } from './xero-payloads';

const contactId = uuid(XERO_CONTACT, 1);
const noItems: ResolvedInvoiceParts = { xeroContactId: contactId, items: { resolved: {}, withoutItem: {} } };

function mapped(
  inv: DataverseInvoice,
  s = settings(),
  resolved: ResolvedInvoiceParts = noItems,
): XeroInvoicePayload {
  const result = mapInvoiceToXero(inv, s, resolved);
  if (!result.ok) throw new Error(`expected a payload, got ${JSON.stringify(result.errors)}`);
  return result.payload;
}

function failure(inv: DataverseInvoice, s = settings(), resolved: ResolvedInvoiceParts = noItems) {
  const result = mapInvoiceToXero(inv, s, resolved);
  if (result.ok) throw new Error('expected the invoice to fail');
  return result.errors;
}

describe('mapInvoiceToXero — B1, B3, B4', () => {
  it('maps the seed example: 3 × 300.00 and 2 × 99.00 at OUTPUT2, with the comment as a note line', () => {
    const payload = mapped(seedInvoice(), settings(), {
      xeroContactId: contactId,
      items: { resolved: { 'crmonline-ent': 'CRMONLINE-ENT' }, withoutItem: {} },
    });
    expect(payload).toEqual({
      Type: 'ACCREC',
      Contact: { ContactID: contactId },
      LineItems: [
        {
          Description: 'Test line 1\nHere are some stuff PRG123',
          Quantity: 3,
          UnitAmount: 300,
          AccountCode: '200',
          TaxType: 'OUTPUT2',
        },
        { Description: 'This is just a great comment\nSomething' },
        {
          Description: 'CRM Online: Enterprise (sample)\n2 new user PRG123',
          Quantity: 2,
          UnitAmount: 99,
          ItemCode: 'CRMONLINE-ENT',
          AccountCode: '200',
          TaxType: 'OUTPUT2',
        },
      ],
      Date: '2018-02-02',
      DueDate: '2018-03-02',
      LineAmountTypes: 'Exclusive',
      CurrencyCode: 'GBP',
      BrandingThemeID: '5d4dd402-c851-497e-aae1-9ff265c0d15a',
      InvoiceNumber: 'INV-00074-Q5M5H0',
      Status: 'DRAFT',
    });
  });

  it('a write-in line becomes a description line without ItemCode', () => {
    const payload = mapped(
      invoice(1, {
        lines: [line({ isWriteIn: true, productNumber: 'IGNORED', writeInDescription: 'Installation' })],
      }),
      settings(),
      { xeroContactId: contactId, items: { resolved: { ignored: 'IGNORED' }, withoutItem: {} } },
    );
    expect(payload.LineItems[0]).toEqual({
      Description: 'Installation',
      Quantity: 1,
      UnitAmount: 100,
      AccountCode: '200',
      TaxType: 'OUTPUT2',
    });
  });

  it('a write-in line with zero quantity and amount becomes a note line', () => {
    const payload = mapped(
      invoice(1, {
        lines: [
          line(),
          line({ isWriteIn: true, writeInDescription: 'Delivered on site', quantity: 0, unitPrice: 0 }),
        ],
      }),
    );
    expect(payload.LineItems[1]).toEqual({ Description: 'Delivered on site' });
  });

  it('a line sends its own account code, else the default sales account; a bill uses the purchase default', () => {
    const sales = mapped(invoice(1, { lines: [line({ accountCode: '260' }), line()] }));
    expect(sales.LineItems.map((l) => l.AccountCode)).toEqual(['260', '200']);
    const bill = mapped(invoice(2, { invoiceType: 'ACCPAY', lines: [line({ taxType: 'INPUT2' })] }));
    expect(bill.Type).toBe('ACCPAY');
    expect(bill.LineItems[0]?.AccountCode).toBe('300');
  });

  it('a missing account code with no default fails naming the line and the setting', () => {
    const errors = failure(invoice(1), settings({ defaultSalesAccountCode: undefined }));
    expect(errors).toEqual([
      {
        code: 'invalid_invoice',
        field: 'lines[0].accountCode',
        message:
          'Line 1 has no account code and the connection has no default sales account. Choose an account on the line or set the default sales account on the Xero connection.',
      },
    ]);
  });

  it('sends the discount as a rate when given, else as an amount, on sales invoices', () => {
    const payload = mapped(
      invoice(1, {
        lines: [line({ discountRate: 10, manualDiscountAmount: 5 }), line({ manualDiscountAmount: 5 })],
      }),
    );
    expect(payload.LineItems[0]).toMatchObject({ DiscountRate: 10 });
    expect(payload.LineItems[0]).not.toHaveProperty('DiscountAmount');
    expect(payload.LineItems[1]).toMatchObject({ DiscountAmount: 5 });
  });

  it('a discount on a purchase bill fails, since Xero takes line discounts on sales invoices only', () => {
    const errors = failure(invoice(1, { invoiceType: 'ACCPAY', lines: [line({ discountRate: 10 })] }));
    expect(errors[0]?.field).toBe('lines[0].discountRate');
  });

  it('uses Xero numbering by leaving InvoiceNumber out, or sends the Dynamics number', () => {
    expect(mapped(invoice(1), settings({ useXeroInvoiceNumbering: true }))).not.toHaveProperty(
      'InvoiceNumber',
    );
    expect(mapped(invoice(1), settings({ useXeroInvoiceNumbering: false })).InvoiceNumber).toBe('INV-00001');
  });

  it('a bill keeps its number even with Xero numbering, since Xero does not number bills', () => {
    const bill = invoice(1, { invoiceType: 'ACCPAY', lines: [line({ taxType: 'INPUT2' })] });
    expect(mapped(bill, settings({ useXeroInvoiceNumbering: true })).InvoiceNumber).toBe('INV-00001');
  });

  it('a sales invoice without a number fails when the connection sends Dynamics numbers', () => {
    expect(failure(invoice(1, { invoiceNumber: undefined }))[0]?.field).toBe('invoiceNumber');
  });

  it('creates with the default status from the settings', () => {
    expect(mapped(invoice(1), settings({ defaultStatus: 'AUTHORISED' })).Status).toBe('AUTHORISED');
    expect(mapped(invoice(1), settings({ defaultStatus: undefined })).Status).toBe('DRAFT');
  });

  it('sends only the ContactID of the contact, so the Xero contact is not changed as a side effect', () => {
    expect(mapped(invoice(1)).Contact).toEqual({ ContactID: contactId });
  });

  it('carries line amount types, currency, branding theme, reference and Xero dates', () => {
    const payload = mapped(
      invoice(1, {
        lineAmountTypes: 'Inclusive',
        currencyCode: 'EUR',
        brandingThemeId: uuid(9, 1),
        reference: ' PO-778 ',
        date: '2026-02-02',
        dueDate: '2026-02-16',
      }),
    );
    expect(payload).toMatchObject({
      LineAmountTypes: 'Inclusive',
      CurrencyCode: 'EUR',
      BrandingThemeID: uuid(9, 1),
      Reference: 'PO-778',
      Date: '2026-02-02',
      DueDate: '2026-02-16',
    });
  });

  it('leaves the reference off bills, where Xero does not keep it', () => {
    expect(mapped(invoice(1, { invoiceType: 'ACCPAY', reference: 'PO-1' }))).not.toHaveProperty('Reference');
  });

  it('sends lines in Dynamics line number order', () => {
    const payload = mapped(
      invoice(1, {
        lines: [
          line({ lineNumber: 2, productName: 'Second' }),
          line({ lineNumber: 1, productName: 'First' }),
        ],
      }),
    );
    expect(payload.LineItems.map((l) => l.Description)).toEqual(['First', 'Second']);
  });

  describe('validation Xero would do anyway, said better', () => {
    it('an invoice without lines fails on lines', () => {
      expect(failure(invoice(1, { lines: [] }))).toEqual([expect.objectContaining({ field: 'lines' })]);
    });

    it('a due date before the invoice date fails on dueDate', () => {
      const errors = failure(invoice(1, { date: '2026-02-10', dueDate: '2026-02-01' }));
      expect(errors).toEqual([
        {
          code: 'invalid_invoice',
          field: 'dueDate',
          message: 'The due date 2026-02-01 is before the invoice date 2026-02-10.',
        },
      ]);
    });

    it('a negative quantity fails on that line and points to a credit note', () => {
      expect(failure(invoice(1, { lines: [line(), line({ quantity: -2 })] }))[0]).toEqual({
        code: 'invalid_invoice',
        field: 'lines[1].quantity',
        message:
          'Line 2 has a negative quantity (-2). A return or refund goes to Xero as a credit note, not as a negative ' +
          'invoice line: take the line off this invoice and raise it on a new invoice in Dynamics 365 with Xero ' +
          "invoice type 'Sales credit note' and quantity 2 (set its Credited invoice to this one to allocate the " +
          'credit to it).',
      });
      const bill = invoice(1, { invoiceType: 'ACCPAY', lines: [line({ quantity: -1 })] });
      expect(failure(bill)[0]?.message).toMatch(/Xero invoice type 'Purchase credit note' and quantity 1 /);
    });

    it('an approved invoice without a due date fails on dueDate', () => {
      const errors = failure(invoice(1, { dueDate: undefined }), settings({ defaultStatus: 'AUTHORISED' }));
      expect(errors[0]?.field).toBe('dueDate');
    });

    it('a date that is not a calendar date fails on that field', () => {
      expect(failure(invoice(1, { date: '2026-02-30' }))[0]?.field).toBe('date');
    });

    it('reports every problem at once', () => {
      const errors = failure(
        invoice(1, { date: '2026-02-10', dueDate: '2026-02-01', lines: [line({ quantity: -1 })] }),
        settings({ defaultSalesAccountCode: undefined }),
      );
      expect(errors.map((e) => e.field)).toEqual(['dueDate', 'lines[0].quantity', 'lines[0].accountCode']);
    });
  });

  describe('updates', () => {
    it('carries the Xero LineItemIDs matched by Dataverse line id and leaves the status to Xero', () => {
      const first = line({ productName: 'First' });
      const second = line({ productName: 'Second' });
      const payload = mapped(invoice(1, { lines: [first, second] }), settings(), {
        ...noItems,
        xeroInvoiceId: uuid(XERO_INVOICE, 1),
        lineItemIds: { [second.lineId]: uuid(7, 2) },
      });
      expect(payload.InvoiceID).toBe(uuid(XERO_INVOICE, 1));
      expect(payload.LineItems[0]).not.toHaveProperty('LineItemID');
      expect(payload.LineItems[1]).toMatchObject({ LineItemID: uuid(7, 2), Description: 'Second' });
      expect(payload).not.toHaveProperty('Status');
    });
  });

  it('says why a line went without its item code', () => {
    const result = mapInvoiceToXero(invoice(1, { lines: [line({ productNumber: 'NEW-1' })] }), settings(), {
      xeroContactId: contactId,
      items: { resolved: {}, withoutItem: { 'new-1': 'Product NEW-1 is not an item in Xero.' } },
    });
    expect(result.ok && result.notes).toEqual(['Line 1: Product NEW-1 is not an item in Xero.']);
  });
});
