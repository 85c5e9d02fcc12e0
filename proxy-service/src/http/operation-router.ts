/**
 * Mounts every contract operation: API key → body parsing → contract validation → handler → response validation.
 * Routes come from the contract (method and path per operationId), handlers from routes/; a contract operation
 * without a handler, or a handler for an operation the contract lacks, stops the proxy at start.
 */
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import { ProxyError } from '../errors';
import type { ProxyServices } from '../proxy-services';
import type { ConnectionRecord } from '../store/store';
import { apiKeyAuth } from './api-key-auth';
import { chooseOrganisation } from './organisation-choice';
import { sendError } from './error-mapping';
import { operationHandlers } from './routes/operation-handlers';

export function createOperationRouter(services: ProxyServices): Router {
  const router = Router();
  const { validator } = services;
  const handlers = new Map(operationHandlers.map((h) => [h.operationId, h]));
  const missing = validator.routes.filter((r) => !handlers.has(r.operationId)).map((r) => r.operationId);
  const unknown = [...handlers.keys()].filter((id) => !validator.routes.some((r) => r.operationId === id));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(
      `Proxy and contract disagree: no handler for [${missing.join(', ')}]; handlers for unknown operations [${unknown.join(', ')}]`,
    );
  }

  const auth = apiKeyAuth(services);
  const json = express.json({ limit: '4mb', strict: false });

  for (const route of validator.routes) {
    const handler = handlers.get(route.operationId)!;
    const method = route.method as 'get' | 'post' | 'put' | 'delete' | 'patch';
    router[method](route.expressPath, auth, json, (req: Request, res: Response, next) => {
      res.locals.operationId = route.operationId;
      const query = { ...(req.query as Record<string, unknown>) };
      const params = { ...req.params } as Record<string, unknown>;
      const sentBody =
        req.header('transfer-encoding') !== undefined || Number(req.header('content-length') ?? '0') > 0;
      if (sentBody && !req.is('application/json')) {
        return next(
          new ProxyError('VALIDATION_FAILED', 400, 'Send the request body as JSON.', {
            details: [{ field: 'header.Content-Type', reason: 'must be application/json' }],
          }),
        );
      }
      const body: unknown = sentBody ? req.body : undefined;
      const details = validator.validateRequest(route.operationId, { body, query, params });
      if (details.length > 0) {
        return next(
          new ProxyError(
            'VALIDATION_FAILED',
            400,
            `The request does not match the ${route.operationId} contract.`,
            {
              details,
            },
          ),
        );
      }
      let choice;
      try {
        const requested = typeof query.organisation === 'string' ? query.organisation : undefined;
        delete query.organisation;
        choice = chooseOrganisation(
          res.locals.grantedConnections as ConnectionRecord[],
          requested,
          handler.spansOrganisations === true,
        );
      } catch (error) {
        return next(error);
      }
      req.log = req.log.child({ connectionId: choice.connection.id, tenantId: choice.connection.tenantId });
      handler
        .handle({
          connection: choice.connection,
          organisations: choice.organisations,
          body,
          query,
          params,
          services,
          log: req.log,
        })
        .then((result) => {
          const status = result.status ?? route.successStatus;
          const problems = validator.validateResponse(route.operationId, status, result.body);
          if (problems.length > 0) {
            req.log.error(
              { event: 'response_contract_violation', operationId: route.operationId, problems },
              'response breaks the contract',
            );
            if (services.config.responseValidation === 'strict') {
              return sendError(
                res,
                new ProxyError(
                  'RESPONSE_CONTRACT_VIOLATION',
                  500,
                  'The proxy produced an answer that breaks its contract.',
                  {
                    details: problems,
                  },
                ),
              );
            }
          }
          for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
          if (result.body === undefined) res.status(status).end();
          else res.status(status).json(result.body);
        })
        .catch(next);
    });
  }
  return router;
}
