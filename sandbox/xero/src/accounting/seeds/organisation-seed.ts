/**
 * What an organisation starts with: identity, settings and reference data (tax rates, chart of accounts,
 * branding themes). Seeds are plain data so the platform can build any number of tenants from them.
 */
export type AccountType =
  | 'BANK'
  | 'CURRENT'
  | 'CURRLIAB'
  | 'DEPRECIATN'
  | 'DIRECTCOSTS'
  | 'EQUITY'
  | 'EXPENSE'
  | 'FIXED'
  | 'INVENTORY'
  | 'LIABILITY'
  | 'NONCURRENT'
  | 'OTHERINCOME'
  | 'OVERHEADS'
  | 'PREPAYMENT'
  | 'REVENUE'
  | 'SALES'
  | 'TERMLIAB';

export type AccountClass = 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';

export interface AccountSeed {
  accountId: string;
  code: string;
  name: string;
  type: AccountType;
  taxType: string;
  status: 'ACTIVE' | 'ARCHIVED';
  description?: string;
  bankAccountNumber?: string;
  bankAccountType?: 'BANK' | 'CREDITCARD' | 'PAYPAL';
  enablePaymentsToAccount: boolean;
  showInExpenseClaims: boolean;
  systemAccount?: string;
  reportingCode?: string;
  reportingCodeName?: string;
}

export interface TaxRateSeed {
  name: string;
  taxType: string;
  /** Effective percentage, e.g. 20 for 20%. */
  rate: number;
  status: 'ACTIVE' | 'DELETED' | 'ARCHIVED';
  reportTaxType: string;
  canApplyToAssets: boolean;
  canApplyToEquity: boolean;
  canApplyToExpenses: boolean;
  canApplyToLiabilities: boolean;
  canApplyToRevenue: boolean;
}

export interface BrandingThemeSeed {
  brandingThemeId: string;
  name: string;
  sortOrder: number;
  logoUrl?: string;
}

export interface OrganisationSeed {
  organisationId: string;
  name: string;
  legalName: string;
  shortCode: string;
  baseCurrency: string;
  countryCode: string;
  /** Xero's timezone name (OAS TimeZone enum), e.g. GMTSTANDARDTIME. */
  timezone: string;
  version: 'UK' | 'AU' | 'NZ' | 'US' | 'GLOBAL';
  organisationType: 'COMPANY';
  isDemoCompany: boolean;
  createdDateUtc: Date;
  financialYearEndDay: number;
  financialYearEndMonth: number;
  salesTaxBasis: string;
  salesTaxPeriod: string;
  defaultSalesTax: string;
  defaultPurchasesTax: string;
  /** Currencies the organisation may invoice in besides its base currency, with the rate used when none is sent. */
  foreignCurrencies: Record<string, number>;
  taxRates: TaxRateSeed[];
  accounts: AccountSeed[];
  brandingThemes: BrandingThemeSeed[];
  /** Invoice numbering, as the organisation's invoice settings: prefix and next number. */
  invoiceNumberPrefix: string;
  creditNoteNumberPrefix: string;
  /**
   * How many invoices the organisation may email from Xero per day (POST /Invoices/{id}/Email); the default is
   * DEFAULT_INVOICE_EMAILS_PER_DAY (books/invoice-emailer.ts, where the figure's source is given).
   */
  invoiceEmailsPerDay?: number;
}

export function accountClassOf(type: AccountType): AccountClass {
  switch (type) {
    case 'BANK':
    case 'CURRENT':
    case 'FIXED':
    case 'INVENTORY':
    case 'NONCURRENT':
    case 'PREPAYMENT':
      return 'ASSET';
    case 'CURRLIAB':
    case 'LIABILITY':
    case 'TERMLIAB':
      return 'LIABILITY';
    case 'EQUITY':
      return 'EQUITY';
    case 'DEPRECIATN':
    case 'DIRECTCOSTS':
    case 'EXPENSE':
    case 'OVERHEADS':
      return 'EXPENSE';
    case 'OTHERINCOME':
    case 'REVENUE':
    case 'SALES':
      return 'REVENUE';
  }
}
