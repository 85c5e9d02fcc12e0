import { expectContractResponse } from '../invoices/test-support/contract-check';
import type { XeroInvoiceRecord } from '../invoices/xero-payloads';
import { decideCancellation } from './decide-cancellation';
import type { XeroCreditNoteRecord } from './earlier-credit-note';
import type { FinishAllocationInput } from './finish-allocation';
import { finishAllocation } from './finish-allocation';

const INVOICE_ID = '00000002-0000-4000-8000-000000000001';
const XERO_ID = '81f93ef2-a98f-4721-9c3e-5b8d2f6a7e10';
const NOTE_ID = 'a0000000-0000-4000-8000-000000000001';

function xeroInvoice(overrides: Partial<XeroInvoiceRecord> = {}): XeroInvoiceRecord {
  return {
    InvoiceID: XERO_ID,
    InvoiceNumber: 'INV-0044',
    Type: 'ACCREC',
    Status: 'AUTHORISED',
    Contact: { ContactID: '3f2a1b0c-1111-4222-8333-444455556666' },
    LineAmountTypes: 'Exclusive',
    CurrencyCode: 'GBP',
    LineItems: [{ Description: 'Consulting', Quantity: 3, UnitAmount: 300, AccountCode: '200' }],
    Total: 1080,
    AmountDue: 1080,
    AmountPaid: 0,
    AmountCredited: 0,
    Payments: [],
    CreditNotes: [],
    ...overrides,
  };
}

function note(overrides: Partial<XeroCreditNoteRecord> = {}): XeroCreditNoteRecord {
  return {
    CreditNoteID: NOTE_ID,
    CreditNoteNumber: 'CN-0007',
    Type: 'ACCRECCREDIT',
    Status: 'AUTHORISED',
    CurrencyCode: 'GBP',
    Total: 1080,
    RemainingCredit: 1080,
    Allocations: [],
    ...overrides,
  };
}

/** Xero after the allocation went through (its answer lost): the invoice is paid off by the note. */
const allocatedInvoice = () =>
  xeroInvoice({
    Status: 'PAID',
    AmountDue: 0,
    AmountCredited: 1080,
    CreditNotes: [{ CreditNoteID: NOTE_ID, AppliedAmount: 1080 }],
  });
const allocatedNote = () =>
  note({
    Status: 'PAID',
    RemainingCredit: 0,
    Allocations: [{ Invoice: { InvoiceID: XERO_ID }, Amount: 1080 }],
  });

function finish(overrides: Partial<FinishAllocationInput> = {}) {
  return finishAllocation({
    tenantId: 'tenant-1',
    invoiceId: INVOICE_ID,
    invoice: xeroInvoice(),
    previous: {
      action: 'CreditNoteUnallocated',
      creditNoteId: NOTE_ID,
      creditNoteNumber: 'CN-0007',
      allocationPending: true,
    },
    creditNote: note(),
    today: '2026-02-03',
    ...overrides,
  });
}

