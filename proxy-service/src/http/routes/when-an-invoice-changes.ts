import { randomUUID } from 'node:crypto';
import type { Subscription, SubscriptionRequest } from '@dxc/openapi';
import { ProxyError } from '../../errors';
import { CallbackAddressPolicy, CallbackRefused } from '../../webhooks/callback-address-policy';
import { sealCallbackUrl } from '../../webhooks/sealed-callback-url';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * WhenAnInvoiceChanges — Power Automate subscribes a flow's callback URL when a flow with this trigger is saved
 * (power-platform.md §2.2). The subscription belongs to the API key's connection, so it hears only that
 * organisation's invoices. 201 with `Location` = the DELETE address Power Automate calls when the flow goes away.
 * The callback must pass the address policy (public https unless WEBHOOK_ALLOW_PRIVATE_CALLBACKS), checked here
 * for a clear 400 and again on every delivery; it is stored sealed.
 */
export const whenAnInvoiceChanges: OperationHandler = subscriptionHandler('WhenAnInvoiceChanges', 'invoice');

/** The subscribe operation of a webhook trigger: `invoice` sends one event per change, `batched` one per batch. */
export function subscriptionHandler(
  operationId: 'WhenAnInvoiceChanges' | 'WhenInvoicesChange',
  kind: 'invoice' | 'batched',
): OperationHandler {
  return {
    operationId,
    async handle({ connection, services, body }: OperationContext<SubscriptionRequest>) {
      const policy = new CallbackAddressPolicy({
        allowPrivate: services.config.allowPrivateCallbacks === true,
      });
      let callback: URL;
      try {
        callback = await policy.check(body.callbackUrl);
      } catch (error) {
        if (!(error instanceof CallbackRefused)) throw error;
        throw new ProxyError('VALIDATION_FAILED', 400, 'The callback URL is not one the proxy may call.', {
          details: [{ field: 'body.callbackUrl', reason: error.reason }],
        });
      }
      const id = randomUUID();
      const subscription = {
        id,
        connectionId: connection.id,
        tenantId: connection.tenantId,
        callbackUrl: sealCallbackUrl(services.box, id, callback.toString()),
        eventTypes: [...(body.eventTypes ?? [])],
        createdAt: new Date(services.now()).toISOString(),
      };
      await services.store.webhooks.createSubscription(subscription);
      const answer: Subscription = {
        subscriptionId: subscription.id,
        eventTypes: subscription.eventTypes as Subscription['eventTypes'],
        createdAt: subscription.createdAt,
      };
      return {
        status: 201,
        headers: {
          Location: `${services.config.publicUrl}/v1/subscriptions/${kind === 'batched' ? 'batched/' : ''}${subscription.id}`,
        },
        body: answer,
      };
    },
  };
}
