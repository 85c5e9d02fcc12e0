// @dxc/openapi: the connector contract for the rest of the project. Runtime: the parsed Swagger document and schema
// helpers (load-contract.ts) and the certification lint. Types: one named type per contract definition, taken from
// the generated openapi/generated/contract-types.ts (regenerate with `npm run generate -w openapi`).
import type { components, operations } from '../generated/contract-types';

export {
  contract,
  listOperations,
  getOperation,
  operationParameters,
  getRequestBodySchema,
  getResponseSchema,
  getResponse,
  getSuccessStatus,
  getParametersSchema,
  getDefinitionSchema,
  toJsonSchema,
} from './load-contract';
export type { ContractOperation, JsonSchema } from './load-contract';
export { contractFile, readSwaggerFile, parseSwaggerText, ContractFileError } from './read-contract';
export { lintContract, certificationRules } from './certification-lint';
export type { CertificationFinding, CertificationRule } from './certification-lint';
export type { SwaggerDocument, SwaggerOperation, SwaggerParameter, SwaggerSchema } from './swagger-document';
export type { components, operations, paths } from '../generated/contract-types';

/** Every operationId of the contract, in contract order (a test keeps this list equal to the YAML). */
export const operationIds = [
  'GetConnection',
  'ListOrganisations',
  'ListTaxRates',
  'ListAccounts',
  'ListBrandingThemes',
  'ListTrackingCategories',
  'SyncInvoices',
  'CancelInvoice',
  'GetInvoiceStatuses',
  'GetContactBalances',
  'WhenAnInvoiceChanges',
  'WhenInvoicesChange',
  'DeleteBatchedSubscription',
  'DeleteSubscription',
] as const satisfies readonly (keyof operations)[];
export type OperationId = (typeof operationIds)[number];

type Schemas = components['schemas'];

// Errors
/** The JSON error body of every non-2xx answer (named ErrorResponse so it does not shadow the global Error). */
export type ErrorResponse = Schemas['Error'];
export type ErrorDetail = Schemas['ErrorDetail'];

// GetConnection
export type Connection = Schemas['Connection'];
export type GetConnectionResponse = Connection;
export type ConnectionHealth = Connection['health'];

// ListOrganisations
export type Organisation = Schemas['Organisation'];
export type ListOrganisationsResponse = Schemas['ListOrganisationsResponse'];

// Reference data
export type TaxRate = Schemas['TaxRate'];
export type ListTaxRatesResponse = Schemas['ListTaxRatesResponse'];
export type Account = Schemas['Account'];
export type ListAccountsResponse = Schemas['ListAccountsResponse'];
export type ListAccountsQuery = NonNullable<operations['ListAccounts']['parameters']['query']>;
export type BrandingTheme = Schemas['BrandingTheme'];
export type ListBrandingThemesResponse = Schemas['ListBrandingThemesResponse'];
export type TrackingCategory = Schemas['TrackingCategory'];
export type TrackingOption = Schemas['TrackingOption'];
export type ListTrackingCategoriesResponse = Schemas['ListTrackingCategoriesResponse'];
export type LineTracking = Schemas['LineTracking'];

// SyncInvoices
/** The SyncInvoices body as sent: `rows` (Dataverse rows) or `invoices` with `settings`. */
export type SyncInvoicesBody = Schemas['SyncInvoicesRequest'];
/** A batch in the shape the sync domain works on (what `rows` are mapped to, or what `invoices` already are). */
export type SyncInvoicesRequest = {
  settings: Schemas['SyncSettings'];
  invoices: Schemas['DataverseInvoice'][];
};
export type SyncSettings = Schemas['SyncSettings'];
export type DataverseInvoice = Schemas['DataverseInvoice'];
export type InvoiceCustomer = Schemas['InvoiceCustomer'];
export type PostalAddress = Schemas['PostalAddress'];
export type InvoiceLine = Schemas['InvoiceLine'];
export type SyncInvoicesResponse = Schemas['SyncInvoicesResponse'];
export type BatchSummary = Schemas['BatchSummary'];
export type InvoiceSyncResult = Schemas['InvoiceSyncResult'];
export type InvoiceEmailOutcome = Schemas['InvoiceEmailOutcome'];
export type SyncedLine = Schemas['SyncedLine'];
export type SyncError = Schemas['SyncError'];
export type SyncOutcome = InvoiceSyncResult['outcome'];
export type InvoiceType = DataverseInvoice['invoiceType'];
export type LineAmountTypes = NonNullable<DataverseInvoice['lineAmountTypes']>;
export type DefaultInvoiceStatus = NonNullable<SyncSettings['defaultStatus']>;
export type XeroInvoiceStatus = NonNullable<InvoiceSyncResult['status']>;

// CancelInvoice
export type CancelInvoiceRequest = Schemas['CancelInvoiceRequest'];
export type CancelInvoiceResponse = Schemas['CancelInvoiceResponse'];
/** The cancellation policy of one organisation, for a deleted invoice only the proxy's ledger can place. */
export type OrganisationPolicy = Schemas['OrganisationPolicy'];
export type CancellationPolicy = CancelInvoiceRequest['policy'];
export type CancellationAction = CancelInvoiceResponse['action'];

// GetInvoiceStatuses
export type GetInvoiceStatusesRequest = Schemas['GetInvoiceStatusesRequest'];
export type GetInvoiceStatusesResponse = Schemas['GetInvoiceStatusesResponse'];
export type InvoiceStatus = Schemas['InvoiceStatus'];

// GetContactBalances
export type GetContactBalancesRequest = Schemas['GetContactBalancesRequest'];
export type GetContactBalancesResponse = Schemas['GetContactBalancesResponse'];
export type ContactBalance = Schemas['ContactBalance'];

// WhenAnInvoiceChanges / DeleteSubscription
export type SubscriptionRequest = Schemas['SubscriptionRequest'];
export type Subscription = Schemas['Subscription'];
export type InvoiceChangedEvent = Schemas['InvoiceChangedEvent'];
export type InvoiceChangeType = InvoiceChangedEvent['eventType'];
export type InvoiceChangesNotification = Schemas['InvoiceChangesNotification'];

// Dataverse write-back (rows in, bulk messages out)
export type DataverseInvoiceRow = Schemas['DataverseInvoiceRow'];
export type DataverseRow = Schemas['DataverseRow'];
export type DataverseBulkWrite = Schemas['DataverseBulkWrite'];
export {
  validateConnectorDefinition,
  connectorDefinitionSchemaFile,
  readJsoncFile,
} from './connector-definition-schema';
