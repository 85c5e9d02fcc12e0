/**
 * Test and bench support for the webhook pipeline: a real callback server standing in for Power Automate's flow
 * callback, a proxy harness whose proxy can be restarted on the same data (and with short retry timings), and
 * helpers to act in the emulator's books as someone working in Xero would. The emulator announces every change to
 * its books (through its API or written directly) as one Xero webhook event, so a direct `recordPayment` reaches the
 * proxy like a payment made in Xero.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OrganisationBooks, XeroEmulator } from '@dxc/xero-emulator';
import { loadConfig } from '../config';
import { issueApiKey } from '../http/api-keys';
import { createProxy } from '../create-proxy';
import type { CreateProxyOptions, Proxy } from '../create-proxy';
import { startHarness } from './proxy-harness';
import type { Harness, HarnessOptions } from './proxy-harness';
import type { ConnectionRecord } from '../store/store';

export interface ReceivedNotification {
  /** When the request had been read: epoch milliseconds with a fraction (benches measure sub-millisecond parts). */
  at: number;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallbackServer {
  url: string;
  received: ReceivedNotification[];
  /** Answers with these statuses first (one per request), then 202. */
  answerNext(...statuses: number[]): void;
  /** Answers every request with this status from now on (undefined: back to 202). */
  answerAlways(status: number | undefined): void;
  /** Resolves when `count` notifications were answered 2xx. */
  waitForAccepted(count: number, timeoutMs?: number): Promise<ReceivedNotification[]>;
  accepted(): ReceivedNotification[];
  close(): Promise<void>;
}

