import { webhookConfigSchema } from '../../webhooks/webhook-dispatcher';
import { noContentAfter, type ControlRoute } from '../control-route';

// The webhook subscription, its Intent to Receive and its deliveries.

export const webhookRoutes: ControlRoute[] = [
  {
    method: 'get',
    path: '/webhooks',
    handle: ({ res, emulator: { webhooks: w } }) =>
      void res.json({
        subscription: w.subscription,
        deliveries: w.deliveries,
        emittedEvents: w.emittedEvents,
      }),
  },
  {
    method: 'put',
    path: '/webhooks',
    handle: async ({ req, res, emulator: { webhooks } }) => {
      const result = await webhooks.register(webhookConfigSchema.parse(req.body));
      res.json({ subscription: webhooks.subscription, intentToReceive: result });
    },
  },
  {
    method: 'delete',
    path: '/webhooks',
    handle: noContentAfter(({ emulator }) => emulator.webhooks.unregister()),
  },
  {
    method: 'post',
    path: '/webhooks/intent-to-receive',
    handle: async ({ res, emulator }) => void res.json(await emulator.webhooks.intentToReceive()),
  },
  {
    method: 'post',
    path: '/webhooks/deliver',
    handle: async ({ res, emulator: { webhooks } }) => {
      await webhooks.flushAndDeliver();
      res.json({ subscription: webhooks.subscription });
    },
  },
  {
    method: 'post',
    path: '/webhooks/reenable',
    handle: async ({ res, emulator: { webhooks } }) => {
      await webhooks.reenable();
      res.json({ subscription: webhooks.subscription });
    },
  },
];
