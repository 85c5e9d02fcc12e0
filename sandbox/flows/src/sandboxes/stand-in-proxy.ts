import { getOperation } from '@dxc/openapi';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Test support: a stand-in for the proxy that answers a few contract operations with fixed bodies.

export const API_KEY = 'dxc_test_key_0123456789';
export const TENANT = '8a1b2c3d-0000-4000-8000-000000000001';
export const SUBSCRIPTION = '5b6c7d8e-0000-4000-8000-000000000009';

export interface Received {
  method: string;
  path: string;
  apiKey?: string;
  body?: unknown;
}

export interface StandInProxy {
  url: string;
  received: Received[];
  callbackUrls: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for the proxy: answers four contract operations (their method and path read from @dxc/openapi) with
 * fixed bodies, refuses a wrong API key with the contract's 401, and records what it received.
 */
export async function startStandInProxy(): Promise<StandInProxy> {
  const received: Received[] = [];
  const callbackUrls: string[] = [];
  const route = (operationId: string) => {
    const op = getOperation(operationId);
    return {
      method: op.method.toUpperCase(),
      pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    };
  };
  const routes = {
    GetConnection: route('GetConnection'),
    GetInvoiceStatuses: route('GetInvoiceStatuses'),
    WhenAnInvoiceChanges: route('WhenAnInvoiceChanges'),
    DeleteSubscription: route('DeleteSubscription'),
  };
  let base = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      const apiKey = req.headers['x-api-key'] as string | undefined;
      received.push({ method: req.method!, path: `${url.pathname}${url.search}`, apiKey, body });
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
        res
          .writeHead(status, { 'Content-Type': 'application/json', ...headers })
          .end(JSON.stringify(payload));
      if (apiKey !== API_KEY) {
        json(401, { code: 'Unauthorized', message: 'The API key is missing or not valid.' });
        return;
      }
      const is = (r: { method: string; pattern: RegExp }) =>
        req.method === r.method && r.pattern.test(url.pathname);
      if (is(routes.GetConnection)) {
        json(200, {
          organisationName: 'Demo Company (UK)',
          tenantId: TENANT,
          health: 'Connected',
          adminUrl: `${base}/admin`,
        });
      } else if (is(routes.GetInvoiceStatuses)) {
        const ids = (body as { xeroInvoiceIds?: string[] }).xeroInvoiceIds ?? [];
        json(200, { invoices: ids.map((id) => ({ xeroInvoiceId: id, status: 'PAID' })), hasMore: false });
      } else if (is(routes.WhenAnInvoiceChanges)) {
        callbackUrls.push((body as { callbackUrl: string }).callbackUrl);
        json(
          201,
          { subscriptionId: SUBSCRIPTION, eventTypes: (body as { eventTypes?: string[] }).eventTypes ?? [] },
          {
            Location: `${base}/v1/subscriptions/${SUBSCRIPTION}`,
          },
        );
      } else if (is(routes.DeleteSubscription)) {
        res.writeHead(204).end();
      } else {
        json(404, { code: 'NotFound', message: `No route ${req.method} ${url.pathname}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    callbackUrls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
