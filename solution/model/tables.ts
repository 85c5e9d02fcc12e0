import { decimal, integer, lookup, memo, money, pick, text, when, yesNo } from './columns';
import type { PlatformTable, Table } from './types';

// DESIGN.md section 4, column by column. Lengths follow Xero's limits where it has one (InvoiceNumber 255,
// ids are GUIDs = 36 characters, currency codes 3) and leave room where it has none.

const customTable = (t: Omit<Table, 'isCustom' | 'ownership' | 'alternateKeys'> & Partial<Table>): Table => ({
  isCustom: true,
  ownership: 'UserOwned',
  alternateKeys: [],
  ...t,
});

const nameColumn = (description: string, maxLength = 200) =>
  text('dxc_name', 'dxc_Name', 'Name', maxLength, { description, required: 'required', searchable: true });

const connectionLookup = (table: string, cascadeDelete: 'RemoveLink' | 'Cascade', required: boolean) =>
  lookup(
    'dxc_connectionid',
    'dxc_ConnectionId',
    'Xero connection',
    'dxc_xeroconnection',
    { name: `dxc_xeroconnection_${table.replace(/^dxc_/, '')}`, cascadeDelete },
    {
      description: 'The Xero organisation this row belongs to.',
      required: required ? 'required' : 'none',
    },
  );

