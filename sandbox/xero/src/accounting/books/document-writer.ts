/**
 * Creating and updating invoices and credit notes: one flow for both, since Xero treats them alike (same
 * statuses, lines, tax and contact rules). PUT creates, POST creates or updates (matched by id, or by number for
 * sales documents), POST /{id} updates. Nothing is stored unless the whole element is valid.
 */
import { ElementValidationFailure, ResourceNotFound } from '../domain/accounting-errors';
import { isGuid, newId } from '../domain/deterministic-id';
import { documentTotals } from '../domain/line-totals';
import { round2 } from '../domain/money';
import type {
  CreditNoteRecord,
  CreditNoteType,
  DocumentRecord,
  DocumentStatus,
  InvoiceRecord,
  InvoiceType,
  LineAmountTypes,
  WireObject,
} from '../domain/records';
import { refuseCreateStatus, refuseUpdate, statusAfterSettlement } from '../domain/status-machine';
import { ElementReader } from '../domain/wire-input';
import {
  buildLines,
  linesAsInput,
  resolveBrandingTheme,
  resolveCurrency,
  resolveDocumentContact,
} from './document-parts';
import type { OrganisationBooks } from './organisation-books';

export type WriteMode = 'create' | 'upsert' | 'update';

export interface WriteOptions {
  unitDp: 2 | 4;
  /** POST /Invoices/{id}: the id or number from the path. */
  target?: string;
}

export interface WriteOutcome<T> {
  record: T;
  created: boolean;
  warnings: string[];
}

const STATUSES: readonly DocumentStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];
const LINE_AMOUNT_TYPES: readonly LineAmountTypes[] = ['Exclusive', 'Inclusive', 'NoTax'];

interface DocumentKind<T extends DocumentRecord, K extends string> {
  noun: 'Invoice' | 'Credit Note';
  idField: 'InvoiceID' | 'CreditNoteID';
  numberField: 'InvoiceNumber' | 'CreditNoteNumber';
  types: readonly K[];
  salesType: K;
  find(books: OrganisationBooks, idOrNumber: string): T | undefined;
  findSalesByNumber(books: OrganisationBooks, number: string): T | undefined;
  idOf(record: T): string;
  numberOf(record: T): string;
  settled(books: OrganisationBooks, record: T): boolean;
  nextNumber(books: OrganisationBooks): string;
}

export const INVOICE_KIND: DocumentKind<InvoiceRecord, InvoiceType> = {
  noun: 'Invoice',
  idField: 'InvoiceID',
  numberField: 'InvoiceNumber',
  types: ['ACCREC', 'ACCPAY'],
  salesType: 'ACCREC',
  find: (books, key) => books.findInvoice(key),
  findSalesByNumber: (books, number) =>
    books.store.invoices
      .values()
      .find(
        (i) =>
          i.type === 'ACCREC' &&
          i.status !== 'DELETED' &&
          i.invoiceNumber.toLowerCase() === number.toLowerCase(),
      ),
  idOf: (r) => r.invoiceId,
  numberOf: (r) => r.invoiceNumber,
  settled: (books, r) => r.amountPaid > 0 || r.amountCredited > 0,
  nextNumber: (books) => books.nextDocumentNumber('invoice'),
};

export const CREDIT_NOTE_KIND: DocumentKind<CreditNoteRecord, CreditNoteType> = {
  noun: 'Credit Note',
  idField: 'CreditNoteID',
  numberField: 'CreditNoteNumber',
  types: ['ACCRECCREDIT', 'ACCPAYCREDIT'],
  salesType: 'ACCRECCREDIT',
  find: (books, key) => books.findCreditNote(key),
  findSalesByNumber: (books, number) =>
    books.store.creditNotes
      .values()
      .find(
        (c) =>
          c.type === 'ACCRECCREDIT' &&
          c.status !== 'DELETED' &&
          c.creditNoteNumber.toLowerCase() === number.toLowerCase(),
      ),
  idOf: (r) => r.creditNoteId,
  numberOf: (r) => r.creditNoteNumber,
  settled: (books, r) => round2(r.total - r.remainingCredit) > 0,
  nextNumber: (books) => books.nextDocumentNumber('creditNote'),
};

/** The fields both kinds build from a request element, before kind-specific finishing. */
interface BuiltDocument<K> {
  type: K;
  number: string;
  body: Omit<DocumentRecord, 'createdDateUtc' | 'updatedDateUtc'>;
  warnings: string[];
}

