/**
 * Items, payments, allocations and the organisation's settings (tax rates, accounts, branding themes,
 * Organisation) in Xero's wire shape (OAS schemas of the same names; reference/xero-api.md sections 4, 6, 7).
 */
import type { OrganisationBooks } from '../books/organisation-books';
import { roundTo } from '../domain/money';
import type { AllocationRecord, ItemDetails, ItemRecord, PaymentRecord, WireObject } from '../domain/records';
import { dateStringOf, msDateOfCalendarDate, msDateOfInstant } from '../domain/wire-dates';
import {
  accountClassOf,
  type AccountSeed,
  type BrandingThemeSeed,
  type TaxRateSeed,
} from '../seeds/organisation-seed';

function detailsToWire(details: ItemDetails | undefined, unitDp: 2 | 4): WireObject | undefined {
  if (!details) return undefined;
  return {
    UnitPrice: details.unitPrice === undefined ? undefined : roundTo(details.unitPrice, unitDp),
    AccountCode: details.accountCode,
    TaxType: details.taxType,
  };
}

export function itemToWire(item: ItemRecord, unitDp: 2 | 4): WireObject {
  return {
    ItemID: item.itemId,
    Code: item.code,
    Name: item.name,
    Description: item.description,
    PurchaseDescription: item.purchaseDescription,
    UpdatedDateUTC: msDateOfInstant(item.updatedDateUtc),
    PurchaseDetails: detailsToWire(item.purchaseDetails, unitDp) ?? {},
    SalesDetails: detailsToWire(item.salesDetails, unitDp) ?? {},
    IsTrackedAsInventory: false,
    IsSold: item.isSold,
    IsPurchased: item.isPurchased,
  };
}

export function paymentToWire(books: OrganisationBooks, payment: PaymentRecord): WireObject {
  const invoice = books.findInvoice(payment.invoiceId);
  const account = books.findAccount(payment.accountId);
  const contact = invoice ? books.findContact(invoice.contactId) : undefined;
  return {
    PaymentID: payment.paymentId,
    Date: msDateOfCalendarDate(payment.date),
    BankAmount: payment.bankAmount,
    Amount: payment.amount,
    Reference: payment.reference,
    CurrencyRate: payment.currencyRate,
    PaymentType: payment.paymentType,
    Status: payment.status,
    UpdatedDateUTC: msDateOfInstant(payment.updatedDateUtc),
    HasAccount: true,
    IsReconciled: payment.isReconciled,
    Account: account ? { AccountID: account.accountId, Code: account.code, Name: account.name } : undefined,
    Invoice: invoice
      ? {
          Type: invoice.type,
          InvoiceID: invoice.invoiceId,
          InvoiceNumber: invoice.invoiceNumber,
          Contact: contact ? { ContactID: contact.contactId, Name: contact.name } : undefined,
          CurrencyCode: invoice.currencyCode,
          Status: invoice.status,
          AmountDue: invoice.amountDue,
          AmountPaid: invoice.amountPaid,
          Total: invoice.total,
        }
      : undefined,
    HasValidationErrors: false,
  };
}

export function allocationToWire(books: OrganisationBooks, allocation: AllocationRecord): WireObject {
  const invoice = books.findInvoice(allocation.invoiceId);
  const note = books.findCreditNote(allocation.creditNoteId);
  return {
    AllocationID: allocation.allocationId,
    Amount: allocation.amount,
    Date: msDateOfCalendarDate(allocation.date),
    DateString: dateStringOf(allocation.date),
    IsDeleted: allocation.isDeleted,
    Invoice: invoice
      ? {
          InvoiceID: invoice.invoiceId,
          InvoiceNumber: invoice.invoiceNumber,
          Type: invoice.type,
          Status: invoice.status,
          AmountDue: invoice.amountDue,
          AmountCredited: invoice.amountCredited,
        }
      : { InvoiceID: allocation.invoiceId },
    CreditNote: note
      ? {
          CreditNoteID: note.creditNoteId,
          CreditNoteNumber: note.creditNoteNumber,
          Type: note.type,
          RemainingCredit: note.remainingCredit,
          Status: note.status,
        }
      : undefined,
  };
}

export function taxRateToWire(rate: TaxRateSeed): WireObject {
  return {
    Name: rate.name,
    TaxType: rate.taxType,
    ReportTaxType: rate.reportTaxType,
    CanApplyToAssets: rate.canApplyToAssets,
    CanApplyToEquity: rate.canApplyToEquity,
    CanApplyToExpenses: rate.canApplyToExpenses,
    CanApplyToLiabilities: rate.canApplyToLiabilities,
    CanApplyToRevenue: rate.canApplyToRevenue,
    DisplayTaxRate: rate.rate,
    EffectiveRate: rate.rate,
    Status: rate.status,
    TaxComponents: [{ Name: 'VAT', Rate: rate.rate, IsCompound: false, IsNonRecoverable: false }],
  };
}

export function accountToWire(books: OrganisationBooks, account: AccountSeed): WireObject {
  const bank = account.type === 'BANK';
  return {
    AccountID: account.accountId,
    Code: account.code,
    Name: account.name,
    Status: account.status,
    Type: account.type,
    TaxType: account.taxType,
    Description: account.description,
    Class: accountClassOf(account.type),
    SystemAccount: account.systemAccount,
    EnablePaymentsToAccount: account.enablePaymentsToAccount,
    ShowInExpenseClaims: account.showInExpenseClaims,
    BankAccountNumber: bank ? account.bankAccountNumber : undefined,
    BankAccountType: bank ? (account.bankAccountType ?? 'BANK') : '',
    CurrencyCode: bank ? books.baseCurrency : undefined,
    ReportingCode: account.reportingCode,
    ReportingCodeName: account.reportingCodeName,
    HasAttachments: false,
    UpdatedDateUTC: msDateOfInstant(books.seed.createdDateUtc),
    AddToWatchlist: false,
  };
}

export function brandingThemeToWire(books: OrganisationBooks, theme: BrandingThemeSeed): WireObject {
  return {
    BrandingThemeID: theme.brandingThemeId,
    Name: theme.name,
    LogoUrl: theme.logoUrl,
    Type: 'INVOICE',
    SortOrder: theme.sortOrder,
    CreatedDateUTC: msDateOfInstant(books.seed.createdDateUtc),
  };
}

export function organisationToWire(books: OrganisationBooks): WireObject {
  const s = books.seed;
  return {
    OrganisationID: s.organisationId,
    Name: s.name,
    LegalName: s.legalName,
    PaysTax: true,
    Version: s.version,
    OrganisationType: s.organisationType,
    BaseCurrency: s.baseCurrency,
    CountryCode: s.countryCode,
    IsDemoCompany: s.isDemoCompany,
    OrganisationStatus: 'ACTIVE',
    FinancialYearEndDay: s.financialYearEndDay,
    FinancialYearEndMonth: s.financialYearEndMonth,
    SalesTaxBasis: s.salesTaxBasis,
    SalesTaxPeriod: s.salesTaxPeriod,
    DefaultSalesTax: s.defaultSalesTax,
    DefaultPurchasesTax: s.defaultPurchasesTax,
    CreatedDateUTC: msDateOfInstant(s.createdDateUtc),
    OrganisationEntityType: s.organisationType,
    Timezone: s.timezone,
    ShortCode: s.shortCode,
    Edition: 'BUSINESS',
    Class: s.isDemoCompany ? 'DEMO' : 'STANDARD',
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}
