/** Disconnecting an organisation: first a page naming what breaks (its keys and subscriptions), then the deed. */
import { confirmDisconnectView } from '../confirm-views';
import type { PortalHandler } from './portal-context';
import { confirmed, connectionGone } from './portal-context';

export const disconnect: PortalHandler = async (portal, req, res, session) => {
  const { services } = portal;
  const connection = await services.store.getConnection(String(req.params.id));
  if (!connection) return connectionGone(portal, res, session);
  if (!confirmed(req)) {
    const [keys, subscriptions] = await Promise.all([
      services.store.listApiKeys(connection.id),
      services.store.webhooks.listActiveSubscriptions(connection.tenantId),
    ]);
    return void res.type('html').send(
      confirmDisconnectView({
        csrf: session.csrf,
        connection,
        activeKeys: keys.filter((k) => !k.revokedAt).length,
        activeSubscriptions: subscriptions.length,
      }),
    );
  }
  const { xeroDisconnected } = await services.connect.disconnect(connection);
  services.referenceCache.forget(connection.tenantId);
  services.organisationCache.forget(connection.tenantId);
  await portal.redirectWithNotice(res, session, {
    kind: 'done',
    lead: 'Disconnected',
    name: connection.tenantName,
    tail: xeroDisconnected
      ? ' (also at Xero).'
      : ' here; Xero could not be told (its authorisation had already lapsed).',
  });
};
