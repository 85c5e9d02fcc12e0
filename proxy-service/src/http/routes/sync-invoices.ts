import type { SyncInvoicesRequest } from '@dxc/openapi';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * SyncInvoices — up to 50 Dynamics 365 invoices to Xero (B1–B6), one result per invoice in request order. A
 * batch costs at most one contacts lookup, one contacts create, one items lookup, one items create and one
 * invoices write; known customers and items and unchanged invoices cost nothing (invoice-sync-service.ts).
 */
export const syncInvoices: OperationHandler = {
  operationId: 'SyncInvoices',
  async handle({ connection, services, body }: OperationContext<SyncInvoicesRequest>) {
    return { body: await services.invoiceSync.sync(connection, body) };
  },
};
