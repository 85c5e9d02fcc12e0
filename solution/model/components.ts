import type {
  ConnectionReference,
  CustomConnector,
  EnvironmentVariable,
  PcfControl,
  Publisher,
  SecurityRole,
} from './types';

export const publisher: Publisher = {
  uniqueName: 'dxcxero',
  displayName: 'Dynamics Xero Connector',
  description: 'Publisher of the open-source Dynamics 365 to Xero connector.',
  prefix: 'dxc',
  optionValuePrefix: 71450,
  email: '',
  website: '',
};

// Seed product's documented needs: read-write on invoice, invoice detail, account, contact and its own tables;
// read on product and system user. "Write" for Dataverse also means Append/AppendTo to set lookups.
// Global depth: the flows run as the connection's user and must see every invoice of the organisation.
export const securityRole: SecurityRole = {
  name: 'Xero Connector User',
  description: 'What the sync flows and the people who run the Xero sync need.',
  tables: [
    {
      table: 'dxc_xeroconnection',
      access: ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'],
      depth: 'Global',
    },
    {
      table: 'dxc_synchistory',
      access: ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'],
      depth: 'Global',
    },
    {
      table: 'dxc_xerotaxrate',
      access: ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'],
      depth: 'Global',
    },
    {
      table: 'dxc_xeroaccount',
      access: ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'],
      depth: 'Global',
    },
    {
      table: 'dxc_xerobrandingtheme',
      access: ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'],
      depth: 'Global',
    },
    {
      table: 'dxc_xerotrackingcategory',
      access: ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'],
      depth: 'Global',
    },
    {
      table: 'dxc_xerotrackingoption',
      access: ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'],
      depth: 'Global',
    },
    { table: 'invoice', access: ['Read', 'Write', 'Append', 'AppendTo'], depth: 'Global' },
    { table: 'account', access: ['Read', 'Write', 'Append', 'AppendTo'], depth: 'Global' },
    { table: 'contact', access: ['Read', 'Write', 'Append', 'AppendTo'], depth: 'Global' },
    { table: 'product', access: ['Read'], depth: 'Global' },
    { table: 'systemuser', access: ['Read'], depth: 'Global' },
  ],
};

export const environmentVariables: EnvironmentVariable[] = [
  {
    schemaName: 'dxc_ProxyBaseUrl',
    displayName: 'Xero proxy base URL',
    description: 'Base URL of your Xero proxy, e.g. https://xero-proxy.example.com (no trailing slash).',
    type: 'String',
    isRequired: true,
  },
];

// `<prefix>_<display name, lowercased, escaped>`: `_` → `_5F`, space → `-20` (power-platform.md 3.5).
export const CUSTOM_CONNECTOR_SCHEMA_NAME = 'dxc_5Fdxc-20xero-20invoice-20sync';

export const connectionReferences: ConnectionReference[] = [
  {
    logicalName: 'dxc_DataverseConnection',
    displayName: 'Xero Connector – Dataverse',
    description: 'Dataverse connection the sync flows read and write invoices with.',
    apiName: 'shared_commondataserviceforapps',
    customConnector: false,
  },
  {
    logicalName: 'dxc_XeroProxyConnection',
    displayName: 'Xero Connector – Xero proxy',
    description: 'Connection to your Xero proxy (custom connector, API key issued by the proxy admin page).',
    apiName: CUSTOM_CONNECTOR_SCHEMA_NAME,
    customConnector: true,
  },
  {
    // The route to Dataverse's bulk messages (UpdateMultiple, UpsertMultiple) from a flow: the "HTTP with Microsoft
    // Entra ID (preauthorized)" connector pointed at the environment URL (solution/README.md, "Bulk write-back").
    logicalName: 'dxc_DataverseWebApiConnection',
    displayName: 'Xero Connector – Dataverse Web API',
    description:
      'HTTP with Microsoft Entra ID (preauthorized) connection to this environment; the flows write results back in bulk with it.',
    apiName: 'shared_webcontents',
    customConnector: false,
  },
];

export const customConnector: CustomConnector = {
  schemaName: CUSTOM_CONNECTOR_SCHEMA_NAME,
  // Display name and colour must equal the connector package's (swagger info.title, apiProperties iconBrandColor);
  // the packer refuses a mismatch.
  displayName: 'DXC Xero Invoice Sync',
  description: 'Syncs Dynamics 365 invoices, customers and reference data with Xero through your Xero proxy.',
  sourceDir: 'connector',
  iconBrandColor: '#0F5C7A',
};

const control = (constructorName: string, displayName: string, description: string): PcfControl => ({
  name: `Dxc.${constructorName}`,
  namespace: 'Dxc',
  constructorName,
  displayName,
  description,
  outputFolder: constructorName,
});

export const controls: PcfControl[] = [
  control(
    'XeroInvoicePanel',
    'Xero invoice panel',
    'Xero status, number, link, amounts and Retry on the invoice.',
  ),
  control(
    'CustomerBalanceCard',
    'Customer balance card',
    'Amounts owed and overdue in Xero for an account or contact.',
  ),
  control('SyncHistoryTimeline', 'Sync history timeline', 'Sync attempts newest first; failures stand out.'),
  control(
    'SyncCentre',
    'Sync centre',
    'Requests the ordered reference import and shows progress and health.',
  ),
];
