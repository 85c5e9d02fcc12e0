import type { Form, FormCell, FormSection } from './types';

// Main forms. Standard tables (invoice, account, contact) get an ADDITIONAL main form ("… – Xero") rather than an
// edit of the out-of-the-box form: editing a platform form means shipping its whole FormXml, which differs per
// org and Sales version. Users switch with the form selector, as the product we model did.

const col = (column: string, extra: Partial<Extract<FormCell, { kind: 'column' }>> = {}): FormCell => ({
  kind: 'column',
  column,
  ...extra,
});
const section = (name: string, label: string, cells: FormCell[]): FormSection => ({ name, label, cells });

/**
 * Property names must match the controls' ControlManifest.Input.xml (pcf-controls/<Name>/); `npm run pack`
 * cross-checks them against the built manifests. The first property is the one the control's cell is bound to
 * (the manifest's required bound property).
 */
export const XERO_INVOICE_PANEL = {
  control: 'Dxc.XeroInvoicePanel',
  properties: {
    xeroStatus: 'dxc_xerostatus',
    xeroInvoiceNumber: 'dxc_xeroinvoicenumber',
    xeroUrl: 'dxc_xerourl',
    amountDue: 'dxc_amountdue',
    amountPaid: 'dxc_amountpaid',
    exportStatus: 'dxc_exportstatus',
    exportedOn: 'dxc_exportedon',
    lastSyncMessage: 'dxc_lastsyncmessage',
    invoiceType: 'dxc_invoicetype',
    connection: 'dxc_connectionid',
    onlineInvoiceUrl: 'dxc_onlineinvoiceurl',
  },
};

export const CUSTOMER_BALANCE_CARD = {
  control: 'Dxc.CustomerBalanceCard',
  properties: {
    xeroContactId: 'dxc_xerocontactid',
    amountOwed: 'dxc_amountowed',
    amountOverdue: 'dxc_amountoverdue',
    balanceSyncedOn: 'dxc_balancesyncedon',
  },
};

export const SYNC_CENTRE = {
  control: 'Dxc.SyncCentre',
  properties: {
    importRequest: 'dxc_importrequest',
    importProgress: 'dxc_importprogress',
    lastImportOn: 'dxc_lastimporton',
    health: 'dxc_health',
    connectionName: 'dxc_name',
    tenantName: 'dxc_tenantname',
  },
};

/** Dataset control: the single property maps the manifest's data-set name to the subgrid. */
export const SYNC_HISTORY_TIMELINE = {
  control: 'Dxc.SyncHistoryTimeline',
  properties: { history: 'dataset' },
};

const historySubgrid = (relationship: string): FormCell => ({
  kind: 'subgrid',
  name: 'SyncHistory',
  label: 'Sync history',
  table: 'dxc_synchistory',
  relationship,
  view: 'synchistory-associated',
  rows: 10,
  control: SYNC_HISTORY_TIMELINE,
});

const balanceTab = () => ({
  name: 'tab_xero',
  label: 'Xero',
  sections: [
    section('xero_balance', 'Xero balance', [col('dxc_xerocontactid', { control: CUSTOMER_BALANCE_CARD })]),
    section('xero_details', 'Xero details', [
      col('dxc_xerocontactid'),
      col('dxc_amountowed', { readOnly: true }),
      col('dxc_amountoverdue', { readOnly: true }),
      col('dxc_balancesyncedon', { readOnly: true }),
    ]),
  ],
});

const referenceForm = (table: string, name: string, columns: string[]): Form => ({
  key: `${table}-main`,
  table,
  name,
  description: `Details of one ${name.toLowerCase()} imported from Xero.`,
  tabs: [
    {
      name: 'tab_general',
      label: 'General',
      sections: [
        section(
          'general',
          'General',
          columns.map((c) => col(c)),
        ),
      ],
    },
  ],
});

