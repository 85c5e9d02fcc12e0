/**
 * Which status changes Xero allows on invoices and credit notes (reference/xero-api.md section 2, "Status rules"):
 * DRAFT → SUBMITTED → AUTHORISED → PAID (automatic at AmountDue 0); DELETED only from DRAFT/SUBMITTED; VOIDED only
 * from AUTHORISED with no payments or allocations; PAID, VOIDED and DELETED documents are read-only; an AUTHORISED
 * document with a payment or allocation cannot be edited.
 */
import type { DocumentStatus } from './records';

export const NOT_VALID_FOR_MODIFICATION = 'Invoice not of valid status for modification';
export const HAS_PAYMENT_OR_CREDIT =
  'This document cannot be edited as it has a payment or credit note allocated to it.';
export const NOT_VALID_WITH_PAYMENT = `${NOT_VALID_FOR_MODIFICATION}. ${HAS_PAYMENT_OR_CREDIT}`;

const CREATABLE: readonly DocumentStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];

/** Refusal message for creating a document in `status`, or undefined when allowed. */
export function refuseCreateStatus(status: DocumentStatus): string | undefined {
  // UNVERIFIED wording: Xero refuses PAID/VOIDED/DELETED on create; the exact text was not captured.
  return CREATABLE.includes(status)
    ? undefined
    : `A document cannot be created with status ${status}. Use DRAFT, SUBMITTED or AUTHORISED.`;
}

/**
 * Refusal message for changing an existing document from `from` to `to` (to === from for a plain edit), or
 * undefined when allowed. `settled` means it has payments or credit-note allocations.
 */
export function refuseUpdate(from: DocumentStatus, to: DocumentStatus, settled: boolean): string | undefined {
  if (from === 'VOIDED' || from === 'DELETED') return NOT_VALID_FOR_MODIFICATION;
  if (from === 'PAID') return settled ? NOT_VALID_WITH_PAYMENT : NOT_VALID_FOR_MODIFICATION;
  if (to === 'PAID') return NOT_VALID_FOR_MODIFICATION;
  switch (from) {
    case 'DRAFT':
    case 'SUBMITTED':
      return to === 'VOIDED' ? NOT_VALID_FOR_MODIFICATION : undefined;
    case 'AUTHORISED':
      if (settled) return to === 'VOIDED' ? NOT_VALID_WITH_PAYMENT : HAS_PAYMENT_OR_CREDIT;
      return to === 'AUTHORISED' || to === 'VOIDED' ? undefined : NOT_VALID_FOR_MODIFICATION;
  }
}

/** The status a document settles into after a payment/allocation change moves its amount due. */
export function statusAfterSettlement(current: DocumentStatus, amountDue: number): DocumentStatus {
  if (current === 'AUTHORISED' && amountDue <= 0) return 'PAID';
  if (current === 'PAID' && amountDue > 0) return 'AUTHORISED';
  return current;
}
