/**
 * The accounting half of the emulator: an express Router mounted by the platform at /api.xro/2.0 after it has
 * authenticated the request and put the tenant's books in res.locals (see ../seam.ts). Routes are a table of
 * small synchronous handlers; every failure maps to one Xero response shape here; anything not in the table is
 * a 501 naming it. Webhook events are not sent from here: the books report their changes, and the platform
 * announces every change once, whether a request or a direct write made it (see ../seam.ts).
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { BOOKS_LOCAL, TENANT_ID_LOCAL, type AccountingContext } from '../seam';
import { OrganisationBooks } from '../books/organisation-books';
import {
  ElementValidationFailure,
  NotImplementedByEmulator,
  PostDataInvalid,
  QueryParseFailure,
  ResourceNotFound,
} from '../domain/accounting-errors';
import { contactRoutes } from './contact-routes';
import { creditNoteRoutes } from './credit-note-routes';
import { invoiceRoutes } from './invoice-routes';
import { itemRoutes } from './item-routes';
import { paymentRoutes } from './payment-routes';
import { QueryReader } from './request-reading';
import type { RouteDefinition } from './route-table';
import { settingsRoutes } from './settings-routes';
import { trackingCategoryRoutes } from './tracking-category-routes';
import {
  notFound,
  notImplemented,
  postDataInvalid,
  queryParseException,
  validationException,
  type RouteReply,
} from './xero-replies';

/** Xero's documented POST size limit (reference/xero-api.md section 1). */
export const MAX_BODY = '3.5mb';
const JSON_TYPES = ['application/json', 'application/*+json', 'text/json'];

export const ACCOUNTING_ROUTES: RouteDefinition[] = [
  ...invoiceRoutes,
  ...contactRoutes,
  ...itemRoutes,
  ...creditNoteRoutes,
  ...paymentRoutes,
  ...settingsRoutes,
  ...trackingCategoryRoutes,
];

function replyFor(error: unknown): RouteReply {
  if (error instanceof ResourceNotFound) return notFound();
  if (error instanceof NotImplementedByEmulator) return notImplemented(error.detail);
  if (error instanceof QueryParseFailure) return queryParseException(error.message);
  if (error instanceof PostDataInvalid) return postDataInvalid(error.kind, error.message);
  if (error instanceof ElementValidationFailure) {
    return validationException([{ ValidationErrors: error.messages.map((Message) => ({ Message })) }]);
  }
  throw error;
}

function send(res: Response, reply: RouteReply): void {
  res.status(reply.status);
  if (reply.text !== undefined) res.type('text/plain').send(reply.text);
  else if (reply.json !== undefined) res.json(reply.json);
  else res.end();
}

export function createAccountingRouter(ctx: AccountingContext): Router {
  const router = express.Router({ caseSensitive: false });
  // The platform may already have parsed the body (idempotency compares bodies); express.json skips it then.
  router.use(express.json({ limit: MAX_BODY, type: JSON_TYPES }));

  for (const route of ACCOUNTING_ROUTES) {
    const endpoint = `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const method = route.method.toLowerCase() as 'get' | 'put' | 'post' | 'delete';
    router[method](route.path, (req: Request, res: Response) => {
      const books = res.locals[BOOKS_LOCAL] as unknown;
      const tenantId = res.locals[TENANT_ID_LOCAL] as unknown;
      if (!(books instanceof OrganisationBooks) || typeof tenantId !== 'string') {
        throw new Error(
          `The platform must set res.locals.${BOOKS_LOCAL} and res.locals.${TENANT_ID_LOCAL} before the accounting router`,
        );
      }
      // req.is() is false only when a body is present in another content type (null when there is no body).
      if ((route.method === 'PUT' || route.method === 'POST') && req.is(JSON_TYPES) === false) {
        send(
          res,
          notImplemented(
            `only JSON request bodies are supported (got ${req.headers['content-type'] ?? 'no content type'})`,
          ),
        );
        return;
      }
      let reply: RouteReply;
      try {
        reply = route.handle({
          books,
          params: req.params as Record<string, string>,
          query: new QueryReader(req.query as Record<string, unknown>, route.query, endpoint),
          body: req.body ?? {},
          header: (name) => req.get(name),
          providerName:
            typeof res.locals.providerName === 'string' ? res.locals.providerName : 'Xero Emulator',
          now: ctx.clock.now(),
        });
      } catch (error) {
        reply = replyFor(error);
      }
      send(res, reply);
    });
  }

  router.all('*', (req: Request, res: Response) => {
    send(res, notImplemented(`${req.method} ${req.path} is not implemented by the emulator`));
  });

  // Body parser failures: too large (Xero's 3.5 MB limit) or not JSON.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (error as { type?: string } | null)?.type;
    if (type === 'entity.too.large') {
      res.status(413).json({
        Type: null,
        Title: 'Request Entity Too Large',
        Status: 413,
        Detail: `The request body is larger than Xero's ${MAX_BODY} limit`,
      });
      return;
    }
    if (type === 'entity.parse.failed') {
      send(
        res,
        postDataInvalid(
          'PostDataInvalidException',
          'JSON for post data was invalid. The request body could not be parsed.',
        ),
      );
      return;
    }
    next(error);
  });
  return router;
}
