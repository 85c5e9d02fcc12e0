/**
 * Webhook latency (`npx tsx bench/webhooks/payment-to-notification.ts`): the time from a payment recorded in the
 * Xero emulator's books (as someone working in Xero would) to the WhenAnInvoiceChanges notification arriving at a
 * callback server standing in for Power Automate. The real proxy (in-process, SQLite store) with its production
 * delivery timings; the subscription is made over HTTP with the contract's WhenAnInvoiceChanges operation.
 *
 * The path is split where the proxy has stored the Xero events (its 200 to the emulator follows at once):
 * - emulator → proxy: the emulator's dispatcher batches the changes of one event-loop turn into one signed POST;
 *   the proxy checks the signature and stores the events before answering;
 * - proxy → callback: the proxy reads the changed invoices from Xero (one call per 50), writes the outbox and POSTs
 *   the notification.
 * Payments: BENCH_SEQUENTIAL one at a time (each waits for its notification), then BENCH_BURSTS bursts of
 * BENCH_BURST_SIZE recorded together (one Xero batch). Prints a table and writes bench/results/webhooks-latency.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreateProxyOptions } from '@dxc/proxy-service';
import {
  booksOf,
  createOpenInvoices,
  settleWebhooks,
  startCallbackServer,
  startWebhookHarness,
  withoutRateLimits,
} from '@dxc/proxy-service/testing';
import { resultFile } from '../support/result-file';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 100);
const BURSTS = Number(process.env.BENCH_BURSTS ?? 5);
const BURST_SIZE = Number(process.env.BENCH_BURST_SIZE ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const STORE = process.env.BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';
/** `{}`: createProxy's own defaults, as in production (the tests' FAST_DELIVERY shortens retries and polling). */
const DELIVERY: CreateProxyOptions['webhookDelivery'] = {};
const ROOT = path.resolve(__dirname, '..', '..');

/** Epoch milliseconds with a fraction: the callback server stamps arrivals the same way. */
const now = (): number => performance.timeOrigin + performance.now();

