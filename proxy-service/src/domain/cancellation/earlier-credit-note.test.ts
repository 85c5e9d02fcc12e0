import type { XeroInvoiceRecord } from '../invoices/xero-payloads';
import type { XeroCreditNoteRecord } from './earlier-credit-note';
import { earlierCreditNoteWhere, findEarlierCreditNote } from './earlier-credit-note';
import { planCreditNote } from './plan-credit-note';

const CONTACT = 'c1000000-0000-4000-8000-000000000001';
const invoice: XeroInvoiceRecord = {
  InvoiceID: 'b1000000-0000-4000-8000-000000000001',
  InvoiceNumber: 'INV-0044',
  Type: 'ACCREC',
  Status: 'AUTHORISED',
  Contact: { ContactID: CONTACT },
  LineAmountTypes: 'Exclusive',
  CurrencyCode: 'GBP',
  LineItems: [{ Description: 'Consulting', Quantity: 3, UnitAmount: 300, AccountCode: '200' }],
  Total: 1080,
  AmountDue: 1080,
};
const planned = planCreditNote(invoice, { date: '2026-02-03', allocate: true });

/** The note Xero holds after the lost PUT /CreditNotes of `planned`. */
function ours(overrides: Partial<XeroCreditNoteRecord> = {}): XeroCreditNoteRecord {
  return {
    CreditNoteID: 'a0000000-0000-4000-8000-000000000001',
    CreditNoteNumber: 'CN-0007',
    Type: 'ACCRECCREDIT',
    Status: 'AUTHORISED',
    Contact: { ContactID: CONTACT.toUpperCase() },
    Reference: 'Cancellation of INV-0044 (Dynamics 365)',
    CurrencyCode: 'GBP',
    Total: 1080,
    RemainingCredit: 1080,
    Allocations: [],
    ...overrides,
  };
}

describe('finding the credit note an earlier attempt raised without its answer', () => {
  it('takes the untouched approved note of the same contact, reference, currency and total', () => {
    expect(findEarlierCreditNote(planned, [ours()])?.CreditNoteID).toBe(
      'a0000000-0000-4000-8000-000000000001',
    );
  });

  it.each<[string, Partial<XeroCreditNoteRecord>]>([
    ['a note a person typed without the suffix', { Reference: 'Cancellation of INV-0044' }],
    ['another invoice’s note', { Reference: 'Cancellation of INV-0045 (Dynamics 365)' }],
    ['another contact’s note', { Contact: { ContactID: 'c1000000-0000-4000-8000-000000000002' } }],
    ['a voided note', { Status: 'VOIDED' }],
    ['a draft note', { Status: 'DRAFT' }],
    ['a note for another amount', { Total: 1079.99, RemainingCredit: 1079.99 }],
    ['a note in another currency', { CurrencyCode: 'EUR' }],
    ['a supplier credit note', { Type: 'ACCPAYCREDIT' }],
    ['a note somebody already allocated in part', { RemainingCredit: 80 }],
    [
      'a note with an allocation',
      { Allocations: [{ Invoice: { InvoiceID: 'b1000000-0000-4000-8000-000000000009' }, Amount: 1 }] },
    ],
    ['a note without an id', { CreditNoteID: undefined }],
  ])('never takes %s', (_what, overrides) => {
    expect(findEarlierCreditNote(planned, [ours(overrides)])).toBeUndefined();
  });

  it('skips what does not match and takes the first that does', () => {
    const found = findEarlierCreditNote(planned, [
      ours({ CreditNoteID: 'a0000000-0000-4000-8000-00000000000a', Status: 'VOIDED' }),
      ours({ CreditNoteID: 'a0000000-0000-4000-8000-00000000000b' }),
      ours({ CreditNoteID: 'a0000000-0000-4000-8000-00000000000c' }),
    ]);
    expect(found?.CreditNoteID).toBe('a0000000-0000-4000-8000-00000000000b');
    expect(findEarlierCreditNote(planned, [])).toBeUndefined();
  });

  it('asks Xero by contact and reference, escaping quotes in the invoice number', () => {
    expect(earlierCreditNoteWhere(planned)).toBe(
      `Contact.ContactID==Guid("${CONTACT}") AND Reference=="Cancellation of INV-0044 (Dynamics 365)"`,
    );
    const quoted = planCreditNote(
      { ...invoice, InvoiceNumber: 'INV "7"' },
      { date: '2026-02-03', allocate: true },
    );
    expect(earlierCreditNoteWhere(quoted)).toContain(
      'Reference=="Cancellation of INV \\"7\\" (Dynamics 365)"',
    );
    const odd = { ...planned, creditNote: { ...planned.creditNote, Contact: { ContactID: '") OR 1==1' } } };
    expect(() => earlierCreditNoteWhere(odd)).toThrow(/Contact.ContactID .* is not a Xero id/);
  });
});
