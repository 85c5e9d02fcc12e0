/**
 * What every portal page handler shares: the services, and the three ways a handler answers — the connections
 * page (with a notice or an error), a redirect carrying a one-time notice (post-redirect-get), and the message an
 * admin action that failed is shown.
 */
import type { Request, Response } from 'express';
import { ProxyError } from '../../errors';
import type { ProxyServices } from '../../proxy-services';
import type { AdminSession } from '../admin-session';
import { connectionsView } from '../admin-views';
import type { RawHtml } from '../html';
import type { PortalNotice } from '../portal-notices';
import { saveNotice } from '../portal-notices';

export interface ConnectionsPageExtra {
  notice?: RawHtml;
  error?: string;
  status?: number;
}

export interface PortalContext {
  services: ProxyServices;
  /** Cookies are marked Secure when the portal is served over https. */
  secure: boolean;
  showConnections(res: Response, session: AdminSession, extra?: ConnectionsPageExtra): Promise<void>;
  /** Post-redirect-get: the notice is saved for this session, and the browser is sent to the page showing it. */
  redirectWithNotice(
    res: Response,
    session: AdminSession,
    notice: PortalNotice,
    pathname?: string,
  ): Promise<void>;
  /** A ProxyError's message is for the admin; anything else is logged and named only vaguely. */
  failures(error: unknown): string;
}

/** A page of the signed-in portal; POSTs reach it only with a valid CSRF token (signed-in.ts). */
export type PortalHandler = (
  portal: PortalContext,
  req: Request,
  res: Response,
  session: AdminSession,
) => Promise<void>;

export interface PortalRoute {
  method: 'get' | 'post';
  path: string;
  handle: PortalHandler;
}

export function portalContext(services: ProxyServices): PortalContext {
  const showConnections = async (res: Response, session: AdminSession, extra: ConnectionsPageExtra = {}) => {
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

  return {
    services,
    secure: services.config.publicUrl.startsWith('https://'),
    showConnections,
    async redirectWithNotice(res, session, notice, pathname = '/admin') {
      const id = await saveNotice(services, session, notice);
      res.redirect(303, `${pathname}?notice=${id}`);
    },
    failures(error) {
      if (error instanceof ProxyError) return error.message;
      services.logger.error({ err: error }, 'admin action failed');
      return 'Something went wrong; the proxy log has the details.';
    },
  };
}

/** The page's answer when the connection a form names is gone (deleted in another tab, or by another admin). */
export const connectionGone = (portal: PortalContext, res: Response, session: AdminSession) =>
  portal.showConnections(res, session, { error: 'That connection no longer exists.', status: 404 });

/** Disconnect and revoke first ask; the confirmation page posts back with confirm=yes. */
export const confirmed = (req: Request) => (req.body as Record<string, unknown>).confirm === 'yes';