describe('finishing a credit note whose allocation was never confirmed', () => {
  it('allocates the amount due when the allocation never reached Xero, with the first attempt’s key', () => {
    const step = finish();
    expect(step).toMatchObject({
      kind: 'allocate',
      creditNoteId: NOTE_ID,
      allocation: { Invoice: { InvoiceID: XERO_ID }, Amount: 1080, Date: '2026-02-03' },
      finished: {
        record: { action: 'CreditNoteAllocated', creditNoteId: NOTE_ID, creditNoteNumber: 'CN-0007' },
        statusAfter: 'PAID',
        response: {
          action: 'CreditNoteAllocated',
          statusAfter: 'PAID',
          creditNoteId: NOTE_ID,
          creditNoteNumber: 'CN-0007',
          amount: 1080,
          currencyCode: 'GBP',
          message:
            'A credit note CN-0007 for the full amount (GBP 1080.00) has been raised in Xero and allocated to invoice INV-0044.',
        },
      },
    });
    expect(step.finished.record).not.toHaveProperty('allocationPending');
    expectContractResponse('CancelInvoice', { invoiceId: INVOICE_ID, ...step.finished.response });
    // The same key the first attempt journalled, so Xero replays it within its window.
    const first = decideCancellation({
      tenantId: 'tenant-1',
      invoiceId: INVOICE_ID,
      xeroInvoiceId: XERO_ID,
      invoice: xeroInvoice(),
      policy: 'CreditNote',
      today: '2026-02-03',
    });
    expect(step.kind === 'allocate' && step.allocationKey).toBe(
      first.action === 'CreditNoteAllocated' && first.allocationKey,
    );
  });

  it.each([
    ['the invoice lists the note', { invoice: allocatedInvoice(), creditNote: note() }],
    [
      'the note lists the invoice',
      { invoice: xeroInvoice({ Status: 'PAID', AmountDue: 0 }), creditNote: allocatedNote() },
    ],
    [
      'both, after an over-allocation was refused',
      { invoice: allocatedInvoice(), creditNote: allocatedNote(), refused: 'Over-allocation' },
    ],
  ])(
    'does not allocate twice when the allocation reached Xero but its answer was lost (%s)',
    (_how, input) => {
      const step = finish(input);
      expect(step.kind).toBe('done');
      expect(step.finished.record).toEqual({
        action: 'CreditNoteAllocated',
        creditNoteId: NOTE_ID,
        creditNoteNumber: 'CN-0007',
      });
      expect(step.finished.response).toMatchObject({ action: 'CreditNoteAllocated', statusAfter: 'PAID' });
    },
  );

  it.each<[string, Partial<FinishAllocationInput>, RegExp]>([
    [
      'a payment arrived since',
      { invoice: xeroInvoice({ AmountDue: 980, AmountPaid: 100, Payments: [{}] }) },
      /invoice INV-0044 has been paid or credited in Xero since, so it was not allocated\. Allocate it by hand in Xero\.$/,
    ],
    [
      'the invoice was paid in full since',
      { invoice: xeroInvoice({ Status: 'PAID', AmountDue: 0, AmountPaid: 1080 }) },
      /invoice INV-0044 is paid in Xero now/,
    ],
    [
      'the invoice was voided by hand',
      { invoice: xeroInvoice({ Status: 'VOIDED' }) },
      /is voided in Xero now/,
    ],
    ['Xero no longer knows the invoice', { invoice: undefined }, /Xero no longer knows the invoice/],
    [
      'part of the note was used elsewhere',
      { creditNote: note({ RemainingCredit: 500 }) },
      /part of it has been used/,
    ],
    [
      'Xero refused the allocation',
      { refused: 'The payment amount exceeds the amount outstanding.' },
      /Xero refused to allocate it: The payment amount exceeds/,
    ],
  ])('leaves the note for a person when %s', (_why, overrides, message) => {
    const step = finish(overrides);
    expect(step.kind).toBe('done');
    expect(step.finished.record).toEqual({
      action: 'CreditNoteUnallocated',
      creditNoteId: NOTE_ID,
      creditNoteNumber: 'CN-0007',
    });
    expect(step.finished.response.action).toBe('CreditNoteUnallocated');
    expect(step.finished.response.message).toMatch(
      /^A credit note CN-0007 for the full amount \(GBP 1080\.00\)/,
    );
    expect(step.finished.response.message).toMatch(message);
    expectContractResponse('CancelInvoice', { invoiceId: INVOICE_ID, ...step.finished.response });
  });

  it.each([
    ['voided', note({ Status: 'VOIDED' }), /is voided in Xero/],
    ['gone', undefined, /is no longer in Xero/],
  ])('says nothing changed when the note is %s, and stops looking', (_what, creditNote, message) => {
    const step = finish({ creditNote });
    expect(step.kind).toBe('done');
    expect(step.finished.record).toEqual({
      action: 'CreditNoteUnallocated',
      creditNoteId: NOTE_ID,
      creditNoteNumber: 'CN-0007',
    });
    expect(step.finished.response).toMatchObject({ action: 'AlreadyCancelled', statusAfter: 'AUTHORISED' });
    expect(step.finished.response.message).toMatch(message);
    expectContractResponse('CancelInvoice', { invoiceId: INVOICE_ID, ...step.finished.response });
  });
});
