/**
 * Invoices and credit notes in Xero's wire shape (OAS Invoice / CreditNote; examples in reference/xero-api.md
 * section 2): PascalCase, `/Date(ms+0000)/` dates with `DateString` companions, money as numbers.
 */
import type { OrganisationBooks } from '../books/organisation-books';
import { roundTo } from '../domain/money';
import type { CreditNoteRecord, InvoiceRecord, LineItemRecord, WireObject } from '../domain/records';
import { dateStringOf, msDateOfCalendarDate, msDateOfInstant, utcStringOf } from '../domain/wire-dates';
import { contactToWire } from './contact-wire';

export interface DocumentWireOptions {
  unitDp: 2 | 4;
  /** Lists without `page` omit line items, as Xero's unpaged lists historically do. */
  withLines: boolean;
  /** summaryOnly=true: the lightweight shape (no lines, no contact detail, no settlement lists). */
  summaryOnly?: boolean;
}

export function lineItemToWire(books: OrganisationBooks, line: LineItemRecord, unitDp: 2 | 4): WireObject {
  const item = line.itemCode ? books.findItemByCode(line.itemCode) : undefined;
  return {
    LineItemID: line.lineItemId,
    Description: line.description,
    Quantity: line.quantity,
    UnitAmount: line.unitAmount === undefined ? undefined : roundTo(line.unitAmount, unitDp),
    ItemCode: line.itemCode,
    Item: item ? { ItemID: item.itemId, Code: item.code, Name: item.name } : undefined,
    AccountCode: line.accountCode,
    AccountID: line.accountId,
    TaxType: line.taxType,
    TaxAmount: line.taxAmount,
    LineAmount: line.lineAmount,
    DiscountRate: line.discountRate,
    DiscountAmount: line.discountAmount,
    Tracking: line.tracking.map((t) => {
      // Names as the organisation has them now (a renamed option shows its new name), the stored ones otherwise.
      const category = books.store.trackingCategories.get(t.trackingCategoryId);
      const option = category?.options.find((o) => o.trackingOptionId === t.trackingOptionId);
      return {
        Name: category?.name ?? t.name,
        Option: option?.name ?? t.option,
        TrackingCategoryID: t.trackingCategoryId,
        TrackingOptionID: t.trackingOptionId,
      };
    }),
    ValidationErrors: [],
  };
}

function datePair(prefix: 'Date' | 'DueDate', value: string | undefined): WireObject {
  if (!value) return {};
  return { [`${prefix}String`]: dateStringOf(value), [prefix]: msDateOfCalendarDate(value) };
}

/** The part invoices and credit notes share, in Xero's key order: status, lines (when asked for) and totals. */
function linesAndTotals(
  books: OrganisationBooks,
  doc: Pick<
    InvoiceRecord | CreditNoteRecord,
    'status' | 'lineAmountTypes' | 'lineItems' | 'subTotal' | 'totalTax' | 'total'
  >,
  opts: DocumentWireOptions,
): WireObject {
  return {
    Status: doc.status,
    LineAmountTypes: doc.lineAmountTypes,
    LineItems:
      opts.withLines && !opts.summaryOnly
        ? doc.lineItems.map((l) => lineItemToWire(books, l, opts.unitDp))
        : undefined,
    SubTotal: doc.subTotal,
    TotalTax: doc.totalTax,
    Total: doc.total,
  };
}

