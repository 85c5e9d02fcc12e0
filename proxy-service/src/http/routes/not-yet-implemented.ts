import { ProxyError } from '../../errors';
import type { OperationHandler } from '../operation';

/**
 * Operations of the contract that a later release implements (invoice sync, cancellation, the webhook trigger).
 * They sit behind the same API-key check and contract validation as the others, then answer 501 with a clear code.
 */
function notYet(operationId: string, what: string): OperationHandler {
  return {
    operationId,
    async handle() {
      throw new ProxyError(
        'NOT_IMPLEMENTED',
        501,
        `${what} is not available in this version of the proxy yet.`,
      );
    },
  };
}

export const syncInvoices = notYet('SyncInvoices', 'Sending invoices to Xero');
export const cancelInvoice = notYet('CancelInvoice', 'Cancelling invoices in Xero');
export const whenAnInvoiceChanges = notYet('WhenAnInvoiceChanges', 'The "When an invoice changes" trigger');
export const deleteSubscription = notYet('DeleteSubscription', 'Deleting trigger subscriptions');
