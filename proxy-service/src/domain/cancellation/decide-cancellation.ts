/**
 * B8: what cancelling a Dynamics 365 invoice does in Xero, as a decision table over the invoice's state in Xero and
 * the connection's policy (reference/xero-api.md §2 "Status rules", §5, §6; the seed product's guide):
 *
 * | Xero state                                   | CreditNote                 | Void        | Nothing |
 * |----------------------------------------------|----------------------------|-------------|---------|
 * | DRAFT, SUBMITTED                             | delete                     | delete      | delete  |
 * | AUTHORISED, nothing paid or credited         | credit note, allocated     | void        | nothing |
 * | AUTHORISED, part paid or part credited       | credit note, NOT allocated | nothing (*) | nothing |
 * | PAID by payments                             | nothing: "fully paid"      | nothing     | nothing |
 * | PAID by credit notes only, VOIDED, DELETED   | already cancelled          | ←           | ←       |
 * | cancelled before (ledger), unknown, not found| already cancelled / nothing| ←           | ←       |
 *
 * (*) Xero voids only invoices without payments or credit allocations.
 * Deleting drafts does not depend on the policy: a draft has posted nothing, so removing it is always right.
 *
 * Lost answers (Xero wrote, the proxy never recorded it): a DELETED or VOIDED invoice whose delete or void is still
 * an unconfirmed write of ours is reported as the Deleted / Voided it is, without writing again. A credit note whose
 * allocation is pending (`previous.allocationPending`) is finished by `finishAllocation` (finish-allocation.ts), not
 * here; a credit note created without its answer is found by `findEarlierCreditNote` before a second is raised.
 */
import type { CancellationAction, CancellationPolicy, XeroInvoiceStatus } from '@dxc/openapi';
import { idempotencyKey } from '../invoices/idempotency-key';
import { bodyHash } from '../invoices/payload-hash';
import type { XeroInvoiceRecord } from '../invoices/xero-payloads';
import type { PlannedCreditNote } from './plan-credit-note';
import { planCreditNote } from './plan-credit-note';

/** A cancellation the proxy already carried out for this invoice (kept in the ledger), so a repeat does nothing. */
export interface PreviousCancellation {
  action: CancellationAction;
  creditNoteId?: string;
  creditNoteNumber?: string;
  /**
   * The note was raised to be allocated to the invoice (policy CreditNote, nothing paid) and the allocation is not
   * confirmed yet. Never set for a part-paid invoice's note, which is left unallocated on purpose.
   */
  allocationPending?: boolean;
}

export interface CancellationInput {
  tenantId: string;
  /** The Dataverse invoice id. */
  invoiceId: string;
  /** From the ledger (or the request); absent when the invoice never reached Xero. */
  xeroInvoiceId?: string;
  /** The invoice as Xero holds it now; absent when Xero does not know the id (404). */
  invoice?: XeroInvoiceRecord;
  policy: CancellationPolicy;
  previous?: PreviousCancellation;
  /**
   * Purposes of this invoice's cancellation writes journalled but never confirmed (pending intents): Xero may have
   * carried them out while their answer was lost.
   */
  unconfirmedWrites?: readonly string[];
  /** Today in the organisation's time zone, `YYYY-MM-DD`: the credit note and allocation date. */
  today: string;
}

interface DecisionBase {
  message: string;
  statusAfter?: XeroInvoiceStatus;
}

export type CancellationDecision =
  | (DecisionBase & {
      action: 'Deleted' | 'Voided';
      /** POST /Invoices/{InvoiceID} with this body (Xero has no DELETE verb for invoices). */
      write: { InvoiceID: string; Status: 'DELETED' | 'VOIDED' };
      idempotencyKey: string;
      /** Xero already shows the write done by an earlier attempt whose answer was lost: do not send it again. */
      alreadyInXero?: boolean;
    })
  | (DecisionBase & {
      action: 'CreditNoteAllocated' | 'CreditNoteUnallocated';
      credit: PlannedCreditNote;
      /** For PUT /CreditNotes. */
      creditNoteKey: string;
      /** For PUT /CreditNotes/{id}/Allocations, when allocating. */
      allocationKey?: string;
    })
  | (DecisionBase & { action: 'Nothing' | 'AlreadyCancelled' });