export const xeroConnection = customTable({
  logicalName: 'dxc_xeroconnection',
  schemaName: 'dxc_XeroConnection',
  entitySetName: 'dxc_xeroconnections',
  displayName: 'Xero connection',
  pluralName: 'Xero connections',
  description: 'One Xero organisation connected through the proxy, with its sync settings.',
  primaryIdColumn: 'dxc_xeroconnectionid',
  primaryNameColumn: 'dxc_name',
  columns: [
    nameColumn('Name of the connection as users see it in lookups.'),
    text('dxc_tenantid', 'dxc_TenantId', 'Xero tenant id', 36, {
      description: 'Xero tenant (organisation) id; the proxy addresses the organisation with it.',
      required: 'required',
      searchable: true,
    }),
    text('dxc_tenantname', 'dxc_TenantName', 'Xero organisation', 200, {
      description: 'Organisation name in Xero.',
    }),
    text('dxc_shortcode', 'dxc_ShortCode', 'Xero short code', 20, {
      description: 'Xero short code, used to build deep links into Xero.',
    }),
    text('dxc_basecurrency', 'dxc_BaseCurrency', 'Base currency', 3, {
      description: 'ISO 4217 base currency of the Xero organisation.',
    }),
    text('dxc_timezone', 'dxc_TimeZone', 'Time zone', 100, {
      description:
        "The organisation's time zone as Windows names it (e.g. New Zealand Standard Time), kept by the Sync invoices flow; Date Delivered is compared with today in it.",
    }),
    yesNo('dxc_usexeroinvoicenumber', 'dxc_UseXeroInvoiceNumber', 'Use Xero invoice numbering', true, {
      description:
        'Yes: Xero numbers new invoices. No: the Dynamics invoice number is sent as the Xero number.',
    }),
    yesNo('dxc_createcontacts', 'dxc_CreateContacts', 'Create new contacts in Xero', false, {
      description:
        'Yes: a customer not found in Xero is created there. No: the invoice fails with a history row.',
    }),
    yesNo('dxc_createproducts', 'dxc_CreateProducts', 'Create new products in Xero', false, {
      description:
        'Yes: an existing product missing in Xero is created as an item. No: the line goes without item code.',
    }),
    pick(
      'dxc_defaultinvoicestatus',
      'dxc_DefaultInvoiceStatus',
      'Default Xero invoice status',
      'dxc_defaultinvoicestatus',
      {
        description: 'Status new invoices get in Xero.',
        required: 'required',
        defaultValue: 714500000,
      },
    ),
    lookup(
      'dxc_defaultsalesaccountid',
      'dxc_DefaultSalesAccountId',
      'Default sales account',
      'dxc_xeroaccount',
      { name: 'dxc_xeroaccount_defaultsales_connection', cascadeDelete: 'RemoveLink' },
      { description: 'Account code used on sales invoice lines that have none.' },
    ),
    lookup(
      'dxc_defaultpurchaseaccountid',
      'dxc_DefaultPurchaseAccountId',
      'Default purchase account',
      'dxc_xeroaccount',
      { name: 'dxc_xeroaccount_defaultpurchase_connection', cascadeDelete: 'RemoveLink' },
      { description: 'Account code used on purchase invoice (bill) lines that have none.' },
    ),
    pick(
      'dxc_cancellationpolicy',
      'dxc_CancellationPolicy',
      'Cancellation policy',
      'dxc_cancellationpolicy',
      {
        description:
          'What an authorised, unpaid Xero invoice gets when its Dynamics invoice is cancelled or deleted.',
        required: 'required',
        defaultValue: 714500000,
      },
    ),
    pick('dxc_onlineinvoicelink', 'dxc_OnlineInvoiceLink', 'Online invoice link', 'dxc_onlineinvoicelink', {
      description:
        "Approved sales invoices get Xero's online invoice link (one Xero call each, once). While the call budget allows: only while Xero reports 1,000 or more calls left in the organisation's day.",
      defaultValue: 714500000,
    }),
    yesNo(
      'dxc_emailwhenauthorised',
      'dxc_EmailWhenAuthorised',
      'Email invoice from Xero when authorised',
      false,
      {
        description:
          "Yes: a sales invoice the sync approves is emailed once by Xero to the contact's email address in Xero.",
      },
    ),
    pick('dxc_importrequest', 'dxc_ImportRequest', 'Reference import', 'dxc_importrequest', {
      description:
        'Set to Requested (the Sync centre does it) to import tax rates, account codes, branding themes and tracking categories.',
      defaultValue: 714500000,
    }),
    text('dxc_importprogress', 'dxc_ImportProgress', 'Import progress', 500, {
      description: 'Progress of the running or last reference import, in words.',
    }),
    when('dxc_lastimporton', 'dxc_LastImportOn', 'Last import', 'UserLocal', 'datetime', {
      description: 'When the last reference import completed.',
    }),
    pick('dxc_health', 'dxc_Health', 'Health', 'dxc_health', {
      description:
        'Whether the proxy can reach this organisation; Reconnect needed means the Xero authorisation lapsed.',
      defaultValue: 714500000,
    }),
    when('dxc_statuswatermark', 'dxc_StatusWatermark', 'Xero changes read up to', 'UserLocal', 'datetime', {
      description:
        'The status flows ask Xero only for invoices changed after this time and move it forward as they write. Clear it to read the last day again.',
    }),
    yesNo('dxc_refreshbalances', 'dxc_RefreshBalances', 'Refresh all balances', false, {
      description:
        'Set to Yes to read every customer balance from Xero now; the Customer balances flow sets it back to No.',
    }),
  ],
  // The status flows' write-back upserts the row by tenant (creating it on first contact), so a tenant has one row.
  alternateKeys: [
    {
      logicalName: 'dxc_xeroconnection_tenantid',
      schemaName: 'dxc_XeroConnection_TenantId',
      displayName: 'Xero tenant id',
      columns: ['dxc_tenantid'],
    },
  ],
});

export const xeroAccount = customTable({
  logicalName: 'dxc_xeroaccount',
  schemaName: 'dxc_XeroAccount',
  entitySetName: 'dxc_xeroaccounts',
  displayName: 'Xero account code',
  pluralName: 'Xero account codes',
  description: 'An account of the Xero chart of accounts, imported from Xero.',
  primaryIdColumn: 'dxc_xeroaccountid',
  primaryNameColumn: 'dxc_name',
  columns: [
    nameColumn('Account name in Xero.', 150),
    text('dxc_code', 'dxc_Code', 'Code', 10, {
      description: 'Account code in Xero (sent on invoice lines).',
      required: 'required',
      searchable: true,
    }),
    text('dxc_type', 'dxc_Type', 'Type', 50, { description: 'Xero account type, e.g. REVENUE, EXPENSE.' }),
    text('dxc_class', 'dxc_Class', 'Class', 50, { description: 'Xero account class, e.g. ASSET, REVENUE.' }),
    text('dxc_taxtype', 'dxc_TaxType', 'Default tax type', 50, {
      description: 'Default Xero tax type of the account.',
    }),
    text('dxc_status', 'dxc_Status', 'Xero status', 20, { description: 'ACTIVE or ARCHIVED in Xero.' }),
    connectionLookup('dxc_xeroaccount', 'Cascade', true),
  ],
  alternateKeys: [
    {
      logicalName: 'dxc_xeroaccount_connection_code',
      schemaName: 'dxc_XeroAccount_Connection_Code',
      displayName: 'Connection and code',
      columns: ['dxc_connectionid', 'dxc_code'],
    },
  ],
});

