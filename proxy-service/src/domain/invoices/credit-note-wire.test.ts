import { fromCreditNoteWire, toCreditNoteWire } from './credit-note-wire';

describe('credit note wire names', () => {
  it('an invoice-shaped credit note goes with CreditNoteID and CreditNoteNumber and no due date', () => {
    expect(
      toCreditNoteWire({
        Type: 'ACCRECCREDIT',
        InvoiceID: 'a',
        InvoiceNumber: 'CN-1',
        DueDate: '2026-03-02',
        Contact: { ContactID: 'c' },
        LineItems: [],
        LineAmountTypes: 'Exclusive',
      }),
    ).toEqual({
      Type: 'ACCRECCREDIT',
      CreditNoteID: 'a',
      CreditNoteNumber: 'CN-1',
      Contact: { ContactID: 'c' },
      LineItems: [],
      LineAmountTypes: 'Exclusive',
    });
  });

  it('what is left of the credit comes back as amount due, and what was allocated as credited', () => {
    expect(
      fromCreditNoteWire({
        CreditNoteID: 'a',
        CreditNoteNumber: 'CN-1',
        Status: 'AUTHORISED',
        Total: 120,
        RemainingCredit: 20,
        Allocations: [{ Amount: 100 }],
      }),
    ).toEqual({
      InvoiceID: 'a',
      InvoiceNumber: 'CN-1',
      Status: 'AUTHORISED',
      Total: 120,
      AmountDue: 20,
      AmountCredited: 100,
    });
  });
});