const cents = (value: number | undefined): number => Math.round((value ?? 0) * 100);
const formatMoney = (value: number, currency?: string): string =>
  `${currency ? `${currency} ` : ''}${value.toFixed(2)}`;

function label(invoice: XeroInvoiceRecord): string {
  return invoice.InvoiceNumber ? `Invoice ${invoice.InvoiceNumber}` : 'The invoice';
}

/** No Xero invoice to act on: cancelled before (the ledger says so), never sent, or unknown to Xero. */
function withoutActing(input: CancellationInput): CancellationDecision {
  const { invoice } = input;
  if (input.previous) {
    const what = input.previous.creditNoteNumber ? ` (credit note ${input.previous.creditNoteNumber})` : '';
    return {
      action: 'AlreadyCancelled',
      message: `The invoice was already cancelled in Xero${what}; nothing changed.`,
      statusAfter: invoice ? statusOf(invoice) : undefined,
    };
  }
  if (!input.xeroInvoiceId) {
    return {
      action: 'Nothing',
      message: 'The invoice was never sent to Xero, so there is nothing to cancel there.',
    };
  }
  return {
    action: 'Nothing',
    message: `Xero has no invoice ${input.xeroInvoiceId}; nothing was done. It may have been removed in Xero already.`,
  };
}

/** The invoice Xero holds, as every rule below reads it. */
interface InvoiceInXero {
  input: CancellationInput;
  invoice: XeroInvoiceRecord;
  xeroInvoiceId: string;
  status: XeroInvoiceStatus;
  /** "Invoice INV-1", or "The invoice" when it has no number. */
  name: string;
}

function invoiceWrite(
  { input, xeroInvoiceId }: InvoiceInXero,
  purpose: 'invoice-delete' | 'invoice-void',
): { write: { InvoiceID: string; Status: 'DELETED' | 'VOIDED' }; idempotencyKey: string } {
  const write = {
    InvoiceID: xeroInvoiceId,
    Status: purpose === 'invoice-delete' ? 'DELETED' : 'VOIDED',
  } as const;
  return {
    write,
    idempotencyKey: idempotencyKey({
      tenantId: input.tenantId,
      purpose,
      parts: [{ id: input.invoiceId, hash: bodyHash(write) }],
    }),
  };
}

/** Voided or deleted already (perhaps by a write of ours whose answer was lost), or a draft to delete. */
function removedOrDraft(at: InvoiceInXero): CancellationDecision | undefined {
  const { status, name, input } = at;
  if (status === 'VOIDED' || status === 'DELETED') {
    const purpose = status === 'DELETED' ? 'invoice-delete' : 'invoice-void';
    if (input.unconfirmedWrites?.includes(purpose)) {
      return {
        action: status === 'DELETED' ? 'Deleted' : 'Voided',
        ...invoiceWrite(at, purpose),
        alreadyInXero: true,
        statusAfter: status,
        message: `${name} has been ${status.toLowerCase()} in Xero. An earlier attempt did it but its answer was lost, so nothing was sent again.`,
      };
    }
    return {
      action: 'AlreadyCancelled',
      statusAfter: status,
      message: `${name} is already ${status.toLowerCase()} in Xero; nothing changed.`,
    };
  }
  if (status === 'DRAFT' || status === 'SUBMITTED') {
    return {
      action: 'Deleted',
      ...invoiceWrite(at, 'invoice-delete'),
      statusAfter: 'DELETED',
      message: `${name} was ${status.toLowerCase()} in Xero and has been deleted there.`,
    };
  }
  return undefined;
}

const paidOf = (invoice: XeroInvoiceRecord): boolean =>
  cents(invoice.AmountPaid) > 0 || (invoice.Payments?.length ?? 0) > 0;
const creditedOf = (invoice: XeroInvoiceRecord): boolean =>
  cents(invoice.AmountCredited) > 0 || (invoice.CreditNotes?.length ?? 0) > 0;

