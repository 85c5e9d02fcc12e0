/**
 * "Demo Company (UK)" as Xero's demo organisation sets it up: GBP, UK VAT rates and the UK default chart of
 * accounts. Names, codes, types and default tax types follow Xero's UK demo company as publicly documented and
 * widely reproduced; report codes are omitted. `organisationSeed()` builds further organisations on the same
 * chart and rates (Xero's UK template), with ids derived from the name so they are stable across runs.
 */
import { deterministicId } from '../domain/deterministic-id';
import type { AccountSeed, AccountType, OrganisationSeed, TaxRateSeed } from './organisation-seed';

type RateRow = [
  taxType: string,
  name: string,
  rate: number,
  report: string,
  applies: 'sales' | 'purchases' | 'any',
];

// CanApplyTo… flags: sales rates apply to revenue, purchase rates to expenses; both to assets, liabilities and
// equity (UNVERIFIED in detail: Xero does not publish the matrix; this is what the UK demo company's UI offers).
const UK_TAX_RATES: RateRow[] = [
  ['INPUT2', '20% (VAT on Expenses)', 20, 'INPUT', 'purchases'],
  ['OUTPUT2', '20% (VAT on Income)', 20, 'OUTPUT', 'sales'],
  ['RRINPUT', '5% (VAT on Expenses)', 5, 'INPUT', 'purchases'],
  ['RROUTPUT', '5% (VAT on Income)', 5, 'OUTPUT', 'sales'],
  ['CAPEXINPUT2', '20% (VAT on Capital Purchases)', 20, 'CAPITALEXPENSESINPUT', 'purchases'],
  ['CAPEXOUTPUT2', '20% (VAT on Capital Sales)', 20, 'CAPITALSALESOUTPUT', 'sales'],
  ['ECZROUTPUT', 'Zero Rated EC Goods Income', 0, 'ECOUTPUT', 'sales'],
  ['ECZROUTPUTSERVICES', 'Zero Rated EC Services', 0, 'ECOUTPUTSERVICES', 'sales'],
  ['EXEMPTINPUT', 'Exempt Expenses', 0, 'EXEMPTINPUT', 'purchases'],
  ['EXEMPTOUTPUT', 'Exempt Income', 0, 'EXEMPTOUTPUT', 'sales'],
  ['NONE', 'No VAT', 0, 'NONE', 'any'],
  ['ZERORATEDINPUT', 'Zero Rated Expenses', 0, 'ZERORATEDINPUT', 'purchases'],
  ['ZERORATEDOUTPUT', 'Zero Rated Income', 0, 'ZERORATEDOUTPUT', 'sales'],
];

function ukTaxRates(): TaxRateSeed[] {
  return UK_TAX_RATES.map(([taxType, name, rate, reportTaxType, applies]) => ({
    name,
    taxType,
    rate,
    status: 'ACTIVE',
    reportTaxType,
    canApplyToAssets: true,
    canApplyToEquity: true,
    canApplyToLiabilities: true,
    canApplyToExpenses: applies !== 'sales',
    canApplyToRevenue: applies !== 'purchases',
  }));
}

type AccountRow = [
  code: string,
  name: string,
  type: AccountType,
  taxType: string,
  extra?: Partial<AccountSeed>,
];

