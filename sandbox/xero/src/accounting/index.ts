/**
 * The accounting half of the Xero emulator: what the platform mounts at /api.xro/2.0 and the books it keeps
 * per organisation. See README section "Accounting emulator" for behaviour and limits.
 */
export { createAccountingRouter, ACCOUNTING_ROUTES } from './http/accounting-router';
export { OrganisationBooks } from './books/organisation-books';
export type { BookChange, ElementResult, InvoiceDraft } from './books/organisation-books';
export { demoCompanyUk, organisationSeed, DEMO_COMPANY_UK_ID } from './seeds/demo-company-uk';
export type { OrganisationSeedOptions } from './seeds/demo-company-uk';
export type {
  OrganisationSeed,
  AccountSeed,
  TaxRateSeed,
  BrandingThemeSeed,
} from './seeds/organisation-seed';
export type {
  InvoiceRecord,
  ContactRecord,
  ItemRecord,
  CreditNoteRecord,
  PaymentRecord,
  AllocationRecord,
  LineItemRecord,
} from './domain/records';
export { ElementValidationFailure } from './domain/accounting-errors';
