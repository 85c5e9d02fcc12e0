/**
 * After a sync batch, each credit note of it that is AUTHORISED in Xero and names a credited invoice is allocated to
 * that invoice (decide-credit-allocation.ts), once. Exactly once without a journal: the note is read back before
 * allocating, so an allocation whose answer was lost is found on the note instead of being made again, and the
 * ledger remembers a confirmed allocation so later syncs of the note cost nothing.
 *
 * Cost: only for such credit notes, once each — GET /CreditNotes/{id}, GET /Invoices/{id}, PUT …/Allocations.
 */
import type { DataverseInvoice, InvoiceSyncResult, SyncInvoicesResponse } from '@dxc/openapi';
import { ProxyError } from '../errors';
import type { ConnectionRecord } from '../store/store';
import { decideCreditAllocation } from '../domain/invoices/decide-credit-allocation';
import { isCreditNote } from '../domain/invoices/document-kind';
import type { LedgerUpdates } from '../domain/invoices/sync-ledger';
import type { XeroGateway } from '../xero/xero-gateway';
import type { InvoiceLedgerStore } from '../store/invoice-ledger/invoice-ledger-store';

export interface AllocateCreditNotesDeps {
  ledger: InvoiceLedgerStore;
  gateway: XeroGateway;
}

const lower = (id: string): string => id.toLowerCase();

export async function allocateCreditNotes(
  deps: AllocateCreditNotesDeps,
  connection: ConnectionRecord,
  invoices: readonly DataverseInvoice[],
  response: SyncInvoicesResponse,
  now: string,
): Promise<void> {
  const candidates = response.results.flatMap((result) => {
    const invoice = invoices.find((i) => lower(i.invoiceId) === lower(result.invoiceId));
    const wanted =
      invoice?.creditedInvoiceId &&
      isCreditNote(invoice.invoiceType) &&
      result.outcome !== 'failed' &&
      result.xeroInvoiceId &&
      result.status === 'AUTHORISED';
    return wanted ? [{ invoice: invoice!, result }] : [];
  });
  if (!candidates.length) return;

  const tenantId = connection.tenantId;
  const known = await deps.ledger.getSyncKnowledge(tenantId, {
    invoiceIds: candidates.flatMap(({ invoice }) => [invoice.invoiceId, invoice.creditedInvoiceId!]),
    customerIds: [],
    itemCodes: [],
  });
  const updates: LedgerUpdates = { invoices: {}, contacts: {}, itemCodes: [] };
  for (const { invoice, result } of candidates) {
    const noteEntry = known.invoices[lower(invoice.invoiceId)]?.entry;
    if (!noteEntry || noteEntry.allocatedTo) continue;
    const xeroInvoiceId = known.invoices[lower(invoice.creditedInvoiceId!)]?.entry.xeroInvoiceId;
    const creditNote = await deps.gateway.getCreditNote(connection, result.xeroInvoiceId!);
    if (!creditNote?.CreditNoteID) continue;
    const credited = xeroInvoiceId ? await deps.gateway.getInvoice(connection, xeroInvoiceId) : undefined;
    const decision = decideCreditAllocation({
      tenantId,
      creditNoteRowId: invoice.invoiceId,
      creditNote: { ...creditNote, CreditNoteID: creditNote.CreditNoteID },
      xeroInvoiceId,
      invoice: credited,
      today: now.slice(0, 10),
    });
    if (decision.kind === 'allocate') {
      try {
        await deps.gateway.allocateCreditNote(
          connection,
          creditNote.CreditNoteID,
          decision.allocation,
          decision.idempotencyKey,
        );
      } catch (error) {
        if (!(error instanceof ProxyError)) throw error;
        append(
          result,
          `The credit note was not allocated: Xero said "${error.message}" Retry the credit note to try again, or allocate it in Xero.`,
        );
        continue;
      }
      const remaining = (creditNote.RemainingCredit ?? creditNote.Total ?? 0) - decision.allocation.Amount;
      result.amountDue = Math.round(remaining * 100) / 100;
      updates.invoices[invoice.invoiceId] = {
        ...noteEntry,
        amountDue: result.amountDue,
        hasPayments: true,
        allocatedTo: { xeroInvoiceId: xeroInvoiceId!, amount: decision.allocation.Amount },
      };
    } else if (decision.kind === 'allocated') {
      updates.invoices[invoice.invoiceId] = {
        ...noteEntry,
        hasPayments: true,
        allocatedTo: { xeroInvoiceId: xeroInvoiceId!, amount: decision.amount },
      };
    }
    append(result, decision.message);
  }
  if (Object.keys(updates.invoices).length) await deps.ledger.saveSyncLedger(tenantId, updates, [], now);
}

function append(result: InvoiceSyncResult, text: string): void {
  result.message = result.message ? `${result.message} ${text}` : text;
}
