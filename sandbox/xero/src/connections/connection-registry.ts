/**
 * Connections: which organisations a user has authorised an app to reach (Xero's `GET /connections`). An access
 * token opens a tenant only while a connection for (app, user, tenant) exists, so deleting one cuts access at once.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';

export interface Connection {
  id: string;
  clientId: string;
  userId: string;
  tenantId: string;
  tenantName: string;
  authEventId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The JSON Xero returns: `2019-12-07T18:46:19.5165400`, seven fractional digits and no zone (section 9). */
export function xeroConnectionTimestamp(d: Date): string {
  return `${d.toISOString().slice(0, 23)}0000`;
}

export function connectionJson(c: Connection): Record<string, string> {
  return {
    id: c.id,
    authEventId: c.authEventId,
    tenantId: c.tenantId,
    tenantType: 'ORGANISATION',
    tenantName: c.tenantName,
    createdDateUtc: xeroConnectionTimestamp(c.createdAt),
    updatedDateUtc: xeroConnectionTimestamp(c.updatedAt),
  };
}

export class ConnectionRegistry {
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly clock: Clock) {}

  /** Connects (or reconnects, bumping updatedDateUtc and the auth event) the tenant for this app and user. */
  connect(
    clientId: string,
    userId: string,
    tenant: { tenantId: string; tenantName: string },
    authEventId: string,
  ): Connection {
    const now = this.clock.now();
    const existing = this.find(clientId, userId, tenant.tenantId);
    if (existing) {
      existing.updatedAt = now;
      existing.authEventId = authEventId;
      existing.tenantName = tenant.tenantName;
      return existing;
    }
    const connection: Connection = {
      id: randomUUID(),
      clientId,
      userId,
      tenantId: tenant.tenantId,
      tenantName: tenant.tenantName,
      authEventId,
      createdAt: now,
      updatedAt: now,
    };
    this.connections.set(connection.id, connection);
    return connection;
  }

  find(clientId: string, userId: string, tenantId: string): Connection | undefined {
    for (const c of this.connections.values()) {
      if (c.clientId === clientId && c.userId === userId && c.tenantId === tenantId) return c;
    }
    return undefined;
  }

  get(id: string): Connection | undefined {
    return this.connections.get(id);
  }

  listFor(clientId: string, userId: string): Connection[] {
    return [...this.connections.values()]
      .filter((c) => c.clientId === clientId && c.userId === userId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  all(): Connection[] {
    return [...this.connections.values()];
  }

  delete(id: string): boolean {
    return this.connections.delete(id);
  }

  deleteAllFor(clientId: string, userId: string): number {
    let n = 0;
    for (const c of this.listFor(clientId, userId)) n += this.connections.delete(c.id) ? 1 : 0;
    return n;
  }

  /** Used when a tenant's organisation is removed from the emulator: every app loses it. */
  deleteTenant(tenantId: string): void {
    for (const c of this.all()) if (c.tenantId === tenantId) this.connections.delete(c.id);
  }
}
