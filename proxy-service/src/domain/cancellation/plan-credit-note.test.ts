import type { XeroInvoiceRecord } from '../invoices/xero-payloads';
import { planCreditNote } from './plan-credit-note';

const invoice: XeroInvoiceRecord = {
  InvoiceID: 'b1000000-0000-4000-8000-000000000001',
  InvoiceNumber: 'INV-0044',
  Type: 'ACCREC',
  Status: 'AUTHORISED',
  Contact: { ContactID: 'c1000000-0000-4000-8000-000000000001' },
  LineAmountTypes: 'Inclusive',
  CurrencyCode: 'EUR',
  LineItems: [
    {
      LineItemID: 'l1',
      Description: 'Consulting',
      Quantity: 3,
      UnitAmount: 300,
      AccountCode: '200',
      TaxType: 'OUTPUT2',
      LineAmount: 900,
    },
    { LineItemID: 'l2', Description: 'A note' },
    {
      LineItemID: 'l3',
      Description: 'Licences',
      Quantity: 2,
      UnitAmount: 99,
      ItemCode: 'CRM',
      AccountCode: '200',
      TaxType: 'OUTPUT2',
      DiscountRate: 10,
      LineAmount: 178.2,
    },
  ],
  Total: 1078.2,
  AmountDue: 1078.2,
};

describe('the credit note that cancels an approved invoice', () => {
  it('mirrors the invoice: same contact, currency, line amount types, tax types, account codes and reference', () => {
    const planned = planCreditNote(invoice, { date: '2026-02-03', allocate: true });
    expect(planned.creditNote).toEqual({
      Type: 'ACCRECCREDIT',
      Contact: { ContactID: 'c1000000-0000-4000-8000-000000000001' },
      Date: '2026-02-03',
      LineAmountTypes: 'Inclusive',
      CurrencyCode: 'EUR',
      Reference: 'Cancellation of INV-0044 (Dynamics 365)',
      Status: 'AUTHORISED',
      LineItems: [
        { Description: 'Consulting', Quantity: 3, UnitAmount: 300, AccountCode: '200', TaxType: 'OUTPUT2' },
        { Description: 'A note' },
        // Xero refuses discounts on credit notes: one unit at the discounted line amount keeps the total equal.
        {
          Description: 'Licences',
          Quantity: 1,
          UnitAmount: 178.2,
          ItemCode: 'CRM',
          AccountCode: '200',
          TaxType: 'OUTPUT2',
        },
      ],
    });
    expect(planned.amount).toBe(1078.2);
    expect(planned.allocation).toEqual({
      Invoice: { InvoiceID: 'b1000000-0000-4000-8000-000000000001' },
      Amount: 1078.2,
      Date: '2026-02-03',
    });
  });

  it('a bill gets an ACCPAYCREDIT', () => {
    expect(
      planCreditNote({ ...invoice, Type: 'ACCPAY' }, { date: '2026-02-03', allocate: true }).creditNote.Type,
    ).toBe('ACCPAYCREDIT');
  });

  it('the allocation is for the amount due; none when the note is to be allocated by hand', () => {
    expect(
      planCreditNote({ ...invoice, AmountDue: 78.2 }, { date: '2026-02-03', allocate: true }).allocation
        ?.Amount,
    ).toBe(78.2);
    expect(planCreditNote(invoice, { date: '2026-02-03', allocate: false }).allocation).toBeUndefined();
  });

  it('refuses to plan without the contact or the lines it must mirror', () => {
    expect(() =>
      planCreditNote({ ...invoice, Contact: undefined }, { date: '2026-02-03', allocate: true }),
    ).toThrow(/has no Contact\.ContactID/);
    expect(() =>
      planCreditNote({ ...invoice, LineItems: [] }, { date: '2026-02-03', allocate: true }),
    ).toThrow(/has no LineItems to mirror/);
  });
});
