/**
 * CancelInvoice's pure domain (B8). The HTTP layer drives it so:
 * 1. Find the Xero invoice id (ledger by Dataverse invoice id, else the request's) and any cancellation the ledger
 *    already recorded; GET /Invoices/{id} for its current state (a 404 means `invoice: undefined`).
 * 2. `decideCancellation(...)` → Deleted / Voided (POST /Invoices/{id} with `write` and `idempotencyKey`),
 *    CreditNoteAllocated (PUT /CreditNotes with `credit.creditNote`, then PUT /CreditNotes/{id}/Allocations with
 *    `credit.allocation`), CreditNoteUnallocated (the credit note only), or Nothing / AlreadyCancelled (no call).
 *    Journal the intent before each write; record the outcome in the ledger so a repeat is AlreadyCancelled.
 *    Before PUT /CreditNotes, GET /CreditNotes with `earlierCreditNoteWhere(...)` and take
 *    `findEarlierCreditNote(...)` instead of raising a second note when an earlier attempt's answer was lost.
 *    A recorded note with `allocationPending` (created, allocation unconfirmed) is finished with
 *    `finishAllocation(...)` from the invoice and the note as Xero holds them now.
 * 3. `buildCancellationResult(...)` → the CancelInvoiceResponse for the flow's sync history.
 */
export { decideCancellation } from './decide-cancellation';
export type { CancellationDecision, CancellationInput, PreviousCancellation } from './decide-cancellation';
export { cancellationReference, planCreditNote } from './plan-credit-note';
export type { PlannedCreditNote } from './plan-credit-note';
export { earlierCreditNoteWhere, findEarlierCreditNote } from './earlier-credit-note';
export type { XeroCreditNoteRecord } from './earlier-credit-note';
export { finishAllocation } from './finish-allocation';
export type { FinishAllocationInput, FinishAllocationStep, FinishedCancellation } from './finish-allocation';
export { buildCancellationResult } from './build-cancellation-result';
export type { CancellationWriteAnswer } from './build-cancellation-result';
