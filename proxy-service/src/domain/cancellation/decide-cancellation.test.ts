import type { XeroInvoiceRecord } from '../invoices/xero-payloads';
import type { CancellationInput } from './decide-cancellation';
import { decideCancellation } from './decide-cancellation';

const INVOICE_ID = '00000002-0000-4000-8000-000000000001';
const XERO_ID = '81f93ef2-a98f-4721-9c3e-5b8d2f6a7e10';

function xeroInvoice(overrides: Partial<XeroInvoiceRecord> = {}): XeroInvoiceRecord {
  return {
    InvoiceID: XERO_ID,
    InvoiceNumber: 'INV-0044',
    Type: 'ACCREC',
    Status: 'AUTHORISED',
    Contact: { ContactID: '3f2a1b0c-1111-4222-8333-444455556666' },
    LineAmountTypes: 'Exclusive',
    CurrencyCode: 'GBP',
    LineItems: [
      {
        Description: 'Test line 1',
        Quantity: 3,
        UnitAmount: 300,
        AccountCode: '200',
        TaxType: 'OUTPUT2',
        LineAmount: 900,
      },
      {
        Description: 'CRM',
        Quantity: 2,
        UnitAmount: 99,
        ItemCode: 'CRM',
        AccountCode: '200',
        TaxType: 'OUTPUT2',
        LineAmount: 198,
      },
    ],
    SubTotal: 1098,
    TotalTax: 219.6,
    Total: 1317.6,
    AmountDue: 1317.6,
    AmountPaid: 0,
    AmountCredited: 0,
    ...overrides,
  };
}

function decide(overrides: Partial<CancellationInput> = {}) {
  return decideCancellation({
    tenantId: 'tenant-1',
    invoiceId: INVOICE_ID,
    xeroInvoiceId: XERO_ID,
    invoice: xeroInvoice(),
    policy: 'CreditNote',
    today: '2026-02-03',
    ...overrides,
  });
}