export const xeroTaxRate = customTable({
  logicalName: 'dxc_xerotaxrate',
  schemaName: 'dxc_XeroTaxRate',
  entitySetName: 'dxc_xerotaxrates',
  displayName: 'Xero tax rate',
  pluralName: 'Xero tax rates',
  description: 'A tax rate of the Xero organisation, imported from Xero.',
  primaryIdColumn: 'dxc_xerotaxrateid',
  primaryNameColumn: 'dxc_name',
  columns: [
    nameColumn('Tax rate name in Xero.', 150),
    text('dxc_taxtype', 'dxc_TaxType', 'Tax type', 50, {
      description: 'Xero tax type code sent on invoice lines, e.g. OUTPUT2.',
      required: 'required',
      searchable: true,
    }),
    decimal('dxc_rate', 'dxc_Rate', 'Effective rate (%)', 4, { description: 'Effective rate in percent.' }),
    text('dxc_status', 'dxc_Status', 'Xero status', 20, {
      description: 'ACTIVE, DELETED or ARCHIVED in Xero.',
    }),
    connectionLookup('dxc_xerotaxrate', 'Cascade', true),
  ],
  alternateKeys: [
    {
      logicalName: 'dxc_xerotaxrate_connection_taxtype',
      schemaName: 'dxc_XeroTaxRate_Connection_TaxType',
      displayName: 'Connection and tax type',
      columns: ['dxc_connectionid', 'dxc_taxtype'],
    },
  ],
});

export const xeroBrandingTheme = customTable({
  logicalName: 'dxc_xerobrandingtheme',
  schemaName: 'dxc_XeroBrandingTheme',
  entitySetName: 'dxc_xerobrandingthemes',
  displayName: 'Xero branding theme',
  pluralName: 'Xero branding themes',
  description: 'An invoice branding theme of the Xero organisation, imported from Xero.',
  primaryIdColumn: 'dxc_xerobrandingthemeid',
  primaryNameColumn: 'dxc_name',
  columns: [
    nameColumn('Branding theme name in Xero.', 150),
    text('dxc_themeid', 'dxc_ThemeId', 'Xero theme id', 36, {
      description: 'BrandingThemeID in Xero.',
      required: 'required',
    }),
    integer('dxc_sortorder', 'dxc_SortOrder', 'Sort order', 0, 2147483647, {
      description: 'Order of the theme in Xero.',
    }),
    connectionLookup('dxc_xerobrandingtheme', 'Cascade', true),
  ],
  alternateKeys: [
    {
      logicalName: 'dxc_xerobrandingtheme_connection_themeid',
      schemaName: 'dxc_XeroBrandingTheme_Connection_ThemeId',
      displayName: 'Connection and theme id',
      columns: ['dxc_connectionid', 'dxc_themeid'],
    },
  ],
});