export async function startCallbackServer(): Promise<CallbackServer> {
  const received: (ReceivedNotification & { status: number })[] = [];
  const queue: number[] = [];
  let always: number | undefined;
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = queue.shift() ?? always ?? 202;
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        at: performance.timeOrigin + performance.now(),
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
        status,
      });
      res.writeHead(status).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = () => received.filter((r) => r.status >= 200 && r.status < 300);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/flow-callback?sig=secret`,
    received,
    answerNext: (...statuses) => void queue.push(...statuses),
    answerAlways: (status) => void (always = status),
    accepted,
    async waitForAccepted(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (accepted().length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} accepted notifications, got ${accepted().length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 250).unref();
        });
      }
      return accepted();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls a condition (the system works asynchronously by design); never a fixed sleep. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The emulator's books of an organisation, with their methods typed. */
export function booksOf(emulator: XeroEmulator, tenantId: string): OrganisationBooks {
  return emulator.books<OrganisationBooks>(tenantId);
}

/**
 * Creates AUTHORISED sales invoices. Their creation is announced (CONTACT and INVOICE CREATE events): call
 * settleWebhooks() before subscribing, so that no subscription is told of it.
 */
export function createOpenInvoices(emulator: XeroEmulator, tenantId: string, count: number, amount = 100) {
  const books = booksOf(emulator, tenantId);
  const contact = books.createContact({
    name: `Webhook customer ${Math.random().toString(36).slice(2, 10)}`,
  });
  return Array.from({ length: count }, (_, i) =>
    books.createInvoice({
      contactId: contact.contactId,
      status: 'AUTHORISED',
      lineAmountTypes: 'NoTax',
      dueDate: books.today(),
      lineItems: [
        { description: `Webhook test ${i + 1}`, quantity: 1, unitAmount: amount, accountCode: '200' },
      ],
    }),
  );
}

export interface WebhookHarness {
  h: Harness;
  proxy: Proxy;
  url: string;
  connection: ConnectionRecord;
  apiKey: string;
  webhookKey: string;
  call(
    method: string,
    pathname: string,
    options?: { apiKey?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; text: string; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Connects another emulator organisation to the running proxy and gives it an API key. */
  connect(tenantId: string): Promise<{ connection: ConnectionRecord; apiKey: string }>;
  /** Closes the proxy and starts a new one on the same data; the emulator's webhooks follow it. */
  restart(): Promise<void>;
  /** Stops the proxy without starting another (restart() brings one back). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export const FAST_DELIVERY: CreateProxyOptions['webhookDelivery'] = {
  pollMs: 100,
  firstRetryMs: 100,
  maxRetryMs: 1000,
};

export interface WebhookHarnessOptions extends HarnessOptions {
  /** The proxy's delivery timings; FAST_DELIVERY unless given (`{}` runs the proxy's production defaults). */
  webhookDelivery?: CreateProxyOptions['webhookDelivery'];
  /** The proxy's clock (every start of it); tests move it to pass the batch interval without waiting. */
  now?: () => number;
}

export async function startWebhookHarness(options: WebhookHarnessOptions = {}): Promise<WebhookHarness> {
  const { webhookDelivery = FAST_DELIVERY, now, ...harnessOptions } = options;
  // The callback servers listen on 127.0.0.1: the proxy's documented opt-in for local callbacks.
  const h = await startHarness({
    ...harnessOptions,
    env: { WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', ...harnessOptions.env },
  });
  const { connection, apiKey } = await h.connect(h.emulator.organisations[0]!.tenantId);
  const webhookKey = h.env.XERO_WEBHOOK_KEY!;
  let running: Proxy | undefined = h.proxy;
  let url = h.url;
  const start = async () => {
    running = await createProxy({
      config: loadConfig(h.env),
      logDestination: { write: (line: string) => void h.logs.push(line) },
      keepAlive: false,
      webhookDelivery,
      ...(now ? { now } : {}),
    });
    h.proxy = running;
    url = await running.listen(0, '127.0.0.1');
    await h.emulator.webhooks.register({ url: `${url}/webhooks/xero`, key: webhookKey });
  };
  // The harness closes its first proxy itself (not h.proxy) on close(): make that close idempotent.
  const first = h.proxy;
  const closeFirst = first.close.bind(first);
  let firstClosed: Promise<void> | undefined;
  first.close = () => (firstClosed ??= closeFirst());
  await first.close();
  running = undefined;
  await start();
  const kit: WebhookHarness = {
    h,
    get proxy() {
      return running!;
    },
    get url() {
      return url;
    },
    connection,
    apiKey,
    webhookKey,
    async call(method, pathname, o = {}) {
      const response = await fetch(`${url}${pathname}`, {
        method,
        headers: {
          'X-Api-Key': o.apiKey ?? apiKey,
          ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...o.headers,
        },
        body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      return { status: response.status, body, text, headers: response.headers };
    },
    async connect(tenantId) {
      const { connect, store } = kit.proxy.services;
      const callback = h.emulator.consent(await connect.startAuthorization(), { tenantIds: [tenantId] });
      const outcome = await connect.completeAuthorization(callback);
      if (outcome.kind !== 'connected') throw new Error('expected one organisation');
      const { key } = await issueApiKey(store, outcome.connection.id, 'test', new Date().toISOString());
      return { connection: outcome.connection, apiKey: key };
    },
    async stop() {
      if (running) await running.close();
      running = undefined;
    },
    async restart() {
      await kit.stop();
      await start();
    },
    async close() {
      await kit.stop();
      await h.close();
    },
  };
  return kit;
}

/**
 * Resolves when every book change made so far has been delivered by the emulator and processed by the proxy: changes
 * made before a subscription exists then stay unannounced to it (the proxy completes them as "no subscriptions").
 */
export async function settleWebhooks(k: WebhookHarness): Promise<void> {
  const { webhooks } = k.h.emulator;
  await webhooks.flushAndDeliver();
  await eventually(
    () => webhooks.subscription.queuedBatches === 0,
    `the emulator to deliver its queued webhook batches (subscription ${webhooks.subscription.status})`,
  );
  // The proxy stores a batch and starts processing it before answering the emulator.
  await k.proxy.services.webhooks.idle();
}