/** Nothing left due: fully credited already, or paid (which only the user can undo). */
function fullyPaid({ invoice, status, name }: InvoiceInXero): CancellationDecision | undefined {
  if (!(
    status === 'PAID' ||
    (status === 'AUTHORISED' && cents(invoice.AmountDue) === 0 && cents(invoice.Total) > 0)
  ))
    return undefined;
  if (!paidOf(invoice) && creditedOf(invoice)) {
    return {
      action: 'AlreadyCancelled',
      statusAfter: status,
      message: `${name} is already fully credited in Xero; nothing changed.`,
    };
  }
  return {
    action: 'Nothing',
    statusAfter: status,
    message: `The invoice is fully paid in Xero, so nothing was done there. Refund or credit the customer in Xero if needed.`,
  };
}

/** Policy CreditNote: a note for the full amount, allocated unless something was already paid or credited. */
function creditNote(at: InvoiceInXero, settled: boolean): CancellationDecision {
  const { input, invoice, xeroInvoiceId, status, name } = at;
  const currency = invoice.CurrencyCode;
  const credit = planCreditNote(
    { ...invoice, InvoiceID: xeroInvoiceId },
    { date: input.today, allocate: !settled },
  );
  const creditNoteKey = idempotencyKey({
    tenantId: input.tenantId,
    purpose: 'credit-note-create',
    parts: [{ id: input.invoiceId, hash: bodyHash(credit.creditNote) }],
  });
  if (!settled) {
    return {
      action: 'CreditNoteAllocated',
      credit,
      creditNoteKey,
      allocationKey: idempotencyKey({
        tenantId: input.tenantId,
        purpose: 'credit-note-allocate',
        parts: [{ id: input.invoiceId, hash: bodyHash(credit.allocation) }],
      }),
      // Allocating the full amount due brings the invoice to zero, which Xero shows as PAID.
      statusAfter: 'PAID',
      message: `A credit note for the full amount (${formatMoney(credit.amount, currency)}) has been raised in Xero and allocated to ${invoice.InvoiceNumber ? `invoice ${invoice.InvoiceNumber}` : 'the invoice'}.`,
    };
  }
  return {
    action: 'CreditNoteUnallocated',
    credit,
    creditNoteKey,
    statusAfter: status,
    message: `${name} is part paid in Xero (${formatMoney(cents(invoice.AmountPaid) / 100 + cents(invoice.AmountCredited) / 100, currency)} paid or credited). A credit note for the full amount (${formatMoney(credit.amount, currency)}) has been raised in Xero but NOT allocated: allocate it by hand in Xero.`,
  };
}

/** An approved invoice with something still due: what the connection's policy says to do. */
function byPolicy(at: InvoiceInXero): CancellationDecision {
  const { input, invoice, status, name } = at;
  const settled = paidOf(invoice) || creditedOf(invoice);
  if (input.policy === 'Nothing') {
    return {
      action: 'Nothing',
      statusAfter: status,
      message: `${name} is approved in Xero and the connection's cancellation policy is 'Do nothing', so it was left as it is. Void it or raise a credit note in Xero by hand.`,
    };
  }
  if (input.policy !== 'Void') return creditNote(at, settled);
  if (settled) {
    return {
      action: 'Nothing',
      statusAfter: status,
      message: `${name} is part paid in Xero, so Xero will not void it; nothing was done. Remove the payments in Xero and void it there, or raise a credit note.`,
    };
  }
  return {
    action: 'Voided',
    ...invoiceWrite(at, 'invoice-void'),
    statusAfter: 'VOIDED',
    message: `${name} was approved in Xero and has been voided there.`,
  };
}

export function decideCancellation(input: CancellationInput): CancellationDecision {
  const { invoice } = input;
  if (input.previous || !invoice) return withoutActing(input);
  const at: InvoiceInXero = {
    input,
    invoice,
    xeroInvoiceId: invoice.InvoiceID ?? input.xeroInvoiceId!,
    status: statusOf(invoice),
    name: label(invoice),
  };
  return removedOrDraft(at) ?? fullyPaid(at) ?? byPolicy(at);
}

function statusOf(invoice: XeroInvoiceRecord): XeroInvoiceStatus {
  const s = invoice.Status?.toUpperCase();
  return (
    ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'].includes(s ?? '') ? s : 'AUTHORISED'
  ) as XeroInvoiceStatus;
}