// Issue 14 §2: tracking categories and their options, per connection. Xero's archived ones are imported inactive
// (statecode 1): they leave the lookups, and lines that carry one keep it, as Xero's own lines do.
export const xeroTrackingCategory = customTable({
  logicalName: 'dxc_xerotrackingcategory',
  schemaName: 'dxc_XeroTrackingCategory',
  entitySetName: 'dxc_xerotrackingcategories',
  displayName: 'Xero tracking category',
  pluralName: 'Xero tracking categories',
  description: 'A tracking category of the Xero organisation (e.g. Region), imported from Xero.',
  primaryIdColumn: 'dxc_xerotrackingcategoryid',
  primaryNameColumn: 'dxc_name',
  columns: [
    nameColumn('Tracking category name in Xero.', 100),
    text('dxc_categoryid', 'dxc_CategoryId', 'Xero tracking category id', 36, {
      description: 'TrackingCategoryID in Xero.',
      required: 'required',
    }),
    text('dxc_status', 'dxc_Status', 'Xero status', 20, { description: 'ACTIVE or ARCHIVED in Xero.' }),
    connectionLookup('dxc_xerotrackingcategory', 'Cascade', true),
  ],
  alternateKeys: [
    {
      logicalName: 'dxc_xerotrackingcategory_connection_categoryid',
      schemaName: 'dxc_XeroTrackingCategory_Connection_CategoryId',
      displayName: 'Connection and tracking category id',
      columns: ['dxc_connectionid', 'dxc_categoryid'],
    },
  ],
});

export const xeroTrackingOption = customTable({
  logicalName: 'dxc_xerotrackingoption',
  schemaName: 'dxc_XeroTrackingOption',
  entitySetName: 'dxc_xerotrackingoptions',
  displayName: 'Xero tracking option',
  pluralName: 'Xero tracking options',
  description: 'An option of a Xero tracking category (e.g. North of Region), imported from Xero.',
  primaryIdColumn: 'dxc_xerotrackingoptionid',
  primaryNameColumn: 'dxc_name',
  columns: [
    nameColumn('Tracking option name in Xero.', 100),
    text('dxc_optionid', 'dxc_OptionId', 'Xero tracking option id', 36, {
      description: 'TrackingOptionID in Xero (sent on invoice lines).',
      required: 'required',
    }),
    lookup(
      'dxc_trackingcategoryid',
      'dxc_TrackingCategoryId',
      'Tracking category',
      'dxc_xerotrackingcategory',
      { name: 'dxc_xerotrackingcategory_xerotrackingoption', cascadeDelete: 'Cascade' },
      { description: 'The category the option belongs to.', required: 'required' },
    ),
    // The category's Xero id and name again, written by the import with the option, so the Sync invoices flow
    // reads what Xero needs from the line's lookup without expanding a third level.
    text('dxc_categoryid', 'dxc_CategoryId', 'Xero tracking category id', 36, {
      description: "TrackingCategoryID in Xero of the option's category.",
      required: 'required',
    }),
    text('dxc_categoryname', 'dxc_CategoryName', 'Category name', 100, {
      description: "Name of the option's category in Xero.",
      searchable: true,
    }),
    text('dxc_status', 'dxc_Status', 'Xero status', 20, { description: 'ACTIVE or ARCHIVED in Xero.' }),
    connectionLookup('dxc_xerotrackingoption', 'Cascade', true),
  ],
  alternateKeys: [
    {
      logicalName: 'dxc_xerotrackingoption_connection_optionid',
      schemaName: 'dxc_XeroTrackingOption_Connection_OptionId',
      displayName: 'Connection and tracking option id',
      columns: ['dxc_connectionid', 'dxc_optionid'],
    },
  ],
});

