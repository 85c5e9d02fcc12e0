/**
 * The one-off Xero calls of issue 14 §3 and §4 (online invoice link, email from Xero), counted at the Xero emulator
 * through HTTP with the real proxy and xero-node, separately from the frugal-flows budgets (bench:flows), which
 * they leave untouched: both are one call per approved sales invoice, once in its life, and a re-sync or an edit
 * costs nothing more. For BATCHES batches of 50 approved sales invoices (customers and products known after the
 * first round), each in a fresh organisation:
 * - sync only (link Never, no email): the baseline;
 * - with the link (While the call budget allows, Xero reporting plenty left);
 * - with the link and the email;
 * then, in the last organisation, an unchanged re-sync and an edit of every invoice.
 * Prints a table and writes bench/results/sync-delivery-calls.json.   Run: npx tsx bench/sync/delivery-calls.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import {
  customer,
  invoice,
  line,
  settings,
  startHarness,
  withoutRateLimits,
} from '@dxc/proxy-service/testing';
import { resultFile } from '../support/result-file';

const BATCHES = Number(process.env.BATCHES ?? 4);
const BATCH = 50;

const batches: DataverseInvoice[][] = Array.from({ length: BATCHES }, (_, b) =>
  Array.from({ length: BATCH }, (_, i) =>
    invoice(300_000 + b * BATCH + i, {
      customer: customer(i % 25, { email: `buyer${i % 25}@example.com` }),
      lines: [line({ productNumber: `DELIVERY-${i % 5}`, quantity: 1 + (i % 3), unitPrice: 20 })],
    }),
  ),
);
const edited = batches.map((b) =>
  b.map((i) => ({ ...i, lines: i.lines.map((l) => ({ ...l, quantity: 9 })) })),
);

interface Row {
  scenario: string;
  invoices: number;
  xeroCalls: number;
  callsPerInvoice: number;
  /** Calls above the baseline of the same invoices, per invoice: the one-off cost. */
  oneOffPerInvoice?: number;
  emails: number;
}

async function measure(label: string, s: SyncSettings, followUps = false): Promise<Row[]> {
  const h = await startHarness(withoutRateLimits({ env: { LOG_LEVEL: 'warn' } }));
  try {
    const { apiKey, connection } = await h.connect();
    const calls = () => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
    const emails = async () => {
      const res = await fetch(`${h.emulator.url}/__emulator/organisations/${connection.tenantId}/emails`);
      return ((await res.json()) as { emails: unknown[] }).emails.length;
    };
    const run = async (scenario: string, sets: DataverseInvoice[][]): Promise<Row> => {
      const before = calls();
      const sentBefore = await emails();
      for (const invoices of sets) {
        const res = await h.call('POST', '/v1/invoices/sync', { apiKey, body: { settings: s, invoices } });
        if (res.status !== 200)
          throw new Error(`${scenario}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      }
      const xeroCalls = calls() - before;
      const invoices = sets.length * BATCH;
      return {
        scenario,
        invoices,
        xeroCalls,
        callsPerInvoice: Number((xeroCalls / invoices).toFixed(4)),
        emails: (await emails()) - sentBefore,
      };
    };
    const rows = [await run(label, batches)];
    if (followUps) {
      rows.push(await run(`${label}: unchanged re-sync`, batches));
      rows.push(await run(`${label}: every invoice edited`, edited));
    }
    return rows;
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  const approved = settings({ defaultStatus: 'AUTHORISED', defaultPurchaseAccountCode: '310' });
  const [baseline] = await measure('sync only', { ...approved, onlineInvoiceLink: 'off' });
  const [link] = await measure('with the online invoice link', { ...approved, onlineInvoiceLink: 'auto' });
  const both = await measure(
    'with the link and the email',
    { ...approved, onlineInvoiceLink: 'auto', emailWhenAuthorised: true },
    true,
  );
  const rows = [baseline!, link!, ...both];
  for (const row of [link!, both[0]!])
    row.oneOffPerInvoice = Number(((row.xeroCalls - baseline!.xeroCalls) / row.invoices).toFixed(4));
  console.table(rows);
  const out = resultFile('sync-delivery-calls.json');
  fs.writeFileSync(
    out,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), batchSize: BATCH, batches: BATCHES, rows }, null, 2)}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
