import type { CreditNoteCancellationInput } from './decide-credit-note-cancellation';
import { decideCreditNoteCancellation } from './decide-credit-note-cancellation';

const NOTE = '11111111-1111-4111-8111-111111111111';
const input = (
  note: CreditNoteCancellationInput['creditNote'],
  overrides: Partial<CreditNoteCancellationInput> = {},
): CreditNoteCancellationInput => ({
  tenantId: 'tenant-1',
  invoiceId: '44444444-4444-4444-8444-444444444444',
  creditNoteId: NOTE,
  creditNote: note && { CreditNoteID: NOTE, CreditNoteNumber: 'CN-1', Total: 120, ...note },
  ...overrides,
});

describe('decideCreditNoteCancellation', () => {
  it.each([
    ['DRAFT', {}, 'Deleted'],
    ['SUBMITTED', {}, 'Deleted'],
    ['AUTHORISED', { RemainingCredit: 120 }, 'Voided'],
    ['AUTHORISED', { RemainingCredit: 20 }, 'Nothing'],
    ['AUTHORISED', { RemainingCredit: 120, Allocations: [{ Amount: 5 }] }, 'Nothing'],
    ['PAID', { RemainingCredit: 0 }, 'Nothing'],
    ['VOIDED', {}, 'AlreadyCancelled'],
    ['DELETED', {}, 'AlreadyCancelled'],
  ])('a %s note (%j) → %s', (Status, extra, action) => {
    expect(decideCreditNoteCancellation(input({ Status, ...extra })).action).toBe(action);
  });

  it('a delete whose answer was lost is reported as done without writing again', () => {
    const decision = decideCreditNoteCancellation(
      input({ Status: 'DELETED' }, { unconfirmedWrites: ['credit-note-delete'] }),
    );
    expect(decision).toMatchObject({ action: 'Deleted', alreadyInXero: true, statusAfter: 'DELETED' });
  });

  it('the same request gives the same Idempotency-Key; delete and void never share one', () => {
    const draft = decideCreditNoteCancellation(input({ Status: 'DRAFT' }));
    const approved = decideCreditNoteCancellation(input({ Status: 'AUTHORISED', RemainingCredit: 120 }));
    expect(decideCreditNoteCancellation(input({ Status: 'DRAFT' }))).toEqual(draft);
    expect('idempotencyKey' in draft && draft.idempotencyKey).toMatch(/^dxc-credit-note-delete-/);
    expect('idempotencyKey' in approved && approved.idempotencyKey).toMatch(/^dxc-credit-note-void-/);
  });

  it('a note Xero does not know, or one cancelled before, changes nothing', () => {
    expect(decideCreditNoteCancellation(input(undefined)).action).toBe('Nothing');
    expect(
      decideCreditNoteCancellation(input({ Status: 'AUTHORISED' }, { previous: { action: 'Voided' } }))
        .action,
    ).toBe('AlreadyCancelled');
  });
});