const UK_ACCOUNTS: AccountRow[] = [
  [
    '090',
    'Business Bank Account',
    'BANK',
    'NONE',
    { bankAccountNumber: '12345678', bankAccountType: 'BANK' },
  ],
  [
    '091',
    'Business Savings Account',
    'BANK',
    'NONE',
    { bankAccountNumber: '87654321', bankAccountType: 'BANK' },
  ],
  ['200', 'Sales', 'SALES', 'OUTPUT2', { description: 'Income from any normal business activity' }],
  [
    '260',
    'Other Revenue',
    'REVENUE',
    'OUTPUT2',
    {
      description: 'Any other income that does not relate to normal business activities and is not recurring',
    },
  ],
  [
    '270',
    'Interest Income',
    'OTHERINCOME',
    'EXEMPTOUTPUT',
    {
      description:
        'Gross interest income (i.e. before deducting any withholding tax) such as bank interest earned',
    },
  ],
  [
    '310',
    'Cost of Goods Sold',
    'DIRECTCOSTS',
    'INPUT2',
    { description: 'Cost of goods sold by the business' },
  ],
  [
    '320',
    'Direct Wages',
    'DIRECTCOSTS',
    'NONE',
    {
      description:
        'Payment of wages and salary to employees whose work can be directly linked to the product or service',
    },
  ],
  [
    '325',
    'Direct Expenses',
    'DIRECTCOSTS',
    'INPUT2',
    { description: 'Expenses incurred that relate directly to earning revenue' },
  ],
  [
    '400',
    'Advertising',
    'OVERHEADS',
    'INPUT2',
    {
      description: 'Expenses incurred for advertising while trying to increase sales',
      showInExpenseClaims: true,
    },
  ],
  [
    '401',
    'Audit & Accountancy fees',
    'OVERHEADS',
    'INPUT2',
    { description: 'Expenses incurred relating to accounting and audit fees' },
  ],
  [
    '404',
    'Bank Fees',
    'OVERHEADS',
    'EXEMPTINPUT',
    { description: 'Fees charged by your bank for transactions regarding your bank account(s).' },
  ],
  [
    '408',
    'Cleaning',
    'OVERHEADS',
    'INPUT2',
    { description: 'Expenses incurred for cleaning business property.', showInExpenseClaims: true },
  ],
  ['412', 'Consulting', 'OVERHEADS', 'INPUT2', { description: 'Payments made to consultants' }],
  [
    '416',
    'Depreciation',
    'OVERHEADS',
    'NONE',
    {
      description:
        "The amount of the asset's cost (based on the useful life) that was consumed during the period",
    },
  ],
  [
    '420',
    'Entertainment-100% business',
    'OVERHEADS',
    'INPUT2',
    {
      description:
        'Expenses incurred on entertainment by the business that for income tax purposes are fully deductable',
      showInExpenseClaims: true,
    },
  ],
  [
    '425',
    'Postage, Freight & Courier',
    'OVERHEADS',
    'INPUT2',
    {
      description: 'Expenses incurred by the entity on postage, freight & courier costs',
      showInExpenseClaims: true,
    },
  ],
  [
    '429',
    'General Expenses',
    'OVERHEADS',
    'INPUT2',
    { description: 'General expenses related to the running of the business.', showInExpenseClaims: true },
  ],
  [
    '433',
    'Insurance',
    'OVERHEADS',
    'EXEMPTINPUT',
    { description: "Expenses incurred for insuring the business' assets" },
  ],
  [
    '437',
    'Interest Paid',
    'OVERHEADS',
    'EXEMPTINPUT',
    { description: 'Interest paid on a business bank account or credit card account.' },
  ],
  ['441', 'Legal Expenses', 'OVERHEADS', 'INPUT2', { description: 'Expenses incurred on any legal matters' }],
  [
    '445',
    'Light, Power, Heating',
    'OVERHEADS',
    'RRINPUT',
    {
      description: 'Expenses incurred for lighting, power or heating the business premises',
      showInExpenseClaims: true,
    },
  ],
  [
    '449',
    'Motor Vehicle Expenses',
    'OVERHEADS',
    'INPUT2',
    { description: 'Expenses incurred on the running of business motor vehicles', showInExpenseClaims: true },
  ],
  [
    '461',
    'Printing & Stationery',
    'OVERHEADS',
    'INPUT2',
    {
      description: 'Expenses incurred by the entity as a result of printing and stationery',
      showInExpenseClaims: true,
    },
  ],
  [
    '463',
    'IT Software and Consumables',
    'OVERHEADS',
    'INPUT2',
    { description: 'Expenses incurred for software or computer consumables', showInExpenseClaims: true },
  ],
  ['469', 'Rent', 'OVERHEADS', 'EXEMPTINPUT', { description: 'The payment to lease a building or area.' }],
  [
    '473',
    'Repairs and Maintenance',
    'OVERHEADS',
    'INPUT2',
    {
      description:
        'Expenses incurred on a damaged or run down asset that will bring the asset back to its original condition.',
      showInExpenseClaims: true,
    },
  ],
  [
    '477',
    'Salaries',
    'OVERHEADS',
    'NONE',
    { description: 'Payment to employees in exchange for their resources' },
  ],
  [
    '478',
    "Directors' Remuneration",
    'OVERHEADS',
    'NONE',
    { description: 'Payments to company directors in exchange for their resources' },
  ],
  [
    '479',
    'Employers National Insurance',
    'OVERHEADS',
    'NONE',
    { description: 'Payment made for National Insurance contributions - business contribution only' },
  ],
  [
    '480',
    'Staff Training',
    'OVERHEADS',
    'INPUT2',
    { description: 'Expenses incurred in relation to training staff', showInExpenseClaims: true },
  ],
  [
    '485',
    'Subscriptions',
    'OVERHEADS',
    'INPUT2',
    {
      description:
        'Expenses incurred by the business in relation to subscriptions, such as magazines and professional bodies',
      showInExpenseClaims: true,
    },
  ],
  [
    '489',
    'Telephone & Internet',
    'OVERHEADS',
    'INPUT2',
    {
      description:
        'Expenditure incurred from any business-related phone calls, phone lines, or internet connections',
      showInExpenseClaims: true,
    },
  ],
  [
    '493',
    'Travel - National',
    'OVERHEADS',
    'INPUT2',
    {
      description: 'Expenses incurred from domestic travel which has a business purpose',
      showInExpenseClaims: true,
    },
  ],
  [
    '494',
    'Travel - International',
    'OVERHEADS',
    'ZERORATEDINPUT',
    {
      description: 'Expenses incurred from international travel which has a business purpose',
      showInExpenseClaims: true,
    },
  ],
  ['497', 'Bank Revaluations', 'OVERHEADS', 'NONE', { systemAccount: 'BANKCURRENCYGAIN' }],
  ['498', 'Unrealised Currency Gains', 'OVERHEADS', 'NONE', { systemAccount: 'UNREALISEDCURRENCYGAIN' }],
  ['499', 'Realised Currency Gains', 'OVERHEADS', 'NONE', { systemAccount: 'REALISEDCURRENCYGAIN' }],
  ['500', 'Corporation Tax', 'OVERHEADS', 'NONE', { description: 'Tax payable on business profits' }],
  [
    '610',
    'Accounts Receivable',
    'CURRENT',
    'NONE',
    {
      systemAccount: 'DEBTORS',
      description: 'Invoices the business has issued but has not yet collected payment on',
    },
  ],
  ['611', 'Less Provision for Doubtful Debts', 'CURRENT', 'NONE'],
  [
    '620',
    'Prepayments',
    'CURRENT',
    'NONE',
    { description: 'An expenditure that has been paid for in advance.' },
  ],
  ['630', 'Inventory', 'INVENTORY', 'NONE', { description: 'Value of tracked inventory items for resale.' }],
  [
    '710',
    'Office Equipment',
    'FIXED',
    'INPUT2',
    { description: 'Office equipment that is owned and controlled by the business' },
  ],
  ['711', 'Less Accumulated Depreciation on Office Equipment', 'FIXED', 'NONE'],
  [
    '720',
    'Computer Equipment',
    'FIXED',
    'INPUT2',
    { description: 'Computer equipment that is owned and controlled by the business' },
  ],
  ['721', 'Less Accumulated Depreciation on Computer Equipment', 'FIXED', 'NONE'],
  [
    '800',
    'Accounts Payable',
    'CURRLIAB',
    'NONE',
    {
      systemAccount: 'CREDITORS',
      description: 'Invoices the company has received from suppliers but have not made payment on yet',
    },
  ],
  ['801', 'Unpaid Expense Claims', 'CURRLIAB', 'NONE', { systemAccount: 'UNPAIDEXPCLM' }],
  ['805', 'Accruals', 'CURRLIAB', 'NONE'],
  ['810', 'Income in Advance', 'CURRLIAB', 'NONE'],
  ['811', 'Credit Card Control Account', 'CURRLIAB', 'NONE'],
  ['814', 'Wages Payable - Payroll', 'CURRLIAB', 'NONE', { systemAccount: 'WAGEPAYABLES' }],
  [
    '820',
    'VAT',
    'CURRLIAB',
    'NONE',
    {
      systemAccount: 'GST',
      description: 'The balance in this account represents VAT owing to or from HMRC.',
    },
  ],
  ['825', 'PAYE Payable', 'CURRLIAB', 'NONE'],
  ['826', 'NIC Payable', 'CURRLIAB', 'NONE'],
  ['830', 'Provision for Corporation Tax', 'CURRLIAB', 'NONE'],
  ['835', "Directors' Loan Account", 'CURRLIAB', 'NONE', { enablePaymentsToAccount: true }],
  ['840', 'Historical Adjustment', 'CURRLIAB', 'NONE', { systemAccount: 'HISTORICAL' }],
  ['850', 'Suspense', 'CURRLIAB', 'NONE'],
  ['858', 'Pensions Payable', 'CURRLIAB', 'NONE'],
  ['860', 'Rounding', 'CURRLIAB', 'NONE', { systemAccount: 'ROUNDING' }],
  ['877', 'Tracking Transfers', 'CURRLIAB', 'NONE', { systemAccount: 'TRACKINGTRANSFERS' }],
  ['900', 'Loan', 'TERMLIAB', 'NONE', { description: 'Money that has been borrowed from a creditor' }],
  ['910', 'Hire Purchase Loan', 'TERMLIAB', 'NONE'],
  ['950', 'Capital - x,xxx Ordinary Shares', 'EQUITY', 'NONE', { description: 'Paid up capital' }],
  ['960', 'Retained Earnings', 'EQUITY', 'NONE', { systemAccount: 'RETAINEDEARNINGS' }],
  ['970', 'Owner A Funds Introduced', 'EQUITY', 'NONE'],
  ['980', 'Owner A Drawings', 'EQUITY', 'NONE'],
];

