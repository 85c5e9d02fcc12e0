/**
 * The fields each list can be filtered (`where`) and ordered by. A field missing here is refused with a 501
 * naming it, so nothing is silently ignored.
 */
import type { OrganisationBooks } from '../books/organisation-books';
import type {
  ContactRecord,
  CreditNoteRecord,
  InvoiceRecord,
  ItemRecord,
  PaymentRecord,
  TrackingCategoryRecord,
} from '../domain/records';
import type { AccountSeed, TaxRateSeed } from '../seeds/organisation-seed';
import { accountClassOf } from '../seeds/organisation-seed';
import type { ListSpec } from './list-query';

export function invoiceListSpec(books: OrganisationBooks): ListSpec<InvoiceRecord> {
  return {
    entityName: 'Invoice',
    updatedOf: (r) => r.updatedDateUtc,
    defaultOrder: [{ field: 'UpdatedDateUTC', descending: false }],
    fields: {
      InvoiceID: { type: 'guid', get: (r) => r.invoiceId },
      InvoiceNumber: { type: 'string', get: (r) => r.invoiceNumber },
      Reference: { type: 'string', get: (r) => r.reference },
      Type: { type: 'string', get: (r) => r.type },
      Status: { type: 'string', get: (r) => r.status },
      'Contact.ContactID': { type: 'guid', get: (r) => r.contactId },
      'Contact.Name': { type: 'string', get: (r) => books.findContact(r.contactId)?.name },
      'Contact.ContactNumber': { type: 'string', get: (r) => books.findContact(r.contactId)?.contactNumber },
      Date: { type: 'date', get: (r) => r.date },
      DueDate: { type: 'date', get: (r) => r.dueDate },
      FullyPaidOnDate: { type: 'date', get: (r) => r.fullyPaidOnDate },
      UpdatedDateUTC: { type: 'date', get: (r) => r.updatedDateUtc },
      AmountDue: { type: 'number', get: (r) => r.amountDue },
      AmountPaid: { type: 'number', get: (r) => r.amountPaid },
      AmountCredited: { type: 'number', get: (r) => r.amountCredited },
      SubTotal: { type: 'number', get: (r) => r.subTotal },
      TotalTax: { type: 'number', get: (r) => r.totalTax },
      Total: { type: 'number', get: (r) => r.total },
      CurrencyCode: { type: 'string', get: (r) => r.currencyCode },
      SentToContact: { type: 'boolean', get: (r) => r.sentToContact },
    },
  };
}

export function creditNoteListSpec(books: OrganisationBooks): ListSpec<CreditNoteRecord> {
  return {
    entityName: 'CreditNote',
    updatedOf: (r) => r.updatedDateUtc,
    defaultOrder: [{ field: 'UpdatedDateUTC', descending: false }],
    fields: {
      CreditNoteID: { type: 'guid', get: (r) => r.creditNoteId },
      CreditNoteNumber: { type: 'string', get: (r) => r.creditNoteNumber },
      Reference: { type: 'string', get: (r) => r.reference },
      Type: { type: 'string', get: (r) => r.type },
      Status: { type: 'string', get: (r) => r.status },
      'Contact.ContactID': { type: 'guid', get: (r) => r.contactId },
      'Contact.Name': { type: 'string', get: (r) => books.findContact(r.contactId)?.name },
      Date: { type: 'date', get: (r) => r.date },
      UpdatedDateUTC: { type: 'date', get: (r) => r.updatedDateUtc },
      RemainingCredit: { type: 'number', get: (r) => r.remainingCredit },
      Total: { type: 'number', get: (r) => r.total },
      CurrencyCode: { type: 'string', get: (r) => r.currencyCode },
    },
  };
}

export function contactListSpec(books: OrganisationBooks): ListSpec<ContactRecord> {
  return {
    entityName: 'Contact',
    updatedOf: (r) => r.updatedDateUtc,
    // UNVERIFIED: Xero's default contact order is not documented; Name keeps pages stable and readable.
    defaultOrder: [{ field: 'Name', descending: false }],
    fields: {
      ContactID: { type: 'guid', get: (r) => r.contactId },
      ContactNumber: { type: 'string', get: (r) => r.contactNumber },
      AccountNumber: { type: 'string', get: (r) => r.accountNumber },
      Name: { type: 'string', get: (r) => r.name },
      FirstName: { type: 'string', get: (r) => r.firstName },
      LastName: { type: 'string', get: (r) => r.lastName },
      EmailAddress: { type: 'string', get: (r) => r.emailAddress },
      ContactStatus: { type: 'string', get: (r) => r.contactStatus },
      IsCustomer: { type: 'boolean', get: (r) => books.isCustomer(r.contactId) },
      IsSupplier: { type: 'boolean', get: (r) => books.isSupplier(r.contactId) },
      UpdatedDateUTC: { type: 'date', get: (r) => r.updatedDateUtc },
    },
  };
}

