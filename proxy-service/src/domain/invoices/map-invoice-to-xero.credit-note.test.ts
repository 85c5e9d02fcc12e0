/** mapInvoiceToXero for the two credit note types: the invoice rules, less what Xero's credit notes do not have. */
import type { DataverseInvoice } from '@dxc/openapi';
import type { ResolvedInvoiceParts } from './map-invoice-to-xero';
import { mapInvoiceToXero } from './map-invoice-to-xero';
import { invoice, line, settings, uuid, XERO_CONTACT } from './test-support/batch-fixtures';

const noItems: ResolvedInvoiceParts = {
  xeroContactId: uuid(XERO_CONTACT, 1),
  items: { resolved: {}, withoutItem: {} },
};
const map = (inv: DataverseInvoice, s = settings()) => mapInvoiceToXero(inv, s, noItems);

describe('mapInvoiceToXero — credit notes', () => {
  it('a sales credit note keeps type, number, reference, currency and the status setting, and drops the due date', () => {
    const result = map(
      invoice(1, {
        invoiceType: 'ACCRECCREDIT',
        invoiceNumber: 'CN-1',
        reference: 'RMA 7',
        dueDate: '2026-03-02',
      }),
      settings({ defaultStatus: 'AUTHORISED' }),
    );
    expect(result.ok && result.payload).toMatchObject({
      Type: 'ACCRECCREDIT',
      InvoiceNumber: 'CN-1',
      Reference: 'RMA 7',
      CurrencyCode: 'GBP',
      Status: 'AUTHORISED',
      LineItems: [{ AccountCode: '200', Quantity: 1, UnitAmount: 100 }],
    });
    expect(result.ok && result.payload).not.toHaveProperty('DueDate');
  });

  it('an authorised credit note needs no due date, where an invoice does', () => {
    const s = settings({ defaultStatus: 'AUTHORISED' });
    expect(map(invoice(1, { invoiceType: 'ACCRECCREDIT', dueDate: undefined }), s).ok).toBe(true);
    expect(map(invoice(1, { dueDate: undefined }), s).ok).toBe(false);
  });

  it('a sales credit note follows Xero numbering; a purchase credit note always sends the supplier number', () => {
    const xeroNumbers = settings({ useXeroInvoiceNumbering: true });
    const sales = map(invoice(1, { invoiceType: 'ACCRECCREDIT', invoiceNumber: 'CN-1' }), xeroNumbers);
    const purchase = map(invoice(2, { invoiceType: 'ACCPAYCREDIT', invoiceNumber: 'SUP-9' }), xeroNumbers);
    expect(sales.ok && sales.payload).not.toHaveProperty('InvoiceNumber');
    expect(purchase.ok && purchase.payload).toMatchObject({ Type: 'ACCPAYCREDIT', InvoiceNumber: 'SUP-9' });
    expect(purchase.ok && purchase.payload.LineItems[0]).toMatchObject({ AccountCode: '300' });
  });

  it('a line discount on a credit note is refused naming the line (Xero takes discounts on sales invoices only)', () => {
    const result = map(invoice(1, { invoiceType: 'ACCRECCREDIT', lines: [line({ discountRate: 10 })] }));
    expect(!result.ok && result.errors).toEqual([
      {
        code: 'invalid_invoice',
        field: 'lines[0].discountRate',
        message:
          'Line 1 has a discount; Xero accepts line discounts on sales invoices only. Take the discount into the ' +
          'price of the sales credit note line.',
      },
    ]);
  });

  it("a credit note's negative quantity asks for the positive amount credited", () => {
    const result = map(invoice(1, { invoiceType: 'ACCPAYCREDIT', lines: [line({ quantity: -3 })] }));
    expect(!result.ok && result.errors[0]).toEqual({
      code: 'invalid_invoice',
      field: 'lines[0].quantity',
      message:
        "Line 1 has a negative quantity (-3). A credit note's quantities are positive: they are the amounts " +
        'credited. Enter the quantity as 3.',
    });
  });
});
