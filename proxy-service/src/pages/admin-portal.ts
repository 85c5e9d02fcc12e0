/**
 * The admin portal (DESIGN B12): sign in with the admin secret, connect Xero organisations (authorization code with
 * PKCE, organisation picker, or a Custom Connection), see each connection's health light, token expiry and today's
 * usage of Xero's limits, issue and revoke API keys, disconnect; and per connection a sync activity page. Every
 * POST that changes something answers with a redirect (post-redirect-get; what the next page shows travels as a
 * one-time notice in the store, portal-notices.ts), and disconnect and revoke first ask, naming what breaks.
 */
import express, { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { ProxyError } from '../errors';
import { issueApiKey } from '../http/api-keys';
import type { ProxyServices } from '../proxy-services';
import type { ConnectionRecord } from '../store/store';
import type { AdminSession } from './admin-session';
import { checkAdminSecret, csrfValid, endSession, readSession, startSession } from './admin-session';
import { clientKey, SignInThrottle } from './sign-in-throttle';
import { activityView } from './activity-view';
import { connectionsView, loginView, newKeyView, page, pickView } from './admin-views';
import { confirmDisconnectView, confirmRevokeView } from './confirm-views';
import { html } from './html';
import type { RawHtml } from './html';
import { PORTAL_SCRIPT } from './portal-script';
import type { PortalNotice } from './portal-notices';
import { readNotice, saveNotice } from './portal-notices';

const connectedNotice = (tenantName: string): PortalNotice => ({
  kind: 'done',
  lead: 'Connected',
  name: tenantName,
  tail: '. Create an API key for it below.',
});

/** A notice a redirect brought, as the connections page shows it. */
function noticeHtml(notice: PortalNotice | undefined): { notice?: RawHtml; error?: string } {
  if (notice?.kind === 'done')
    return { notice: html`${notice.lead} <strong>${notice.name}</strong>${notice.tail}` };
  if (notice?.kind === 'error') return { error: notice.message };
  return {};
}

type Handler = (req: Request, res: Response, session: AdminSession) => Promise<void>;

export function createAdminPortal(services: ProxyServices): Router {
  const router = Router();
  const secure = services.config.publicUrl.startsWith('https://');
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action 'self' https: http:",
    );
    next();
  });

  const signedIn =
    (handler: Handler, checkCsrf: boolean) => (req: Request, res: Response, next: NextFunction) => {
      const guarded = async () => {
        const session = await readSession(
          req,
          services.sessionKey,
          services.now(),
          services.store.adminSessions,
        );
        if (!session) {
          if (req.method === 'GET') return void res.status(401).type('html').send(loginView());
          return void res.status(401).type('html').send(loginView('Your session ended; sign in again.'));
        }
        if (checkCsrf && !csrfValid(session, (req.body as Record<string, unknown> | undefined)?._csrf)) {
          return void res
            .status(403)
            .type('html')
            .send(
              page(
                'Refused',
                html`<div class="card error">
                  The form was stale or forged (CSRF check failed). <a href="/admin">Back</a>
                </div>`,
              ),
            );
        }
        await handler(req, res, session);
      };
      guarded().catch(next);
    };

  const showConnections = async (
    res: Response,
    session: AdminSession,
    extra: { notice?: RawHtml; error?: string; status?: number } = {},
  ) => {
    const day = new Date(services.now()).toISOString().slice(0, 10);
    const connections = await Promise.all(
      (await services.store.listConnections()).map(async (connection) => ({
        connection,
        keys: await services.store.listApiKeys(connection.id),
        usage: await services.store.getUsage(connection.tenantId, day),
      })),
    );
    res
      .status(extra.status ?? 200)
      .type('html')
      .send(
        connectionsView({
          csrf: session.csrf,
          connections,
          dailyLimit: services.dailyCallLimit,
          canConnect: true,
          notice: extra.notice,
          error: extra.error,
          now: services.now(),
        }),
      );
  };

  const failures = (error: unknown): string => {
    if (error instanceof ProxyError) return error.message;
    services.logger.error({ err: error }, 'admin action failed');
    return 'Something went wrong; the proxy log has the details.';
  };

  router.get(
    '/',
    signedIn(
      async (req, res, session) =>
        showConnections(
          res,
          session,
          noticeHtml(await readNotice(services, session, req.query.notice, 'take')),
        ),
      false,
    ),
  );

  // Public: it holds no data, and the sign-in page uses it too.
  router.get('/portal.js', (_req, res) => {
    res.type('text/javascript').send(PORTAL_SCRIPT);
  });

  const throttle = new SignInThrottle();

  router.post('/login', form, (req, res, next) => {
    const client = clientKey(req.ip);
    const now = services.now();
    const waitMs = throttle.waitMs(client, now);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      req.log.warn({ event: 'admin_login_throttled' }, 'admin sign-in throttled');
      res.setHeader('Retry-After', String(seconds));
      return void res
        .status(429)
        .type('html')
        .send(
          loginView(
            `Too many wrong attempts; try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
          ),
        );
    }
    const secret = String((req.body as Record<string, unknown>).secret ?? '');
    if (!checkAdminSecret(secret, services.adminSecret)) {
      throttle.failed(client, now);
      req.log.warn({ event: 'admin_login_failed' }, 'admin sign-in refused');
      return void res.status(401).type('html').send(loginView('That is not the admin secret.'));
    }
    throttle.succeeded(client);
    startSession(res, services.sessionKey, now, secure, services.store.adminSessions)
      .then(() => {
        req.log.info({ event: 'admin_login' }, 'admin signed in');
        res.redirect(303, '/admin');
      })
      .catch(next);
  });

  router.post(
    '/logout',
    form,
    signedIn(async (req, res, session) => {
      await endSession(res, secure, session, services.store.adminSessions);
      req.log.info({ event: 'admin_logout' }, 'admin signed out');
      res.redirect(303, '/admin');
    }, true),
  );

  router.post(
    '/connect',
    form,
    signedIn(async (_req, res, session) => {
      try {
        res.redirect(303, await services.connect.startAuthorization());
      } catch (error) {
        await showConnections(res, session, { error: failures(error), status: 502 });
      }
    }, true),
  );

  /** Post-redirect-get: the notice is saved for this session, and the browser is sent to the page showing it. */
  const redirectWithNotice = async (
    res: Response,
    session: AdminSession,
    notice: PortalNotice,
    pathname = '/admin',
  ) => {
    const id = await saveNotice(services, session, notice);
    res.redirect(303, `${pathname}?notice=${id}`);
  };

  // Xero's redirect lands here with ?code=…&state=…: it is used once and the browser is sent on at once, so a
  // reload or the back button never replays a spent code.
  router.get(
    '/connect/callback',
    signedIn(async (req, res, session) => {
      try {
        const outcome = await services.connect.completeAuthorization(req.originalUrl);
        if (outcome.kind === 'pick') {
          const { pickState, tenants } = outcome;
          return redirectWithNotice(
            res,
            session,
            { kind: 'pick', pickState, tenants },
            '/admin/connect/pick',
          );
        }
        await redirectWithNotice(res, session, connectedNotice(outcome.connection.tenantName));
      } catch (error) {
        await redirectWithNotice(res, session, { kind: 'error', message: failures(error) });
      }
    }, false),
  );

  router.get(
    '/connect/pick',
    signedIn(async (req, res, session) => {
      const notice = await readNotice(services, session, req.query.notice, 'peek');
      if (notice?.kind !== 'pick')
        return showConnections(res, session, {
          error: 'This choice has expired; connect to Xero again.',
          status: 404,
        });
      const connected = new Set((await services.store.listConnections()).map((c) => c.tenantId));
      res.type('html').send(pickView(session.csrf, notice.pickState, notice.tenants, connected));
    }, false),
  );

  router.post(
    '/connect/pick',
    form,
    signedIn(async (req, res, session) => {
      const body = req.body as Record<string, string>;
      try {
        const connection = await services.connect.completePick(
          String(body.pick ?? ''),
          String(body.tenantId ?? ''),
        );
        await redirectWithNotice(res, session, connectedNotice(connection.tenantName));
      } catch (error) {
        await showConnections(res, session, { error: failures(error), status: 400 });
      }
    }, true),
  );

  router.post(
    '/connect/custom',
    form,
    signedIn(async (req, res, session) => {
      const body = req.body as Record<string, string>;
      const clientId = String(body.clientId ?? '').trim();
      const clientSecret = String(body.clientSecret ?? '').trim();
      if (!clientId || !clientSecret) {
        return showConnections(res, session, {
          error: 'Give both the client id and the client secret of the custom connection.',
          status: 400,
        });
      }
      try {
        const connection = await services.connect.connectCustom(clientId, clientSecret);
        await redirectWithNotice(res, session, {
          kind: 'done',
          lead: 'Connected custom connection',
          name: connection.tenantName,
          tail: '.',
        });
      } catch (error) {
        await showConnections(res, session, { error: failures(error), status: 400 });
      }
    }, true),
  );

  const confirmed = (req: Request) => (req.body as Record<string, unknown>).confirm === 'yes';

  router.post(
    '/connections/:id/disconnect',
    form,
    signedIn(async (req, res, session) => {
      const connection = await services.store.getConnection(String(req.params.id));
      if (!connection)
        return showConnections(res, session, { error: 'That connection no longer exists.', status: 404 });
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
      await redirectWithNotice(res, session, {
        kind: 'done',
        lead: 'Disconnected',
        name: connection.tenantName,
        tail: xeroDisconnected
          ? ' (also at Xero).'
          : ' here; Xero could not be told (its authorisation had already lapsed).',
      });
    }, true),
  );

  router.post(
    '/connections/:id/keys',
    form,
    signedIn(async (req, res, session) => {
      const connection = await services.store.getConnection(String(req.params.id));
      if (!connection)
        return showConnections(res, session, { error: 'That connection no longer exists.', status: 404 });
      const fields = req.body as Record<string, string | string[] | undefined>;
      const label = String(fields.label ?? '');
      // Issue 14: the key may also be granted other connected organisations (checkboxes named `grant`).
      const asked = [fields.grant ?? []].flat().filter((id) => id !== connection.id);
      const also = await Promise.all(asked.map((id) => services.store.getConnection(String(id))));
      if (also.some((c) => !c))
        return showConnections(res, session, {
          error: 'One of the organisations to grant is no longer connected; nothing was created.',
          status: 400,
        });
      const granted = [connection, ...(also as ConnectionRecord[])];
      const { key, record } = await issueApiKey(
        services.store,
        granted.map((c) => c.id),
        label,
        new Date(services.now()).toISOString(),
      );
      req.log.info(
        {
          event: 'api_key_created',
          keyPrefix: record.prefix,
          connectionId: connection.id,
          grantedConnectionIds: record.grantedConnectionIds,
        },
        'API key created',
      );
      await redirectWithNotice(
        res,
        session,
        {
          kind: 'new-key',
          key,
          prefix: record.prefix,
          tenantName: granted.map((c) => c.tenantName).join(', '),
        },
        '/admin/keys/new',
      );
    }, true),
  );

  router.get(
    '/keys/new',
    signedIn(async (req, res, session) => {
      const notice = await readNotice(services, session, req.query.notice, 'take');
      res.type('html').send(newKeyView(session.csrf, notice?.kind === 'new-key' ? notice : undefined));
    }, false),
  );

  router.post(
    '/connections/:id/keys/:keyId/revoke',
    form,
    signedIn(async (req, res, session) => {
      const connection = await services.store.getConnection(String(req.params.id));
      const keys = connection ? await services.store.listApiKeys(connection.id) : [];
      const key = keys.find((k) => k.id === req.params.keyId);
      if (!connection || !key)
        return showConnections(res, session, {
          error: 'That key does not belong to this connection.',
          status: 404,
        });
      if (!confirmed(req))
        return void res.type('html').send(confirmRevokeView({ csrf: session.csrf, connection, key }));
      await services.store.revokeApiKey(key.id, new Date(services.now()).toISOString());
      req.log.info({ event: 'api_key_revoked', keyPrefix: key.prefix }, 'API key revoked');
      await redirectWithNotice(res, session, {
        kind: 'done',
        lead: 'Revoked key',
        name: `${key.prefix}_…`,
        tail: `; flows using it now get 401.`,
      });
    }, true),
  );

  router.get(
    '/connections/:id/activity',
    signedIn(async (req, res, session) => {
      const connection = await services.store.getConnection(String(req.params.id));
      if (!connection)
        return showConnections(res, session, { error: 'That connection no longer exists.', status: 404 });
      const now = services.now();
      const days = Array.from({ length: 7 }, (_, i) =>
        new Date(now - (6 - i) * 86_400_000).toISOString().slice(0, 10),
      );
      const [runs, usage, webhooks] = await Promise.all([
        services.store.syncActivity.listSyncRuns(connection.tenantId, 20),
        Promise.all(days.map((day) => services.store.getUsage(connection.tenantId, day))),
        services.store.syncActivity.webhookHealth(
          connection.tenantId,
          new Date(now - 86_400_000).toISOString(),
        ),
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
    }, false),
  );

  return router;
}
