/**
 * A credit note Xero created while its answer never reached the proxy (a dropped connection, or the proxy died
 * between Xero's write and the ledger write). Within about 6 minutes the same Idempotency-Key replays Xero's first
 * answer; after that, or on another day (the note's date is part of the key), a second PUT /CreditNotes would raise
 * a second note. So before raising one, the proxy asks Xero for the contact's notes with the cancellation's
 * reference and takes one that is plainly the earlier attempt's: same type, contact, reference, currency and total,
 * approved and untouched (nothing allocated, nothing refunded). A note somebody already used is never taken over.
 */
import { chunkWhereClauses } from '../invoices/where-clause';
import type { PlannedCreditNote } from './plan-credit-note';

/** A credit note as Xero returns it (GET /CreditNotes, GET /CreditNotes/{id}, PUT /CreditNotes answer). */
export interface XeroCreditNoteRecord {
  CreditNoteID?: string;
  CreditNoteNumber?: string;
  Type?: string;
  Status?: string;
  Contact?: { ContactID?: string };
  Reference?: string;
  CurrencyCode?: string;
  Total?: number;
  RemainingCredit?: number;
  Allocations?: { Invoice?: { InvoiceID?: string }; Amount?: number }[];
}

const cents = (value: number | undefined): number => Math.round((value ?? 0) * 100);
const same = (a: string | undefined, b: string | undefined): boolean =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** The `where` for GET /CreditNotes that lists the candidates: the planned note's contact and reference. */
export function earlierCreditNoteWhere(planned: PlannedCreditNote): string {
  const contactId = planned.creditNote.Contact.ContactID;
  if (!/^[0-9a-f-]{36}$/i.test(contactId))
    throw new Error(`earlierCreditNoteWhere: Contact.ContactID "${contactId}" is not a Xero id`);
  return `Contact.ContactID==Guid("${contactId}") AND ${chunkWhereClauses('Reference', [planned.creditNote.Reference])[0]}`;
}

/** The note an earlier attempt raised for this planned note, if Xero holds one (the first Xero listed). */
export function findEarlierCreditNote(
  planned: PlannedCreditNote,
  candidates: readonly XeroCreditNoteRecord[],
): (XeroCreditNoteRecord & { CreditNoteID: string }) | undefined {
  const want = planned.creditNote;
  return candidates.find(
    (c): c is XeroCreditNoteRecord & { CreditNoteID: string } =>
      !!c.CreditNoteID &&
      same(c.Type, want.Type) &&
      same(c.Contact?.ContactID, want.Contact.ContactID) &&
      c.Reference === want.Reference &&
      (!want.CurrencyCode || !c.CurrencyCode || same(c.CurrencyCode, want.CurrencyCode)) &&
      c.Status?.toUpperCase() === 'AUTHORISED' &&
      cents(c.Total) === cents(planned.amount) &&
      // Untouched: an allocation or refund means somebody used the note, so it is not ours to take over.
      (c.RemainingCredit === undefined || cents(c.RemainingCredit) === cents(c.Total)) &&
      !(c.Allocations ?? []).length,
  );
}