function ukAccounts(organisationId: string): AccountSeed[] {
  return UK_ACCOUNTS.map(([code, name, type, taxType, extra]) => ({
    accountId: deterministicId(organisationId, 'account', code),
    code,
    name,
    type,
    taxType,
    status: 'ACTIVE',
    enablePaymentsToAccount: false,
    showInExpenseClaims: false,
    ...extra,
  }));
}

export interface OrganisationSeedOptions {
  name: string;
  shortCode?: string;
  baseCurrency?: string;
  countryCode?: string;
  organisationId?: string;
  /** Invoice emails allowed per day (see OrganisationSeed.invoiceEmailsPerDay). */
  invoiceEmailsPerDay?: number;
}

const SHORT_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/** A Xero-style short code (`!` + 5 characters) derived from the organisation id. */
function shortCodeFor(organisationId: string): string {
  const hex = organisationId.replace(/-/g, '');
  let code = '!';
  for (let i = 0; i < 5; i++)
    code += SHORT_CODE_ALPHABET[parseInt(hex.slice(i * 4, i * 4 + 4), 16) % SHORT_CODE_ALPHABET.length];
  return code;
}

export function organisationSeed(opts: OrganisationSeedOptions): OrganisationSeed {
  if (!opts.name.trim()) throw new Error('organisationSeed: name must not be empty');
  const organisationId = opts.organisationId ?? deterministicId('organisation', opts.name);
  const baseCurrency = (opts.baseCurrency ?? 'GBP').toUpperCase();
  if (!/^[A-Z]{3}$/.test(baseCurrency))
    throw new Error(`organisationSeed: baseCurrency '${baseCurrency}' is not an ISO 4217 code`);
  const emailsPerDay = opts.invoiceEmailsPerDay;
  if (emailsPerDay !== undefined && (!Number.isInteger(emailsPerDay) || emailsPerDay < 0))
    throw new Error(
      `organisationSeed: invoiceEmailsPerDay must be a whole number of 0 or more (got ${emailsPerDay})`,
    );
  const foreign: Record<string, number> = { GBP: 1, EUR: 1.15, USD: 1.27, AUD: 1.94, NZD: 2.12 };
  delete foreign[baseCurrency];
  return {
    organisationId,
    name: opts.name,
    legalName: opts.name,
    shortCode: opts.shortCode ?? shortCodeFor(organisationId),
    baseCurrency,
    countryCode: (opts.countryCode ?? 'GB').toUpperCase(),
    timezone: 'GMTSTANDARDTIME',
    version: 'UK',
    organisationType: 'COMPANY',
    isDemoCompany: false,
    createdDateUtc: new Date('2024-01-01T09:00:00Z'),
    financialYearEndDay: 31,
    financialYearEndMonth: 12,
    salesTaxBasis: 'ACCRUALS',
    salesTaxPeriod: 'QUARTERLY1',
    defaultSalesTax: 'Tax Exclusive',
    defaultPurchasesTax: 'Tax Inclusive',
    foreignCurrencies: foreign,
    taxRates: ukTaxRates(),
    accounts: ukAccounts(organisationId),
    brandingThemes: [
      {
        brandingThemeId: deterministicId(organisationId, 'branding-theme', 'Standard'),
        name: 'Standard',
        sortOrder: 0,
      },
      {
        brandingThemeId: deterministicId(organisationId, 'branding-theme', 'Special Projects'),
        name: 'Special Projects',
        sortOrder: 1,
      },
    ],
    invoiceNumberPrefix: 'INV-',
    creditNoteNumberPrefix: 'CN-',
    ...(emailsPerDay !== undefined ? { invoiceEmailsPerDay: emailsPerDay } : {}),
  };
}

/** The organisation id of "Demo Company (UK)"; fixed so tests and docs can quote it. */
export const DEMO_COMPANY_UK_ID = 'b3f1c7a2-4d5e-4f60-9a1b-2c3d4e5f6a7b';

export function demoCompanyUk(): OrganisationSeed {
  return {
    ...organisationSeed({
      name: 'Demo Company (UK)',
      shortCode: '!Xk2Lp',
      baseCurrency: 'GBP',
      countryCode: 'GB',
      organisationId: DEMO_COMPANY_UK_ID,
    }),
    isDemoCompany: true,
    financialYearEndMonth: 3,
  };
}
