import type { ListOrganisationsResponse } from '@dxc/openapi';
import type { OperationHandler } from '../operation';

/**
 * ListOrganisations — the organisations the API key was granted, for the designer's Organisation pick list
 * (x-ms-dynamic-values). Answered from the proxy's store: no Xero call, so opening a flow in the designer costs
 * none of an organisation's daily allowance.
 */
export const listOrganisations: OperationHandler = {
  operationId: 'ListOrganisations',
  spansOrganisations: true,
  async handle({ organisations }) {
    const body: ListOrganisationsResponse = {
      organisations: organisations.map((c) => ({
        tenantId: c.tenantId,
        name: c.tenantName,
        ...(c.baseCurrency ? { baseCurrency: c.baseCurrency } : {}),
        health: c.status,
      })),
    };
    return { body };
  },
};
