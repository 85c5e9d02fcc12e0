/**
 * The Express app: request ids, structured request logs, metrics, health and readiness, the contract operations
 * under /v1, the admin portal under /admin, and the one error mapping at the end.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Application, Request, Response, Router } from 'express';
import pinoHttp from 'pino-http';
import { ProxyError } from '../errors';
import type { ProxyServices } from '../proxy-services';
import { createXeroWebhookReceiver } from '../webhooks/xero-webhook-receiver';
import { clientAborted, errorMapping, sendError } from './error-mapping';
import { createOperationRouter } from './operation-router';
import { metricsAccess } from './metrics-access';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The admin portal comes from the composition root (create-proxy.ts): the portal uses http/, not the reverse. */
export function createApp(services: ProxyServices, adminPortal: Router): Application {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from the proxies the operator names (TRUSTED_PROXIES): req.ip keys the admin
  // sign-in throttle, and a header anyone can send must not choose it.
  app.set('trust proxy', services.config.trustedProxies.length > 0 ? services.config.trustedProxies : false);

  app.use(
    pinoHttp({
      logger: services.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Query strings are logged without values: OAuth callbacks carry the authorization code and state.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // A client that hung up before its request was complete is not the proxy's problem: info, not an error.
      customLogLevel: (req, res, err) =>
        clientAborted(req)
          ? 'info'
          : err || res.statusCode >= 500
            ? 'error'
            : res.statusCode >= 400 && !(res as Response).locals?.refusalExpected
              ? 'warn'
              : 'info',
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );

  app.use((req: Request, res: Response, next) => {
    const stop = services.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = String(
        res.locals.operationId ?? (req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched'),
      );
      stop({ route, method: req.method });
      services.metrics.httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    await Promise.all([
      services.store.ping().then(
        () => (checks.store = 'ok'),
        (e: unknown) => (checks.store = `failed: ${(e as Error).message}`),
      ),
      services.factory.ping().then(
        () => (checks.xero = 'ok'),
        (e: unknown) => (checks.xero = `failed: ${(e as Error).message}`),
      ),
    ]);
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', metricsAccess(services.config.metricsToken), async (_req, res) => {
    for (const tenant of services.governor.tenantIds()) {
      const h = services.governor.headroom(tenant);
      if (h.dayRemaining !== undefined) services.metrics.xeroDayRemaining.set({ tenant }, h.dayRemaining);
      if (h.minuteRemaining !== undefined)
        services.metrics.xeroMinuteRemaining.set({ tenant }, h.minuteRemaining);
    }
    res.type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics());
  });

  // Before any JSON parser: the signature is over the raw bytes.
  app.use(
    createXeroWebhookReceiver({
      store: services.store,
      logger: services.logger,
      webhookKey: services.config.webhookKey,
      now: services.now,
      onEvents: () => services.webhooks.kick(),
    }),
  );
  app.use(createOperationRouter(services));
  app.use('/admin', adminPortal);
  app.get('/', (_req, res) => res.redirect(302, '/admin'));

  app.use((req: Request, res: Response) => {
    sendError(
      res,
      new ProxyError('NOT_FOUND', 404, `There is no ${req.method} ${req.path} here.`, {
        details: [{ field: 'path', reason: 'is not an operation of this proxy' }],
      }),
    );
  });
  app.use(errorMapping);
  return app;
}
