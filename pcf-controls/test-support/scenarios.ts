// JSON scenarios for the browser harness (harness/harness.js turns them into a mock context). Shared by the browser
// tests and bench/pcf so both render the same realistic records.
import { join } from 'node:path';
import type { ControlName } from './harness-server';
import { OUT_CONTROLS } from './harness-server';
import { readResxStrings } from './resx-strings';
import { choiceValue } from '@dxc/solution';

export type PropertySpec =
  | { kind: 'optionSet'; raw: number | null; formatted?: string }
  | { kind: 'text'; raw: string | null }
  | { kind: 'money'; raw: number | null; formatted?: string }
  | { kind: 'date'; raw: string | null }
  | { kind: 'lookup'; raw: { id: string; name: string; entityType: string }[] | null }
  | { kind: 'whole'; raw: number }
  | {
      kind: 'dataset';
      rows: Record<string, string | number | null>[];
      columns: { name: string; alias: string; dataType: string }[];
      labels?: Record<string, Record<number, string>>;
      dateColumns?: string[];
      pageSize?: number;
    };

export interface Scenario {
  control: ControlName;
  strings: Record<string, string>;
  parameters: Record<string, PropertySpec>;
  width: number;
  disabled?: boolean;
  entityId?: string;
  /** The form's table (`context.mode.contextInfo.entityTypeName`). */
  entityTypeName?: string;
  webApi?: {
    updateRecord?: { reject: string };
    retrieveRecord?: Record<string, unknown>[];
    /** Logical name → entity set: retrieveMultipleRecords reads the harness server's Dataverse for these tables. */
    dataverse?: Record<string, string>;
  };
}

export const INVOICE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const CONNECTION_ID = '6d1f3c2a-9b8e-4f70-a1b2-c3d4e5f60718';

const builtStrings = (control: ControlName) => readResxStrings(control, join(OUT_CONTROLS, control));

export function invoiceScenario(overrides: Partial<Scenario> & { exportStatus?: number } = {}): Scenario {
  const failed = overrides.exportStatus === choiceValue('dxc_exportstatus', 'Failed');
  return {
    control: 'XeroInvoicePanel',
    strings: builtStrings('XeroInvoicePanel'),
    width: 1200,
    entityId: `{${INVOICE_ID.toUpperCase()}}`,
    parameters: {
      xeroStatus: {
        kind: 'optionSet',
        raw: choiceValue('dxc_xerostatus', 'Authorised'),
        formatted: 'Authorised',
      },
      xeroInvoiceNumber: { kind: 'text', raw: 'INV-0044' },
      xeroUrl: {
        kind: 'text',
        raw: 'https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=81f93ef2-a98f-47d4-8a2c-4c1d1f0a9e11',
      },
      amountDue: { kind: 'money', raw: 1317.6 },
      amountPaid: { kind: 'money', raw: 0 },
      exportStatus: {
        kind: 'optionSet',
        raw: overrides.exportStatus ?? choiceValue('dxc_exportstatus', 'Yes'),
      },
      exportedOn: { kind: 'date', raw: '2026-02-02T14:57:00Z' },
      lastSyncMessage: {
        kind: 'text',
        raw: failed
          ? 'Xero rejected the invoice: Account code "200" is archived. Choose an active sales account on the lines, then retry.'
          : 'Invoice has been created in Xero - 81f93ef2-a98f-47d4-8a2c-4c1d1f0a9e11',
      },
      connection: {
        kind: 'lookup',
        raw: [{ id: CONNECTION_ID, name: 'Demo Company (UK)', entityType: 'dxc_xeroconnection' }],
      },
      currencySymbol: { kind: 'text', raw: '£' },
    },
    ...overrides,
  };
}

export const HISTORY_COLUMNS = [
  { name: 'dxc_eventon', alias: 'eventOn', dataType: 'DateAndTime.DateAndTime' },
  { name: 'dxc_status', alias: 'status', dataType: 'OptionSet' },
  { name: 'dxc_action', alias: 'action', dataType: 'OptionSet' },
  { name: 'dxc_details', alias: 'details', dataType: 'Multiple' },
  { name: 'dxc_name', alias: 'entryName', dataType: 'SingleLine.Text' },
];

const action = (label: string) => choiceValue('dxc_syncaction', label);
const syncStatus = (label: string) => choiceValue('dxc_syncstatus', label);

/** `count` entries an hour apart, newest first; every fifth one failed. */
export function historyRows(count: number): Record<string, string | number | null>[] {
  const newest = Date.UTC(2026, 10, 25, 9, 0, 0);
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(newest - i * 3_600_000).toISOString();
    const failed = i % 5 === 2;
    return {
      id: `h${i}`,
      dxc_eventon: at,
      dxc_status: syncStatus(failed ? 'Failed' : 'Successful'),
      dxc_action: action(failed ? 'Create' : (['Update', 'Status', 'Payment'][i % 3] ?? 'Update')),
      dxc_details: failed
        ? `Xero validation error:\nContact "A. Datum Corporation" does not exist in Xero and "Create new contacts" is off.\nAttempt ${i}.`
        : `Invoice status updated (attempt ${i}).`,
      dxc_name: `Sync - ${at.slice(0, 19).replace('T', ' ')}`,
    };
  });
}

