import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { BOOKS_LOCAL, TENANT_ID_LOCAL } from '../accounting/seam';
import type { FaultInjector } from '../faults/fault-injector';
import type { IdempotencyStore } from '../idempotency/idempotency-store';
import { type RawBodyRequest } from '../idempotency/idempotency-store';
import type { AppRegistry } from '../identity/apps';
import { scopesAllow } from '../identity/scopes';
import type { TokenService } from '../identity/token-service';
import type { ConnectionRegistry } from '../connections/connection-registry';
import type { RateLimiter } from '../limits/rate-limiter';
import type { OrganisationRegistry } from '../organisations/organisation-registry';
import { bearerGuard, grantOf, tenantGuard } from './bearer-guard';
import { sendUnauthorized } from './xero-errors';

interface AccountingGatewayDeps {
  tokens: TokenService;
  apps: AppRegistry;
  connections: ConnectionRegistry;
  organisations: OrganisationRegistry;
  limits: RateLimiter;
  faults: FaultInjector;
  idempotency: IdempotencyStore;
}

/**
 * What Xero's gateway does before a request reaches an organisation's books, in Xero's order: the bearer token,
 * its scopes, the tenant, the rate limits, injected faults, idempotency; then the books for the accounting router.
 */
export function accountingGateway(deps: AccountingGatewayDeps, accountingRouter: Router): RequestHandler[] {
  const { tokens, apps, connections, organisations, limits, faults, idempotency } = deps;
  return [
    bearerGuard(tokens),
    (req: Request, res: Response, next: NextFunction) => {
      const resource = req.path.split('/')[1] ?? '';
      if (!scopesAllow(grantOf(res).scopes, resource, req.method))
        return sendUnauthorized(res, 'AuthenticationUnsuccessful');
      next();
    },
    tenantGuard(apps, connections, (id) => organisations.tenants.has(id)),
    (_req: Request, res: Response, next: NextFunction) => {
      const admission = limits.admitTenantCall(grantOf(res).clientId, String(res.locals[TENANT_ID_LOCAL]));
      res.set(admission.headers);
      if (!admission.ok) {
        res
          .set({
            'X-Rate-Limit-Problem': admission.problem,
            'Retry-After': String(admission.retryAfterSeconds),
          })
          .status(429)
          .end();
        return;
      }
      res.on('close', admission.done);
      next();
    },
    faults.middleware('accounting'),
    // Parsed here (not only in the accounting router) because idempotency fingerprints the raw body; the router's
    // own express.json then skips. Same limit and types as the router.
    express.json({
      limit: '3.5mb',
      type: ['application/json', 'application/*+json', 'text/json'],
      verify: (req, _res, buf) => {
        (req as RawBodyRequest).rawBody = Buffer.from(buf);
      },
    }),
    idempotency.middleware((res) => grantOf(res).clientId),
    (_req: Request, res: Response, next: NextFunction) => {
      res.locals[BOOKS_LOCAL] = organisations.get(String(res.locals[TENANT_ID_LOCAL]));
      // Xero's envelope names the calling app in ProviderName.
      res.locals.providerName = apps.get(grantOf(res).clientId)?.name;
      next();
    },
    accountingRouter,
  ];
}
