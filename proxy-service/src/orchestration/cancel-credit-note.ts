/**
 * CancelInvoice for a credit note raised from Dynamics 365: one GET of the note, the pure decision
 * (decide-credit-note-cancellation.ts), the delete or void journalled before it is sent with its content-derived
 * Idempotency-Key, and the cancellation recorded so asking again changes nothing.
 */
import type { CancelInvoiceResponse } from '@dxc/openapi';
import type { ConnectionRecord } from '../store/store';
import type { PreviousCancellation } from '../domain/cancellation/decide-cancellation';
import {
  creditNoteCancellationResult,
  decideCreditNoteCancellation,
} from '../domain/cancellation/decide-credit-note-cancellation';
import type { CancelDeps } from './cancel-invoice-in-xero';

const PURPOSES: readonly string[] = ['credit-note-delete', 'credit-note-void'];

export async function cancelCreditNote(
  deps: CancelDeps,
  connection: ConnectionRecord,
  invoiceId: string,
  creditNoteId: string,
  previous: PreviousCancellation | undefined,
): Promise<CancelInvoiceResponse> {
  const { ledger, gateway } = deps;
  const tenantId = connection.tenantId;
  const iso = () => new Date(deps.now()).toISOString();
  const creditNote = await gateway.getCreditNote(connection, creditNoteId);
  const unconfirmed = (await ledger.listPendingIntents(tenantId, [invoiceId])).filter((i) =>
    PURPOSES.includes(i.purpose),
  );
  const decision = decideCreditNoteCancellation({
    tenantId,
    invoiceId,
    creditNoteId,
    creditNote,
    previous,
    unconfirmedWrites: unconfirmed.map((i) => i.purpose),
  });
  if (decision.action === 'Deleted' || decision.action === 'Voided') {
    if (!decision.alreadyInXero) {
      await ledger.journalIntent({
        tenantId,
        idempotencyKey: decision.idempotencyKey,
        purpose: decision.purpose,
        invoices: [{ invoiceId, hash: decision.idempotencyKey }],
        createdAt: iso(),
      });
      await gateway.setCreditNoteStatus(connection, decision.write, decision.idempotencyKey);
    }
    await ledger.recordCancellation(
      tenantId,
      invoiceId,
      { action: decision.action },
      decision.statusAfter,
      iso(),
    );
    for (const key of new Set([decision.idempotencyKey, ...unconfirmed.map((i) => i.idempotencyKey)]))
      await ledger.completeIntent(tenantId, key, iso());
  }
  return creditNoteCancellationResult(
    {
      invoiceId,
      creditNoteId,
      ...(creditNote?.CreditNoteNumber ? { creditNoteNumber: creditNote.CreditNoteNumber } : {}),
    },
    decision,
  );
}
