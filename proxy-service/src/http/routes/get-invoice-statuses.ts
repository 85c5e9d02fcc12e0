import { ProxyError } from '../../errors';
import { mapInvoiceStatus } from '../../domain/map-invoice-status';
import type { GetInvoiceStatusesRequest, GetInvoiceStatusesResponse } from '../../domain/contract-shapes';
import type { InvoiceStatus } from '@dxc/openapi';
import type { Invoice as XeroInvoice } from 'xero-node';
import { catchUpLedger } from '../../orchestration/xero-invoice-state';
import type { ProxyServices } from '../../proxy-services';
import type { ConnectionRecord } from '../../store/store';
import type { OperationContext, OperationHandler } from '../operation';
import { catchUpOrganisations } from '../../dataverse/status-catch-up-organisations';
import { oneOrganisation } from '../organisation-choice';
import type { Row } from '../../dataverse/invoice-rows';

/**
 * The answer for the invoices Xero returned: the Dataverse invoice id of each invoice the proxy synced (the ledger
 * knows it; others are left without one), and the ledger brought up to date with what Xero shows, so the next
 * SyncInvoices of an invoice paid or approved in Xero decides from that, and answers its current status.
 */
async function answerFor(
  services: ProxyServices,
  connection: ConnectionRecord,
  read: XeroInvoice[],
  readAt: string,
): Promise<InvoiceStatus[]> {
  const { dataverseIds } = await catchUpLedger(
    services.store.invoiceLedger,
    connection.tenantId,
    read,
    readAt,
    new Date(services.now()).toISOString(),
  );
  return read.map(mapInvoiceStatus).map((i) => {
    const invoiceId = i.xeroInvoiceId ? dataverseIds.get(i.xeroInvoiceId.toLowerCase()) : undefined;
    return invoiceId ? { ...i, invoiceId } : i;
  });
}

/** Xero pages GET /Invoices at 100 by default and accepts pageSize up to 1000; 100 keeps each answer small. */
export const STATUS_PAGE_SIZE = 100;

/**
 * GetInvoiceStatuses — status, amounts and paid date (B7), either for named Xero ids (one call with `IDs`, the
 * contract caps them at 50) or for everything changed since a time (If-Modified-Since, a page at a time,
 * includeArchived so voided and deleted invoices are reported too).
 */
export const getInvoiceStatuses: OperationHandler = {
  operationId: 'GetInvoiceStatuses',
  // With connections, every organisation the key reaches catches up from its own row (status-catch-up-organisations).
  spansOrganisations: true,
  async handle({ organisations, services, body }: OperationContext<GetInvoiceStatusesRequest>) {
    const byIds = body.xeroInvoiceIds !== undefined;
    const bySince = body.modifiedSince !== undefined;
    const byConnections = body.connections !== undefined;
    if ([byIds, bySince, byConnections].filter(Boolean).length !== 1) {
      // Swagger 2.0 cannot say "exactly one of"; the contract's description promises this answer.
      const reason = 'give exactly one of xeroInvoiceIds, modifiedSince and connections';
      throw new ProxyError(
        'VALIDATION_FAILED',
        400,
        'Give exactly one of xeroInvoiceIds, modifiedSince or connections.',
        {
          details: [
            { field: 'body.xeroInvoiceIds', reason },
            { field: 'body.modifiedSince', reason },
            { field: 'body.connections', reason },
          ],
        },
      );
    }
    if (byConnections) {
      const now = body.now ? new Date(body.now) : new Date(services.now());
      return { body: await catchUpOrganisations(services, organisations, body.connections as Row[], now) };
    }
    const connection = oneOrganisation(organisations);
    const page = body.page ?? 1;
    const readAt = new Date(services.now()).toISOString();
    if (byIds) {
      const read = await services.gateway.listInvoicesByIds(connection, body.xeroInvoiceIds!);
      const response: GetInvoiceStatusesResponse = {
        invoices: await answerFor(services, connection, read, readAt),
        page: 1,
        hasMore: false,
      };
      return { body: response };
    }
    const since = new Date(body.modifiedSince!);
    const read = await services.gateway.listInvoicesModifiedSince(connection, since, page, STATUS_PAGE_SIZE);
    const invoices = await answerFor(services, connection, read.invoices, readAt);
    const pageCount = read.pageCount;
    const response: GetInvoiceStatusesResponse = {
      invoices,
      page,
      hasMore: pageCount !== undefined ? page < pageCount : invoices.length >= STATUS_PAGE_SIZE,
    };
    return { body: response };
  },
};
