import { ProxyError } from '../../errors';
import type { SubscriptionKind } from '../../store/webhooks/webhook-store';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * DeleteSubscription — Power Automate's DELETE on the Location it was given. Idempotent as the contract promises
 * (204 also when this connection's subscription is already gone, so Power Automate may retry), but a subscription
 * with an organisation the key was not granted, an id never issued, or one of the other trigger is 404: a key never
 * learns about another organisation's flows, and each Location removes only what its subscribe made (for a key of
 * several organisations, the subscription of each).
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
    // Works on the whole subscription, whichever of the key's organisations it hears.
    spansOrganisations: true,
    async handle({
      organisations,
      services,
      params,
    }: OperationContext<unknown, unknown, { subscriptionId: string }>) {
      const id = params.subscriptionId.toLowerCase();
      const group = await services.store.webhooks.listSubscriptionGroup(id);
      const reachable = new Set(organisations.map((c) => c.id));
      if (
        !group.some((s) => s.id === id) ||
        group.some((s) => !reachable.has(s.connectionId) || s.kind !== kind)
      ) {
        throw new ProxyError('NOT_FOUND', 404, 'There is no such subscription for this connection.', {
          details: [
            {
              field: 'path.subscriptionId',
              reason: `is not a ${kind === 'batched' ? 'WhenInvoicesChange' : 'WhenAnInvoiceChanges'} subscription of this connection`,
            },
          ],
        });
      }
      for (const s of group)
        await services.store.webhooks.deleteSubscription(
          s.id,
          `deleted by ${operationId}`,
          new Date(services.now()).toISOString(),
        );
      return { status: 204 };
    },
  };
}
