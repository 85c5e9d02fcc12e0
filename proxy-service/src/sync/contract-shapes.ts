/** The contract's shapes, generated from openapi/dxc-xero.swagger.yaml (the one source; never redeclared here). */
export type {
  Account,
  BrandingTheme,
  Connection,
  ContactBalance,
  GetContactBalancesRequest,
  GetContactBalancesResponse,
  GetInvoiceStatusesRequest,
  GetInvoiceStatusesResponse,
  InvoiceStatus,
  ListAccountsQuery,
  ListAccountsResponse,
  ListBrandingThemesResponse,
  ListTaxRatesResponse,
  TaxRate,
} from '@dxc/openapi';