describe('B8 — cancelling an invoice in Xero', () => {
  it.each(['DRAFT', 'SUBMITTED'])(
    'a %s invoice is deleted (Status DELETED), whatever the policy',
    (status) => {
      for (const policy of ['CreditNote', 'Void', 'Nothing'] as const) {
        const decision = decide({ invoice: xeroInvoice({ Status: status }), policy });
        expect(decision).toMatchObject({
          action: 'Deleted',
          write: { InvoiceID: XERO_ID, Status: 'DELETED' },
          statusAfter: 'DELETED',
        });
      }
    },
  );

  it('an approved unpaid invoice gets a credit note for the full amount, allocated to it (policy CreditNote)', () => {
    const decision = decide();
    expect(decision.action).toBe('CreditNoteAllocated');
    if (decision.action !== 'CreditNoteAllocated') return;
    expect(decision.credit.amount).toBe(1317.6);
    expect(decision.credit.allocation).toEqual({
      Invoice: { InvoiceID: XERO_ID },
      Amount: 1317.6,
      Date: '2026-02-03',
    });
    expect(decision.credit.creditNote.Reference).toBe('Cancellation of INV-0044 (Dynamics 365)');
    expect(decision.creditNoteKey).not.toBe(decision.allocationKey);
    expect(decision.message).toBe(
      'A credit note for the full amount (GBP 1317.60) has been raised in Xero and allocated to invoice INV-0044.',
    );
  });

  it('an approved unpaid invoice is voided under policy Void', () => {
    expect(decide({ policy: 'Void' })).toMatchObject({
      action: 'Voided',
      write: { InvoiceID: XERO_ID, Status: 'VOIDED' },
      statusAfter: 'VOIDED',
      idempotencyKey: expect.stringMatching(/^dxc-invoice-void-/),
    });
  });

  it('an approved unpaid invoice is left alone under policy Nothing, saying what to do', () => {
    expect(decide({ policy: 'Nothing' })).toMatchObject({
      action: 'Nothing',
      message: expect.stringMatching(
        /cancellation policy is 'Do nothing'.*Void it or raise a credit note in Xero by hand/,
      ),
    });
  });

  it('a fully paid invoice is left alone: "The invoice is fully paid in Xero"', () => {
    const decision = decide({ invoice: xeroInvoice({ Status: 'PAID', AmountDue: 0, AmountPaid: 1317.6 }) });
    expect(decision.action).toBe('Nothing');
    expect(decision.message).toMatch(/^The invoice is fully paid in Xero/);
  });

  it('a part-paid invoice gets a credit note for the full amount, NOT allocated, and the message says allocate by hand', () => {
    const decision = decide({ invoice: xeroInvoice({ AmountDue: 317.6, AmountPaid: 1000 }) });
    expect(decision.action).toBe('CreditNoteUnallocated');
    if (decision.action !== 'CreditNoteUnallocated') return;
    expect(decision.credit.amount).toBe(1317.6);
    expect(decision.credit.allocation).toBeUndefined();
    expect(decision.allocationKey).toBeUndefined();
    expect(decision.message).toMatch(
      /part paid in Xero \(GBP 1000\.00 paid or credited\).*NOT allocated: allocate it by hand in Xero\./,
    );
  });

  it('a part-paid invoice cannot be voided: nothing is done, with what to do', () => {
    const decision = decide({ policy: 'Void', invoice: xeroInvoice({ AmountDue: 317.6, AmountPaid: 1000 }) });
    expect(decision).toMatchObject({
      action: 'Nothing',
      message: expect.stringMatching(/Xero will not void it/),
    });
  });

  it('a part-credited invoice is treated as part paid (Xero will not void it, and the full amount cannot be allocated)', () => {
    const decision = decide({ invoice: xeroInvoice({ AmountDue: 1000, AmountCredited: 317.6 }) });
    expect(decision.action).toBe('CreditNoteUnallocated');
  });

  it.each(['VOIDED', 'DELETED'])('a %s invoice is already cancelled: nothing changed', (status) => {
    expect(decide({ invoice: xeroInvoice({ Status: status }) })).toEqual({
      action: 'AlreadyCancelled',
      statusAfter: status,
      message: `Invoice INV-0044 is already ${status.toLowerCase()} in Xero; nothing changed.`,
    });
  });

  it.each([
    ['DELETED', 'invoice-delete', 'Deleted', 'DRAFT'],
    ['VOIDED', 'invoice-void', 'Voided', 'AUTHORISED'],
  ] as const)(
    'a %s invoice whose %s is still an unconfirmed write of ours was cancelled by the lost attempt: %s, nothing sent again',
    (status, purpose, action, before) => {
      const decision = decide({
        invoice: xeroInvoice({ Status: status }),
        policy: 'Void',
        unconfirmedWrites: ['credit-note-create', purpose],
      });
      expect(decision).toMatchObject({
        action,
        alreadyInXero: true,
        statusAfter: status,
        write: { InvoiceID: XERO_ID, Status: status },
        message: `Invoice INV-0044 has been ${status.toLowerCase()} in Xero. An earlier attempt did it but its answer was lost, so nothing was sent again.`,
      });
      // The key is the one the lost attempt journalled, so the caller completes that intent.
      const first = decide({ invoice: xeroInvoice({ Status: before }), policy: 'Void' });
      expect(first.action === action && first.idempotencyKey).toBe(
        decision.action === action && decision.idempotencyKey,
      );
    },
  );

  it('a deleted invoice with only a pending void (or none) of ours was not cancelled by us: already cancelled', () => {
    for (const unconfirmedWrites of [['invoice-void'], []]) {
      expect(decide({ invoice: xeroInvoice({ Status: 'DELETED' }), unconfirmedWrites }).action).toBe(
        'AlreadyCancelled',
      );
    }
  });

  it('an invoice paid off by credit notes only is already cancelled', () => {
    const decision = decide({
      invoice: xeroInvoice({ Status: 'PAID', AmountDue: 0, AmountCredited: 1317.6 }),
    });
    expect(decision.action).toBe('AlreadyCancelled');
  });

  it('a second decision after our own cancellation says nothing changed (idempotent)', () => {
    const decision = decide({
      invoice: xeroInvoice({ AmountDue: 317.6, AmountPaid: 1000 }),
      previous: { action: 'CreditNoteUnallocated', creditNoteId: 'cn-1', creditNoteNumber: 'CN-0007' },
    });
    expect(decision).toEqual({
      action: 'AlreadyCancelled',
      statusAfter: 'AUTHORISED',
      message: 'The invoice was already cancelled in Xero (credit note CN-0007); nothing changed.',
    });
  });

  it('an invoice the ledger does not know was never sent: nothing, clearly', () => {
    expect(decide({ xeroInvoiceId: undefined, invoice: undefined })).toEqual({
      action: 'Nothing',
      message: 'The invoice was never sent to Xero, so there is nothing to cancel there.',
    });
  });

  it('an invoice Xero no longer has: nothing, naming the id', () => {
    expect(decide({ invoice: undefined }).message).toBe(
      `Xero has no invoice ${XERO_ID}; nothing was done. It may have been removed in Xero already.`,
    );
  });

  it('the same decision gives the same Idempotency-Keys, so a retried write replays at Xero', () => {
    const a = decide();
    const b = decide();
    expect(a.action === 'CreditNoteAllocated' && a.creditNoteKey).toBe(
      b.action === 'CreditNoteAllocated' && b.creditNoteKey,
    );
    const other = decide({ tenantId: 'tenant-2' });
    expect(other.action === 'CreditNoteAllocated' && other.creditNoteKey).not.toBe(
      a.action === 'CreditNoteAllocated' && a.creditNoteKey,
    );
  });
});
