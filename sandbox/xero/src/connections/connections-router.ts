/**
 * api.xero.com/connections: list the organisations the token's user has connected to the app, and disconnect one
 * (204; 404 for an unknown id). Shapes follow xero-identity.yaml. These calls are tenant-less, so they carry only
 * X-AppMinLimit-Remaining (Xero staff, xero-ruby#128).
 */
import express, { type Router } from 'express';
import type { FaultInjector } from '../faults/fault-injector';
import type { RateLimiter } from '../limits/rate-limiter';
import type { TokenService } from '../identity/token-service';
import { bearerGuard, grantOf } from '../http/bearer-guard';
import { connectionJson, type ConnectionRegistry } from './connection-registry';

export function createConnectionsRouter(deps: {
  tokens: TokenService;
  connections: ConnectionRegistry;
  limits: RateLimiter;
  faults: FaultInjector;
}): Router {
  const router = express.Router();
  router.use(bearerGuard(deps.tokens));
  router.use((_req, res, next) => {
    const admission = deps.limits.admitAppCall(grantOf(res).clientId);
    res.set(admission.headers);
    if (!admission.ok) {
      res
        .set({ 'X-Rate-Limit-Problem': 'appminute', 'Retry-After': String(admission.retryAfterSeconds) })
        .status(429)
        .end();
      return;
    }
    next();
  });
  router.use(deps.faults.middleware('connections'));

  router.get('/', (req, res) => {
    const grant = grantOf(res);
    const authEventId = typeof req.query.authEventId === 'string' ? req.query.authEventId : undefined;
    const list = deps.connections
      .listFor(grant.clientId, grant.userId)
      .filter((c) => authEventId === undefined || c.authEventId === authEventId)
      .map(connectionJson);
    res.json(list);
  });

  router.delete('/:id', (req, res) => {
    const grant = grantOf(res);
    const connection = deps.connections.get(req.params.id);
    if (!connection || connection.clientId !== grant.clientId || connection.userId !== grant.userId) {
      res.status(404).type('text/plain').send("The resource you're looking for cannot be found");
      return;
    }
    deps.connections.delete(connection.id);
    res.status(204).end();
  });

  return router;
}
