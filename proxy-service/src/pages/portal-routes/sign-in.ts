/**
 * Signing in with the admin secret (the one public form, throttled per client after wrong attempts) and signing
 * out.
 */
import type { RequestHandler } from 'express';
import { checkAdminSecret, endSession, startSession } from '../admin-session';
import { loginView } from '../admin-views';
import { clientKey, SignInThrottle } from '../sign-in-throttle';
import type { PortalContext, PortalHandler } from './portal-context';

const waitText = (seconds: number) =>
  seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;

/** POST /login; not behind signedIn (there is no session yet). One throttle per portal. */
export function signIn(portal: PortalContext): RequestHandler {
  const { services, secure } = portal;
  const throttle = new SignInThrottle();
  return (req, res, next) => {
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
        .send(loginView(`Too many wrong attempts; try again in ${waitText(seconds)}.`));
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
  };
}

export const signOut: PortalHandler = async ({ services, secure }, req, res, session) => {
  await endSession(res, secure, session, services.store.adminSessions);
  req.log.info({ event: 'admin_logout' }, 'admin signed out');
  res.redirect(303, '/admin');
};