export const forms: Form[] = [
  {
    key: 'dxc_xeroconnection-main',
    table: 'dxc_xeroconnection',
    name: 'Xero connection',
    description: 'Settings of one connected Xero organisation and its Sync centre.',
    tabs: [
      {
        name: 'tab_settings',
        label: 'Settings',
        sections: [
          section('organisation', 'Xero organisation', [
            col('dxc_name'),
            col('dxc_tenantname', { readOnly: true }),
            col('dxc_tenantid'),
            col('dxc_shortcode', { readOnly: true }),
            col('dxc_basecurrency', { readOnly: true }),
            col('dxc_timezone'),
            col('dxc_health', { readOnly: true }),
          ]),
          section('sync_settings', 'Sync settings', [
            col('dxc_usexeroinvoicenumber'),
            col('dxc_createcontacts'),
            col('dxc_createproducts'),
            col('dxc_defaultinvoicestatus'),
            col('dxc_defaultsalesaccountid'),
            col('dxc_defaultpurchaseaccountid'),
            col('dxc_cancellationpolicy'),
            col('dxc_onlineinvoicelink'),
            col('dxc_emailwhenauthorised'),
          ]),
        ],
      },
      {
        name: 'tab_synccentre',
        label: 'Sync centre',
        sections: [
          section('sync_centre', 'Sync centre', [col('dxc_importrequest', { control: SYNC_CENTRE })]),
          section('import_status', 'Last import', [
            col('dxc_importprogress', { readOnly: true }),
            col('dxc_lastimporton', { readOnly: true }),
          ]),
          section('changes_from_xero', 'Changes from Xero', [
            col('dxc_statuswatermark'),
            col('dxc_refreshbalances'),
          ]),
        ],
      },
      {
        name: 'tab_reference',
        label: 'Reference data',
        sections: [
          section('taxrates', 'Tax rates', [
            {
              kind: 'subgrid',
              name: 'TaxRates',
              label: 'Tax rates',
              table: 'dxc_xerotaxrate',
              relationship: 'dxc_xeroconnection_xerotaxrate',
              view: 'dxc_xerotaxrate-associated',
              rows: 8,
            },
          ]),
          section('accounts', 'Account codes', [
            {
              kind: 'subgrid',
              name: 'Accounts',
              label: 'Account codes',
              table: 'dxc_xeroaccount',
              relationship: 'dxc_xeroconnection_xeroaccount',
              view: 'dxc_xeroaccount-associated',
              rows: 8,
            },
          ]),
          section('themes', 'Branding themes', [
            {
              kind: 'subgrid',
              name: 'BrandingThemes',
              label: 'Branding themes',
              table: 'dxc_xerobrandingtheme',
              relationship: 'dxc_xeroconnection_xerobrandingtheme',
              view: 'dxc_xerobrandingtheme-associated',
              rows: 5,
            },
          ]),
          section('tracking', 'Tracking options', [
            {
              kind: 'subgrid',
              name: 'TrackingOptions',
              label: 'Tracking options',
              table: 'dxc_xerotrackingoption',
              relationship: 'dxc_xeroconnection_xerotrackingoption',
              view: 'dxc_xerotrackingoption-associated',
              rows: 8,
            },
          ]),
        ],
      },
    ],
  },
  {
    key: 'dxc_synchistory-main',
    table: 'dxc_synchistory',
    name: 'Sync history',
    description: 'One recorded sync attempt.',
    tabs: [
      {
        name: 'tab_general',
        label: 'General',
        sections: [
          section('general', 'General', [
            col('dxc_name'),
            col('dxc_eventon'),
            col('dxc_action'),
            col('dxc_status'),
            col('dxc_invoiceid'),
            col('dxc_connectionid'),
            col('dxc_details'),
          ]),
        ],
      },
    ],
  },
  referenceForm('dxc_xerotaxrate', 'Xero tax rate', [
    'dxc_name',
    'dxc_taxtype',
    'dxc_rate',
    'dxc_status',
    'dxc_connectionid',
  ]),
  referenceForm('dxc_xeroaccount', 'Xero account code', [
    'dxc_name',
    'dxc_code',
    'dxc_type',
    'dxc_class',
    'dxc_taxtype',
    'dxc_status',
    'dxc_connectionid',
  ]),
  referenceForm('dxc_xerobrandingtheme', 'Xero branding theme', [
    'dxc_name',
    'dxc_themeid',
    'dxc_sortorder',
    'dxc_connectionid',
  ]),
  referenceForm('dxc_xerotrackingcategory', 'Xero tracking category', [
    'dxc_name',
    'dxc_categoryid',
    'dxc_status',
    'dxc_connectionid',
  ]),
  referenceForm('dxc_xerotrackingoption', 'Xero tracking option', [
    'dxc_name',
    'dxc_optionid',
    'dxc_trackingcategoryid',
    'dxc_categoryname',
    'dxc_status',
    'dxc_connectionid',
  ]),
  {
    key: 'invoicedetail-xero',
    table: 'invoicedetail',
    name: 'Invoice Product – Xero',
    description: 'Invoice line with the Xero account code, tax rate and tracking options it is sent with.',
    tabs: [
      {
        name: 'tab_general',
        label: 'General',
        sections: [
          section('line', 'Product', [
            col('productid'),
            col('productdescription'),
            col('quantity'),
            col('priceperunit'),
          ]),
          section('xero', 'Xero', [
            col('dxc_accountid'),
            col('dxc_taxrateid'),
            col('dxc_trackingoption1'),
            col('dxc_trackingoption2'),
          ]),
        ],
      },
    ],
  },
  {
    key: 'invoice-xero',
    table: 'invoice',
    name: 'Invoice – Xero',
    description: 'Invoice with its Xero status, settings and sync history.',
    tabs: [
      {
        name: 'tab_summary',
        label: 'Summary',
        sections: [
          section('invoice', 'Invoice', [
            col('invoicenumber'),
            col('name'),
            col('customerid'),
            col('pricelevelid'),
            col('transactioncurrencyid'),
            col('datedelivered'),
            col('duedate'),
            col('totalamount', { readOnly: true }),
          ]),
        ],
      },
      {
        name: 'tab_xero',
        label: 'Xero',
        sections: [
          section('xero_panel', 'Xero', [col('dxc_xerostatus', { control: XERO_INVOICE_PANEL })]),
          section('xero_settings', 'Xero settings', [
            col('dxc_connectionid'),
            col('dxc_invoicetype'),
            col('dxc_creditedinvoiceid'),
            col('dxc_lineamounttypes'),
            col('dxc_brandingthemeid'),
          ]),
          section('xero_details', 'Xero details', [
            col('dxc_xeroinvoiceid', { readOnly: true }),
            col('dxc_xeroinvoicenumber', { readOnly: true }),
            col('dxc_xerostatus', { readOnly: true }),
            col('dxc_xerourl', { readOnly: true }),
            col('dxc_onlineinvoiceurl', { readOnly: true }),
            col('dxc_exportstatus'),
            col('dxc_exportedon', { readOnly: true }),
            col('dxc_amountdue', { readOnly: true }),
            col('dxc_amountpaid', { readOnly: true }),
            col('dxc_lastsyncmessage', { readOnly: true }),
          ]),
          section('xero_history', 'Sync history', [historySubgrid('dxc_invoice_synchistory')]),
        ],
      },
    ],
  },
  {
    key: 'account-xero',
    table: 'account',
    name: 'Account – Xero',
    description: 'Account with its Xero contact id and balances.',
    tabs: [
      {
        name: 'tab_summary',
        label: 'Summary',
        sections: [
          section('account', 'Account', [
            col('name'),
            col('accountnumber'),
            col('emailaddress1'),
            col('telephone1'),
            col('primarycontactid'),
          ]),
        ],
      },
      balanceTab(),
    ],
  },
  {
    key: 'contact-xero',
    table: 'contact',
    name: 'Contact – Xero',
    description: 'Contact with its Xero contact id and balances.',
    tabs: [
      {
        name: 'tab_summary',
        label: 'Summary',
        sections: [
          section('contact', 'Contact', [
            col('firstname'),
            col('lastname'),
            col('emailaddress1'),
            col('telephone1'),
            col('parentcustomerid'),
          ]),
        ],
      },
      balanceTab(),
    ],
  },
];