function locateExisting<T extends DocumentRecord, K extends string>(
  books: OrganisationBooks,
  kind: DocumentKind<T, K>,
  reader: ElementReader,
  mode: WriteMode,
  opts: WriteOptions,
): T | undefined {
  if (mode === 'update') {
    const existing = opts.target ? kind.find(books, opts.target) : undefined;
    if (!existing) throw new ResourceNotFound(`${kind.noun} ${opts.target ?? ''}`);
    return existing;
  }
  const sentId = reader.string(kind.idField);
  if (sentId !== undefined) {
    const existing = isGuid(sentId) ? kind.find(books, sentId) : undefined;
    if (mode === 'upsert') {
      if (!existing) {
        // Wording modelled on the OAS example "An existing Credit Note with the specified CreditNoteID could not be found".
        throw new ElementValidationFailure([
          `An existing ${kind.noun} with the specified ${kind.idField} could not be found`,
        ]);
      }
      return existing;
    }
    if (existing) {
      // UNVERIFIED wording: PUT only creates.
      throw new ElementValidationFailure([
        `A ${kind.noun} with ${kind.idField} ${sentId} already exists. Use POST to update it.`,
      ]);
    }
  }
  if (mode === 'upsert') {
    // POST with an existing sales document number updates that document (reference/xero-api.md section 2).
    const number = reader.string(kind.numberField);
    const type = reader.string('Type')?.toUpperCase();
    if (number && (type === undefined || type === kind.salesType))
      return kind.findSalesByNumber(books, number);
  }
  return undefined;
}

function buildDocument<T extends DocumentRecord, K extends string>(
  books: OrganisationBooks,
  kind: DocumentKind<T, K>,
  reader: ElementReader,
  existing: T | undefined,
  existingType: K | undefined,
  existingNumber: string | undefined,
  opts: WriteOptions,
): BuiltDocument<K> {
  const errors: string[] = [];
  const sentType = reader.oneOf('Type', kind.types);
  const type = existingType ?? sentType;
  if (!type && !reader.has('Type'))
    errors.push(`${kind.noun} Type must be specified (${kind.types.join(' or ')}).`); // UNVERIFIED
  const status = reader.oneOf('Status', STATUSES) ?? existing?.status ?? 'DRAFT';
  if (existing) {
    const refusal = refuseUpdate(existing.status, status, kind.settled(books, existing));
    if (refusal)
      throw new ElementValidationFailure([
        kind.noun === 'Invoice' ? refusal : refusal.replace('Invoice', 'Credit Note'),
      ]);
  } else {
    const refusal = refuseCreateStatus(status);
    if (refusal) errors.push(refusal);
  }
  const lineAmountTypes =
    reader.oneOf('LineAmountTypes', LINE_AMOUNT_TYPES) ?? existing?.lineAmountTypes ?? 'Exclusive';
  const contact = reader.has('Contact')
    ? resolveDocumentContact(books, reader.object('Contact'), errors)
    : existing
      ? books.findContact(existing.contactId)
      : resolveDocumentContact(books, undefined, errors);
  const date = reader.date('Date') ?? existing?.date ?? books.today();
  const dueDate = reader.date('DueDate') ?? existing?.dueDate;
  if (kind.noun === 'Invoice' && !dueDate && (status === 'SUBMITTED' || status === 'AUTHORISED')) {
    errors.push('The document DueDate field must be specified.'); // xeroizer#290 (older API wording)
  }
  const currency = resolveCurrency(books, reader, existing, errors);
  const brandingThemeId = resolveBrandingTheme(books, reader, existing?.brandingThemeId, errors);
  const sales = type === kind.salesType;
  let number = reader.string(kind.numberField, 255) ?? existingNumber;
  if (number !== undefined && sales) {
    const clash = kind.findSalesByNumber(books, number);
    if (clash && (!existing || kind.idOf(clash) !== kind.idOf(existing))) {
      errors.push(kind.noun === 'Invoice' ? 'Invoice # must be unique.' : 'Credit Note # must be unique.'); // OAS example; credit note UNVERIFIED
    }
  }
  const lineInputs = reader.has('LineItems')
    ? (reader.objects('LineItems') ?? [])
    : linesAsInput(existing?.lineItems ?? []);
  const built = buildLines(
    books,
    lineInputs,
    {
      sales,
      discountsAllowed: type === 'ACCREC',
      lineAmountTypes,
      unitDp: opts.unitDp,
      status,
      existingLines: existing?.lineItems ?? [],
    },
    errors,
  );
  if (status !== 'DRAFT' && status !== 'DELETED' && lineInputs.length === 0) {
    errors.push(
      `A ${kind.noun.toLowerCase()} must have at least one line item before it can be submitted or approved.`,
    ); // UNVERIFIED
  }
  const totals = documentTotals(built.computed, lineAmountTypes);
  if (totals.total < 0) errors.push(`The total of a ${kind.noun.toLowerCase()} must be zero or more.`); // UNVERIFIED
  errors.push(...reader.errors);
  if (errors.length || !type || !contact)
    throw new ElementValidationFailure(errors.length ? errors : ['Invalid document']);
  if (number === undefined) number = sales ? kind.nextNumber(books) : '';
  return {
    type,
    number,
    warnings: built.warnings,
    body: {
      contactId: contact.contactId,
      date,
      dueDate,
      reference: reader.string('Reference') ?? existing?.reference,
      lineAmountTypes,
      currencyCode: currency.currencyCode,
      currencyRate: currency.currencyRate,
      brandingThemeId,
      status,
      lineItems: built.lines,
      subTotal: totals.subTotal,
      totalTax: totals.totalTax,
      total: totals.total,
      totalDiscount: totals.totalDiscount,
      sentToContact: reader.boolean('SentToContact') ?? existing?.sentToContact ?? false,
      fullyPaidOnDate: existing?.fullyPaidOnDate,
    },
  };
}

