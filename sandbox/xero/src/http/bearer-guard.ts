/**
 * The API gateway in front of api.xero.com: a valid, unexpired, unrevoked bearer token (401 otherwise), then for
 * tenant calls a `xero-tenant-id` the token's user has connected to the app (403 AuthenticationUnsuccessful
 * otherwise). Custom connections may omit the header: their single organisation is implied (section 9).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppRegistry } from '../identity/apps';
import type { Grant, TokenService } from '../identity/token-service';
import type { ConnectionRegistry } from '../connections/connection-registry';
import { TENANT_ID_LOCAL } from '../accounting/seam';
import { sendForbidden, sendUnauthorized, tokenExpiredDetail } from './xero-errors';

export const GRANT_LOCAL = 'grant';

export function grantOf(res: Response): Grant {
  return res.locals[GRANT_LOCAL] as Grant;
}

export function bearerGuard(tokens: TokenService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) return sendUnauthorized(res, 'AuthenticationUnsuccessful');
      const check = await tokens.verifyAccessToken(match[1]);
      if (!check.ok) {
        return sendUnauthorized(
          res,
          check.reason === 'expired' ? tokenExpiredDetail(check.expiredAt) : 'AuthenticationUnsuccessful',
        );
      }
      res.locals[GRANT_LOCAL] = check.grant;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function tenantGuard(
  apps: AppRegistry,
  connections: ConnectionRegistry,
  tenantExists: (id: string) => boolean,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const grant = grantOf(res);
    const app = apps.get(grant.clientId);
    let tenantId = req.get('xero-tenant-id')?.trim();
    if (!tenantId && app?.kind === 'custom-connection') tenantId = app.tenantId;
    if (!tenantId || !tenantExists(tenantId) || !connections.find(grant.clientId, grant.userId, tenantId))
      return sendForbidden(res);
    res.locals[TENANT_ID_LOCAL] = tenantId;
    next();
  };
}
