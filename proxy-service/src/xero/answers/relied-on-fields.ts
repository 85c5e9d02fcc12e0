/**
 * The parts of Xero's answers the proxy reads, per answer. Only these are checked (xero-answer-check.ts), so Xero
 * adding fields, or changing ones we never read, cannot break the proxy; the types come from Xero's own spec
 * (derive-answer-schemas.ts). `required` is for what a read cannot do without (the ids, the names the pickers
 * show); a write's answer requires only its collection, because an element Xero refused (summarizeErrors=false)
 * comes back without its ids.
 */
export type FieldSpec = 'required' | 'optional' | { required?: boolean; fields: Record<string, FieldSpec> };

export interface AnswerShape {
  /** The spec's schema of the whole answer, in components.schemas. */
  envelope: string;
  fields: Record<string, FieldSpec>;
}

const optional = (...names: string[]): Record<string, FieldSpec> =>
  Object.fromEntries(names.map((n) => [n, 'optional' as const]));

const collection = (fields: Record<string, FieldSpec>): FieldSpec => ({ required: true, fields });

const pagination: FieldSpec = { fields: optional('pageCount') };

const problems = optional('HasErrors', 'ValidationErrors');

const invoice: Record<string, FieldSpec> = {
  InvoiceID: 'required',
  ...optional('InvoiceNumber', 'Type', 'Status', 'Reference', 'CurrencyCode', 'LineItems', 'SentToContact'),
  ...optional('SubTotal', 'TotalTax', 'Total', 'AmountDue', 'AmountPaid', 'AmountCredited'),
  ...optional('UpdatedDateUTC', 'FullyPaidOnDate'),
  Contact: { fields: optional('ContactID') },
  ...problems,
};

const creditNote: Record<string, FieldSpec> = {
  CreditNoteID: 'required',
  ...optional('CreditNoteNumber', 'Type', 'Status', 'Reference', 'CurrencyCode', 'LineItems'),
  ...optional('SubTotal', 'TotalTax', 'Total', 'RemainingCredit', 'UpdatedDateUTC'),
  Contact: { fields: optional('ContactID') },
  Allocations: { fields: { ...optional('Amount'), Invoice: { fields: optional('InvoiceID') } } },
  ...problems,
};

const contact: Record<string, FieldSpec> = {
  ContactID: 'required',
  ...optional(
    'Name',
    'ContactNumber',
    'ContactStatus',
    'Balances',
    'HasValidationErrors',
    'ValidationErrors',
  ),
};

const item: Record<string, FieldSpec> = {
  ItemID: 'required',
  ...optional('Code', 'Name', 'ValidationErrors'),
};

export const ANSWER_SHAPES = {
  Invoices: { envelope: 'Invoices', fields: { Invoices: collection(invoice), pagination } },
  CreditNotes: { envelope: 'CreditNotes', fields: { CreditNotes: collection(creditNote), pagination } },
  Contacts: { envelope: 'Contacts', fields: { Contacts: collection(contact) } },
  Items: { envelope: 'Items', fields: { Items: collection(item) } },
  TaxRates: {
    envelope: 'TaxRates',
    fields: {
      TaxRates: collection({
        Name: 'required',
        TaxType: 'required',
        ...optional('EffectiveRate', 'Status', 'CanApplyToRevenue', 'CanApplyToExpenses'),
      }),
    },
  },
  Accounts: {
    envelope: 'Accounts',
    fields: {
      Accounts: collection({
        AccountID: 'required',
        Name: 'required',
        ...optional('Code', 'Type', 'Class', 'TaxType', 'Status', 'Description'),
      }),
    },
  },
  BrandingThemes: {
    envelope: 'BrandingThemes',
    fields: {
      BrandingThemes: collection({
        BrandingThemeID: 'required',
        Name: 'required',
        ...optional('SortOrder', 'CreatedDateUTC'),
      }),
    },
  },
  Organisations: {
    envelope: 'Organisations',
    fields: {
      Organisations: collection({
        Name: 'required',
        ...optional('OrganisationID', 'ShortCode', 'BaseCurrency', 'CountryCode', 'Timezone'),
      }),
    },
  },
  TrackingCategories: {
    envelope: 'TrackingCategories',
    fields: {
      TrackingCategories: collection({
        TrackingCategoryID: 'required',
        Name: 'required',
        Status: 'optional',
        Options: { fields: { TrackingOptionID: 'required', Name: 'required', Status: 'optional' } },
      }),
    },
  },
  OnlineInvoices: {
    envelope: 'OnlineInvoices',
    fields: { OnlineInvoices: collection(optional('OnlineInvoiceUrl')) },
  },
} satisfies Record<string, AnswerShape>;

export type ReadAnswer = keyof typeof ANSWER_SHAPES;
/** A write's answer: the same fields, only the collection required. */
export type WrittenAnswer = `${ReadAnswer} written`;
export type XeroAnswer = ReadAnswer | WrittenAnswer;
