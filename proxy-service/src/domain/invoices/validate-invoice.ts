/**
 * Every reason an invoice cannot go to Xero, each naming the field and saying what to change (B1, B3, B4). We
 * check what Xero would refuse anyway when we can say it better (which line, which setting to change); everything
 * else is left to Xero, whose messages come back verbatim. The order is the invoice's: dates, then each line, then
 * the lines as a whole and the number.
 */
import type { DataverseInvoice, SyncError } from '@dxc/openapi';
import { documentNoun } from './document-kind';
import type { InvoiceReading, LineReading, PricedLineReading, ResolvedInvoiceParts } from './invoice-reading';
import { sentLines } from './invoice-reading';
import { syncProblem } from './sync-problem';

const invalid = (message: string, field: string): SyncError => syncProblem('invalid_invoice', message, field);

function dateProblems(
  invoice: DataverseInvoice,
  { credit, date, dueDate, status }: InvoiceReading,
  resolved: ResolvedInvoiceParts,
): SyncError[] {
  const problems: SyncError[] = [];
  if (invoice.date !== undefined && !date)
    problems.push(invalid(`Invoice date '${invoice.date}' is not a valid date.`, 'date'));
  if (invoice.dueDate !== undefined && !dueDate)
    problems.push(invalid(`Due date '${invoice.dueDate}' is not a valid date.`, 'dueDate'));
  if (!credit && date && dueDate && dueDate < date)
    problems.push(invalid(`The due date ${dueDate} is before the invoice date ${date}.`, 'dueDate'));
  if (!credit && !resolved.xeroInvoiceId && !dueDate && invoice.dueDate === undefined && status !== 'DRAFT') {
    problems.push(
      invalid(
        `The invoice has no due date; Xero needs one to create an invoice as ${status}. Set the due date.`,
        'dueDate',
      ),
    );
  }
  return problems;
}

function negativeQuantity({ label, quantity }: PricedLineReading, { sales, credit }: InvoiceReading): string {
  const creditType = sales ? 'Sales credit note' : 'Purchase credit note';
  return credit
    ? `${label} has a negative quantity (${quantity}). A credit note's quantities are positive: they are the ` +
        `amounts credited. Enter the quantity as ${-quantity}.`
    : `${label} has a negative quantity (${quantity}). A return or refund goes to Xero as a credit note, not ` +
        `as a negative invoice line: take the line off this invoice and raise it on a new invoice in ` +
        `Dynamics 365 with Xero invoice type '${creditType}' and quantity ${-quantity} (set its Credited ` +
        `invoice to this one to allocate the credit to it).`;
}

function lineProblems(reading: LineReading, invoice: InvoiceReading): SyncError[] {
  // A note line cannot be wrong: without text it is left out (a note says so), and its tracking is not sent.
  if (reading.kind === 'note') return [];
  const { line, at, label } = reading;
  const { sales } = invoice;
  const problems: SyncError[] = [];
  if (!reading.description && !reading.item.itemCode)
    problems.push(invalid(`${label} has no description; Xero needs one on every line.`, `${at}.description`));
  if (reading.quantity < 0) problems.push(invalid(negativeQuantity(reading, invoice), `${at}.quantity`));
  if (!reading.accountCode) {
    const kind = sales ? 'sales' : 'purchase';
    problems.push(
      invalid(
        `${label} has no account code and the connection has no default ${kind} account. ` +
          `Choose an account on the line or set the default ${kind} account on the Xero connection.`,
        `${at}.accountCode`,
      ),
    );
  }
  if (!reading.tracking.ok) problems.push(reading.tracking.error);
  const rate = line.discountRate ?? 0;
  if ((rate > 0 || (line.manualDiscountAmount ?? 0) > 0) && (!sales || invoice.credit)) {
    problems.push(
      invalid(
        `${label} has a discount; Xero accepts line discounts on sales invoices only. Take the discount into the price of the ${documentNoun(invoice.type)} line.`,
        `${at}.${rate > 0 ? 'discountRate' : 'manualDiscountAmount'}`,
      ),
    );
  }
  return problems;
}

export function invoiceProblems(
  invoice: DataverseInvoice,
  reading: InvoiceReading,
  lines: readonly LineReading[],
  resolved: ResolvedInvoiceParts,
): SyncError[] {
  const problems = [
    ...dateProblems(invoice, reading, resolved),
    ...lines.flatMap((l) => lineProblems(l, reading)),
  ];
  const noun = documentNoun(reading.type);
  if (sentLines(lines).length === 0)
    problems.push(invalid(`The ${noun} has no lines to send to Xero. Add a product line.`, 'lines'));
  if (reading.sendNumber && reading.sales && !reading.number) {
    problems.push(
      invalid(
        `The ${noun} has no invoice number and the connection sends Dynamics 365 numbers. Set the number or turn on 'Use Xero invoice number'.`,
        'invoiceNumber',
      ),
    );
  }
  return problems;
}
