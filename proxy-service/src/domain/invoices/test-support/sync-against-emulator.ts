/**
 * Runs a batch plan's stages for real against the Xero emulator (the emulator suites' one way to sync), checks the
 * answer against the contract, and says which calls the batch made.
 */
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { InvoicesWriteAnswers, SyncBatchOutcome } from '../build-sync-results';
import { buildSyncResults } from '../build-sync-results';
import { planInvoicesWrite, planSyncCreates, planSyncLookups } from '../plan-sync-batch';
import type { KnownMappings } from '../sync-ledger';
import type { XeroCall } from '../xero-calls';
import type { XeroContactRecord, XeroInvoiceRecord, XeroItemRecord } from '../xero-payloads';
import { expectContractResponse } from './contract-check';
import type { EmulatedXero } from './emulated-xero';

const DOCUMENT_WRITES = new Set([
  'invoices.create',
  'invoices.update',
  'creditnotes.create',
  'creditnotes.update',
]);

export async function syncAgainstEmulator(
  xero: EmulatedXero,
  invoices: DataverseInvoice[],
  settings: SyncSettings,
  known: KnownMappings = {},
): Promise<SyncBatchOutcome & { calls: XeroCall[] }> {
  const before = xero.calls.length;
  const lookups = planSyncLookups({ tenantId: xero.tenantId, request: { settings, invoices }, known });
  const found = { contacts: [] as XeroContactRecord[], items: [] as XeroItemRecord[] };
  for (const call of lookups.calls) {
    const elements = await xero.run(call);
    if (call.kind === 'contacts.lookup') found.contacts.push(...(elements as XeroContactRecord[]));
    else found.items.push(...(elements as XeroItemRecord[]));
  }
  const creates = planSyncCreates(lookups, found);
  const created = { contacts: [] as XeroContactRecord[], items: [] as XeroItemRecord[] };
  for (const call of creates.calls) {
    const elements = await xero.run(call);
    if (call.kind === 'contacts.create') created.contacts.push(...(elements as XeroContactRecord[]));
    else created.items.push(...(elements as XeroItemRecord[]));
  }
  const write = planInvoicesWrite(creates, created);
  const answers: InvoicesWriteAnswers = {};
  for (const call of write.calls)
    if (DOCUMENT_WRITES.has(call.kind))
      answers[call.kind as keyof InvoicesWriteAnswers] = {
        elements: (await xero.run(call)) as XeroInvoiceRecord[],
      };
  const outcome = buildSyncResults(write, answers, { shortCode: xero.shortCode, now: new Date() });
  expectContractResponse('SyncInvoices', outcome.response);
  return { ...outcome, calls: xero.calls.slice(before) };
}

/** What the ledger knows after a batch, on top of what it knew before. */
export const learned = (o: SyncBatchOutcome, before: KnownMappings = {}): KnownMappings => ({
  contacts: { ...before.contacts, ...o.ledger.contacts },
  itemCodes: [...(before.itemCodes ?? []), ...o.ledger.itemCodes],
  invoices: { ...before.invoices, ...o.ledger.invoices },
});
