import type { CancelInvoiceRequest } from '@dxc/openapi';
import { cancelInvoiceInXero } from '../../orchestration/cancel-invoice-in-xero';
import type { ProxyServices } from '../../proxy-services';
import type { ConnectionRecord } from '../../store/store';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * The organisation that received the invoice: the one named, or the key's only one; for a key of several and no
 * organisation named (an invoice deleted in Dynamics carries no connection), the one whose ledger knows the
 * invoice. When none does, the first is asked, and answers that it never received it.
 */
async function organisationOf(
  services: ProxyServices,
  organisations: readonly ConnectionRecord[],
  invoiceId: string,
): Promise<ConnectionRecord> {
  if (organisations.length === 1) return organisations[0]!;
  for (const connection of organisations) {
    const knowledge = await services.store.invoiceLedger.getSyncKnowledge(connection.tenantId, {
      invoiceIds: [invoiceId],
      customerIds: [],
      itemCodes: [],
    });
    if (knowledge.invoices[invoiceId.toLowerCase()]) return connection;
  }
  return organisations[0]!;
}

/**
 * CancelInvoice — undo a cancelled or deleted Dynamics 365 invoice in Xero (B8): delete a draft, credit or void an
 * approved one as the policy says (the organisation's own, from `policies`, when given), leave a paid one. Runs in
 * the organisation's sync queue so it never races a sync of the same invoice.
 */
export const cancelInvoice: OperationHandler = {
  operationId: 'CancelInvoice',
  spansOrganisations: true,
  async handle({ organisations, services, body }: OperationContext<CancelInvoiceRequest>) {
    const connection = await organisationOf(services, organisations, body.invoiceId);
    const own = body.policies?.find(
      (p) => p.organisation.toLowerCase() === connection.tenantId.toLowerCase(),
    );
    const request = { ...body, policy: own?.policy ?? body.policy };
    const deps = { ledger: services.store.invoiceLedger, gateway: services.gateway, now: services.now };
    const response = await services.invoiceSync.exclusive(connection, () =>
      cancelInvoiceInXero(deps, connection, request),
    );
    return { body: { ...response, organisation: connection.tenantId } };
  },
};
