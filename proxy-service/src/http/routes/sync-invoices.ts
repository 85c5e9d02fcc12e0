import type { SyncInvoicesBody } from '@dxc/openapi';
import { syncInvoiceRows } from '../../dataverse/sync-invoice-rows';
import type { Row } from '../../dataverse/invoice-rows';
import { ProxyError } from '../../errors';
import type { OperationContext, OperationHandler } from '../operation';
import { oneOrganisation } from '../organisation-choice';

/**
 * SyncInvoices — up to 50 Dynamics 365 invoices to Xero (B1–B6), one result per invoice in request order. A
 * batch costs at most one contacts lookup, one contacts create, one items lookup, one items create and one
 * invoices write; known customers and items and unchanged invoices cost nothing (invoice-sync-service.ts).
 * With `rows` (the flow's listed Dataverse rows) the answer also carries the bulk write-back for Dataverse.
 */
export const syncInvoices: OperationHandler = {
  operationId: 'SyncInvoices',
  // With rows, each row goes to its own connection row's organisation among the key's (sync-invoice-rows.ts).
  spansOrganisations: true,
  async handle({ organisations, services, body }: OperationContext<SyncInvoicesBody>) {
    const byRows = body.rows !== undefined;
    if (byRows === (body.invoices !== undefined) || (!byRows && body.settings === undefined)) {
      // Swagger 2.0 cannot say "exactly one of"; the contract's description promises this answer.
      const reason = byRows ? 'give only one of rows and invoices' : 'give rows, or invoices with settings';
      throw new ProxyError('VALIDATION_FAILED', 400, 'Give exactly one of rows, or invoices with settings.', {
        details: [
          { field: 'body.rows', reason },
          { field: 'body.invoices', reason },
        ],
      });
    }
    if (byRows) {
      const now = body.now ? new Date(body.now) : new Date(services.now());
      return { body: await syncInvoiceRows(services.invoiceSync, organisations, body.rows as Row[], now) };
    }
    return {
      body: await services.invoiceSync.sync(oneOrganisation(organisations), {
        settings: body.settings!,
        invoices: body.invoices!,
      }),
    };
  },
};
