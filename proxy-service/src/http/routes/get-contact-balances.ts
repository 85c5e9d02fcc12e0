import { mapContactBalance } from '../../sync/map-contact-balance';
import type { GetContactBalancesRequest, GetContactBalancesResponse } from '../../sync/contract-shapes';
import type { OperationContext, OperationHandler } from '../operation';

/** GetContactBalances — outstanding and overdue receivables of up to 50 Xero contacts, one Xero call (B9). */
export const getContactBalances: OperationHandler = {
  operationId: 'GetContactBalances',
  async handle({ connection, services, body }: OperationContext<GetContactBalancesRequest>) {
    const result = await services.gateway.call(
      connection,
      { operation: 'getContacts', read: true },
      (api, tenant) =>
        // https://developer.xero.com/documentation/api/accounting/contacts — Balances come on the *paged* list (Xero's
        // OAS examples; reference/xero-api.md §3), so page 1 is asked for explicitly; ≤ 50 ids fit one page.
        api.getContacts(
          tenant,
          undefined,
          undefined,
          undefined,
          body.xeroContactIds,
          1,
          true,
          false,
          undefined,
          100,
        ),
    );
    const response: GetContactBalancesResponse = {
      contacts: (result.body.contacts ?? []).map((c) => mapContactBalance(c, connection.baseCurrency)),
    };
    return { body: response };
  },
};