export const syncHistory = customTable({
  logicalName: 'dxc_synchistory',
  schemaName: 'dxc_SyncHistory',
  entitySetName: 'dxc_synchistories',
  displayName: 'Sync history',
  pluralName: 'Sync history',
  description: 'One attempt to sync an invoice, customer or reference data with Xero, and its outcome.',
  primaryIdColumn: 'dxc_synchistoryid',
  primaryNameColumn: 'dxc_name',
  columns: [
    nameColumn('"Sync - " and the time of the attempt, e.g. "Sync - 2026-02-02 15:07:52".'),
    lookup(
      'dxc_invoiceid',
      'dxc_InvoiceId',
      'Invoice',
      'invoice',
      { name: 'dxc_invoice_synchistory', cascadeDelete: 'RemoveLink' },
      { description: 'The invoice the attempt was about (empty after the invoice is deleted).' },
    ),
    connectionLookup('dxc_synchistory', 'RemoveLink', false),
    when('dxc_eventon', 'dxc_EventOn', 'Event date and time', 'UserLocal', 'datetime', {
      description: 'When the attempt happened.',
      required: 'required',
    }),
    pick('dxc_action', 'dxc_Action', 'Action', 'dxc_syncaction', {
      description: 'What was attempted.',
      required: 'required',
    }),
    memo('dxc_details', 'dxc_Details', 'Details', 10000, {
      description: 'What happened, in plain words (Xero validation messages included).',
    }),
    pick('dxc_status', 'dxc_Status', 'Sync status', 'dxc_syncstatus', {
      description: 'Successful or Failed.',
      required: 'required',
    }),
    text('dxc_eventkey', 'dxc_EventKey', 'Event key', 200, {
      description:
        'What the row records, as the proxy names it (invoice, attempt or Xero change); writing the same event twice updates one row.',
    }),
    // A cancelled invoice is read-only until reactivated, so a retry cannot be asked for on the invoice itself: the
    // invoice panel sets this on the failed cancellation row, and the Retry cancellation in Xero flow listens to it.
    when(
      'dxc_cancelretryrequestedon',
      'dxc_CancelRetryRequestedOn',
      'Cancellation retry requested on',
      'UserLocal',
      'datetime',
      {
        description:
          "Set by the invoice panel's Retry cancellation button on a Failed cancellation row: the Retry cancellation in Xero flow cancels the invoice in Xero again (exactly once) and records the outcome as a new row.",
      },
    ),
  ],
  // Bulk write-back upserts history by this key, so a retried or repeated write never duplicates a row.
  alternateKeys: [
    {
      logicalName: 'dxc_synchistory_eventkey',
      schemaName: 'dxc_SyncHistory_EventKey',
      displayName: 'Event key',
      columns: ['dxc_eventkey'],
    },
  ],
});

