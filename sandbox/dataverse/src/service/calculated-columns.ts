import type { TableDef } from '../schema/schema-types';
import { isLookupRef, type RowStore, type Row } from '../store/row-store';
import { round } from './rounding';

/** The invoice columns a line change can move (afterLineChange saves them as an update of the invoice). */
export const INVOICE_TOTAL_COLUMNS = [
  'totallineitemamount',
  'totallineitemdiscountamount',
  'totaltax',
  'totaldiscountamount',
  'totalamountlessfreight',
  'totalamount',
];

/** Calculated columns of the platform (line amounts, invoice totals, full names). */
export function calculateColumns(store: RowStore, table: TableDef, row: Row): void {
  if (table.logicalName === 'contact' || table.logicalName === 'systemuser') {
    const name = [row.firstname, row.lastname].filter((s) => typeof s === 'string' && s).join(' ');
    row.fullname = name || null;
  }
  if (table.logicalName === 'invoicedetail') {
    const base = round(num(row.quantity) * num(row.priceperunit), 2);
    row.baseamount = base;
    row.extendedamount = round(base - num(row.manualdiscountamount) + num(row.tax), 2);
    const inv = isLookupRef(row.invoiceid) ? store.get('invoice', row.invoiceid.id) : undefined;
    if (inv) row.transactioncurrencyid = inv.transactioncurrencyid ?? null;
  }
  if (table.logicalName === 'invoice') {
    const lines = store.referencing('invoicedetail', 'invoiceid', row.invoiceid as string);
    const lineAmount = round(
      lines.reduce((s, l) => s + num(l.baseamount) - num(l.manualdiscountamount), 0),
      2,
    );
    const tax = round(
      lines.reduce((s, l) => s + num(l.tax), 0),
      2,
    );
    const discount = round(num(row.discountamount) + (lineAmount * num(row.discountpercentage)) / 100, 2);
    row.totallineitemamount = lineAmount;
    row.totallineitemdiscountamount = round(
      lines.reduce((s, l) => s + num(l.manualdiscountamount), 0),
      2,
    );
    row.totaltax = tax;
    row.totaldiscountamount = discount;
    row.totalamountlessfreight = round(lineAmount - discount, 2);
    row.totalamount = round(lineAmount - discount + num(row.freightamount) + tax, 2);
  }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
