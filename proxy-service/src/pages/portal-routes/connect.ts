/**
 * Connecting Xero organisations: the authorization code flow with PKCE (start, Xero's callback, and the
 * organisation picker when the grant covers several), or a Custom Connection by client id and secret.
 */
import { pickView } from '../admin-views';
import type { PortalNotice } from '../portal-notices';
import { readNotice } from '../portal-notices';
import type { PortalHandler } from './portal-context';

const connectedNotice = (tenantName: string): PortalNotice => ({
  kind: 'done',
  lead: 'Connected',
  name: tenantName,
  tail: '. Create an API key for it below.',
});

export const startConnect: PortalHandler = async (portal, _req, res, session) => {
  try {
    res.redirect(303, await portal.services.connect.startAuthorization());
  } catch (error) {
    await portal.showConnections(res, session, { error: portal.failures(error), status: 502 });
  }
};

// Xero's redirect lands here with ?code=…&state=…: it is used once and the browser is sent on at once, so a
// reload or the back button never replays a spent code.
export const connectCallback: PortalHandler = async (portal, req, res, session) => {
  try {
    const outcome = await portal.services.connect.completeAuthorization(req.originalUrl);
    if (outcome.kind === 'pick') {
      const { pickState, tenants } = outcome;
      return portal.redirectWithNotice(
        res,
        session,
        { kind: 'pick', pickState, tenants },
        '/admin/connect/pick',
      );
    }
    await portal.redirectWithNotice(res, session, connectedNotice(outcome.connection.tenantName));
  } catch (error) {
    await portal.redirectWithNotice(res, session, { kind: 'error', message: portal.failures(error) });
  }
};

export const showPick: PortalHandler = async (portal, req, res, session) => {
  const { services } = portal;
  const notice = await readNotice(services, session, req.query.notice, 'peek');
  if (notice?.kind !== 'pick')
    return portal.showConnections(res, session, {
      error: 'This choice has expired; connect to Xero again.',
      status: 404,
    });
  const connected = new Set((await services.store.listConnections()).map((c) => c.tenantId));
  res.type('html').send(pickView(session.csrf, notice.pickState, notice.tenants, connected));
};

export const completePick: PortalHandler = async (portal, req, res, session) => {
  const body = req.body as Record<string, string>;
  try {
    const connection = await portal.services.connect.completePick(
      String(body.pick ?? ''),
      String(body.tenantId ?? ''),
    );
    await portal.redirectWithNotice(res, session, connectedNotice(connection.tenantName));
  } catch (error) {
    await portal.showConnections(res, session, { error: portal.failures(error), status: 400 });
  }
};

export const connectCustom: PortalHandler = async (portal, req, res, session) => {
  const body = req.body as Record<string, string>;
  const clientId = String(body.clientId ?? '').trim();
  const clientSecret = String(body.clientSecret ?? '').trim();
  if (!clientId || !clientSecret) {
    return portal.showConnections(res, session, {
      error: 'Give both the client id and the client secret of the custom connection.',
      status: 400,
    });
  }
  try {
    const connection = await portal.services.connect.connectCustom(clientId, clientSecret);
    await portal.redirectWithNotice(res, session, {
      kind: 'done',
      lead: 'Connected custom connection',
      name: connection.tenantName,
      tail: '.',
    });
  } catch (error) {
    await portal.showConnections(res, session, { error: portal.failures(error), status: 400 });
  }
};