export function invoiceToWire(
  books: OrganisationBooks,
  invoice: InvoiceRecord,
  opts: DocumentWireOptions,
): WireObject {
  const contact = books.findContact(invoice.contactId);
  const contactWire = contact
    ? opts.summaryOnly
      ? {
          ContactID: contact.contactId,
          Name: contact.name,
          ContactNumber: contact.contactNumber,
          HasValidationErrors: false,
        }
      : contactToWire(books, contact, { balances: false, summaryOnly: false })
    : { ContactID: invoice.contactId };
  const settlement = opts.summaryOnly
    ? {}
    : {
        Payments: books.paymentsOfInvoice(invoice.invoiceId).map((p) => ({
          PaymentID: p.paymentId,
          Date: msDateOfCalendarDate(p.date),
          Amount: p.amount,
          Reference: p.reference,
          CurrencyRate: p.currencyRate,
          HasAccount: false,
          HasValidationErrors: false,
        })),
        CreditNotes: books.allocationsOfInvoice(invoice.invoiceId).map((a) => {
          const note = books.findCreditNote(a.creditNoteId);
          return {
            CreditNoteID: a.creditNoteId,
            CreditNoteNumber: note?.creditNoteNumber,
            Type: note?.type,
            ...datePair('Date', a.date),
            Total: note?.total,
            AppliedAmount: a.amount,
            HasErrors: false,
          };
        }),
        Prepayments: [],
        Overpayments: [],
      };
  return {
    Type: invoice.type,
    InvoiceID: invoice.invoiceId,
    InvoiceNumber: invoice.invoiceNumber,
    Reference: invoice.reference,
    ...settlement,
    AmountDue: invoice.amountDue,
    AmountPaid: invoice.amountPaid,
    AmountCredited: invoice.amountCredited,
    SentToContact: invoice.sentToContact,
    CurrencyRate: invoice.currencyRate,
    IsDiscounted: invoice.totalDiscount > 0,
    HasAttachments: false,
    HasErrors: false,
    Contact: contactWire,
    ...datePair('Date', invoice.date),
    ...datePair('DueDate', invoice.dueDate),
    BrandingThemeID: invoice.brandingThemeId,
    Url: invoice.url,
    ...linesAndTotals(books, invoice, opts),
    TotalDiscount: invoice.totalDiscount > 0 ? invoice.totalDiscount : undefined,
    UpdatedDateUTC: msDateOfInstant(invoice.updatedDateUtc),
    UpdatedDateUTCString: utcStringOf(invoice.updatedDateUtc),
    CurrencyCode: invoice.currencyCode,
    FullyPaidOnDate: invoice.fullyPaidOnDate ? msDateOfCalendarDate(invoice.fullyPaidOnDate) : undefined,
    ExpectedPaymentDate: invoice.expectedPaymentDate
      ? msDateOfCalendarDate(invoice.expectedPaymentDate)
      : undefined,
    PlannedPaymentDate: invoice.plannedPaymentDate
      ? msDateOfCalendarDate(invoice.plannedPaymentDate)
      : undefined,
  };
}

export function creditNoteToWire(
  books: OrganisationBooks,
  note: CreditNoteRecord,
  opts: DocumentWireOptions,
): WireObject {
  const contact = books.findContact(note.contactId);
  return {
    Type: note.type,
    CreditNoteID: note.creditNoteId,
    CreditNoteNumber: note.creditNoteNumber,
    Reference: note.reference,
    RemainingCredit: note.remainingCredit,
    Allocations: opts.summaryOnly
      ? undefined
      : books.allocationsOfCreditNote(note.creditNoteId).map((a) => {
          const invoice = books.findInvoice(a.invoiceId);
          return {
            AllocationID: a.allocationId,
            Amount: a.amount,
            ...datePair('Date', a.date),
            Invoice: { InvoiceID: a.invoiceId, InvoiceNumber: invoice?.invoiceNumber, Type: invoice?.type },
          };
        }),
    Payments: [],
    HasAttachments: false,
    HasErrors: false,
    Contact: contact
      ? contactToWire(books, contact, { balances: false, summaryOnly: !!opts.summaryOnly })
      : { ContactID: note.contactId },
    ...datePair('Date', note.date),
    ...datePair('DueDate', note.dueDate),
    BrandingThemeID: note.brandingThemeId,
    ...linesAndTotals(books, note, opts),
    UpdatedDateUTC: msDateOfInstant(note.updatedDateUtc),
    UpdatedDateUTCString: utcStringOf(note.updatedDateUtc),
    CurrencyCode: note.currencyCode,
    CurrencyRate: note.currencyRate,
    FullyPaidOnDate: note.fullyPaidOnDate ? msDateOfCalendarDate(note.fullyPaidOnDate) : undefined,
    SentToContact: note.sentToContact,
  };
}
