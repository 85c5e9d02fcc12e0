/**
 * What settles invoices: payments (reference/xero-api.md section 6) and credit-note allocations (section 5).
 * Both move the invoice's AmountPaid / AmountCredited and AmountDue, turn it PAID at zero (FullyPaidOnDate) and
 * back to AUTHORISED when removed, and bump its UpdatedDateUTC (an INVOICE UPDATE event).
 */
import {
  ElementValidationFailure,
  NotImplementedByEmulator,
  ResourceNotFound,
} from '../domain/accounting-errors';
import { isGuid, newId } from '../domain/deterministic-id';
import { round2 } from '../domain/money';
import type {
  AllocationRecord,
  CreditNoteRecord,
  InvoiceRecord,
  PaymentRecord,
  WireObject,
} from '../domain/records';
import { statusAfterSettlement } from '../domain/status-machine';
import type { CalendarDate } from '../domain/wire-dates';
import { ElementReader } from '../domain/wire-input';
import type { OrganisationBooks } from './organisation-books';

/** Verbatim from the OAS example. */
export const PAYMENT_EXCEEDS_MESSAGE = 'Payment amount exceeds the amount outstanding on this document';
/** 3P error catalogue (reference/xero-api.md section 6). */
export const PAYMENT_NOT_AUTHORISED_MESSAGE = 'Payments can only be made against authorised documents.';
/** Verbatim from xeroizer#320 / xero-php#251 (reference/xero-api.md section 5). */
export const ALLOCATION_EXCEEDS_MESSAGE =
  'Credit Note cannot be allocated as amount is greater than amount outstanding';
export const ALLOCATION_PAID_OFF_MESSAGE =
  'The invoice you are trying to allocate to has already been paid off';
export const ALLOCATION_WRONG_TYPE_MESSAGE = 'Credit Note cannot be allocated to an incorrect invoice type';

/** Re-derives an invoice's settlement after its paid or credited amount moved. */
export function settleInvoice(
  books: OrganisationBooks,
  invoice: InvoiceRecord,
  change: { paid?: number; credited?: number },
  settledOn: CalendarDate,
): InvoiceRecord {
  const amountPaid = round2(invoice.amountPaid + (change.paid ?? 0));
  const amountCredited = round2(invoice.amountCredited + (change.credited ?? 0));
  const amountDue = round2(invoice.total - amountPaid - amountCredited);
  const status = statusAfterSettlement(invoice.status, amountDue);
  const updated = books.store.invoices.put({
    ...invoice,
    amountPaid,
    amountCredited,
    amountDue,
    status,
    fullyPaidOnDate: status === 'PAID' ? settledOn : undefined,
    updatedDateUtc: books.now(),
  });
  books.noteChange('INVOICE', 'UPDATE', updated.invoiceId);
  return updated;
}

function findInvoiceRef(
  books: OrganisationBooks,
  reader: ElementReader,
  errors: string[],
): InvoiceRecord | undefined {
  const ref = reader.object('Invoice');
  const refReader = ref ? new ElementReader(ref) : undefined;
  const id = refReader?.string('InvoiceID') ?? reader.string('InvoiceID');
  const number = refReader?.string('InvoiceNumber') ?? reader.string('InvoiceNumber');
  if (id !== undefined) {
    const found = isGuid(id) ? books.findInvoice(id) : undefined;
    if (!found) errors.push('An existing Invoice with the specified InvoiceID could not be found'); // UNVERIFIED wording
    return found;
  }
  if (number !== undefined) {
    const found = books.findInvoice(number);
    if (!found) errors.push('An existing Invoice with the specified InvoiceNumber could not be found'); // UNVERIFIED wording
    return found;
  }
  errors.push('Invoice must be specified (InvoiceID or InvoiceNumber).'); // UNVERIFIED wording
  return undefined;
}

