import type { CreditAllocationInput } from './decide-credit-allocation';
import { decideCreditAllocation } from './decide-credit-allocation';

const NOTE = '11111111-1111-4111-8111-111111111111';
const INV = '22222222-2222-4222-8222-222222222222';
const CONTACT = '33333333-3333-4333-8333-333333333333';

const input = (overrides: Partial<CreditAllocationInput> = {}): CreditAllocationInput => ({
  tenantId: 'tenant-1',
  creditNoteRowId: '44444444-4444-4444-8444-444444444444',
  creditNote: {
    CreditNoteID: NOTE,
    Type: 'ACCRECCREDIT',
    Status: 'AUTHORISED',
    Contact: { ContactID: CONTACT },
    CurrencyCode: 'GBP',
    Total: 120,
    RemainingCredit: 120,
  },
  xeroInvoiceId: INV,
  invoice: {
    InvoiceID: INV,
    InvoiceNumber: 'INV-1',
    Type: 'ACCREC',
    Status: 'AUTHORISED',
    Contact: { ContactID: CONTACT },
    CurrencyCode: 'GBP',
    AmountDue: 90,
  },
  today: '2026-02-02',
  ...overrides,
});

describe('decideCreditAllocation', () => {
  it('allocates the smaller of the remaining credit and the amount due, with a content-derived key', () => {
    const decision = decideCreditAllocation(input());
    expect(decision).toMatchObject({
      kind: 'allocate',
      allocation: { Invoice: { InvoiceID: INV }, Amount: 90, Date: '2026-02-02' },
      message: 'The credit note has been allocated to invoice INV-1 (GBP 90.00).',
    });
    expect(decision.kind === 'allocate' && decision.idempotencyKey).toMatch(
      /^dxc-credit-note-allocate-[0-9a-f]{64}$/,
    );
    expect(decideCreditAllocation(input())).toEqual(decision);
  });

  it('an allocation Xero already shows (a lost answer) is not sent again', () => {
    const note = {
      ...input().creditNote,
      RemainingCredit: 30,
      Allocations: [{ Invoice: { InvoiceID: INV }, Amount: 90 }],
    };
    expect(decideCreditAllocation(input({ creditNote: note }))).toEqual({
      kind: 'allocated',
      amount: 90,
      message: 'The credit note is allocated to invoice INV-1 (GBP 90.00).',
    });
  });

  it.each([
    [
      'the note is a draft',
      { creditNote: { ...input().creditNote, Status: 'DRAFT' } },
      /it is draft in Xero/,
    ],
    [
      'the invoice is paid',
      { invoice: { ...input().invoice!, Status: 'PAID' } },
      /invoice INV-1 is paid in Xero/,
    ],
    [
      'another contact',
      { invoice: { ...input().invoice!, Contact: { ContactID: NOTE } } },
      /is for another contact/,
    ],
    [
      'another currency',
      { invoice: { ...input().invoice!, CurrencyCode: 'EUR' } },
      /is in EUR and the credit note in GBP/,
    ],
    [
      'a bill',
      { invoice: { ...input().invoice!, Type: 'ACCPAY' } },
      /a sales credit note can only credit a sales invoice/,
    ],
    ['never sent', { xeroInvoiceId: undefined, invoice: undefined }, /has not been sent to Xero/],
    ['no credit left', { creditNote: { ...input().creditNote, RemainingCredit: 0 } }, /no credit left/],
  ])('not allocated when %s, saying why', (_, overrides, reason) => {
    const decision = decideCreditAllocation(input(overrides as Partial<CreditAllocationInput>));
    expect(decision.kind).toBe('not-allocated');
    expect(decision.message).toMatch(reason);
  });
});
