import type { SyncInvoicesBody } from '@dxc/openapi';
import { syncInvoiceRows } from '../../dataverse/sync-invoice-rows';
import type { Row } from '../../dataverse/invoice-rows';
import { ProxyError } from '../../errors';
import type { OperationContext, OperationHandler } from '../operation';
import { recordSyncRun } from '../sync-run-record';
import type { SyncRunOutcome } from '../sync-run-record';
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
  async handle({ organisations, services, body, log }: OperationContext<SyncInvoicesBody>) {
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
    // Each organisation's run (and a batch that failed whole) is kept for the admin portal's sync activity page.
    const record = (tenantId: string, outcome: SyncRunOutcome) =>
      recordSyncRun(services.store, log, tenantId, outcome, services.now());
    try {
      if (byRows) {
        const now = body.now ? new Date(body.now) : new Date(services.now());
        return {
          body: await syncInvoiceRows(
            services.invoiceSync,
            organisations,
            body.rows as Row[],
            now,
            (org, outcome) => record(org.tenantId, outcome),
          ),
        };
      }
      const organisation = oneOrganisation(organisations);
      const response = await services.invoiceSync.sync(organisation, {
        settings: body.settings!,
        invoices: body.invoices!,
      });
      await record(organisation.tenantId, { response });
      return { body: response };
    } catch (error) {
      // A whole call that failed is the organisation's when the key has one; a database that is down would only make
      // the flow wait for a record it cannot take. (Runs of several organisations are recorded as each ends.)
      if (organisations.length === 1 && error instanceof ProxyError && error.code !== 'STORE_UNAVAILABLE')
        await record(organisations[0]!.tenantId, {
          error: error.message,
          total: (body.rows ?? body.invoices ?? []).length,
        });
      throw error;
    }
  },
};