export function writePayment(books: OrganisationBooks, input: WireObject): PaymentRecord {
  const reader = new ElementReader(input);
  for (const other of ['CreditNote', 'Prepayment', 'Overpayment', 'BatchPayment']) {
    if (reader.has(other))
      throw new NotImplementedByEmulator(`Payments against a ${other} are not supported by the emulator`);
  }
  const errors: string[] = [];
  const invoice = findInvoiceRef(books, reader, errors);
  const accountRef = reader.object('Account');
  const accountReader = accountRef ? new ElementReader(accountRef) : undefined;
  const accountId = accountReader?.string('AccountID');
  const accountCode = accountReader?.string('Code') ?? reader.string('Code');
  const account =
    accountId !== undefined
      ? isGuid(accountId)
        ? books.findAccount(accountId)
        : undefined
      : accountCode !== undefined
        ? books.findAccountByCode(accountCode)
        : undefined;
  if (!account || account.status !== 'ACTIVE') {
    errors.push('Account must be valid.'); // [ISSUE:XeroAPI/Xero-Java#353]
  } else if (account.type !== 'BANK' && !account.enablePaymentsToAccount) {
    // Payments go to BANK accounts or accounts with EnablePaymentsToAccount (3P). UNVERIFIED wording.
    errors.push(
      `Payments cannot be made to account code '${account.code}': it is not a bank account and does not have payments enabled.`,
    );
  }
  const amount = reader.number('Amount');
  if (amount === undefined)
    errors.push('Amount must be specified.'); // UNVERIFIED wording
  else if (amount <= 0) errors.push('Payment amount must be greater than zero.'); // UNVERIFIED wording
  const date = reader.date('Date') ?? books.today();
  if (invoice && amount !== undefined && amount > 0) {
    if (
      invoice.status === 'PAID' ||
      (invoice.status === 'AUTHORISED' && round2(amount) > invoice.amountDue)
    ) {
      errors.push(PAYMENT_EXCEEDS_MESSAGE);
    } else if (invoice.status !== 'AUTHORISED') {
      errors.push(PAYMENT_NOT_AUTHORISED_MESSAGE);
    }
  }
  errors.push(...reader.errors, ...(accountReader?.errors ?? []));
  if (errors.length || !invoice || !account || amount === undefined)
    throw new ElementValidationFailure(errors);
  const currencyRate = reader.number('CurrencyRate') ?? invoice.currencyRate;
  const payment = books.store.payments.put({
    paymentId: newId(),
    invoiceId: invoice.invoiceId,
    accountId: account.accountId,
    date,
    amount: round2(amount),
    bankAmount: round2(reader.number('BankAmount') ?? amount),
    currencyRate,
    reference: reader.string('Reference'),
    isReconciled: reader.boolean('IsReconciled') ?? false,
    status: 'AUTHORISED',
    paymentType: invoice.type === 'ACCREC' ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT',
    updatedDateUtc: books.now(),
  });
  settleInvoice(books, invoice, { paid: payment.amount }, date);
  return payment;
}

/** POST /Payments/{id} with Status DELETED: the only change Xero allows on a payment. */
export function deletePayment(books: OrganisationBooks, paymentId: string, input: WireObject): PaymentRecord {
  const payment = isGuid(paymentId) ? books.store.payments.get(paymentId) : undefined;
  if (!payment) throw new ResourceNotFound(`Payment ${paymentId}`);
  const status = new ElementReader(input).string('Status');
  if (status?.toUpperCase() !== 'DELETED') {
    throw new ElementValidationFailure(['Only Status DELETED can be set on an existing payment.']); // UNVERIFIED wording
  }
  if (payment.status === 'DELETED')
    throw new ElementValidationFailure(['This payment has already been deleted.']); // UNVERIFIED
  const deleted = books.store.payments.put({ ...payment, status: 'DELETED', updatedDateUtc: books.now() });
  const invoice = books.findInvoice(payment.invoiceId);
  if (invoice)
    settleInvoice(books, invoice, { paid: -payment.amount }, invoice.fullyPaidOnDate ?? payment.date);
  return deleted;
}

