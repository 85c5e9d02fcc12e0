/**
 * A Dataverse invoice → the Xero invoice we send (B1, B3, B4), or the reasons it cannot go. We check what Xero would
 * refuse anyway when we can say it better (which line, which setting to change); everything else is left to Xero,
 * whose messages come back verbatim.
 */
import type { DataverseInvoice, InvoiceLine, SyncError, SyncSettings } from '@dxc/openapi';
import type { ItemResolution } from './plan-items';
import { itemCodeForLine } from './plan-items';
import { mapLineTracking } from './map-line-tracking';
import { documentNoun, documentTypeOf, isCreditNote, isSalesDocument } from './document-kind';
import { syncProblem } from './sync-problem';
import type { XeroInvoicePayload, XeroLineItemPayload } from './xero-payloads';

/** Xero LineItem.Description max length (reference/xero-api.md §2, §4). */
const DESCRIPTION_MAX = 4000;

export interface ResolvedInvoiceParts {
  xeroContactId: string;
  items: Pick<ItemResolution, 'resolved' | 'withoutItem'>;
  /** Set when the invoice already exists in Xero: the write becomes an update. */
  xeroInvoiceId?: string;
  /** Dataverse line id → Xero LineItemID from the ledger, so Xero edits those lines instead of replacing them. */
  lineItemIds?: Record<string, string>;
}