export function itemListSpec(): ListSpec<ItemRecord> {
  return {
    entityName: 'Item',
    updatedOf: (r) => r.updatedDateUtc,
    defaultOrder: [{ field: 'Code', descending: false }],
    fields: {
      ItemID: { type: 'guid', get: (r) => r.itemId },
      Code: { type: 'string', get: (r) => r.code },
      Name: { type: 'string', get: (r) => r.name },
      Description: { type: 'string', get: (r) => r.description },
      IsSold: { type: 'boolean', get: (r) => r.isSold },
      IsPurchased: { type: 'boolean', get: (r) => r.isPurchased },
      UpdatedDateUTC: { type: 'date', get: (r) => r.updatedDateUtc },
    },
  };
}

export function paymentListSpec(books: OrganisationBooks): ListSpec<PaymentRecord> {
  return {
    entityName: 'Payment',
    updatedOf: (r) => r.updatedDateUtc,
    defaultOrder: [{ field: 'UpdatedDateUTC', descending: false }],
    fields: {
      PaymentID: { type: 'guid', get: (r) => r.paymentId },
      'Invoice.InvoiceID': { type: 'guid', get: (r) => r.invoiceId },
      'Invoice.InvoiceNumber': { type: 'string', get: (r) => books.findInvoice(r.invoiceId)?.invoiceNumber },
      'Invoice.Contact.ContactID': { type: 'guid', get: (r) => books.findInvoice(r.invoiceId)?.contactId },
      'Account.AccountID': { type: 'guid', get: (r) => r.accountId },
      'Account.Code': { type: 'string', get: (r) => books.findAccount(r.accountId)?.code },
      Status: { type: 'string', get: (r) => r.status },
      PaymentType: { type: 'string', get: (r) => r.paymentType },
      Date: { type: 'date', get: (r) => r.date },
      Amount: { type: 'number', get: (r) => r.amount },
      Reference: { type: 'string', get: (r) => r.reference },
      IsReconciled: { type: 'boolean', get: (r) => r.isReconciled },
      UpdatedDateUTC: { type: 'date', get: (r) => r.updatedDateUtc },
    },
  };
}

export function taxRateListSpec(): ListSpec<TaxRateSeed> {
  return {
    entityName: 'TaxRate',
    defaultOrder: [{ field: 'Name', descending: false }],
    fields: {
      TaxType: { type: 'string', get: (r) => r.taxType },
      Name: { type: 'string', get: (r) => r.name },
      Status: { type: 'string', get: (r) => r.status },
      ReportTaxType: { type: 'string', get: (r) => r.reportTaxType },
      EffectiveRate: { type: 'number', get: (r) => r.rate },
      DisplayTaxRate: { type: 'number', get: (r) => r.rate },
      CanApplyToRevenue: { type: 'boolean', get: (r) => r.canApplyToRevenue },
      CanApplyToExpenses: { type: 'boolean', get: (r) => r.canApplyToExpenses },
      CanApplyToAssets: { type: 'boolean', get: (r) => r.canApplyToAssets },
      CanApplyToLiabilities: { type: 'boolean', get: (r) => r.canApplyToLiabilities },
      CanApplyToEquity: { type: 'boolean', get: (r) => r.canApplyToEquity },
    },
  };
}

export function accountListSpec(): ListSpec<AccountSeed> {
  return {
    entityName: 'Account',
    defaultOrder: [{ field: 'Code', descending: false }],
    fields: {
      AccountID: { type: 'guid', get: (r) => r.accountId },
      Code: { type: 'string', get: (r) => r.code },
      Name: { type: 'string', get: (r) => r.name },
      Type: { type: 'string', get: (r) => r.type },
      Class: { type: 'string', get: (r) => accountClassOf(r.type) },
      Status: { type: 'string', get: (r) => r.status },
      TaxType: { type: 'string', get: (r) => r.taxType },
      SystemAccount: { type: 'string', get: (r) => r.systemAccount },
      EnablePaymentsToAccount: { type: 'boolean', get: (r) => r.enablePaymentsToAccount },
      ShowInExpenseClaims: { type: 'boolean', get: (r) => r.showInExpenseClaims },
      BankAccountType: { type: 'string', get: (r) => r.bankAccountType },
    },
  };
}

export function trackingCategoryListSpec(): ListSpec<TrackingCategoryRecord> {
  return {
    entityName: 'TrackingCategory',
    // UNVERIFIED: Xero's default order of tracking categories is not documented; Name keeps it stable.
    defaultOrder: [{ field: 'Name', descending: false }],
    fields: {
      TrackingCategoryID: { type: 'guid', get: (r) => r.trackingCategoryId },
      Name: { type: 'string', get: (r) => r.name },
      Status: { type: 'string', get: (r) => r.status },
    },
  };
}
