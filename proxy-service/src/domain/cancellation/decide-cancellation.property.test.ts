/** Properties of the B8 decision table over any invoice state and policy (fast-check). */
import fc from 'fast-check';
import { expectContractResponse } from '../invoices/test-support/contract-check';
import type { XeroInvoiceRecord } from '../invoices/xero-payloads';
import { buildCancellationResult } from './build-cancellation-result';
import { decideCancellation } from './decide-cancellation';

const ids = {
  invoiceId: '00000002-0000-4000-8000-000000000001',
  xeroInvoiceId: 'b1000000-0000-4000-8000-000000000001',
};

const stateArb = fc
  .record({
    status: fc.constantFrom('DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'),
    type: fc.constantFrom('ACCREC', 'ACCPAY'),
    totalCents: fc.integer({ min: 1, max: 10_000_000 }),
    paidShare: fc.constantFrom(0, 0, 0.25, 1),
    creditedShare: fc.constantFrom(0, 0, 0.5, 1),
  })
  .map(({ status, type, totalCents, paidShare, creditedShare }): XeroInvoiceRecord => {
    const paid = Math.round(totalCents * paidShare);
    const credited = Math.min(totalCents - paid, Math.round(totalCents * creditedShare));
    const due = totalCents - paid - credited;
    return {
      InvoiceID: ids.xeroInvoiceId,
      InvoiceNumber: 'INV-1',
      Type: type,
      Status: status === 'AUTHORISED' && due === 0 ? 'PAID' : status,
      Contact: { ContactID: 'c1000000-0000-4000-8000-000000000001' },
      CurrencyCode: 'GBP',
      LineItems: [
        {
          Description: 'Work',
          Quantity: 1,
          UnitAmount: totalCents / 100,
          AccountCode: '200',
          TaxType: 'NONE',
        },
      ],
      Total: totalCents / 100,
      AmountPaid: paid / 100,
      AmountCredited: credited / 100,
      AmountDue: due / 100,
    };
  });

describe('properties of the cancellation decision', () => {
  it('never voids or allocates what Xero would refuse, and always answers within the contract', () => {
    fc.assert(
      fc.property(stateArb, fc.constantFrom('CreditNote', 'Void', 'Nothing'), (invoice, policy) => {
        const decision = decideCancellation({ tenantId: 't', ...ids, invoice, policy, today: '2026-02-03' });
        const settled = (invoice.AmountPaid ?? 0) > 0 || (invoice.AmountCredited ?? 0) > 0;
        if (decision.action === 'Deleted') expect(['DRAFT', 'SUBMITTED']).toContain(invoice.Status);
        if (decision.action === 'Voided') {
          expect(invoice.Status).toBe('AUTHORISED');
          expect(settled).toBe(false);
        }
        if (decision.action === 'CreditNoteAllocated') {
          expect(settled).toBe(false);
          expect(decision.credit.allocation!.Amount).toBeLessThanOrEqual(invoice.AmountDue!);
          expect(decision.credit.amount).toBe(invoice.Total);
        }
        if (invoice.Status === 'PAID' && (invoice.AmountPaid ?? 0) > 0)
          expect(decision.action).toBe('Nothing');
        if (invoice.Status === 'DRAFT' || invoice.Status === 'SUBMITTED')
          expect(decision.action).toBe('Deleted');
        expect(decision.message.length).toBeGreaterThan(0);
        const answer =
          decision.action === 'CreditNoteAllocated' || decision.action === 'CreditNoteUnallocated'
            ? {
                creditNote: {
                  CreditNoteID: 'cd000000-0000-4000-8000-000000000001',
                  CreditNoteNumber: 'CN-1',
                },
              }
            : {};
        expectContractResponse('CancelInvoice', buildCancellationResult(ids, decision, answer));
      }),
      { numRuns: 300 },
    );
  });

  it('once the ledger records a cancellation, any state gives AlreadyCancelled', () => {
    fc.assert(
      fc.property(stateArb, fc.constantFrom('CreditNote', 'Void', 'Nothing'), (invoice, policy) => {
        const decision = decideCancellation({
          tenantId: 't',
          ...ids,
          invoice,
          policy,
          today: '2026-02-03',
          previous: { action: 'Voided' },
        });
        expect(decision.action).toBe('AlreadyCancelled');
      }),
    );
  });
});
