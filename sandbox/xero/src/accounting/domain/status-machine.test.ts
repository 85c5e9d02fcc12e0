import {
  HAS_PAYMENT_OR_CREDIT,
  NOT_VALID_FOR_MODIFICATION,
  NOT_VALID_WITH_PAYMENT,
  refuseCreateStatus,
  refuseUpdate,
  statusAfterSettlement,
} from './status-machine';

describe('document status machine', () => {
  it('creates documents as DRAFT, SUBMITTED or AUTHORISED only', () => {
    expect(refuseCreateStatus('DRAFT')).toBeUndefined();
    expect(refuseCreateStatus('SUBMITTED')).toBeUndefined();
    expect(refuseCreateStatus('AUTHORISED')).toBeUndefined();
    expect(refuseCreateStatus('PAID')).toMatch(/cannot be created with status PAID/);
    expect(refuseCreateStatus('VOIDED')).toBeDefined();
  });

  it('deletes only drafts and submitted documents', () => {
    expect(refuseUpdate('DRAFT', 'DELETED', false)).toBeUndefined();
    expect(refuseUpdate('SUBMITTED', 'DELETED', false)).toBeUndefined();
    expect(refuseUpdate('AUTHORISED', 'DELETED', false)).toBe(NOT_VALID_FOR_MODIFICATION);
  });

  it('voids only approved documents without payments or allocations', () => {
    expect(refuseUpdate('AUTHORISED', 'VOIDED', false)).toBeUndefined();
    expect(refuseUpdate('AUTHORISED', 'VOIDED', true)).toBe(NOT_VALID_WITH_PAYMENT);
    expect(refuseUpdate('PAID', 'VOIDED', true)).toBe(NOT_VALID_WITH_PAYMENT);
    expect(refuseUpdate('DRAFT', 'VOIDED', false)).toBe(NOT_VALID_FOR_MODIFICATION);
  });

  it('keeps paid, voided and deleted documents read-only', () => {
    expect(refuseUpdate('VOIDED', 'VOIDED', false)).toBe(NOT_VALID_FOR_MODIFICATION);
    expect(refuseUpdate('DELETED', 'DRAFT', false)).toBe(NOT_VALID_FOR_MODIFICATION);
    expect(refuseUpdate('PAID', 'PAID', true)).toBe(NOT_VALID_WITH_PAYMENT);
  });

  it('lets an approved document without payments be edited, but not one with a payment', () => {
    expect(refuseUpdate('AUTHORISED', 'AUTHORISED', false)).toBeUndefined();
    expect(refuseUpdate('AUTHORISED', 'AUTHORISED', true)).toBe(HAS_PAYMENT_OR_CREDIT);
    expect(refuseUpdate('AUTHORISED', 'DRAFT', false)).toBe(NOT_VALID_FOR_MODIFICATION);
  });

  it('never lets a caller set PAID: it follows from the amount due', () => {
    expect(refuseUpdate('AUTHORISED', 'PAID', false)).toBe(NOT_VALID_FOR_MODIFICATION);
    expect(statusAfterSettlement('AUTHORISED', 0)).toBe('PAID');
    expect(statusAfterSettlement('PAID', 10)).toBe('AUTHORISED');
    expect(statusAfterSettlement('DRAFT', 0)).toBe('DRAFT');
  });
});
