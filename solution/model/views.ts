import { tables } from './tables';
import type { Table, View } from './types';

// Views (savedqueries). Each table we create gets the set Dataverse itself makes for a new table (active, inactive,
// quick find, lookup, associated, advanced find); invoices get the three sync views users work from.

const EXPORT_NO = 714500000;
const EXPORT_YES = 714500001;
const EXPORT_FAILED = 714500002;

/** Grid columns per table, after the primary name. */
const gridColumns: Record<string, string[]> = {
  dxc_xeroconnection: ['dxc_tenantname', 'dxc_health', 'dxc_lastimporton'],
  dxc_synchistory: ['dxc_eventon', 'dxc_action', 'dxc_status', 'dxc_details'],
  dxc_xerotaxrate: ['dxc_taxtype', 'dxc_rate', 'dxc_status', 'dxc_connectionid'],
  dxc_xeroaccount: ['dxc_code', 'dxc_type', 'dxc_taxtype', 'dxc_status', 'dxc_connectionid'],
  dxc_xerobrandingtheme: ['dxc_sortorder', 'dxc_connectionid'],
  dxc_xerotrackingcategory: ['dxc_status', 'dxc_connectionid'],
  dxc_xerotrackingoption: ['dxc_categoryname', 'dxc_status', 'dxc_connectionid'],
};

/** Sync history is read newest first everywhere; the other tables sort by name. */
const defaultOrder = (t: Table) =>
  t.logicalName === 'dxc_synchistory'
    ? [{ column: 'dxc_eventon', descending: true }]
    : [{ column: t.primaryNameColumn, descending: false }];

function standardViews(t: Table): View[] {
  const extra = gridColumns[t.logicalName] ?? [];
  const columns = [
    { column: t.primaryNameColumn, width: 300 },
    ...extra.map((c) => ({ column: c, width: c === 'dxc_details' ? 300 : 150 })),
  ];
  const active = [{ column: 'statecode', operator: 'eq' as const, value: 0 }];
  const findColumns = [
    t.primaryNameColumn,
    ...t.columns
      .filter((c) => c.searchable && c.logicalName !== t.primaryNameColumn)
      .map((c) => c.logicalName),
  ];
  const base = { table: t.logicalName, orderBy: defaultOrder(t) };
  return [
    {
      ...base,
      key: `${t.logicalName}-active`,
      name: `Active ${t.pluralName}`,
      description: `${t.pluralName} that are active.`,
      queryType: 0,
      isDefault: true,
      columns: [...columns, { column: 'createdon', width: 125 }],
      filter: active,
    },
    {
      ...base,
      key: `${t.logicalName}-inactive`,
      name: `Inactive ${t.pluralName}`,
      description: `${t.pluralName} that are inactive.`,
      queryType: 0,
      isDefault: false,
      columns: [...columns, { column: 'createdon', width: 125 }],
      filter: [{ column: 'statecode', operator: 'eq', value: 1 }],
    },
    {
      ...base,
      key: `${t.logicalName}-quickfind`,
      name: `Quick Find Active ${t.pluralName}`,
      description: `Searches active ${t.pluralName.toLowerCase()} by ${findColumns.join(', ')}.`,
      queryType: 4,
      isDefault: true,
      columns,
      filter: active,
      findColumns,
    },
    {
      ...base,
      key: `${t.logicalName}-lookup`,
      name: `${t.displayName} Lookup View`,
      description: `Shown when picking a ${t.displayName.toLowerCase()} in a lookup.`,
      queryType: 64,
      isDefault: true,
      columns: columns.slice(0, 3),
      filter: active,
    },
    {
      ...base,
      key: `${t.logicalName}-associated`,
      name: `${t.displayName} Associated View`,
      description: `Shown in subgrids of related rows.`,
      queryType: 2,
      isDefault: true,
      columns,
      filter: active,
    },
    {
      ...base,
      key: `${t.logicalName}-advancedfind`,
      name: `${t.displayName} Advanced Find View`,
      description: `Default columns of Advanced Find.`,
      queryType: 1,
      isDefault: true,
      columns,
      filter: [],
    },
  ];
}

const invoiceColumns = [
  { column: 'name', width: 200 },
  { column: 'invoicenumber', width: 125 },
  { column: 'customerid', width: 150 },
  { column: 'totalamount', width: 100 },
  { column: 'dxc_connectionid', width: 150 },
  { column: 'dxc_exportstatus', width: 100 },
];

// Sync history is also named per table in the form's subgrid; keep that key stable.
export const SYNC_HISTORY_ASSOCIATED_VIEW = 'synchistory-associated';

export const views: View[] = [
  ...tables.filter((t) => t.isCustom).flatMap(standardViews),
  {
    key: SYNC_HISTORY_ASSOCIATED_VIEW,
    table: 'dxc_synchistory',
    name: 'Sync history (newest first)',
    description: 'Sync attempts of one invoice, newest first; used by the Sync history subgrid.',
    queryType: 0,
    isDefault: false,
    columns: [
      { column: 'dxc_eventon', width: 150 },
      { column: 'dxc_name', width: 200 },
      { column: 'dxc_action', width: 100 },
      { column: 'dxc_details', width: 300 },
      { column: 'dxc_status', width: 100 },
    ],
    filter: [],
    orderBy: [{ column: 'dxc_eventon', descending: true }],
  },
  {
    key: 'invoice-readytosync',
    table: 'invoice',
    name: 'Ready to sync',
    description:
      'Active invoices with a Xero connection set and export status No. The sync flow also requires Date Delivered ' +
      "to be today or earlier in the connection's time zone, which a view cannot express.",
    queryType: 0,
    isDefault: false,
    columns: [...invoiceColumns, { column: 'datedelivered', width: 100 }],
    filter: [
      { column: 'statecode', operator: 'eq', value: 0 },
      { column: 'dxc_connectionid', operator: 'not-null' },
      { column: 'dxc_exportstatus', operator: 'eq', value: EXPORT_NO },
      { column: 'datedelivered', operator: 'not-null' },
    ],
    orderBy: [{ column: 'datedelivered', descending: false }],
  },
  {
    key: 'invoice-failedtosync',
    table: 'invoice',
    name: 'Failed to sync',
    description:
      'Invoices Xero refused; open one to read its sync history, fix it and set export status to No.',
    queryType: 0,
    isDefault: false,
    columns: [...invoiceColumns, { column: 'dxc_lastsyncmessage', width: 300 }],
    filter: [{ column: 'dxc_exportstatus', operator: 'eq', value: EXPORT_FAILED }],
    orderBy: [{ column: 'modifiedon', descending: true }],
  },
  {
    key: 'invoice-syncedtoxero',
    table: 'invoice',
    name: 'Synced to Xero',
    description: 'Invoices in Xero, with their Xero number, status and amount due.',
    queryType: 0,
    isDefault: false,
    columns: [
      ...invoiceColumns,
      { column: 'dxc_xeroinvoicenumber', width: 125 },
      { column: 'dxc_xerostatus', width: 100 },
      { column: 'dxc_amountdue', width: 100 },
      { column: 'dxc_exportedon', width: 125 },
    ],
    filter: [{ column: 'dxc_exportstatus', operator: 'eq', value: EXPORT_YES }],
    orderBy: [{ column: 'dxc_exportedon', descending: true }],
  },
];
