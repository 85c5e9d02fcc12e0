/** Drives a batch plan's stages against a FakeXero, as the HTTP layer will against the gateway. */
import type { InvoicesWriteAnswers, SyncBatchOutcome } from '../build-sync-results';
import { buildSyncResults } from '../build-sync-results';
import type { InvoicesStage, SyncBatchInput } from '../plan-sync-batch';
import { planInvoicesWrite, planSyncCreates, planSyncLookups, plannedCalls } from '../plan-sync-batch';
import type { XeroCall } from '../xero-calls';
import type { XeroContactRecord, XeroInvoiceRecord, XeroItemRecord } from '../xero-payloads';
import type { FakeXero } from './fake-xero';

export interface DrivenBatch extends SyncBatchOutcome {
  stage: InvoicesStage;
  calls: XeroCall[];
}

export function driveBatch(
  xero: FakeXero,
  input: SyncBatchInput,
  context = { shortCode: '!mBdtL', now: new Date('2026-02-02T15:07:52Z') },
): DrivenBatch {
  const lookups = planSyncLookups(input);
  const found = { contacts: [] as XeroContactRecord[], items: [] as XeroItemRecord[] };
  for (const call of lookups.calls) {
    const answer = xero.answer(call);
    if (call.kind === 'contacts.lookup') found.contacts.push(...(answer as XeroContactRecord[]));
    else found.items.push(...(answer as XeroItemRecord[]));
  }
  const creates = planSyncCreates(lookups, found);
  const created = { contacts: [] as XeroContactRecord[], items: [] as XeroItemRecord[] };
  for (const call of creates.calls) {
    const answer = xero.answer(call);
    if (call.kind === 'contacts.create') created.contacts.push(...(answer as XeroContactRecord[]));
    else created.items.push(...(answer as XeroItemRecord[]));
  }
  const stage = planInvoicesWrite(creates, created);
  const answers: InvoicesWriteAnswers = {};
  for (const call of stage.calls) {
    if (
      call.kind === 'invoices.create' ||
      call.kind === 'invoices.update' ||
      call.kind === 'creditnotes.create' ||
      call.kind === 'creditnotes.update'
    )
      answers[call.kind] = { elements: xero.answer(call) as XeroInvoiceRecord[] };
  }
  return { ...buildSyncResults(stage, answers, context), stage, calls: plannedCalls(stage) };
}
