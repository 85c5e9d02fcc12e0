import { randomUUID } from 'node:crypto';
import type { Subscription, SubscriptionRequest } from '@dxc/openapi';
import { ProxyError } from '../../errors';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * WhenAnInvoiceChanges — Power Automate subscribes a flow's callback URL when a flow with this trigger is saved
 * (power-platform.md §2.2). The subscription belongs to the API key's connection, so it hears only that
 * organisation's invoices. 201 with `Location` = the DELETE address Power Automate calls when the flow goes away.
 */
export const whenAnInvoiceChanges: OperationHandler = {
  operationId: 'WhenAnInvoiceChanges',
  async handle({ connection, services, body }: OperationContext<SubscriptionRequest>) {
    const callback = new URL(body.callbackUrl);
    if (callback.protocol !== 'https:' && callback.protocol !== 'http:') {
      throw new ProxyError('VALIDATION_FAILED', 400, 'The callback URL must be an http(s) address.', {
        details: [{ field: 'body.callbackUrl', reason: 'must use https (or http)' }],
      });
    }
    const subscription = {
      id: randomUUID(),
      connectionId: connection.id,
      tenantId: connection.tenantId,
      callbackUrl: callback.toString(),
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
      headers: { Location: `${services.config.publicUrl}/v1/subscriptions/${subscription.id}` },
      body: answer,
    };
  },
};