/** Only the status moves (DELETED / VOIDED): Xero applies the status and leaves the rest as it was. */
function isStatusOnlyChange(
  existing: DocumentRecord | undefined,
  reader: ElementReader,
): DocumentStatus | undefined {
  const status = reader.string('Status')?.toUpperCase();
  if (!existing || (status !== 'DELETED' && status !== 'VOIDED')) return undefined;
  const refusal = refuseUpdate(existing.status, status, false);
  return refusal ? undefined : status;
}

export function writeInvoice(
  books: OrganisationBooks,
  input: WireObject,
  mode: WriteMode,
  opts: WriteOptions,
): WriteOutcome<InvoiceRecord> {
  const reader = new ElementReader(input);
  const existing = locateExisting(books, INVOICE_KIND, reader, mode, opts);
  const now = books.now();
  const statusOnly = isStatusOnlyChange(existing, reader);
  if (existing && statusOnly && !INVOICE_KIND.settled(books, existing)) {
    const record = books.store.invoices.put({ ...existing, status: statusOnly, updatedDateUtc: now });
    books.noteChange('INVOICE', 'UPDATE', record.invoiceId);
    return { record, created: false, warnings: [] };
  }
  const built = buildDocument(
    books,
    INVOICE_KIND,
    reader,
    existing,
    existing?.type,
    existing?.invoiceNumber,
    opts,
  );
  const amountPaid = existing?.amountPaid ?? 0;
  const amountCredited = existing?.amountCredited ?? 0;
  const amountDue = round2(built.body.total - amountPaid - amountCredited);
  const status = statusAfterSettlement(built.body.status, amountDue);
  const record = books.store.invoices.put({
    ...built.body,
    invoiceId: existing?.invoiceId ?? newId(),
    type: built.type,
    invoiceNumber: built.number,
    url: reader.string('Url') ?? existing?.url,
    expectedPaymentDate: reader.date('ExpectedPaymentDate') ?? existing?.expectedPaymentDate,
    plannedPaymentDate: reader.date('PlannedPaymentDate') ?? existing?.plannedPaymentDate,
    amountPaid,
    amountCredited,
    amountDue,
    status,
    // A zero-total invoice is settled the moment it is approved.
    fullyPaidOnDate: status === 'PAID' ? (built.body.fullyPaidOnDate ?? built.body.date) : undefined,
    createdDateUtc: existing?.createdDateUtc ?? now,
    updatedDateUtc: now,
  });
  books.noteChange('INVOICE', existing ? 'UPDATE' : 'CREATE', record.invoiceId);
  return { record, created: !existing, warnings: built.warnings };
}

export function writeCreditNote(
  books: OrganisationBooks,
  input: WireObject,
  mode: WriteMode,
  opts: WriteOptions,
): WriteOutcome<CreditNoteRecord> {
  const reader = new ElementReader(input);
  const existing = locateExisting(books, CREDIT_NOTE_KIND, reader, mode, opts);
  const now = books.now();
  const statusOnly = isStatusOnlyChange(existing, reader);
  if (existing && statusOnly && !CREDIT_NOTE_KIND.settled(books, existing)) {
    const record = books.store.creditNotes.put({ ...existing, status: statusOnly, updatedDateUtc: now });
    books.noteCreditNoteChange(record, 'UPDATE');
    return { record, created: false, warnings: [] };
  }
  const built = buildDocument(
    books,
    CREDIT_NOTE_KIND,
    reader,
    existing,
    existing?.type,
    existing?.creditNoteNumber,
    opts,
  );
  const allocated = existing ? round2(existing.total - existing.remainingCredit) : 0;
  const remainingCredit = round2(built.body.total - allocated);
  const status = statusAfterSettlement(built.body.status, remainingCredit);
  const record = books.store.creditNotes.put({
    ...built.body,
    creditNoteId: existing?.creditNoteId ?? newId(),
    type: built.type,
    creditNoteNumber: built.number,
    remainingCredit,
    status,
    fullyPaidOnDate: status === 'PAID' ? (built.body.fullyPaidOnDate ?? built.body.date) : undefined,
    createdDateUtc: existing?.createdDateUtc ?? now,
    updatedDateUtc: now,
  });
  books.noteCreditNoteChange(record, existing ? 'UPDATE' : 'CREATE');
  return { record, created: !existing, warnings: built.warnings };
}
