import type { XeroInvoiceRecord } from '../invoices/xero-payloads';
import { expectContractResponse } from '../invoices/test-support/contract-check';
import { buildCancellationResult } from './build-cancellation-result';
import { decideCancellation } from './decide-cancellation';

const ids = {
  invoiceId: '00000002-0000-4000-8000-000000000001',
  xeroInvoiceId: 'b1000000-0000-4000-8000-000000000001',
};
const invoice: XeroInvoiceRecord = {
  InvoiceID: ids.xeroInvoiceId,
  InvoiceNumber: 'INV-0044',
  Type: 'ACCREC',
  Status: 'AUTHORISED',
  Contact: { ContactID: 'c1000000-0000-4000-8000-000000000001' },
  CurrencyCode: 'GBP',
  LineItems: [
    { Description: 'Consulting', Quantity: 1, UnitAmount: 100, AccountCode: '200', TaxType: 'OUTPUT2' },
  ],
  Total: 120,
  AmountDue: 120,
};
const decide = (policy: 'CreditNote' | 'Void' | 'Nothing', state = invoice) =>
  decideCancellation({ tenantId: 't', ...ids, invoice: state, policy, today: '2026-02-03' });

describe('the CancelInvoice answer', () => {
  it('reports an allocated credit note with its id, number, amount and currency', () => {
    const response = buildCancellationResult(ids, decide('CreditNote'), {
      creditNote: {
        CreditNoteID: 'cd000000-0000-4000-8000-000000000001',
        CreditNoteNumber: 'CN-0007',
        Total: 120,
      },
    });
    expect(response).toEqual({
      ...ids,
      action: 'CreditNoteAllocated',
      statusAfter: 'PAID',
      creditNoteId: 'cd000000-0000-4000-8000-000000000001',
      creditNoteNumber: 'CN-0007',
      amount: 120,
      currencyCode: 'GBP',
      message:
        'A credit note CN-0007 for the full amount (GBP 120.00) has been raised in Xero and allocated to invoice INV-0044.',
    });
    expectContractResponse('CancelInvoice', response);
  });

  it('a note found in Xero from an earlier attempt is reported as raised, saying it was not raised again', () => {
    const response = buildCancellationResult(ids, decide('CreditNote'), {
      creditNote: {
        CreditNoteID: 'cd000000-0000-4000-8000-000000000001',
        CreditNoteNumber: 'CN-0007',
        Total: 120,
      },
      foundEarlier: true,
    });
    expect(response.action).toBe('CreditNoteAllocated');
    expect(response.message).toBe(
      'A credit note CN-0007 for the full amount (GBP 120.00) has been raised in Xero and allocated to invoice INV-0044. An earlier attempt had raised the note but its answer was lost; it was not raised again.',
    );
    expectContractResponse('CancelInvoice', response);
  });

  it('a refused allocation leaves the note to be allocated by hand, with Xero’s reason', () => {
    const response = buildCancellationResult(ids, decide('CreditNote'), {
      creditNote: { CreditNoteID: 'cd000000-0000-4000-8000-000000000001', CreditNoteNumber: 'CN-0007' },
      allocationRefused: 'The invoice you are trying to allocate to has already been paid off',
    });
    expect(response.action).toBe('CreditNoteUnallocated');
    expect(response.message).toBe(
      'A credit note CN-0007 for the full amount has been raised in Xero, but Xero refused to allocate it: The invoice you are trying to allocate to has already been paid off Allocate it by hand in Xero.',
    );
    expectContractResponse('CancelInvoice', response);
  });

  it('reports a void and a deletion with the status after', () => {
    expect(buildCancellationResult(ids, decide('Void'))).toMatchObject({
      action: 'Voided',
      statusAfter: 'VOIDED',
    });
    const deleted = buildCancellationResult(ids, decide('Void', { ...invoice, Status: 'DRAFT' }));
    expect(deleted).toMatchObject({ action: 'Deleted', statusAfter: 'DELETED' });
    expectContractResponse('CancelInvoice', deleted);
  });

  it('needs the created credit note for a credit note decision', () => {
    expect(() => buildCancellationResult(ids, decide('CreditNote'))).toThrow(/needs the created credit note/);
  });
});
