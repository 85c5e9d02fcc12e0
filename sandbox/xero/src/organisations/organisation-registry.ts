import type { AccountingModule, OrganisationSeed, TenantBooks } from '../accounting-module';
import type { TestClock } from '../clock';
import type { ConnectionRegistry } from '../connections/connection-registry';
import type { App, AppInput, AppRegistry } from '../identity/apps';
import { customConnectionAuthEventId, customConnectionUserId } from '../identity/token-service';
import { webhookEventOf } from '../webhooks/book-change-event';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';

export interface OrganisationInfo {
  tenantId: string;
  name: string;
  shortCode: string;
}

interface OrganisationRegistryDeps {
  accounting: AccountingModule;
  clock: TestClock;
  apps: AppRegistry;
  connections: ConnectionRegistry;
  webhooks: WebhookDispatcher;
}

/**
 * The emulator's organisations (Xero tenants), each with its accounting books, and the apps that may reach them: a
 * custom connection is bound to one organisation and connected to it as soon as both exist.
 */
export class OrganisationRegistry {
  private readonly books = new Map<string, TenantBooks>();

  constructor(private readonly deps: OrganisationRegistryDeps) {}

  /** The tenants as the identity service lists them on the consent screen. */
  readonly tenants = {
    list: () => [...this.books.values()].map((b) => ({ tenantId: b.organisationId, tenantName: b.name })),
    has: (id: string) => this.books.has(id),
  };

  get size(): number {
    return this.books.size;
  }

  get(tenantId: string): TenantBooks | undefined {
    return this.books.get(tenantId);
  }

  list(): OrganisationInfo[] {
    return [...this.books.values()].map((b) => ({
      tenantId: b.organisationId,
      name: b.name,
      shortCode: b.shortCode,
    }));
  }

  add(seed: OrganisationSeed): OrganisationInfo {
    if (this.books.has(seed.organisationId))
      throw new Error(`organisation ${seed.organisationId} already exists`);
    const b = new this.deps.accounting.OrganisationBooks(seed, this.deps.clock);
    this.books.set(b.organisationId, b);
    // The only source of webhook events: API requests and direct writes to the books alike.
    b.onChange((change) => this.deps.webhooks.emit(webhookEventOf(change, b.organisationId)));
    for (const app of this.deps.apps.list())
      if (app.kind === 'custom-connection' && app.tenantId === b.organisationId) this.connectCustom(app);
    return { tenantId: b.organisationId, name: b.name, shortCode: b.shortCode };
  }

  addApp(appInput: AppInput): App {
    const app = this.deps.apps.add(appInput);
    if (app.kind === 'custom-connection') {
      if (!app.tenantId || !this.books.has(app.tenantId))
        throw new Error(`custom connection "${app.clientId}": unknown organisation ${app.tenantId}`);
      this.connectCustom(app);
    }
    return app;
  }

  private connectCustom(app: App): void {
    const b = app.tenantId ? this.books.get(app.tenantId) : undefined;
    if (!b) return;
    const tenant = { tenantId: b.organisationId, tenantName: b.name };
    this.deps.connections.connect(
      app.clientId,
      customConnectionUserId(app),
      tenant,
      customConnectionAuthEventId(app),
    );
  }
}
