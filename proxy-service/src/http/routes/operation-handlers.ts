import type { OperationHandler } from '../operation';
import { getConnection } from './get-connection';
import { listOrganisations } from './list-organisations';
import { getContactBalances } from './get-contact-balances';
import { getInvoiceStatuses } from './get-invoice-statuses';
import { listAccounts } from './list-accounts';
import { listBrandingThemes } from './list-branding-themes';
import { listTaxRates } from './list-tax-rates';
import { listTrackingCategories } from './list-tracking-categories';
import { syncInvoices } from './sync-invoices';
import { cancelInvoice } from './cancel-invoice';
import { deleteBatchedSubscription, deleteSubscription } from './delete-subscription';
import { subscriptionHandler, whenAnInvoiceChanges } from './when-an-invoice-changes';

/** One handler per contract operationId; create-app.ts refuses to start if the contract has one without a handler. */
export const operationHandlers: readonly OperationHandler[] = [
  getConnection,
  listOrganisations,
  listTaxRates,
  listAccounts,
  listBrandingThemes,
  listTrackingCategories,
  getInvoiceStatuses,
  getContactBalances,
  syncInvoices,
  cancelInvoice,
  whenAnInvoiceChanges,
  subscriptionHandler('WhenInvoicesChange', 'batched'),
  deleteSubscription,
  deleteBatchedSubscription,
];
