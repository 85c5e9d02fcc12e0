import { balanceWriteBack, xeroContactIdsOf } from '../../dataverse/balance-write-back';
import type { Row } from '../../dataverse/invoice-rows';
import { ProxyError } from '../../errors';
import { mapContactBalance } from '../../domain/map-contact-balance';
import type { GetContactBalancesRequest, GetContactBalancesResponse } from '../../domain/contract-shapes';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * GetContactBalances — outstanding and overdue receivables (B9), one Xero call for up to 100 contacts: either named
 * by Xero id, or as the flow's listed accounts/contacts rows, answered with the write-back of the balances that
 * changed.
 */
export const getContactBalances: OperationHandler = {
  operationId: 'GetContactBalances',
  async handle({ connection, services, body }: OperationContext<GetContactBalancesRequest>) {
    const byRows = body.customers !== undefined;
    if (byRows === (body.xeroContactIds !== undefined)) {
      const reason = 'give exactly one of xeroContactIds and customers';
      throw new ProxyError('VALIDATION_FAILED', 400, 'Give exactly one of xeroContactIds or customers.', {
        details: [
          { field: 'body.xeroContactIds', reason },
          { field: 'body.customers', reason },
        ],
      });
    }
    const rows = (body.customers ?? []) as Row[];
    const ids = byRows ? xeroContactIdsOf(rows) : body.xeroContactIds!;
    const contacts = ids.length ? await services.gateway.listContactsWithBalances(connection, ids) : [];
    const balances = contacts.map((c) => mapContactBalance(c, connection.baseCurrency));
    const response: GetContactBalancesResponse = { contacts: balances };
    if (byRows) {
      const now = body.now ? new Date(body.now) : new Date(services.now());
      response.writeBack = balanceWriteBack(rows, balances, now);
    }
    return { body: response };
  },
};