interface Sample {
  scenario: 'sequential' | `bursts of ${number}`;
  invoiceId: string;
  paidAt: number;
  storedAt: number;
  arrivedAt: number;
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  const round = (v: number) => Number(v.toFixed(2));
  return {
    n: sorted.length,
    p50_ms: round(rank(50)),
    p95_ms: round(rank(95)),
    p99_ms: round(rank(99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
    mean_ms: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}

interface Run {
  scenario: Sample['scenario'];
  ids: string[];
  emulatorPosts: number;
  xeroReads: number;
}

/** Latency percentiles of each part of the way, per scenario and over all. */
function latencyRows(samples: Sample[]) {
  const parts = [
    ['payment → callback (total)', (s: Sample) => s.arrivedAt - s.paidAt],
    ['payment → proxy stored (emulator part)', (s: Sample) => s.storedAt - s.paidAt],
    ['proxy stored → callback (proxy part)', (s: Sample) => s.arrivedAt - s.storedAt],
  ] as const;
  const scenarios = [...new Set(samples.map((s) => s.scenario)), 'all' as const];
  return scenarios.flatMap((scenario) => {
    const of = samples.filter((s) => scenario === 'all' || s.scenario === scenario);
    return parts.map(([part, value]) => ({ scenario, part, ...stats(of.map(value)) }));
  });
}

function perRunStats(runs: Run[], samples: Sample[], scenario: Sample['scenario']) {
  const own = runs.filter((r) => r.scenario === scenario);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  // First payment recorded → last notification of the run arrived.
  const spans = own.map((r) => {
    const of = samples.filter((s) => r.ids.includes(s.invoiceId));
    return Math.max(...of.map((s) => s.arrivedAt)) - Math.min(...of.map((s) => s.paidAt));
  });
  return {
    runs: own.length,
    paymentsPerRun: own[0]?.ids.length ?? 0,
    medianEmulatorPostsPerRun: median(own.map((r) => r.emulatorPosts)),
    medianProxyXeroReadsPerRun: median(own.map((r) => r.xeroReads)),
    firstPaymentToLastNotification: stats(spans),
  };
}

function benchSettings(payments: number) {
  return {
    payments,
    sequential: SEQUENTIAL,
    bursts: BURSTS,
    burstSize: BURST_SIZE,
    warmupPayments: WARMUP,
    proxyStore: STORE,
    proxyLogLevel: 'info',
    proxyDelivery:
      'createProxy without webhookDelivery, i.e. the InvoiceChangeNotifier defaults (pollMs 1000, firstRetryMs 5000, maxRetryMs 900000, deliveryTimeoutMs 10000); a receipt also starts a pass at once, so pollMs does not add to the latency; retries would (counted in checks)',
    emulatorWebhooks:
      'dispatcher defaults: the changes of one event-loop turn in one POST, 5 s timeout, Intent to Receive passed',
    rateLimits:
      'lifted in the emulator and the proxy governor (Xero allows 60 calls a minute per organisation)',
    subscription: 'WhenAnInvoiceChanges (POST /v1/subscriptions), all event types',
  };
}

async function main(): Promise<void> {
  // Xero's 60 calls a minute would make this a measure of the rate limit (each notification batch costs one read).
  const k = await startWebhookHarness({
    ...withoutRateLimits({ store: STORE, env: { LOG_LEVEL: 'info' } }),
    webhookDelivery: DELIVERY,
  });
  const cb = await startCallbackServer();
  try {
    const tenantId = k.connection.tenantId;
    const emulator = k.h.emulator;
    const total = WARMUP + SEQUENTIAL + BURSTS * BURST_SIZE;
    const invoices = createOpenInvoices(emulator, tenantId, total);
    // Their creation is announced too; let it pass before subscribing so only payments are notified.
    await settleWebhooks(k);

    const subscribed = await k.call('POST', '/v1/subscriptions', { body: { callbackUrl: cb.url } });
    if (subscribed.status !== 201)
      throw new Error(`WhenAnInvoiceChanges: HTTP ${subscribed.status} ${subscribed.text}`);

    // Instrumentation only: when the proxy's store has committed an event, just before its 200 to the emulator.
    const storedAt = new Map<string, number>();
    const store = k.proxy.services.store.webhooks;
    const save = store.saveXeroEvents.bind(store);
    store.saveXeroEvents = async (events, receivedAt) => {
      const added = await save(events, receivedAt);
      const t = now();
      for (const e of events)
        if (!storedAt.has(e.resourceId.toLowerCase())) storedAt.set(e.resourceId.toLowerCase(), t);
      return added;
    };

    const books = booksOf(emulator, tenantId);
    const paidAt = new Map<string, number>();
    let next = 0;
    const pay = () => {
      const invoice = invoices[next++]!;
      paidAt.set(invoice.invoiceId.toLowerCase(), now());
      books.recordPayment({ invoiceId: invoice.invoiceId, amount: invoice.amountDue });
      return invoice.invoiceId.toLowerCase();
    };
    const xeroCalls = () => emulator.limits.usage(tenantId)[0]?.total ?? 0;
    const eventPosts = () => emulator.webhooks.deliveries.filter((d) => d.kind === 'events').length;

    for (let i = 0; i < WARMUP; i++) {
      pay();
      await cb.waitForAccepted(i + 1);
    }

    const runs: Run[] = [];
    const run = async (scenario: Sample['scenario'], paymentsAtOnce: number) => {
      const posts = eventPosts();
      const calls = xeroCalls();
      const ids = Array.from({ length: paymentsAtOnce }, pay);
      await cb.waitForAccepted(next);
      runs.push({ scenario, ids, emulatorPosts: eventPosts() - posts, xeroReads: xeroCalls() - calls });
    };
    for (let i = 0; i < SEQUENTIAL; i++) await run('sequential', 1);
    for (let i = 0; i < BURSTS; i++) await run(`bursts of ${BURST_SIZE}`, BURST_SIZE);
    await k.proxy.services.webhooks.idle();

    const arrivals = new Map<string, number[]>();
    for (const n of cb.accepted()) {
      const id = String(n.body.xeroInvoiceId).toLowerCase();
      arrivals.set(id, [...(arrivals.get(id) ?? []), n.at]);
    }
    const samples: Sample[] = runs.flatMap((r) =>
      r.ids.map((invoiceId) => {
        const arrived = arrivals.get(invoiceId);
        const stored = storedAt.get(invoiceId);
        if (!arrived || stored === undefined) throw new Error(`no notification for invoice ${invoiceId}`);
        return {
          scenario: r.scenario,
          invoiceId,
          paidAt: paidAt.get(invoiceId)!,
          storedAt: stored,
          arrivedAt: arrived[0]!,
        };
      }),
    );
    const duplicates = [...arrivals.values()].filter((a) => a.length > 1).length;
    const wrong = cb.accepted().filter((n) => n.body.eventType !== 'Paid' || n.body.status !== 'PAID').length;

    const rows = latencyRows(samples);
    const perRun = (scenario: Sample['scenario']) => perRunStats(runs, samples, scenario);

    console.table(rows);
    const result = {
      benchmark: 'webhooks-latency',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      settings: benchSettings(samples.length),
      rows,
      perRun: {
        sequential: perRun('sequential'),
        [`bursts of ${BURST_SIZE}`]: perRun(`bursts of ${BURST_SIZE}`),
      },
      checks: {
        notifications: cb.accepted().length - WARMUP,
        duplicates,
        notPaid: wrong,
        callbackRetries: cb.received.length - cb.accepted().length,
        emulatorRetries: emulator.webhooks.deliveries.filter((d) => d.kind === 'events' && !d.ok).length,
      },
      note: 'Everything runs in one process on a 2-core machine shared with other work; the split point is when the proxy has committed the Xero events (just before its 200 to the emulator). The emulator sends a webhook as soon as the change is committed; whatever delay real Xero adds before its POST is not included.',
    };
    const out = resultFile('webhooks-latency.json');
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written ${path.relative(ROOT, out)}`);
    if (duplicates > 0 || wrong > 0)
      throw new Error(`${duplicates} duplicated and ${wrong} unexpected notifications`);
  } finally {
    await cb.close();
    await k.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