function settleCreditNote(
  books: OrganisationBooks,
  note: CreditNoteRecord,
  allocated: number,
  on: CalendarDate,
): void {
  const remainingCredit = round2(note.remainingCredit - allocated);
  const status = statusAfterSettlement(note.status, remainingCredit);
  const settled = books.store.creditNotes.put({
    ...note,
    remainingCredit,
    status,
    fullyPaidOnDate: status === 'PAID' ? on : undefined,
    updatedDateUtc: books.now(),
  });
  books.noteCreditNoteChange(settled, 'UPDATE');
}

export function writeAllocation(
  books: OrganisationBooks,
  creditNoteId: string,
  input: WireObject,
): AllocationRecord {
  const note = isGuid(creditNoteId) ? books.findCreditNote(creditNoteId) : undefined;
  if (!note) throw new ResourceNotFound(`Credit Note ${creditNoteId}`);
  const reader = new ElementReader(input);
  const errors: string[] = [];
  const invoice = findInvoiceRef(books, reader, errors);
  const amount = reader.number('Amount');
  const date = reader.date('Date') ?? books.today();
  if (amount === undefined || amount <= 0) errors.push('Amount must be greater than zero.'); // UNVERIFIED wording
  if (note.status !== 'AUTHORISED' && note.status !== 'PAID') {
    errors.push('Only AUTHORISED credit notes can be allocated.'); // UNVERIFIED wording
  }
  if (invoice) {
    const expectedType = note.type === 'ACCRECCREDIT' ? 'ACCREC' : 'ACCPAY';
    if (invoice.type !== expectedType) errors.push(ALLOCATION_WRONG_TYPE_MESSAGE);
    else if (invoice.status === 'PAID') errors.push(ALLOCATION_PAID_OFF_MESSAGE);
    else if (invoice.status !== 'AUTHORISED')
      errors.push('Credit notes can only be allocated to AUTHORISED invoices.'); // UNVERIFIED
    else if (invoice.contactId !== note.contactId)
      errors.push('The credit note and the invoice must be for the same contact.'); // UNVERIFIED
    else if (invoice.currencyCode !== note.currencyCode)
      errors.push('The credit note and the invoice must be in the same currency.'); // UNVERIFIED
    else if (
      amount !== undefined &&
      (round2(amount) > invoice.amountDue || round2(amount) > note.remainingCredit)
    ) {
      errors.push(ALLOCATION_EXCEEDS_MESSAGE);
    }
  }
  errors.push(...reader.errors);
  if (errors.length || !invoice || amount === undefined) throw new ElementValidationFailure(errors);
  const allocation = books.store.allocations.put({
    allocationId: newId(),
    creditNoteId: note.creditNoteId,
    invoiceId: invoice.invoiceId,
    amount: round2(amount),
    date,
    isDeleted: false,
  });
  settleCreditNote(books, note, allocation.amount, date);
  settleInvoice(books, invoice, { credited: allocation.amount }, date);
  return allocation;
}

export function deleteAllocation(
  books: OrganisationBooks,
  creditNoteId: string,
  allocationId: string,
): AllocationRecord {
  const allocation = isGuid(allocationId) ? books.store.allocations.get(allocationId) : undefined;
  if (
    !allocation ||
    allocation.isDeleted ||
    allocation.creditNoteId.toLowerCase() !== creditNoteId.toLowerCase()
  ) {
    throw new ResourceNotFound(`Allocation ${allocationId}`);
  }
  const deleted = books.store.allocations.put({ ...allocation, isDeleted: true });
  const note = books.findCreditNote(allocation.creditNoteId);
  if (note) settleCreditNote(books, note, -allocation.amount, allocation.date);
  const invoice = books.findInvoice(allocation.invoiceId);
  if (invoice) settleInvoice(books, invoice, { credited: -allocation.amount }, allocation.date);
  return deleted;
}