/** The tables the controls read with webAPI.retrieveMultipleRecords, by logical name. */
export const ENTITY_SETS = {
  dxc_synchistory: 'dxc_synchistories',
  environmentvariabledefinition: 'environmentvariabledefinitions',
};

export const PROXY_BASE_URL = 'https://xero-proxy.contoso.example';
const ACCOUNT_ID = '2b5a7c1e-4d3f-4e6a-9b8c-0d1e2f3a4b5c';
const PROXY_VARIABLE_ID = '7a1d0c55-0b7e-4c1e-9d3a-5e2f0a000001';

/** The invoice whose sync history is `historyRows(count)`: one invoice per history length in the Dataverse seed. */
export const historyInvoiceId = (count: number) =>
  `0f8fad5b-d9cb-469f-a165-${String(count).padStart(12, '0')}`;

/**
 * Dataverse rows behind the scenarios: for each count, an invoice with `historyRows(count)` as its sync history;
 * and the solution's proxy base URL environment variable with a current value.
 */
export function dataverseSeed(historyCounts: number[]): Record<string, Record<string, unknown>[]> {
  return {
    account: [{ accountid: ACCOUNT_ID, name: 'A. Datum Corporation' }],
    invoice: historyCounts.map((count) => ({
      invoiceid: historyInvoiceId(count),
      name: `Consulting, ${count} syncs`,
      'customerid_account@odata.bind': `/accounts(${ACCOUNT_ID})`,
    })),
    dxc_synchistory: historyCounts.flatMap((count) =>
      historyRows(count).map(({ id: _id, ...row }) => ({
        ...row,
        _dxc_invoiceid_value: historyInvoiceId(count),
      })),
    ),
    environmentvariabledefinition: [
      {
        environmentvariabledefinitionid: PROXY_VARIABLE_ID,
        schemaname: 'dxc_ProxyBaseUrl',
        displayname: 'Xero proxy base URL',
        defaultvalue: 'https://xero-proxy.example.com',
      },
    ],
    environmentvariablevalue: [
      {
        schemaname: 'dxc_ProxyBaseUrl',
        value: PROXY_BASE_URL,
        'environmentvariabledefinitionid@odata.bind': `/environmentvariabledefinitions(${PROXY_VARIABLE_ID})`,
      },
    ],
  };
}

export function historyScenario(rows: number, overrides: Partial<Scenario> = {}): Scenario {
  return {
    control: 'SyncHistoryTimeline',
    strings: builtStrings('SyncHistoryTimeline'),
    width: 1200,
    entityId: `{${historyInvoiceId(rows).toUpperCase()}}`,
    entityTypeName: 'invoice',
    webApi: { dataverse: ENTITY_SETS },
    parameters: {
      history: {
        kind: 'dataset',
        rows: historyRows(rows),
        columns: HISTORY_COLUMNS,
        dateColumns: ['dxc_eventon'],
        labels: {
          dxc_action: Object.fromEntries(
            ['Create', 'Update', 'Status', 'Payment'].map((l) => [action(l), l]),
          ),
          dxc_status: Object.fromEntries(['Successful', 'Failed'].map((l) => [syncStatus(l), l])),
        },
        pageSize: 25,
      },
      pageSize: { kind: 'whole', raw: 25 },
    },
    ...overrides,
  };
}

export function balanceScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    control: 'CustomerBalanceCard',
    strings: builtStrings('CustomerBalanceCard'),
    width: 1200,
    parameters: {
      xeroContactId: { kind: 'text', raw: '5b96e86b-418e-48e8-8949-308c14aec278' },
      amountOwed: { kind: 'money', raw: 648 },
      amountOverdue: { kind: 'money', raw: 259.2 },
      balanceSyncedOn: { kind: 'date', raw: '2026-11-25T06:00:00Z' },
      currencySymbol: { kind: 'text', raw: '£' },
    },
    ...overrides,
  };
}

export function syncCentreScenario(
  overrides: Partial<Scenario> & { request?: number; progress?: string | null } = {},
): Scenario {
  return {
    control: 'SyncCentre',
    strings: builtStrings('SyncCentre'),
    width: 1200,
    entityId: CONNECTION_ID,
    entityTypeName: 'dxc_xeroconnection',
    webApi: { dataverse: ENTITY_SETS },
    parameters: {
      importRequest: {
        kind: 'optionSet',
        raw: overrides.request ?? choiceValue('dxc_importrequest', 'Completed'),
      },
      importProgress: {
        kind: 'text',
        raw:
          overrides.progress === undefined
            ? 'tax rates: done (12); account codes: done (48); branding themes: done (3)'
            : overrides.progress,
      },
      lastImportOn: { kind: 'date', raw: '2026-11-24T16:30:00Z' },
      health: { kind: 'optionSet', raw: choiceValue('dxc_health', 'Connected') },
      connectionName: { kind: 'text', raw: 'Demo Company (UK) – production' },
      tenantName: { kind: 'text', raw: 'Demo Company (UK)' },
      refreshSeconds: { kind: 'whole', raw: 2 },
    },
    ...overrides,
  };
}
