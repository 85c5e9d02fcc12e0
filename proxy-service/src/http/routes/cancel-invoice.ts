import type { CancelInvoiceRequest } from '@dxc/openapi';
import { cancelInvoiceInXero } from '../../invoice-sync/cancel-invoice-in-xero';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * CancelInvoice — undo a cancelled or deleted Dynamics 365 invoice in Xero (B8): delete a draft, credit or void an
 * approved one as the policy says, leave a paid one. Runs in the organisation's sync queue so it never races a
 * sync of the same invoice.
 */
export const cancelInvoice: OperationHandler = {
  operationId: 'CancelInvoice',
  async handle({ connection, services, body }: OperationContext<CancelInvoiceRequest>) {
    const deps = { ledger: services.store.invoiceLedger, gateway: services.gateway, now: services.now };
    const response = await services.invoiceSync.exclusive(connection, () =>
      cancelInvoiceInXero(deps, connection, body),
    );
    return { body: response };
  },
};
