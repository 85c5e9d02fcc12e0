/**
 * Test harness: the real Xero emulator and a real proxy (in-process, port 0), the emulator's demo organisation
 * connected through the real consent flow, and an API key for it. Logs are captured for assertions.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startXeroEmulator } from '@dxc/xero-emulator';
import type { XeroEmulator, XeroEmulatorOptions } from '@dxc/xero-emulator';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { createProxy } from '../create-proxy';
import type { Proxy } from '../create-proxy';
import { issueApiKey } from '../http/api-keys';
import type { ConnectionRecord } from '../store/store';

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Harness {
  emulator: XeroEmulator;
  proxy: Proxy;
  url: string;
  dataDir: string;
  env: Record<string, string>;
  logs: string[];
  /** Connects an emulator organisation (the demo one by default) and returns it with a fresh API key. */
  connect(tenantId?: string): Promise<{ connection: ConnectionRecord; apiKey: string }>;
  call(
    method: string,
    pathname: string,
    options?: { apiKey?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    headers: Headers;
  }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  emulator?: XeroEmulatorOptions;
  env?: Record<string, string>;
  store?: 'sqlite' | 'postgres';
  /** Align the proxy's clock with the emulator's (tests that move time). */
  followEmulatorClock?: boolean;
}

/**
 * The harness options with Xero's rate limits lifted in the emulator and in the proxy's governor: for tests and
 * benches about outcomes, not pacing (Xero's 60 calls a minute would otherwise make them wait for the window).
 */
export function withoutRateLimits(options: HarnessOptions = {}): HarnessOptions {
  return {
    ...options,
    emulator: {
      ...options.emulator,
      limits: { perMinute: 1_000_000, concurrent: 1000, perDay: 10_000_000, appPerMinute: 10_000_000 },
    },
    env: { XERO_RATE_PER_WINDOW: '100000', ...options.env },
  };
}

export async function createPgSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_proxy_${randomBytes(6).toString('hex')}`;
  return {
    schema,
    async drop() {
      const admin = new Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startXeroEmulator({ port: 0, ...options.emulator });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-proxy-'));
  const pg = options.store === 'postgres' ? await createPgSchema() : undefined;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    DATA_DIR: dataDir,
    XERO_CLIENT_ID: DEMO_CLIENT_ID,
    XERO_CLIENT_SECRET: DEMO_CLIENT_SECRET,
    XERO_IDENTITY_URL: emulator.url,
    XERO_API_URL: emulator.url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ADMIN_SECRET: `admin-${randomBytes(12).toString('hex')}`,
    XERO_WEBHOOK_KEY: `whk-${randomBytes(12).toString('hex')}`,
    LOG_LEVEL: 'info',
    ...(pg ? { DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: pg.schema } : {}),
    ...options.env,
  };
  const logs: string[] = [];
  const config = loadConfig(env);
  const proxy = await createProxy({
    config,
    logDestination: { write: (line: string) => void logs.push(line) },
    now: options.followEmulatorClock ? () => emulator.clock.now().getTime() : undefined,
    keepAlive: false,
  });
  const url = await proxy.listen(0, '127.0.0.1');

  return {
    emulator,
    proxy,
    url,
    dataDir,
    env,
    logs,
    async connect(tenantId) {
      const authorizeUrl = await proxy.services.connect.startAuthorization();
      const callback = emulator.consent(authorizeUrl, tenantId ? { tenantIds: [tenantId] } : undefined);
      const outcome = await proxy.services.connect.completeAuthorization(callback);
      if (outcome.kind !== 'connected')
        throw new Error(`expected one organisation, got a picker of ${outcome.tenants.length}`);
      const { key } = await issueApiKey(
        proxy.services.store,
        outcome.connection.id,
        'test',
        new Date().toISOString(),
      );
      return { connection: outcome.connection, apiKey: key };
    },
    async call(method, pathname, o = {}) {
      const response = await fetch(`${url}${pathname}`, {
        method,
        headers: {
          ...(o.apiKey ? { 'X-Api-Key': o.apiKey } : {}),
          ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...o.headers,
        },
        body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON (HTML pages)
      }
      return { status: response.status, body, headers: response.headers };
    },
    async close() {
      await proxy.close();
      await emulator.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await pg?.drop();
    },
  };
}
