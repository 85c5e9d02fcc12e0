/**
 * Assembles the emulator: one HTTP server that is identity.xero.com (discovery, consent, tokens, revocation),
 * api.xero.com/connections and api.xero.com/api.xro/2.0 (the accounting books behind Xero's gateway: token,
 * tenant, rate limits, faults, idempotency), plus the /__emulator control API for tests in another process.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { TestClock } from './clock';
import { BOOKS_LOCAL, TENANT_ID_LOCAL } from './accounting/seam';
import { loadAccountingModule, type OrganisationSeed, type TenantBooks } from './accounting-module';
import { ConnectionRegistry } from './connections/connection-registry';
import { createConnectionsRouter } from './connections/connections-router';
import { createControlRouter } from './control/control-router';
import { emulatorOptionsSchema, type XeroEmulatorOptions } from './emulator-options';
import { FaultInjector } from './faults/fault-injector';
import { bearerGuard, grantOf, tenantGuard } from './http/bearer-guard';
import { sendNotImplemented, sendUnauthorized, internalErrorBody } from './http/xero-errors';
import { IdempotencyStore, type RawBodyRequest } from './idempotency/idempotency-store';
import { AppRegistry, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type App, type AppInput } from './identity/apps';
import { ConsentService, type ConsentDecision } from './identity/consent';
import { createIdentityRouter } from './identity/identity-router';
import { scopesAllow } from './identity/scopes';
import { createSigningKey } from './identity/signing-key';
import { customConnectionAuthEventId, customConnectionUserId, TokenService } from './identity/token-service';
import { UserDirectory } from './identity/users';
import { RateLimiter } from './limits/rate-limiter';
import { webhookEventOf } from './webhooks/book-change-event';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

export interface OrganisationInfo {
  tenantId: string;
  name: string;
  shortCode: string;
}

export interface XeroEmulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly clock: TestClock;
  readonly organisations: OrganisationInfo[];
  /** The built-in app: any http://localhost… or http://127.0.0.1… redirect URI. */
  readonly demoApp: { clientId: string; clientSecret: string };
  readonly apps: AppRegistry;
  readonly faults: FaultInjector;
  readonly limits: RateLimiter;
  readonly webhooks: WebhookDispatcher;
  readonly idempotency: IdempotencyStore;
  readonly connections: ConnectionRegistry;
  readonly tokens: TokenService;
  /** Completes the consent step for an authorize URL (e.g. from xero-node's buildConsentUrl()); returns the callback URL. */
  consent(authorizeUrl: string, decision?: ConsentDecision): string;
  /** The books of a tenant, for assertions. Throws for an unknown tenant. */
  books<T extends TenantBooks = TenantBooks>(tenantId: string): T;
  addOrganisation(seed: OrganisationSeed): OrganisationInfo;
  addApp(app: AppInput): App;
  /** Moves the emulator clock and runs whatever became due (webhook retries). */
  advanceClock(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startXeroEmulator(input: XeroEmulatorOptions = {}): Promise<XeroEmulator> {
  const parsed = emulatorOptionsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid Xero emulator options:\n${z.prettifyError(parsed.error)}`);
  const options = parsed.data;
  const accounting = options.accounting ?? loadAccountingModule();
  const clock = options.clock ?? new TestClock();
  let baseUrl = '';

  const key = await createSigningKey();
  const users = new UserDirectory();
  const connections = new ConnectionRegistry(clock);
  const apps = new AppRegistry();
  const faults = new FaultInjector();
  const limits = new RateLimiter(clock, options.limits);
  const idempotency = new IdempotencyStore(clock);
  const webhooks = new WebhookDispatcher(clock);
  const books = new Map<string, TenantBooks>();

  const tenants = {
    list: () => [...books.values()].map((b) => ({ tenantId: b.organisationId, tenantName: b.name })),
    has: (id: string) => books.has(id),
  };
  const tokens = new TokenService({
    clock,
    key,
    issuer: () => baseUrl,
    users,
    disconnectAll: (clientId, userId) => connections.deleteAllFor(clientId, userId),
    lifetimes: options.tokenLifetimes,
  });
  const consentService = new ConsentService({ clock, apps, users, tenants, connections, tokens });

  const addOrganisation = (seed: OrganisationSeed): OrganisationInfo => {
    if (books.has(seed.organisationId)) throw new Error(`organisation ${seed.organisationId} already exists`);
    const b = new accounting.OrganisationBooks(seed, clock);
    books.set(b.organisationId, b);
    // The only source of webhook events: API requests and direct writes to the books alike.
    b.onChange((change) => webhooks.emit(webhookEventOf(change, b.organisationId)));
    // A custom connection bound to this organisation is connected from the start.
    for (const app of apps.list())
      if (app.kind === 'custom-connection' && app.tenantId === b.organisationId) connectCustom(app);
    return { tenantId: b.organisationId, name: b.name, shortCode: b.shortCode };
  };
  const connectCustom = (app: App) => {
    const b = app.tenantId ? books.get(app.tenantId) : undefined;
    if (!b) return;
    const tenant = { tenantId: b.organisationId, tenantName: b.name };
    connections.connect(app.clientId, customConnectionUserId(app), tenant, customConnectionAuthEventId(app));
  };
  const addApp = (appInput: AppInput): App => {
    const app = apps.add(appInput);
    if (app.kind === 'custom-connection') {
      if (!app.tenantId || !books.has(app.tenantId))
        throw new Error(`custom connection "${app.clientId}": unknown organisation ${app.tenantId}`);
      connectCustom(app);
    }
    return app;
  };

  try {
    const seeds = options.organisations ?? [accounting.demoCompanyUk()];
    for (const seed of seeds) addOrganisation(seed);
    for (let i = 0; i < options.extraOrganisations; i += 1) {
      addOrganisation(accounting.organisationSeed({ name: `Emulator Organisation ${books.size + 1}` }));
    }
    apps.add({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, name: 'Xero emulator demo app' });
    for (const app of options.apps) addApp(app);
  } catch (err) {
    webhooks.close();
    throw err;
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(
    createIdentityRouter({
      baseUrl: () => baseUrl,
      key,
      apps,
      users,
      tenants,
      consent: consentService,
      tokens,
      faults,
    }),
  );
  app.use('/connections', createConnectionsRouter({ tokens, connections, limits, faults }));

  const accountingRouter = accounting.createAccountingRouter({ clock });
  app.use(
    '/api.xro/2.0',
    bearerGuard(tokens),
    (req: Request, res: Response, next: NextFunction) => {
      const resource = req.path.split('/')[1] ?? '';
      if (!scopesAllow(grantOf(res).scopes, resource, req.method))
        return sendUnauthorized(res, 'AuthenticationUnsuccessful');
      next();
    },
    tenantGuard(apps, connections, (id) => books.has(id)),
    (req: Request, res: Response, next: NextFunction) => {
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
      res.locals[BOOKS_LOCAL] = books.get(String(res.locals[TENANT_ID_LOCAL]));
      // Xero's envelope names the calling app in ProviderName.
      res.locals.providerName = apps.get(grantOf(res).clientId)?.name;
      next();
    },
    accountingRouter,
  );

  const emulatorRef: { current?: XeroEmulator } = {};
  if (options.control)
    app.use(
      '/__emulator',
      express.json({ limit: '1mb' }),
      createControlRouter(() => emulatorRef.current as XeroEmulator),
    );

  app.use((req: Request, res: Response) => sendNotImplemented(res, `${req.method} ${req.path}`));
  // Express needs the four-argument signature to treat this as the error handler.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({
        ErrorNumber: 14,
        Type: 'PostDataInvalidException',
        Message: `Invalid JSON in the request body: ${e.message}`,
      });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({
        Title: 'Request Entity Too Large',
        Status: 413,
        Detail: 'The request body is larger than the emulator accepts',
      });
      return;
    }
    if (!res.headersSent) res.status(500).json(internalErrorBody());
    console.error('[xero-emulator] unexpected error', err);
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.once('error', reject);
  });
  // Keep idle connections open longer than clients do (Node's 5 s default lets a client that reuses a connection
  // write into one the server is closing: "other side closed" under load), as the real services and our proxy do.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  let closed = false;
  const emulator: XeroEmulator = {
    url: baseUrl,
    clock,
    get organisations() {
      return [...books.values()].map((b) => ({
        tenantId: b.organisationId,
        name: b.name,
        shortCode: b.shortCode,
      }));
    },
    demoApp: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
    apps,
    faults,
    limits,
    webhooks,
    idempotency,
    connections,
    tokens,
    consent: (authorizeUrl, decision) => consentService.consent(authorizeUrl, decision),
    books: <T extends TenantBooks>(tenantId: string) => {
      const b = books.get(tenantId);
      if (!b) throw new Error(`unknown tenant ${tenantId}`);
      return b as T;
    },
    addOrganisation,
    addApp,
    advanceClock: async (ms: number) => {
      clock.advance(ms);
      await webhooks.deliverDue();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      webhooks.close();
      faults.destroyHeld();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  emulatorRef.current = emulator;
  if (options.webhook) {
    // Intent to Receive runs in the background: the receiver may start after the emulator.
    void webhooks.register(options.webhook).catch(() => undefined);
  }
  return emulator;
}
