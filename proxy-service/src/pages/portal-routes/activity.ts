/** A connection's sync activity page: its last runs, seven days of Xero calls, and its webhooks' health. */
import { activityView } from '../activity-view';
import type { PortalHandler } from './portal-context';
import { connectionGone } from './portal-context';

const DAY_MS = 86_400_000;

export const showActivity: PortalHandler = async (portal, req, res, session) => {
  const { services } = portal;
  const connection = await services.store.getConnection(String(req.params.id));
  if (!connection) return connectionGone(portal, res, session);
  const now = services.now();
  const days = Array.from({ length: 7 }, (_, i) =>
    new Date(now - (6 - i) * DAY_MS).toISOString().slice(0, 10),
  );
  const [runs, usage, webhooks] = await Promise.all([
    services.store.syncActivity.listSyncRuns(connection.tenantId, 20),
    Promise.all(days.map((day) => services.store.getUsage(connection.tenantId, day))),
    services.store.syncActivity.webhookHealth(connection.tenantId, new Date(now - DAY_MS).toISOString()),
  ]);
  res.type('html').send(
    activityView({
      csrf: session.csrf,
      connection,
      runs,
      days: days.map((day, i) => ({ day, usage: usage[i] })),
      webhooks,
      dailyLimit: services.dailyCallLimit,
    }),
  );
};
