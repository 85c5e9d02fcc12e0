/**
 * Finishing a cancellation whose credit note was raised but whose allocation was never confirmed
 * (`previous.allocationPending`): the proxy died, or the connection dropped, between PUT /CreditNotes and the
 * answer to PUT /CreditNotes/{id}/Allocations. Decided from the invoice and the note as Xero holds them now:
 *
 * | Xero now                                                  | step                                           |
 * |-----------------------------------------------------------|------------------------------------------------|
 * | the note is allocated to the invoice (the answer was lost) | done: CreditNoteAllocated, nothing sent        |
 * | the note is gone or voided                                 | done: AlreadyCancelled, nothing sent           |
 * | the invoice is unpaid, approved, the note covers it        | allocate the amount due, then CreditNoteAllocated |
 * | anything else (paid since, voided, note used elsewhere)    | done: CreditNoteUnallocated, allocate by hand  |
 * | the allocation was refused (`refused`), not allocated      | done: CreditNoteUnallocated with Xero's reason |
 *
 * The allocation's Idempotency-Key is derived as the first attempt's was, so a repeat the same day within Xero's
 * window is replayed; later, Xero refuses an over-allocation, and the caller decides again with `refused` after
 * re-reading, which finds the note allocated.
 */
import type { CancelInvoiceResponse, XeroInvoiceStatus } from '@dxc/openapi';
import { idempotencyKey } from '../invoices/idempotency-key';
import { bodyHash } from '../invoices/payload-hash';
import type { XeroAllocationPayload, XeroInvoiceRecord } from '../invoices/xero-payloads';
import type { PreviousCancellation } from './decide-cancellation';
import type { XeroCreditNoteRecord } from './earlier-credit-note';

export interface FinishAllocationInput {
  tenantId: string;
  /** The Dataverse invoice id. */
  invoiceId: string;
  /** The invoice as Xero holds it now; absent when Xero no longer knows it. */
  invoice?: XeroInvoiceRecord;
  /** The cancellation the ledger recorded, with the note's id and `allocationPending`. */
  previous: PreviousCancellation & { creditNoteId: string };
  /** The note as Xero holds it now; absent when Xero no longer knows it. */
  creditNote?: XeroCreditNoteRecord;
  /** Today in the organisation's time zone, `YYYY-MM-DD`: the allocation date. */
  today: string;
  /** Xero's reason, when the allocation this function asked for was refused. */
  refused?: string;
}

/** What to record and answer; `invoiceId` / `xeroInvoiceId` are added by the caller. */
export interface FinishedCancellation {
  record: PreviousCancellation;
  statusAfter?: XeroInvoiceStatus;
  response: Omit<CancelInvoiceResponse, 'invoiceId' | 'xeroInvoiceId'>;
}

export type FinishAllocationStep =
  | { kind: 'done'; finished: FinishedCancellation }
  | {
      kind: 'allocate';
      creditNoteId: string;
      allocation: XeroAllocationPayload;
      allocationKey: string;
      /** What to record and answer once Xero accepted the allocation. */
      finished: FinishedCancellation;
    };

const STATUSES: readonly string[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];
const cents = (value: number | undefined): number => Math.round((value ?? 0) * 100);
const money = (value: number): number => Math.round(value * 100) / 100;

function statusOf(invoice: XeroInvoiceRecord | undefined): XeroInvoiceStatus | undefined {
  const s = invoice?.Status?.toUpperCase();
  return s && STATUSES.includes(s) ? (s as XeroInvoiceStatus) : undefined;
}

/** True when Xero shows this note allocated to this invoice, from either side. */
function allocatedHere(input: FinishAllocationInput, xeroInvoiceId: string | undefined): boolean {
  const noteId = input.previous.creditNoteId.toLowerCase();
  const onInvoice = (input.invoice?.CreditNotes ?? []).some(
    (c) => String((c as { CreditNoteID?: unknown }).CreditNoteID ?? '').toLowerCase() === noteId,
  );
  const onNote =
    !!xeroInvoiceId &&
    (input.creditNote?.Allocations ?? []).some(
      (a) => a.Invoice?.InvoiceID?.toLowerCase() === xeroInvoiceId.toLowerCase() && cents(a.Amount) > 0,
    );
  return onInvoice || onNote;
}

