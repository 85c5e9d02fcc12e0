/**
 * The guard in front of every portal page but sign-in: a valid session, and for a form post a CSRF token that
 * matches it. A page asked for without a session shows the sign-in form; a form posted without one says why.
 */
import type { NextFunction, Request, Response } from 'express';
import { csrfValid, readSession } from '../admin-session';
import { loginView, page } from '../admin-views';
import { html } from '../html';
import type { PortalContext, PortalHandler } from './portal-context';

export const signedIn =
  (portal: PortalContext, handler: PortalHandler, checkCsrf: boolean) =>
  (req: Request, res: Response, next: NextFunction) => {
    const { services } = portal;
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
      await handler(portal, req, res, session);
    };
    guarded().catch(next);
  };