export const invoice: Table = {
  logicalName: 'invoice',
  schemaName: 'Invoice',
  entitySetName: 'invoices',
  displayName: 'Invoice',
  pluralName: 'Invoices',
  description: 'Dynamics 365 Sales invoice, with the columns the Xero sync reads and writes back.',
  isCustom: false,
  ownership: 'UserOwned',
  primaryIdColumn: 'invoiceid',
  primaryNameColumn: 'name',
  objectTypeCode: 1090,
  platformColumns: [
    'invoiceid',
    'name',
    'invoicenumber',
    'customerid',
    'datedelivered',
    'duedate',
    'pricelevelid',
    'transactioncurrencyid',
    'totalamount',
    'totaltax',
    'totallineitemamount',
    'description',
    'statecode',
    'statuscode',
    'ownerid',
    'createdon',
    'modifiedon',
  ],
  alternateKeys: [],
  columns: [
    lookup(
      'dxc_connectionid',
      'dxc_ConnectionId',
      'Xero connection',
      'dxc_xeroconnection',
      { name: 'dxc_xeroconnection_invoice', cascadeDelete: 'RemoveLink' },
      { description: 'Set it when the invoice is ready: the next sync sends it to this Xero organisation.' },
    ),
    pick('dxc_invoicetype', 'dxc_InvoiceType', 'Xero invoice type', 'dxc_invoicetype', {
      description:
        'Sales invoice (ACCREC), purchase invoice (ACCPAY), sales credit note (ACCRECCREDIT) or purchase credit note (ACCPAYCREDIT).',
      defaultValue: 714500000,
    }),
    lookup(
      'dxc_creditedinvoiceid',
      'dxc_CreditedInvoiceId',
      'Credited invoice',
      'invoice',
      { name: 'dxc_invoice_creditedinvoice', cascadeDelete: 'RemoveLink' },
      {
        description:
          'For a credit note: the invoice it credits. Once the note is approved in Xero it is allocated to that invoice.',
      },
    ),
    pick('dxc_lineamounttypes', 'dxc_LineAmountTypes', 'Line amount types', 'dxc_lineamounttypes', {
      description: 'Whether line amounts exclude tax, include it or carry none.',
      defaultValue: 714500000,
    }),
    lookup(
      'dxc_brandingthemeid',
      'dxc_BrandingThemeId',
      'Branding theme',
      'dxc_xerobrandingtheme',
      { name: 'dxc_xerobrandingtheme_invoice', cascadeDelete: 'RemoveLink' },
      { description: 'Xero branding theme of the invoice; empty = Xero default.' },
    ),
    text('dxc_xeroinvoiceid', 'dxc_XeroInvoiceId', 'Xero invoice id', 36, {
      description: 'InvoiceID in Xero, written back after the first successful sync.',
    }),
    text('dxc_xeroinvoicenumber', 'dxc_XeroInvoiceNumber', 'Xero invoice number', 255, {
      description: 'Invoice number in Xero.',
      searchable: true,
    }),
    pick('dxc_xerostatus', 'dxc_XeroStatus', 'Xero invoice status', 'dxc_xerostatus', {
      description: 'Status of the invoice in Xero, as last read back.',
    }),
    text(
      'dxc_xerourl',
      'dxc_XeroUrl',
      'Xero invoice URL',
      500,
      { description: 'Deep link that opens the invoice in Xero.' },
      'url',
    ),
    text(
      'dxc_onlineinvoiceurl',
      'dxc_OnlineInvoiceUrl',
      'Online invoice link',
      500,
      { description: "Xero's online invoice page, where the customer views and pays the approved invoice." },
      'url',
    ),
    pick('dxc_exportstatus', 'dxc_ExportStatus', 'Export status', 'dxc_exportstatus', {
      description: 'No: waiting (set back to No to retry). Yes: in Xero. Failed: see the sync history.',
      defaultValue: 714500000,
    }),
    when('dxc_exportedon', 'dxc_ExportedOn', 'Export date', 'UserLocal', 'datetime', {
      description: 'When the invoice was last sent to Xero.',
    }),
    money('dxc_amountdue', 'dxc_AmountDue', 'Amount due (Xero)', {
      description: 'Amount still due in Xero.',
    }),
    money('dxc_amountpaid', 'dxc_AmountPaid', 'Amount paid (Xero)', { description: 'Amount paid in Xero.' }),
    memo('dxc_lastsyncmessage', 'dxc_LastSyncMessage', 'Last sync message', 4000, {
      description: 'Outcome of the last sync attempt, in plain words.',
    }),
    when('dxc_resyncafter', 'dxc_ResyncAfter', 'Resync after', 'UserLocal', 'datetime', {
      description:
        "Edits after this time send an exported invoice to Xero again. Every write-back sets it a minute ahead, so the connector's own writes never look like edits.",
    }),
  ],
};

export const invoiceDetail: Table = {
  logicalName: 'invoicedetail',
  schemaName: 'InvoiceDetail',
  entitySetName: 'invoicedetails',
  displayName: 'Invoice Product',
  pluralName: 'Invoice Products',
  description: 'Invoice line, with the Xero account code and tax rate to send.',
  isCustom: false,
  ownership: 'UserOwned',
  primaryIdColumn: 'invoicedetailid',
  primaryNameColumn: 'invoicedetailname',
  objectTypeCode: 1091,
  // Invoice lines have no privileges of their own in Dataverse: access follows the parent invoice.
  privilegesFrom: 'invoice',
  platformColumns: [
    'invoicedetailid',
    'invoicedetailname',
    'invoiceid',
    'productid',
    'productdescription',
    'isproductoverridden',
    'quantity',
    'priceperunit',
    'tax',
    'extendedamount',
    'lineitemnumber',
    'sequencenumber',
    'uomid',
    'description',
  ],
  alternateKeys: [],
  columns: [
    lookup(
      'dxc_accountid',
      'dxc_AccountId',
      'Xero account code',
      'dxc_xeroaccount',
      { name: 'dxc_xeroaccount_invoicedetail', cascadeDelete: 'RemoveLink' },
      { description: 'Xero account code for this line; empty = the connection default.' },
    ),
    lookup(
      'dxc_taxrateid',
      'dxc_TaxRateId',
      'Xero tax rate',
      'dxc_xerotaxrate',
      { name: 'dxc_xerotaxrate_invoicedetail', cascadeDelete: 'RemoveLink' },
      { description: 'Xero tax rate for this line; empty = the account code default.' },
    ),
    lookup(
      'dxc_trackingoption1',
      'dxc_TrackingOption1',
      'Xero tracking option 1',
      'dxc_xerotrackingoption',
      { name: 'dxc_xerotrackingoption_invoicedetail1', cascadeDelete: 'RemoveLink' },
      { description: "A Xero tracking option for this line, of the invoice's connection; empty = none." },
    ),
    lookup(
      'dxc_trackingoption2',
      'dxc_TrackingOption2',
      'Xero tracking option 2',
      'dxc_xerotrackingoption',
      { name: 'dxc_xerotrackingoption_invoicedetail2', cascadeDelete: 'RemoveLink' },
      { description: 'A second tracking option, of another category than option 1; empty = none.' },
    ),
  ],
};

