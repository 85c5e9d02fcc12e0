/**
 * A Dataverse invoice as both validate-invoice.ts and map-invoice-to-xero.ts read it: its document kind, dates,
 * number and default account, and per line (in the order Dynamics shows them) its description, item, quantity,
 * account and tracking. Reading once keeps what is checked and what is sent the same values.
 */
import type { DataverseInvoice, InvoiceLine, SyncSettings } from '@dxc/openapi';
import type { ItemResolution } from './plan-items';
import { itemCodeForLine } from './plan-items';
import type { MappedLineTracking } from './map-line-tracking';
import { mapLineTracking } from './map-line-tracking';
import type { DocumentType } from './document-kind';
import { documentTypeOf, isCreditNote, isSalesDocument } from './document-kind';

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

export interface InvoiceReading {
  type: DocumentType;
  sales: boolean;
  /** A credit note has no due date and takes no line discounts (reference/xero-api.md §2, §5). */
  credit: boolean;
  status: NonNullable<SyncSettings['defaultStatus']>;
  /** Valid calendar dates, or undefined (absent or not a real date). */
  date?: string;
  dueDate?: string;
  number?: string;
  /** Whether the Dynamics 365 number goes to Xero (see readInvoice). */
  sendNumber: boolean;
}

/** One line: where it is in the request (`at`, lines[2]) and how the user knows it (`label`, Line 3). */
interface LinePlace {
  line: InvoiceLine;
  at: string;
  label: string;
}

/** A write-in with zero quantity and zero price: a description-only line (B3). `text` is empty when it has none. */
export interface NoteLineReading extends LinePlace {
  kind: 'note';
  text: string;
}

export interface PricedLineReading extends LinePlace {
  kind: 'priced';
  item: { itemCode?: string; note?: string };
  description: string;
  quantity: number;
  accountCode?: string;
  tracking: MappedLineTracking;
}

export type LineReading = NoteLineReading | PricedLineReading;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` (the contract's `format: date`; Xero takes the same), or undefined when not a real date. */
function calendarDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const day = value.slice(0, 10);
  if (!DATE.test(day)) return undefined;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? undefined : day;
}

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

export function readInvoice(invoice: DataverseInvoice, settings: SyncSettings): InvoiceReading {
  const type = documentTypeOf(invoice.invoiceType);
  const sales = isSalesDocument(type);
  return {
    type,
    sales,
    credit: isCreditNote(type),
    status: settings.defaultStatus ?? 'DRAFT',
    date: calendarDate(invoice.date),
    dueDate: calendarDate(invoice.dueDate),
    number: invoice.invoiceNumber?.trim(),
    // Bills and purchase credit notes have no Xero numbering: their number is the supplier's reference, so it
    // always goes when we have one. Sales credit notes follow the connection's numbering setting, as sales
    // invoices do.
    sendNumber: !settings.useXeroInvoiceNumbering || !sales,
  };
}

export function readLines(
  invoice: DataverseInvoice,
  settings: SyncSettings,
  reading: InvoiceReading,
  resolved: ResolvedInvoiceParts,
): LineReading[] {
  const defaultAccount = reading.sales
    ? settings.defaultSalesAccountCode
    : settings.defaultPurchaseAccountCode;
  return orderedLines(invoice.lines).map(({ line, index }): LineReading => {
    const place = { line, at: `lines[${index}]`, label: `Line ${index + 1}` };
    if (isNoteLine(line))
      return { ...place, kind: 'note', text: joinText(line.writeInDescription, line.description) };
    return {
      ...place,
      kind: 'priced',
      item: itemCodeForLine(line, resolved.items),
      description: line.isWriteIn
        ? joinText(line.writeInDescription, line.description)
        : joinText(line.productName, line.description),
      quantity: line.quantity ?? 1,
      accountCode: line.accountCode?.trim() || defaultAccount?.trim() || undefined,
      tracking: mapLineTracking(line, place.at, place.label),
    };
  });
}

/** The lines that go to Xero: every priced line, and each note line that has text. */
export const sentLines = (lines: readonly LineReading[]): LineReading[] =>
  lines.filter((l) => l.kind === 'priced' || l.text);