export function finishAllocation(input: FinishAllocationInput): FinishAllocationStep {
  const { invoice, creditNote, previous } = input;
  const xeroInvoiceId = invoice?.InvoiceID;
  const number = previous.creditNoteNumber ?? creditNote?.CreditNoteNumber;
  const named = number ? ` ${number}` : '';
  const invoiceName = invoice?.InvoiceNumber ? `invoice ${invoice.InvoiceNumber}` : 'the invoice';
  const noted = { creditNoteId: previous.creditNoteId, creditNoteNumber: number };
  const note: Pick<CancelInvoiceResponse, 'creditNoteId' | 'creditNoteNumber' | 'amount' | 'currencyCode'> = {
    creditNoteId: previous.creditNoteId,
  };
  if (number) note.creditNoteNumber = number;
  if (creditNote?.Total !== undefined) note.amount = creditNote.Total;
  if (creditNote?.CurrencyCode) note.currencyCode = creditNote.CurrencyCode;
  const amountText =
    creditNote?.Total !== undefined
      ? ` (${creditNote.CurrencyCode ? `${creditNote.CurrencyCode} ` : ''}${creditNote.Total.toFixed(2)})`
      : '';
  const status = statusOf(invoice);

  const allocated = (statusAfter: XeroInvoiceStatus | undefined): FinishedCancellation => ({
    record: { action: 'CreditNoteAllocated', ...noted },
    statusAfter,
    response: {
      action: 'CreditNoteAllocated',
      ...(statusAfter ? { statusAfter } : {}),
      ...note,
      message: `A credit note${named} for the full amount${amountText} has been raised in Xero and allocated to ${invoiceName}.`,
    },
  });
  const byHand = (why: string): FinishAllocationStep => ({
    kind: 'done',
    finished: {
      record: { action: 'CreditNoteUnallocated', ...noted },
      response: {
        action: 'CreditNoteUnallocated',
        ...note,
        message: `A credit note${named} for the full amount${amountText} has been raised in Xero, but ${why} Allocate it by hand in Xero.`,
      },
    },
  });

  if (allocatedHere(input, xeroInvoiceId)) return { kind: 'done', finished: allocated(status) };
  const noteStatus = creditNote?.Status?.toUpperCase();
  if (!creditNote || noteStatus === 'VOIDED' || noteStatus === 'DELETED') {
    return {
      kind: 'done',
      finished: {
        record: { action: 'CreditNoteUnallocated', ...noted },
        ...(status ? { statusAfter: status } : {}),
        response: {
          action: 'AlreadyCancelled',
          ...(status ? { statusAfter: status } : {}),
          ...note,
          message: `The credit note${named} raised to cancel the invoice is ${creditNote ? noteStatus!.toLowerCase() : 'no longer'} in Xero, so it was not allocated; nothing changed. Check the invoice in Xero.`,
        },
      },
    };
  }
  if (input.refused) return byHand(`Xero refused to allocate it: ${input.refused}`);
  if (!invoice || !xeroInvoiceId) return byHand('Xero no longer knows the invoice, so it was not allocated.');
  if (status !== 'AUTHORISED')
    return byHand(
      `${invoiceName} is ${(status ?? 'changed').toLowerCase()} in Xero now, so it was not allocated.`,
    );
  const due = cents(invoice.AmountDue);
  const settled =
    cents(invoice.AmountPaid) > 0 ||
    (invoice.Payments?.length ?? 0) > 0 ||
    cents(invoice.AmountCredited) > 0 ||
    (invoice.CreditNotes?.length ?? 0) > 0;
  if (settled || due <= 0)
    return byHand(`${invoiceName} has been paid or credited in Xero since, so it was not allocated.`);
  if (creditNote.RemainingCredit !== undefined && cents(creditNote.RemainingCredit) < due)
    return byHand(`part of it has been used in Xero since, so it no longer covers ${invoiceName}.`);

  const allocation: XeroAllocationPayload = {
    Invoice: { InvoiceID: xeroInvoiceId },
    Amount: money(due / 100),
    Date: input.today,
  };
  return {
    kind: 'allocate',
    creditNoteId: previous.creditNoteId,
    allocation,
    // As decideCancellation derives it, so Xero replays the first attempt's allocation within its window.
    allocationKey: idempotencyKey({
      tenantId: input.tenantId,
      purpose: 'credit-note-allocate',
      parts: [{ id: input.invoiceId, hash: bodyHash(allocation) }],
    }),
    // Allocating the full amount due brings the invoice to zero, which Xero shows as PAID.
    finished: allocated('PAID'),
  };
}