export type MappedInvoice =
  | {
      ok: true;
      payload: XeroInvoicePayload;
      /** The Dataverse line id of each payload line, by position (empty lines are left out). */
      lineIds: string[];
      /** Things the user should know although the invoice went (a line without its item code, …). */
      notes: string[];
    }
  | { ok: false; errors: SyncError[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` (the contract's `format: date`; Xero takes the same), or undefined when not a real date. */
function calendarDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const day = value.slice(0, 10);
  if (!DATE.test(day)) return undefined;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? undefined : day;
}

const round = (value: number, dp: number): number => Math.round(value * 10 ** dp) / 10 ** dp;

function joinText(...parts: (string | undefined)[]): string {
  const text = parts
    .map((p) => p?.trim())
    .filter((p): p is string => !!p)
    .join('\n');
  return text.length > DESCRIPTION_MAX ? text.slice(0, DESCRIPTION_MAX) : text;
}

/** Lines in the order Dynamics shows them (by line number, then as given), with their index in the request. */
function orderedLines(lines: readonly InvoiceLine[]): { line: InvoiceLine; index: number }[] {
  return lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (a.line.lineNumber ?? a.index) - (b.line.lineNumber ?? b.index) || a.index - b.index);
}

/** A write-in with zero quantity and zero price is a comment: Xero shows a description-only line (B3). */
export function isNoteLine(line: InvoiceLine): boolean {
  return !!line.isWriteIn && (line.quantity ?? 0) === 0 && (line.unitPrice ?? 0) === 0;
}

export function mapInvoiceToXero(
  invoice: DataverseInvoice,
  settings: SyncSettings,
  resolved: ResolvedInvoiceParts,
): MappedInvoice {
  const errors: SyncError[] = [];
  const notes: string[] = [];
  const type = documentTypeOf(invoice.invoiceType);
  const sales = isSalesDocument(type);
  // A credit note has no due date and takes no line discounts (reference/xero-api.md §2, §5).
  const credit = isCreditNote(type);
  const status = settings.defaultStatus ?? 'DRAFT';
  const defaultAccount = sales ? settings.defaultSalesAccountCode : settings.defaultPurchaseAccountCode;

  const date = calendarDate(invoice.date);
  const dueDate = calendarDate(invoice.dueDate);
  if (invoice.date !== undefined && !date) {
    errors.push(
      syncProblem('invalid_invoice', `Invoice date '${invoice.date}' is not a valid date.`, 'date'),
    );
  }
  if (invoice.dueDate !== undefined && !dueDate) {
    errors.push(
      syncProblem('invalid_invoice', `Due date '${invoice.dueDate}' is not a valid date.`, 'dueDate'),
    );
  }
  if (!credit && date && dueDate && dueDate < date) {
    errors.push(
      syncProblem(
        'invalid_invoice',
        `The due date ${dueDate} is before the invoice date ${date}.`,
        'dueDate',
      ),
    );
  }
  if (!credit && !resolved.xeroInvoiceId && !dueDate && invoice.dueDate === undefined && status !== 'DRAFT') {
    errors.push(
      syncProblem(
        'invalid_invoice',
        `The invoice has no due date; Xero needs one to create an invoice as ${status}. Set the due date.`,
        'dueDate',
      ),
    );
  }

  const lineItems: XeroLineItemPayload[] = [];
  const lineIds: string[] = [];
  orderedLines(invoice.lines).forEach(({ line, index }) => {
    const at = `lines[${index}]`;
    const label = `Line ${index + 1}`;
    const existingId = resolved.lineItemIds?.[line.lineId];
    const withId = (item: XeroLineItemPayload): XeroLineItemPayload =>
      existingId ? { LineItemID: existingId, ...item } : item;

    if (isNoteLine(line)) {
      const text = joinText(line.writeInDescription, line.description);
      if (!text) {
        notes.push(`${label} is an empty write-in with no text, so it was left out.`);
        return;
      }
      // Xero tracks amounts; a note line has none, so its tracking has nothing to split.
      if (line.tracking?.length)
        notes.push(`${label} is a note line, so its tracking options were not sent.`);
      lineItems.push(withId({ Description: text }));
      lineIds.push(line.lineId);
      return;
    }

    const item = itemCodeForLine(line, resolved.items);
    if (item.note) notes.push(`${label}: ${item.note}`);
    const description = line.isWriteIn
      ? joinText(line.writeInDescription, line.description)
      : joinText(line.productName, line.description);
    if (!description && !item.itemCode) {
      errors.push(
        syncProblem(
          'invalid_invoice',
          `${label} has no description; Xero needs one on every line.`,
          `${at}.description`,
        ),
      );
    }
    const quantity = line.quantity ?? 1;
    if (quantity < 0) {
      const creditType = sales ? 'Sales credit note' : 'Purchase credit note';
      errors.push(
        syncProblem(
          'invalid_invoice',
          credit
            ? `${label} has a negative quantity (${quantity}). A credit note's quantities are positive: they are the ` +
                `amounts credited. Enter the quantity as ${-quantity}.`
            : `${label} has a negative quantity (${quantity}). A return or refund goes to Xero as a credit note, not ` +
                `as a negative invoice line: take the line off this invoice and raise it on a new invoice in ` +
                `Dynamics 365 with Xero invoice type '${creditType}' and quantity ${-quantity} (set its Credited ` +
                `invoice to this one to allocate the credit to it).`,
          `${at}.quantity`,
        ),
      );
    }
    const accountCode = line.accountCode?.trim() || defaultAccount?.trim();
    if (!accountCode) {
      errors.push(
        syncProblem(
          'invalid_invoice',
          `${label} has no account code and the connection has no default ${sales ? 'sales' : 'purchase'} account. ` +
            `Choose an account on the line or set the default ${sales ? 'sales' : 'purchase'} account on the Xero connection.`,
          `${at}.accountCode`,
        ),
      );
    }
    const out: XeroLineItemPayload = {
      Description: description || undefined,
      Quantity: round(quantity, 4),
      UnitAmount: round(line.unitPrice ?? 0, 4),
    };
    if (!out.Description) delete out.Description;
    if (item.itemCode) out.ItemCode = item.itemCode;
    if (accountCode) out.AccountCode = accountCode;
    if (line.taxType) out.TaxType = line.taxType;
    const tracking = mapLineTracking(line, at, label);
    if (!tracking.ok) errors.push(tracking.error);
    else if (tracking.tracking.length) out.Tracking = tracking.tracking;
    const rate = line.discountRate ?? 0;
    const amount = line.manualDiscountAmount ?? 0;
    if (rate > 0 || amount > 0) {
      if (!sales || credit) {
        errors.push(
          syncProblem(
            'invalid_invoice',
            `${label} has a discount; Xero accepts line discounts on sales invoices only. Take the discount into the price of the ${documentNoun(type)} line.`,
            `${at}.${rate > 0 ? 'discountRate' : 'manualDiscountAmount'}`,
          ),
        );
      } else if (rate > 0) {
        // The percent wins when both are given (contract: "used instead of the discount amount").
        out.DiscountRate = round(rate, 4);
      } else {
        out.DiscountAmount = round(amount, 2);
      }
    }
    lineItems.push(withId(out));
    lineIds.push(line.lineId);
  });
  if (lineItems.length === 0) {
    errors.push(
      syncProblem(
        'invalid_invoice',
        `The ${documentNoun(type)} has no lines to send to Xero. Add a product line.`,
        'lines',
      ),
    );
  }

  // Bills and purchase credit notes have no Xero numbering: their number is the supplier's reference, so it always
  // goes when we have one. Sales credit notes follow the connection's numbering setting, as sales invoices do.
  const sendNumber = !settings.useXeroInvoiceNumbering || !sales;
  const number = invoice.invoiceNumber?.trim();
  if (sendNumber && sales && !number) {
    errors.push(
      syncProblem(
        'invalid_invoice',
        `The ${documentNoun(type)} has no invoice number and the connection sends Dynamics 365 numbers. Set the number or turn on 'Use Xero invoice number'.`,
        'invoiceNumber',
      ),
    );
  }
  if (errors.length) return { ok: false, errors };

  const payload: XeroInvoicePayload = {
    Type: type,
    Contact: { ContactID: resolved.xeroContactId },
    LineItems: lineItems,
    LineAmountTypes: invoice.lineAmountTypes ?? 'Exclusive',
  };
  if (resolved.xeroInvoiceId) payload.InvoiceID = resolved.xeroInvoiceId;
  if (date) payload.Date = date;
  if (dueDate && !credit) payload.DueDate = dueDate;
  if (invoice.currencyCode) payload.CurrencyCode = invoice.currencyCode;
  if (invoice.brandingThemeId) payload.BrandingThemeID = invoice.brandingThemeId;
  // Xero keeps Reference on sales invoices (and sales credit notes) only (reference/xero-api.md §2).
  if (sales && invoice.reference?.trim()) payload.Reference = invoice.reference.trim();
  if (sendNumber && number) payload.InvoiceNumber = number;
  // On update the status stays what Xero has: the setting is the status *new* invoices get, and moving an approved
  // invoice back to draft is refused by Xero.
  if (!resolved.xeroInvoiceId) payload.Status = status;
  return { ok: true, payload, lineIds, notes };
}
