import { mapAccount } from '../../domain/map-account';
import type { ListAccountsQuery, ListAccountsResponse } from '../../domain/contract-shapes';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * ListAccounts — the chart of accounts, optionally one class or type. The whole chart is cached and filtered
 * here, so pickers asking for REVENUE and then EXPENSE cost one Xero call, not two.
 */
export const listAccounts: OperationHandler = {
  operationId: 'ListAccounts',
  async handle({ connection, services, query }: OperationContext<undefined, ListAccountsQuery>) {
    const accounts = await services.referenceCache.get(connection.tenantId, 'accounts', async () =>
      (await services.gateway.listAccounts(connection)).map(mapAccount),
    );
    const body: ListAccountsResponse = {
      accounts: accounts.filter(
        (a) =>
          (query.class === undefined || a.class === query.class) &&
          (query.type === undefined || a.type === query.type),
      ),
    };
    return { body };
  },
};
