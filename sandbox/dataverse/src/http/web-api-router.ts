import express, { type Request, type Response } from 'express';
import type { DataverseService } from '../dataverse-service';
import { parseQueryOptions } from '../odata/query-options';
import { errors } from './dataverse-error';
import { parsePrefer } from './prefer-header';
import type { RequestGate } from './request-gate';
import { parsePath, readRawPath } from './web-api/odata-path';
import { replyWithDataverseError } from './web-api/web-api-error-reply';
import { WEB_API_ROUTES } from './web-api/web-api-routes';
import type { WebApiRequest } from './web-api/web-api-request';

// The OData v4 surface of `/api/data/v9.2` (powerapps-docs webapi/*: create-entity-web-api.md,
// retrieve-entity-using-web-api.md, update-delete-entities-using-web-api.md, query/page-results.md,
// bulk-operations.md). OData paths (keys in parentheses, quoted text) are not Express paths: the router reads each
// request once and hands it to the first entry of WEB_API_ROUTES that answers it.

export { API_PATH } from './web-api/odata-path';

function readRequest(service: DataverseService, req: Request, res: Response): WebApiRequest {
  const url = new URL(req.originalUrl, 'http://localhost');
  const rawPath = readRawPath(url);
  const path = parsePath(rawPath);
  const prefs = parsePrefer(req.headers.prefer);
  const opts = parseQueryOptions(url.searchParams);
  return { req, res, service, method: req.method.toUpperCase(), rawPath, path, prefs, opts };
}

function dispatch(request: WebApiRequest): void {
  const found = WEB_API_ROUTES.find((r) => r.answers(request));
  if (!found) throw errors.methodNotAllowed(request.method, request.rawPath);
  found.run(request);
}

export function createWebApiRouter(service: DataverseService, gate: RequestGate): express.Router {
  const router = express.Router();
  router.use((req, _res, next) => {
    try {
      gate.check(req);
      next();
    } catch (e) {
      next(e);
    }
  });
  router.use(express.json({ limit: '32mb', type: (req) => req.method !== 'GET' && req.method !== 'DELETE' }));
  router.all('*', (req, res, next) => {
    try {
      dispatch(readRequest(service, req, res));
    } catch (e) {
      next(e);
    }
  });
  router.use(replyWithDataverseError);
  return router;
}
