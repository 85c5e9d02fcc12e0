import { ProxyError } from '../../errors';
import type { SubscriptionKind } from '../../webhooks/webhook-store';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * DeleteSubscription — Power Automate's DELETE on the Location it was given. Idempotent as the contract promises
 * (204 also when this connection's subscription is already gone, so Power Automate may retry), but a subscription
 * of another connection, an id never issued, or one of the other trigger is 404: a key never learns about another
 * organisation's flows, and each Location removes only what its subscribe made.
 */
export const deleteSubscription: OperationHandler = unsubscribeHandler('DeleteSubscription', 'invoice');

/** DeleteBatchedSubscription is the same for the batched trigger's Location. */
export const deleteBatchedSubscription: OperationHandler = unsubscribeHandler(
  'DeleteBatchedSubscription',
  'batched',
);

function unsubscribeHandler(
  operationId: 'DeleteSubscription' | 'DeleteBatchedSubscription',
  kind: SubscriptionKind,
): OperationHandler {
  return {
    operationId,
    async handle({
      connection,
      services,
      params,
    }: OperationContext<unknown, unknown, { subscriptionId: string }>) {
      const id = params.subscriptionId.toLowerCase();
      const subscription = await services.store.webhooks.getSubscription(id);
      if (!subscription || subscription.connectionId !== connection.id || subscription.kind !== kind) {
        throw new ProxyError('NOT_FOUND', 404, 'There is no such subscription for this connection.', {
          details: [
            {
              field: 'path.subscriptionId',
              reason: `is not a ${kind === 'batched' ? 'WhenInvoicesChange' : 'WhenAnInvoiceChanges'} subscription of this connection`,
            },
          ],
        });
      }
      await services.store.webhooks.deleteSubscription(
        id,
        `deleted by ${operationId}`,
        new Date(services.now()).toISOString(),
      );
      return { status: 204 };
    },
  };
}
