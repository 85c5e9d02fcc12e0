/**
 * The organisation and its reference data: what the connector's pickers and the reference import read. The routes
 * map and cache these; here they are read as Xero answers them.
 */
import type {
  Account,
  BrandingTheme,
  Organisation,
  TaxRate,
  TrackingCategory as XeroTrackingCategory,
} from 'xero-node';
import type { ConnectionRecord } from '../../store/store';
import type { XeroCaller } from '../xero-caller';

/** GET /Organisation: the organisation this connection reaches (https://developer.xero.com/documentation/api/accounting/organisation). */
export async function getOrganisation(
  xero: XeroCaller,
  connection: ConnectionRecord,
): Promise<Organisation | undefined> {
  const r = await xero.call(
    connection,
    { operation: 'getOrganisations', read: true, answer: 'Organisations' },
    (api, tenant) => api.getOrganisations(tenant),
  );
  return r.body.organisations?.[0];
}

/**
 * GET /TrackingCategories?includeArchived=true: active and archived categories, each with its options (archived
 * ones too), so the import can mark what can no longer be picked
 * (https://developer.xero.com/documentation/api/accounting/trackingcategories).
 */
export async function listTrackingCategories(
  xero: XeroCaller,
  connection: ConnectionRecord,
): Promise<XeroTrackingCategory[]> {
  const r = await xero.call(
    connection,
    { operation: 'getTrackingCategories', read: true, answer: 'TrackingCategories' },
    (api, tenant) => api.getTrackingCategories(tenant, undefined, undefined, true),
  );
  return r.body.trackingCategories ?? [];
}

/** GET /TaxRates: every tax rate of the organisation (https://developer.xero.com/documentation/api/accounting/taxrates). */
export async function listTaxRates(xero: XeroCaller, connection: ConnectionRecord): Promise<TaxRate[]> {
  const r = await xero.call(
    connection,
    { operation: 'getTaxRates', read: true, answer: 'TaxRates' },
    (api, tenant) => api.getTaxRates(tenant),
  );
  return r.body.taxRates ?? [];
}

/** GET /Accounts: the whole chart of accounts (https://developer.xero.com/documentation/api/accounting/accounts). */
export async function listAccounts(xero: XeroCaller, connection: ConnectionRecord): Promise<Account[]> {
  const r = await xero.call(
    connection,
    { operation: 'getAccounts', read: true, answer: 'Accounts' },
    (api, tenant) => api.getAccounts(tenant),
  );
  return r.body.accounts ?? [];
}

/** GET /BrandingThemes (https://developer.xero.com/documentation/api/accounting/brandingthemes). */
export async function listBrandingThemes(
  xero: XeroCaller,
  connection: ConnectionRecord,
): Promise<BrandingTheme[]> {
  const r = await xero.call(
    connection,
    { operation: 'getBrandingThemes', read: true, answer: 'BrandingThemes' },
    (api, tenant) => api.getBrandingThemes(tenant),
  );
  return r.body.brandingThemes ?? [];
}
