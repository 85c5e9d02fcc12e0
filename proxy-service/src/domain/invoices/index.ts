/**
 * SyncInvoices' pure domain (B1–B6). The HTTP layer drives a batch in stages, making each stage's `calls` through
 * the gateway and passing Xero's answers on:
 *
 *   const lookups = planSyncLookups({ tenantId, request, known });      // known = the store's ledger + mappings
 *   // run lookups.calls (contacts lookup chunks, items lookup) → found
 *   const creates = planSyncCreates(lookups, found);
 *   // run creates.calls (contacts create, items create; journal the intent first) → created elements
 *   const write = planInvoicesWrite(creates, created);
 *   // journal each of write.calls (idempotency key + invoice ids + hashes), then send it: `invoices.create` by
 *   // PUT, `invoices.update` by POST → answers[call.kind] = { elements }
 *   const { response, ledger } = buildSyncResults(write, answers, { shortCode, now });
 *   // store `ledger` (invoices, contacts, item codes, contacts to forget), then return `response`
 *
 * A stage with no calls is passed empty answers. A Xero failure of a whole call after retries: lookups and creates
 * → pass `{ failure }` to buildSyncResults only for the invoices writes; for the earlier stages the HTTP layer
 * answers the batch with an error (nothing was written to Xero yet, or only idempotent creates).
 */
export {
  planSyncLookups,
  planSyncCreates,
  planInvoicesWrite,
  plannedCalls,
  MAX_BATCH,
} from './plan-sync-batch';
export type {
  CreateResults,
  CreateStage,
  InvoicesStage,
  LookupResults,
  LookupStage,
  PlannedInvoice,
  SyncBatchInput,
} from './plan-sync-batch';
export { buildSyncResults } from './build-sync-results';
export type {
  InvoicesWriteAnswer,
  InvoicesWriteAnswers,
  SyncBatchOutcome,
  SyncResultContext,
} from './build-sync-results';
export { mapInvoiceToXero } from './map-invoice-to-xero';
export { isNoteLine } from './invoice-reading';
export type { MappedInvoice, ResolvedInvoiceParts } from './map-invoice-to-xero';
export { decideInvoiceWrite } from './decide-invoice-write';
export type { InvoiceWriteDecision } from './decide-invoice-write';
export { payloadHash, bodyHash, canonicalJson } from './payload-hash';
export { idempotencyKey, IDEMPOTENCY_KEY_MAX } from './idempotency-key';
export type { IdempotencyContent, WritePurpose } from './idempotency-key';
export {
  planContactLookup,
  planContactCreation,
  settleContactCreation,
  contactPayloadFor,
} from './plan-contacts';
export {
  planItemLookup,
  planItemCreation,
  settleItemCreation,
  itemNameFor,
  ITEM_CODE_MAX,
} from './plan-items';
export { screenInvoices } from './screen-invoices';
export { chunkOrClauses, chunkWhereClauses, WHERE_CLAUSE_BUDGET } from './where-clause';
export { xeroInvoiceLink } from './xero-deep-link';
export { syncProblem } from './sync-problem';
export type { SyncProblemCode } from './sync-problem';
export type { KnownMappings, LedgerInvoiceEntry, LedgerUpdates } from './sync-ledger';
export type * from './xero-calls';
export type * from './xero-payloads';
