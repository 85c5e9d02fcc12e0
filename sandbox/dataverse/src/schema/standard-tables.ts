import type { ColumnDef, LookupTarget, OptionDef } from './schema-types';

// Platform (Sales) tables the flows touch, with their real logical names, entity sets, keys and state models.
// Sources: /work/shared/reference/power-platform.md section 6 (Microsoft's CE entity reference pages for invoice,
// invoicedetail, product; account/contact/pricelevel/transactioncurrency/systemuser are the standard Dataverse
// columns, not re-read from their pages: treat the less common columns as UNVERIFIED).

export interface StandardTableSpec {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryIdColumn: string;
  primaryNameColumn: string;
  ownership: 'UserOwned' | 'OrganizationOwned';
  columns: ColumnDef[];
  states: OptionDef[];
  statuses: OptionDef[];
  readOnlyStates?: number[];
  /** statecode may be given on create (false everywhere by default, as in Dataverse). */
  stateValidForCreate?: boolean;
}

type Opts = Partial<ColumnDef>;

const col = (logicalName: string, kind: ColumnDef['kind'], o: Opts = {}): ColumnDef => ({
  logicalName,
  schemaName: o.schemaName ?? logicalName,
  displayName: o.displayName ?? logicalName,
  kind,
  validForCreate: true,
  validForUpdate: true,
  ...o,
});

export const text = (ln: string, maxLength: number, o: Opts = {}) => col(ln, 'string', { maxLength, ...o });
export const memo = (ln: string, maxLength: number, o: Opts = {}) => col(ln, 'memo', { maxLength, ...o });
export const flag = (ln: string, defaultValue = false, o: Opts = {}) =>
  col(ln, 'boolean', {
    options: [
      { value: 0, label: 'No' },
      { value: 1, label: 'Yes' },
    ],
    defaultValue,
    ...o,
  });
export const money = (ln: string, o: Opts = {}) =>
  col(ln, 'money', { precision: 2, min: -922337203685477, max: 922337203685477, ...o });
export const decimal = (ln: string, precision: number, o: Opts = {}) =>
  col(ln, 'decimal', { precision, min: -100000000000, max: 100000000000, ...o });
export const integer = (ln: string, min: number, max: number, o: Opts = {}) =>
  col(ln, 'integer', { min, max, ...o });
export const choice = (ln: string, options: OptionDef[], o: Opts = {}) =>
  col(ln, 'choice', { options, ...o });
export const dateTime = (ln: string, o: Opts = {}) => col(ln, 'datetime', o);
/** DateOnly behaviour: served as Edm.Date ("2026-02-02"). */
export const dateOnly = (ln: string, o: Opts = {}) => col(ln, 'date', o);
export const lookupTo = (ln: string, targets: LookupTarget[], o: Opts = {}) =>
  col(ln, 'lookup', { targets, ...o });
export const simpleLookup = (
  ln: string,
  table: string,
  relationship: string,
  o: Opts & { cascadeDelete?: LookupTarget['cascadeDelete'] } = {},
) => {
  const { cascadeDelete = 'RemoveLink', ...rest } = o;
  return lookupTo(ln, [{ table, navigationProperty: ln, relationship, cascadeDelete }], rest);
};
const readOnly = (reason: string): Opts => ({
  validForCreate: false,
  validForUpdate: false,
  readOnlyReason: reason,
});
const CALCULATED = readOnly('calculated by the system from the invoice lines');

const activeInactive: { states: OptionDef[]; statuses: OptionDef[] } = {
  states: [
    { value: 0, label: 'Active' },
    { value: 1, label: 'Inactive' },
  ],
  statuses: [
    { value: 1, label: 'Active', state: 0 },
    { value: 2, label: 'Inactive', state: 1 },
  ],
};

const address = (prefix: string) => [
  text(`${prefix}_line1`, 250),
  text(`${prefix}_line2`, 250),
  text(`${prefix}_line3`, 250),
  text(`${prefix}_city`, 80),
  text(`${prefix}_stateorprovince`, 50),
  text(`${prefix}_postalcode`, 20),
  text(`${prefix}_country`, 80),
];

