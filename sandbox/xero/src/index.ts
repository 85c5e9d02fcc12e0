/** @dxc/xero-emulator: a stateful local Xero (identity, connections, Accounting API subset) for tests and demos. */
export { startXeroEmulator, type XeroEmulator, type OrganisationInfo } from './emulator';
export type { XeroEmulatorOptions } from './emulator-options';
export { TestClock, type Clock } from './clock';
export { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type AppInput } from './identity/apps';
export { DAILY_LIMIT_PRESETS, type RateLimitsInput, type TenantUsage } from './limits/rate-limiter';
export type { FaultSpecInput } from './faults/fault-injector';
export type {
  WebhookConfigInput,
  DeliveryAttempt,
  IntentToReceiveResult,
} from './webhooks/webhook-dispatcher';
export type { XeroWebhookEvent, BookChange } from './accounting/seam';
/** The real books' class, for `emulator.books<OrganisationBooks>(tenantId)` (typed writes and assertions). */
export type { OrganisationBooks, InvoiceDraft } from './accounting';
export type { OrganisationSeed, TenantBooks } from './accounting-module';
export { demoCompanyUk, organisationSeed } from './accounting/seeds/demo-company-uk';
export { persistBooks, BooksFileError, type PersistedBooks } from './persistence/books-file';
