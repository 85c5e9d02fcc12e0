/**
 * What the conformance suite runs against: the accounting router alone in a small local app, or the full
 * emulator (identity, tokens, tenant guard, rate limits, idempotency in front of the same router). Either way
 * the client is the real xero-node v20, and every response it receives is validated against Xero's OpenAPI spec
 * by an interceptor on the axios instance xero-node itself uses.
 */
import { createRequire } from 'node:module';
import type { AxiosResponse, AxiosStatic } from 'axios';
import type { XeroClient } from 'xero-node';
import { TestClock } from '../../clock';
import { startXeroEmulator } from '../../emulator';
import { connectXeroNode } from '../../xero-node-wiring';
import type { OrganisationBooks } from '../books/organisation-books';
import type { XeroWebhookEvent } from '../seam';
import { startLocalAccounting, specValidator } from './local-accounting-app';
import type { SpecCheck } from './xero-spec-validator';
import { xeroNodeClientFor } from './xero-node-client';

export interface AccountingTarget {
  xero: XeroClient;
  tenantId: string;
  books: OrganisationBooks;
  clock: TestClock;
  events(): XeroWebhookEvent[];
  /** Every accounting response xero-node received, checked against the spec. */
  specChecks: SpecCheck[];
  close(): Promise<void>;
}

export const SUITE_START = new Date('2026-02-02T10:00:00Z');

const xeroAxios = createRequire(require.resolve('xero-node'))('axios') as AxiosStatic;

/** Validates the responses to requests under `basePath` that the given xero-node client's axios receives. */
function checkResponsesUnder(basePath: string, checks: SpecCheck[]): () => void {
  const validator = specValidator();
  const record = (response: AxiosResponse | undefined): void => {
    const url = response?.config.url ?? '';
    if (!response || !url.startsWith(basePath)) return;
    if (!/json/i.test(String(response.headers['content-type'] ?? ''))) return;
    const apiPath = new URL(url).pathname.replace(/^\/api\.xro\/2\.0/, '');
    checks.push(validator.check(response.config.method ?? 'get', apiPath, response.status, response.data));
  };
  const id = xeroAxios.interceptors.response.use(
    (response) => {
      record(response);
      return response;
    },
    (error: { response?: AxiosResponse }) => {
      record(error.response);
      return Promise.reject(error);
    },
  );
  return () => xeroAxios.interceptors.response.eject(id);
}

export async function localRouterTarget(): Promise<AccountingTarget> {
  const app = await startLocalAccounting({ now: SUITE_START });
  const specChecks: SpecCheck[] = [];
  const stopChecking = checkResponsesUnder(app.basePath, specChecks);
  return {
    xero: xeroNodeClientFor(app.basePath),
    tenantId: app.tenantId,
    books: app.books,
    clock: app.clock,
    events: () => app.events,
    specChecks,
    close: async () => {
      stopChecking();
      await app.close();
    },
  };
}

export async function fullEmulatorTarget(): Promise<AccountingTarget> {
  const clock = new TestClock();
  clock.set(SUITE_START);
  // The suite makes a few hundred calls in seconds; Xero's 60/minute would throttle it (rate limits have their own tests).
  const emulator = await startXeroEmulator({
    clock,
    limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 20 },
  });
  // No `openid` scope: openid-client checks id_token expiry against the real clock, and this suite runs the
  // emulator's clock at a fixed date.
  const client = await connectXeroNode(emulator.url, {
    httpTimeoutMs: 30_000,
    scopes: ['offline_access', 'accounting.transactions', 'accounting.contacts', 'accounting.settings'],
  });
  await client.authorize();
  const tenantId = emulator.organisations[0]!.tenantId;
  const specChecks: SpecCheck[] = [];
  const stopChecking = checkResponsesUnder(`${emulator.url}/api.xro/2.0`, specChecks);
  return {
    xero: client.xero,
    tenantId,
    books: emulator.books<OrganisationBooks>(tenantId),
    clock,
    events: () => emulator.webhooks.emittedEvents,
    specChecks,
    close: async () => {
      stopChecking();
      client.dispose();
      await emulator.close();
    },
  };
}

/** Every conformance suite runs against both: the accounting router alone, and the full emulator in front of it. */
export const ACCOUNTING_TARGETS: Array<[string, () => Promise<AccountingTarget>]> = [
  ['accounting router alone', localRouterTarget],
  ['full emulator', fullEmulatorTarget],
];