export const standardTables: StandardTableSpec[] = [
  {
    logicalName: 'invoice',
    schemaName: 'Invoice',
    entitySetName: 'invoices',
    primaryIdColumn: 'invoiceid',
    primaryNameColumn: 'name',
    ownership: 'UserOwned',
    columns: [
      text('name', 300),
      text('invoicenumber', 100),
      lookupTo('customerid', [
        {
          table: 'account',
          navigationProperty: 'customerid_account',
          relationship: 'invoice_customer_accounts',
          // UNVERIFIED: cascade behaviour of the customer relationships was not re-read from the platform.
          cascadeDelete: 'Cascade',
        },
        {
          table: 'contact',
          navigationProperty: 'customerid_contact',
          relationship: 'invoice_customer_contacts',
          cascadeDelete: 'Cascade',
        },
      ]),
      dateTime('datedelivered'),
      dateOnly('duedate'),
      simpleLookup('pricelevelid', 'pricelevel', 'price_level_invoices'),
      simpleLookup('transactioncurrencyid', 'transactioncurrency', 'transactioncurrency_invoice', {
        validForUpdate: false,
        readOnlyReason: 'the currency of an invoice cannot change after it is created',
      }),
      memo('description', 2000),
      money('discountamount'),
      decimal('discountpercentage', 2),
      money('freightamount'),
      flag('ispricelocked'),
      choice('paymenttermscode', [
        { value: 1, label: 'Net 30' },
        { value: 2, label: '2% 10, Net 30' },
        { value: 3, label: 'Net 45' },
        { value: 4, label: 'Net 60' },
      ]),
      money('totalamount', CALCULATED),
      money('totaltax', CALCULATED),
      money('totallineitemamount', CALCULATED),
      money('totaldiscountamount', CALCULATED),
      money('totalamountlessfreight', CALCULATED),
      money('totallineitemdiscountamount', CALCULATED),
      decimal('exchangerate', 10, readOnly('set from the currency')),
      text('billto_name', 200),
      ...address('billto'),
    ],
    states: [
      { value: 0, label: 'Active' },
      { value: 1, label: 'Closed' },
      { value: 2, label: 'Paid' },
      { value: 3, label: 'Canceled' },
    ],
    statuses: [
      { value: 1, label: 'New', state: 0 },
      { value: 2, label: 'Partially Shipped', state: 0 },
      { value: 4, label: 'Billed', state: 0 },
      { value: 5, label: 'Booked (applies to services)', state: 0 },
      { value: 6, label: 'Installed (applies to services)', state: 0 },
      { value: 3, label: 'Canceled (deprecated)', state: 1 },
      { value: 7, label: 'Paid in Full (deprecated)', state: 1 },
      { value: 100001, label: 'Complete', state: 2 },
      { value: 100002, label: 'Partial', state: 2 },
      { value: 100003, label: 'Canceled', state: 3 },
    ],
    // "Paid and canceled invoices are read-only until reactivated" (invoice entity reference); Closed is
    // deprecated but behaves the same.
    readOnlyStates: [1, 2, 3],
  },
  {
    logicalName: 'invoicedetail',
    schemaName: 'InvoiceDetail',
    entitySetName: 'invoicedetails',
    primaryIdColumn: 'invoicedetailid',
    primaryNameColumn: 'invoicedetailname',
    ownership: 'UserOwned',
    columns: [
      text('invoicedetailname', 500),
      simpleLookup('invoiceid', 'invoice', 'invoice_details', {
        requiredOnCreate: true,
        cascadeDelete: 'Cascade',
      }),
      simpleLookup('productid', 'product', 'product_invoice_details'),
      text('productdescription', 500),
      flag('isproductoverridden'),
      flag('ispriceoverridden'),
      decimal('quantity', 5),
      money('priceperunit'),
      money('baseamount', readOnly('calculated as quantity × price per unit')),
      money('manualdiscountamount'),
      money('tax'),
      money('extendedamount', readOnly('calculated as base amount − discount + tax')),
      integer('lineitemnumber', 0, 1000000000),
      integer('sequencenumber', 0, 1000000000),
      simpleLookup('uomid', 'uom', 'unit_of_measurement_invoice_details'),
      memo('description', 2000),
      simpleLookup('transactioncurrencyid', 'transactioncurrency', 'transactioncurrency_invoicedetail', {
        ...readOnly('copied from the invoice'),
      }),
    ],
    ...activeInactive,
  },
  {
    logicalName: 'account',
    schemaName: 'Account',
    entitySetName: 'accounts',
    primaryIdColumn: 'accountid',
    primaryNameColumn: 'name',
    ownership: 'UserOwned',
    columns: [
      text('name', 160),
      text('accountnumber', 20),
      text('emailaddress1', 100),
      text('telephone1', 50),
      ...address('address1'),
      simpleLookup('primarycontactid', 'contact', 'account_primary_contact'),
      simpleLookup('transactioncurrencyid', 'transactioncurrency', 'TransactionCurrency_Account'),
    ],
    ...activeInactive,
  },
  {
    logicalName: 'contact',
    schemaName: 'Contact',
    entitySetName: 'contacts',
    primaryIdColumn: 'contactid',
    primaryNameColumn: 'fullname',
    ownership: 'UserOwned',
    columns: [
      text('fullname', 160, readOnly('composed from first and last name')),
      text('firstname', 50),
      text('lastname', 50),
      text('emailaddress1', 100),
      text('telephone1', 50),
      ...address('address1'),
      lookupTo('parentcustomerid', [
        {
          table: 'account',
          navigationProperty: 'parentcustomerid_account',
          relationship: 'contact_customer_accounts',
          cascadeDelete: 'Cascade',
        },
        {
          table: 'contact',
          navigationProperty: 'parentcustomerid_contact',
          relationship: 'contact_customer_contacts',
          cascadeDelete: 'Cascade',
        },
      ]),
      simpleLookup('transactioncurrencyid', 'transactioncurrency', 'TransactionCurrency_Contact'),
    ],
    ...activeInactive,
  },
  {
    logicalName: 'product',
    schemaName: 'Product',
    entitySetName: 'products',
    primaryIdColumn: 'productid',
    primaryNameColumn: 'name',
    ownership: 'OrganizationOwned',
    columns: [
      text('name', 100, { requiredOnCreate: true }),
      text('productnumber', 100, { requiredOnCreate: true }),
      memo('description', 2000),
      simpleLookup('defaultuomid', 'uom', 'unit_of_measurement_products'),
      simpleLookup('pricelevelid', 'pricelevel', 'price_level_products'),
      money('price'),
      simpleLookup('transactioncurrencyid', 'transactioncurrency', 'transactioncurrency_product'),
    ],
    states: [
      { value: 0, label: 'Active' },
      { value: 1, label: 'Retired' },
      { value: 2, label: 'Draft' },
      { value: 3, label: 'Under Revision' },
    ],
    statuses: [
      { value: 1, label: 'Active', state: 0 },
      { value: 2, label: 'Retired', state: 1 },
      { value: 0, label: 'Draft', state: 2 },
      { value: 3, label: 'Under Revision', state: 3 },
    ],
  },
  {
    logicalName: 'pricelevel',
    schemaName: 'PriceLevel',
    entitySetName: 'pricelevels',
    primaryIdColumn: 'pricelevelid',
    primaryNameColumn: 'name',
    ownership: 'OrganizationOwned',
    columns: [
      text('name', 100, { requiredOnCreate: true }),
      simpleLookup('transactioncurrencyid', 'transactioncurrency', 'transactioncurrency_pricelevel', {
        requiredOnCreate: true,
      }),
      memo('description', 200),
    ],
    states: activeInactive.states,
    statuses: [
      { value: 100001, label: 'Active', state: 0 },
      { value: 100002, label: 'Inactive', state: 1 },
    ],
  },
  {
    logicalName: 'transactioncurrency',
    schemaName: 'TransactionCurrency',
    entitySetName: 'transactioncurrencies',
    primaryIdColumn: 'transactioncurrencyid',
    primaryNameColumn: 'currencyname',
    ownership: 'OrganizationOwned',
    columns: [
      text('currencyname', 100, { requiredOnCreate: true }),
      text('isocurrencycode', 5, { requiredOnCreate: true }),
      text('currencysymbol', 10, { requiredOnCreate: true }),
      decimal('exchangerate', 10, { requiredOnCreate: true }),
      integer('currencyprecision', 0, 4),
    ],
    ...activeInactive,
  },
  {
    logicalName: 'uom',
    schemaName: 'UoM',
    entitySetName: 'uoms',
    primaryIdColumn: 'uomid',
    primaryNameColumn: 'name',
    ownership: 'OrganizationOwned',
    columns: [text('name', 100, { requiredOnCreate: true }), decimal('quantity', 5)],
    ...activeInactive,
  },
  {
    logicalName: 'businessunit',
    schemaName: 'BusinessUnit',
    entitySetName: 'businessunits',
    primaryIdColumn: 'businessunitid',
    primaryNameColumn: 'name',
    ownership: 'OrganizationOwned',
    columns: [text('name', 160, { requiredOnCreate: true })],
    ...activeInactive,
  },
  {
    logicalName: 'systemuser',
    schemaName: 'SystemUser',
    entitySetName: 'systemusers',
    primaryIdColumn: 'systemuserid',
    primaryNameColumn: 'fullname',
    ownership: 'OrganizationOwned',
    columns: [
      text('fullname', 200, readOnly('composed from first and last name')),
      text('firstname', 64),
      text('lastname', 64),
      text('internalemailaddress', 100),
      text('domainname', 1024),
      simpleLookup('businessunitid', 'businessunit', 'business_unit_system_users'),
    ],
    ...activeInactive,
  },
  // Environment variables (Microsoft's Web API reference pages environmentvariabledefinition and
  // environmentvariablevalue): a definition carries the default, a value row (at most one per definition, set when
  // the solution is imported) overrides it. Read by the sync centre control to link the proxy's admin page.
  {
    logicalName: 'environmentvariabledefinition',
    schemaName: 'EnvironmentVariableDefinition',
    entitySetName: 'environmentvariabledefinitions',
    primaryIdColumn: 'environmentvariabledefinitionid',
    primaryNameColumn: 'schemaname',
    ownership: 'UserOwned',
    columns: [
      text('schemaname', 100, { requiredOnCreate: true }),
      text('displayname', 100),
      memo('description', 2000),
      memo('defaultvalue', 2000),
      // Global choice environmentvariabledefinition_type (power-platform.md 3.6).
      choice(
        'type',
        [
          { value: 100000000, label: 'String' },
          { value: 100000001, label: 'Number' },
          { value: 100000002, label: 'Boolean' },
          { value: 100000003, label: 'JSON' },
          { value: 100000004, label: 'Data source' },
          { value: 100000005, label: 'Secret' },
        ],
        { defaultValue: 100000000 },
      ),
      flag('isrequired'),
    ],
    ...activeInactive,
  },
  {
    logicalName: 'environmentvariablevalue',
    schemaName: 'EnvironmentVariableValue',
    entitySetName: 'environmentvariablevalues',
    primaryIdColumn: 'environmentvariablevalueid',
    primaryNameColumn: 'schemaname',
    ownership: 'UserOwned',
    columns: [
      text('schemaname', 100),
      memo('value', 2000),
      simpleLookup(
        'environmentvariabledefinitionid',
        'environmentvariabledefinition',
        'environmentvariabledefinition_environmentvariablevalue',
        { cascadeDelete: 'Cascade' },
      ),
    ],
    ...activeInactive,
  },
];
