/**
 * Xero calls per invoice for SyncInvoices, counted at the Xero emulator (its per-organisation usage counter)
 * through HTTP with the real proxy and xero-node: a first sync (new customers and products), a steady state (every
 * invoice changed, customers and products known) and an unchanged re-sync. Sizes: BATCHES batches of 50.
 * Prints a table and writes bench/results/sync-calls.json.   Run: npx tsx bench/sync/calls-per-invoice.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataverseInvoice } from '@dxc/openapi';
import {
  customer,
  invoice,
  line,
  settings,
  startHarness,
  withoutRateLimits,
} from '@dxc/proxy-service/testing';
import { resultFile } from '../support/result-file';

const BATCHES = Number(process.env.BATCHES ?? 10);
const BATCH = 50;

async function main(): Promise<void> {
  const h = await startHarness(
    withoutRateLimits({
      env: { LOG_LEVEL: 'warn' },
    }),
  );
  try {
    const { apiKey, connection } = await h.connect();
    const calls = () => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
    const s = settings({ defaultPurchaseAccountCode: '310' });
    // Each batch: 25 customers and 5 products of its own (the first sync's worst realistic case: all new).
    const batches: DataverseInvoice[][] = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: BATCH }, (_, i) => {
        const n = b * BATCH + i;
        return invoice(200_000 + n, {
          customer: customer(b * 25 + (i % 25)),
          lines: [
            line({ productNumber: `BENCH-${b}-${i % 5}`, quantity: 1 + (i % 3), unitPrice: 20 }),
            line({ productNumber: `BENCH-${b}-${(i + 1) % 5}`, quantity: 2, unitPrice: 15.5 }),
          ],
        });
      }),
    );
    const run = async (label: string, sets: DataverseInvoice[][]) => {
      const before = calls();
      const started = process.hrtime.bigint();
      const outcomes: Record<string, number> = {};
      for (const invoices of sets) {
        const res = await h.call('POST', '/v1/invoices/sync', { apiKey, body: { settings: s, invoices } });
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
        for (const r of res.body.results as { outcome: string }[])
          outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      }
      const invoices = sets.length * BATCH;
      const xeroCalls = calls() - before;
      return {
        scenario: label,
        invoices,
        xeroCalls,
        callsPerInvoice: Number((xeroCalls / invoices).toFixed(4)),
        ms: Number((Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)),
        outcomes,
      };
    };
    const rows = [];
    rows.push(await run('first sync', batches));
    const changed = batches.map((b) =>
      b.map((i) => ({ ...i, lines: i.lines.map((l) => ({ ...l, quantity: 7 })) })),
    );
    rows.push(await run('steady state (all changed)', changed));
    rows.push(await run('unchanged', changed));
    console.table(rows.map(({ outcomes, ...r }) => ({ ...r, outcomes: JSON.stringify(outcomes) })));
    const out = resultFile('sync-calls.json');
    fs.writeFileSync(
      out,
      `${JSON.stringify({ measuredAt: new Date().toISOString(), batchSize: BATCH, batches: BATCHES, rows }, null, 2)}\n`,
    );
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await h.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