const balanceColumns = (table: 'account' | 'contact') => [
  text('dxc_xerocontactid', 'dxc_XeroContactId', 'Xero contact id', 36, {
    description: `ContactID in Xero of this ${table}, stored after the first match or creation.`,
  }),
  money('dxc_amountowed', 'dxc_AmountOwed', 'Amount owed (Xero)', {
    description: 'Outstanding receivables in Xero.',
  }),
  money('dxc_amountoverdue', 'dxc_AmountOverdue', 'Amount overdue (Xero)', {
    description: 'Overdue receivables in Xero.',
  }),
  when('dxc_balancesyncedon', 'dxc_BalanceSyncedOn', 'Balance synced on', 'UserLocal', 'datetime', {
    description: 'When the Xero balance was last read.',
  }),
];

export const account: Table = {
  logicalName: 'account',
  schemaName: 'Account',
  entitySetName: 'accounts',
  displayName: 'Account',
  pluralName: 'Accounts',
  description: 'Customer account, with its Xero contact id and balances.',
  isCustom: false,
  ownership: 'UserOwned',
  primaryIdColumn: 'accountid',
  primaryNameColumn: 'name',
  objectTypeCode: 1,
  platformColumns: [
    'accountid',
    'name',
    'accountnumber',
    'emailaddress1',
    'telephone1',
    'primarycontactid',
    'transactioncurrencyid',
    'statecode',
    'ownerid',
  ],
  alternateKeys: [],
  columns: balanceColumns('account'),
};

export const contact: Table = {
  logicalName: 'contact',
  schemaName: 'Contact',
  entitySetName: 'contacts',
  displayName: 'Contact',
  pluralName: 'Contacts',
  description: 'Customer contact, with its Xero contact id and balances.',
  isCustom: false,
  ownership: 'UserOwned',
  primaryIdColumn: 'contactid',
  primaryNameColumn: 'fullname',
  objectTypeCode: 2,
  platformColumns: [
    'contactid',
    'fullname',
    'firstname',
    'lastname',
    'emailaddress1',
    'telephone1',
    'parentcustomerid',
    'transactioncurrencyid',
    'statecode',
    'ownerid',
  ],
  alternateKeys: [],
  columns: balanceColumns('contact'),
};

export const tables: Table[] = [
  xeroConnection,
  syncHistory,
  xeroTaxRate,
  xeroAccount,
  xeroBrandingTheme,
  xeroTrackingCategory,
  xeroTrackingOption,
  invoice,
  invoiceDetail,
  account,
  contact,
];

export const platformTables: PlatformTable[] = [
  {
    logicalName: 'product',
    schemaName: 'Product',
    entitySetName: 'products',
    primaryIdColumn: 'productid',
    primaryNameColumn: 'name',
    columns: ['productid', 'name', 'productnumber', 'description', 'statecode'],
    objectTypeCode: 1024,
  },
  {
    logicalName: 'systemuser',
    schemaName: 'SystemUser',
    entitySetName: 'systemusers',
    primaryIdColumn: 'systemuserid',
    primaryNameColumn: 'fullname',
    columns: ['systemuserid', 'fullname', 'internalemailaddress'],
    // The user table's privileges are named after "User": prvReadUser.
    privilegeEntityName: 'User',
    objectTypeCode: 8,
  },
];
