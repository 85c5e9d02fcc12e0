import { randomUUID } from 'node:crypto';
import type { Subscription, SubscriptionRequest } from '@dxc/openapi';
import { ProxyError } from '../../errors';
import { acceptCallbackUrl } from '../../webhooks/accept-callback-url';
import type { SubscriptionKind } from '../../store/webhooks/webhook-store';
import type { OperationContext, OperationHandler } from '../operation';

/**
 * WhenAnInvoiceChanges — Power Automate subscribes a flow's callback URL when a flow with this trigger is saved
 * (power-platform.md §2.2). The subscription hears the organisation chosen with the `organisation` parameter, or
 * every organisation the API key was granted: then it is one subscription per organisation grouped under one id
 * (each hears only its own organisation's invoices, and one DELETE removes them all). 201 with `Location` = the DELETE address Power Automate calls when the flow goes away.
 * The callback URL must pass the address policy (public https unless WEBHOOK_ALLOW_PRIVATE_CALLBACKS, checked
 * again on every delivery) and is stored sealed: acceptCallbackUrl.
 */
export const whenAnInvoiceChanges: OperationHandler = subscriptionHandler('WhenAnInvoiceChanges', 'invoice');

/**
 * The subscribe operation of a webhook trigger: `invoice` sends one event per change, `batched` one per batch
 * (WhenInvoicesChange). A batch names invoices from Xero's events without reading them, so the kind of each change
 * is unknown and a batched subscription cannot filter by it: eventTypes is refused rather than ignored.
 */
export function subscriptionHandler(
  operationId: 'WhenAnInvoiceChanges' | 'WhenInvoicesChange',
  kind: SubscriptionKind,
): OperationHandler {
  return {
    operationId,
    spansOrganisations: true,
    async handle({ organisations, services, body }: OperationContext<SubscriptionRequest>) {
      if (kind === 'batched' && (body.eventTypes?.length ?? 0) > 0) {
        throw new ProxyError('VALIDATION_FAILED', 400, 'A batched trigger starts for every kind of change.', {
          details: [
            {
              field: 'body.eventTypes',
              reason:
                'must be empty for WhenInvoicesChange: a batch names the invoices that changed, not how; ' +
                'use WhenAnInvoiceChanges to start only for some kinds of change',
            },
          ],
        });
      }
      const id = randomUUID();
      const createdAt = new Date(services.now()).toISOString();
      const eventTypes = [...(body.eventTypes ?? [])];
      const grouped = organisations.length > 1;
      for (const [i, connection] of organisations.entries()) {
        const rowId = i === 0 ? id : randomUUID();
        await services.store.webhooks.createSubscription({
          id: rowId,
          kind,
          connectionId: connection.id,
          tenantId: connection.tenantId,
          callbackUrl: await acceptCallbackUrl(services, rowId, body.callbackUrl),
          eventTypes,
          createdAt,
          groupId: grouped ? id : null,
        });
      }
      const subscription = { id, eventTypes, createdAt };
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
