/**
 * WhenAnInvoiceChanges callbacks through the real proxy: what a subscription may point at (production defaults, no
 * WEBHOOK_ALLOW_PRIVATE_CALLBACKS), the same check made again when a notification is delivered, and callback URLs
 * sealed at rest on SQLite and PostgreSQL, including rows an older proxy stored in plain text.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { TEST_PG_URL } from '../test-support/proxy-harness';
import {
  booksOf,
  createOpenInvoices,
  eventually,
  settleWebhooks,
  startCallbackServer,
  startWebhookHarness,
} from '../test-support/webhook-test-kit';
import type { CallbackServer, WebhookHarness } from '../test-support/webhook-test-kit';

jest.setTimeout(120_000);

describe('callback addresses with the production defaults', () => {
  let k: WebhookHarness;
  let cb: CallbackServer;
  beforeAll(async () => {
    k = await startWebhookHarness({ env: { WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'false' } });
    cb = await startCallbackServer();
  });
  afterAll(async () => {
    await cb?.close();
    await k?.close();
  });

  test.each([
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/', /must use https/],
    [
      'cloud metadata over https',
      'https://169.254.169.254/latest/meta-data/iam/',
      /169\.254\.169\.254 is linkLocal/,
    ],
    ['loopback', 'https://127.0.0.1:9/cb', /127\.0\.0\.1 is loopback/],
    ['localhost', 'https://localhost:9/cb', /localhost \(.+\) is loopback/],
    ['a private address', 'https://10.0.0.5/cb', /10\.0\.0\.5 is private/],
    ['IPv6 loopback', 'https://[::1]:9/cb', /::1 is loopback/],
    ['credentials', 'https://admin:pw@93.184.215.14/cb', /must not contain a user name or password/],
    ['no host (http://)', 'http://', /must be an absolute URL with a host/],
    ['no host (https://)', 'https://', /must be an absolute URL with a host/],
  ])('%s is refused with 400 naming body.callbackUrl', async (_what, callbackUrl, reason) => {
    const answer = await k.call('POST', '/v1/subscriptions', { body: { callbackUrl } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'body.callbackUrl', reason: expect.stringMatching(reason) }],
    });
  });

  test('a callback stored before this check (or re-bound since) is refused at delivery: nothing reaches it', async () => {
    const tenantId = k.connection.tenantId;
    const [invoice] = createOpenInvoices(k.h.emulator, tenantId, 1);
    await settleWebhooks(k);
    const id = randomUUID();
    // As an older proxy stored it: the callback server's loopback URL, in plain text.
    await k.proxy.services.store.webhooks.createSubscription({
      id,
      connectionId: k.connection.id,
      tenantId,
      callbackUrl: cb.url,
      eventTypes: [],
      createdAt: new Date().toISOString(),
    });
    booksOf(k.h.emulator, tenantId).recordPayment({
      invoiceId: invoice!.invoiceId,
      amount: invoice!.amountDue,
    });
    const [row] = await eventually(async () => {
      const rows = await k.proxy.services.store.webhooks.listOutbox(id);
      return rows.length > 0 && rows[0]!.attempts > 0 && rows;
    }, 'a delivery attempt');
    expect(row!.deliveredAt).toBeNull();
    expect(row!.lastError).toMatch(/not allowed: must use https/);
    expect(cb.received).toEqual([]);
    expect(k.h.logs.join('')).not.toContain('sig=secret');
  });
});

describe.each(['sqlite', 'postgres'] as const)('callback URLs at rest on %s', (store) => {
  let k: WebhookHarness;
  let cb: CallbackServer;
  beforeAll(async () => {
    k = await startWebhookHarness({ store });
    cb = await startCallbackServer();
  });
  afterAll(async () => {
    await cb?.close();
    await k?.close();
  });

  /** The callback_url columns as the database holds them. */
  const storedCallbackUrls = async (): Promise<string[]> => {
    const sql = `SELECT callback_url FROM invoice_subscriptions UNION ALL SELECT callback_url FROM webhook_outbox`;
    if (store === 'sqlite') {
      const db = new Database(path.join(k.h.dataDir, 'proxy.db'), { readonly: true });
      try {
        return (db.prepare(sql).all() as { callback_url: string }[]).map((r) => r.callback_url);
      } finally {
        db.close();
      }
    }
    const client = new Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${k.h.env.DATABASE_SCHEMA}"`);
      return (await client.query(sql)).rows.map((r: { callback_url: string }) => r.callback_url);
    } finally {
      await client.end();
    }
  };

  test('a new subscription and its notifications hold the callback URL sealed, and deliveries still arrive', async () => {
    const tenantId = k.connection.tenantId;
    const [invoice] = createOpenInvoices(k.h.emulator, tenantId, 1);
    await settleWebhooks(k);
    const sub = await k.call('POST', '/v1/subscriptions', { body: { callbackUrl: cb.url } });
    expect(sub.status).toBe(201);
    booksOf(k.h.emulator, tenantId).recordPayment({
      invoiceId: invoice!.invoiceId,
      amount: invoice!.amountDue,
    });
    await cb.waitForAccepted(1);
    const stored = await storedCallbackUrls();
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const value of stored) {
      expect(value).toMatch(/^v1\./);
      expect(value).not.toContain('flow-callback');
    }
    await k.call('DELETE', `/v1/subscriptions/${sub.body.subscriptionId}`);
  });

  test('plain callback URLs left by an older proxy are sealed when the proxy starts, and still delivered to', async () => {
    const tenantId = k.connection.tenantId;
    const [invoice] = createOpenInvoices(k.h.emulator, tenantId, 1);
    await settleWebhooks(k);
    const id = randomUUID();
    await k.proxy.services.store.webhooks.createSubscription({
      id,
      connectionId: k.connection.id,
      tenantId,
      callbackUrl: cb.url,
      eventTypes: [],
      createdAt: new Date().toISOString(),
    });
    expect(await storedCallbackUrls()).toContain(cb.url);
    await k.restart();
    expect((await storedCallbackUrls()).filter((v) => !v.startsWith('v1.'))).toEqual([]);
    const before = cb.accepted().length;
    booksOf(k.h.emulator, tenantId).recordPayment({
      invoiceId: invoice!.invoiceId,
      amount: invoice!.amountDue,
    });
    const notifications = await cb.waitForAccepted(before + 1);
    expect(notifications.at(-1)!.body).toMatchObject({ xeroInvoiceId: invoice!.invoiceId, status: 'PAID' });
    expect(k.h.logs.some((l) => l.includes('"callback_urls_sealed"'))).toBe(true);
  });
});
