/**
 * The admin portal (DESIGN B12): sign in with the admin secret, connect Xero organisations (authorization code with
 * PKCE, organisation picker, or a Custom Connection), see each connection's health light, token expiry and today's
 * usage of Xero's limits, issue and revoke API keys, disconnect; and per connection a sync activity page. Every
 * POST that changes something answers with a redirect (post-redirect-get; what the next page shows travels as a
 * one-time notice in the store, portal-notices.ts), and disconnect and revoke first ask, naming what breaks.
 * The pages' handlers are in portal-routes/; this router mounts them behind the session guard.
 */
import express, { Router } from 'express';
import type { ProxyServices } from '../proxy-services';
import { PORTAL_SCRIPT } from './portal-script';
import { portalContext } from './portal-routes/portal-context';
import { portalRoutes } from './portal-routes/portal-routes';
import { signedIn } from './portal-routes/signed-in';
import { signIn } from './portal-routes/sign-in';

export function createAdminPortal(services: ProxyServices): Router {
  const router = Router();
  const portal = portalContext(services);
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

  // Public: it holds no data, and the sign-in page uses it too.
  router.get('/portal.js', (_req, res) => {
    res.type('text/javascript').send(PORTAL_SCRIPT);
  });
  router.post('/login', form, signIn(portal));

  // A form post changes something, so it must carry the session's CSRF token; a page view changes nothing.
  for (const { method, path, handle } of portalRoutes) {
    if (method === 'post') router.post(path, form, signedIn(portal, handle, true));
    else router.get(path, signedIn(portal, handle, false));
  }
  return router;
}
