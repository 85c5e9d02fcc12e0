/**
 * Assembles the emulator: one HTTP server that is identity.xero.com (discovery, consent, tokens, revocation),
 * api.xero.com/connections and api.xero.com/api.xro/2.0 (the accounting books behind Xero's gateway: token,
 * tenant, rate limits, faults, idempotency), plus the /__emulator control API for tests in another process.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { TestClock } from './clock';
import { loadAccountingModule, type OrganisationSeed, type TenantBooks } from './accounting-module';
import { ConnectionRegistry } from './connections/connection-registry';
import { createConnectionsRouter } from './connections/connections-router';
import { createControlRouter } from './control/control-router';
import { emulatorOptionsSchema, type XeroEmulatorOptions } from './emulator-options';
import { FaultInjector } from './faults/fault-injector';
import { accountingGateway } from './http/accounting-gateway';
import { replyWithEmulatorError } from './http/emulator-error-reply';
import { listen } from './http/listen';
import { sendNotImplemented } from './http/xero-errors';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { AppRegistry, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type App, type AppInput } from './identity/apps';
import { ConsentService, type ConsentDecision } from './identity/consent';
import { createIdentityRouter } from './identity/identity-router';
import { createSigningKey } from './identity/signing-key';
import { TokenService } from './identity/token-service';
import { UserDirectory } from './identity/users';
import { RateLimiter } from './limits/rate-limiter';
import { OrganisationRegistry, type OrganisationInfo } from './organisations/organisation-registry';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

export type { OrganisationInfo };

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
  const organisations = new OrganisationRegistry({ accounting, clock, apps, connections, webhooks });
  const tenants = organisations.tenants;

  const tokens = new TokenService({
    clock,
    key,
    issuer: () => baseUrl,
    users,
    disconnectAll: (clientId, userId) => connections.deleteAllFor(clientId, userId),
    lifetimes: options.tokenLifetimes,
  });
  const consentService = new ConsentService({ clock, apps, users, tenants, connections, tokens });

  try {
    const seeds = options.organisations ?? [accounting.demoCompanyUk()];
    for (const seed of seeds) organisations.add(seed);
    for (let i = 0; i < options.extraOrganisations; i += 1) {
      organisations.add(
        accounting.organisationSeed({ name: `Emulator Organisation ${organisations.size + 1}` }),
      );
    }
    apps.add({ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, name: 'Xero emulator demo app' });
    for (const app of options.apps) organisations.addApp(app);
  } catch (err) {
    webhooks.close();
    throw err;
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const identity = {
    baseUrl: () => baseUrl,
    key,
    apps,
    users,
    tenants,
    consent: consentService,
    tokens,
    faults,
  };
  app.use(createIdentityRouter(identity));
  app.use('/connections', createConnectionsRouter({ tokens, connections, limits, faults }));
  const gateway = { tokens, apps, connections, organisations, limits, faults, idempotency };
  app.use('/api.xro/2.0', ...accountingGateway(gateway, accounting.createAccountingRouter({ clock })));

  const emulatorRef: { current?: XeroEmulator } = {};
  if (options.control)
    app.use(
      '/__emulator',
      express.json({ limit: '1mb' }),
      createControlRouter(() => emulatorRef.current as XeroEmulator),
    );

  app.use((req: Request, res: Response) => sendNotImplemented(res, `${req.method} ${req.path}`));
  app.use(replyWithEmulatorError);

  const { server, baseUrl: listeningAt } = await listen(app, options.port, options.host);
  baseUrl = listeningAt;

  let closed = false;
  const emulator: XeroEmulator = {
    url: baseUrl,
    clock,
    get organisations() {
      return organisations.list();
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
      const b = organisations.get(tenantId);
      if (!b) throw new Error(`unknown tenant ${tenantId}`);
      return b as T;
    },
    addOrganisation: (seed) => organisations.add(seed),
    addApp: (appInput) => organisations.addApp(appInput),
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
