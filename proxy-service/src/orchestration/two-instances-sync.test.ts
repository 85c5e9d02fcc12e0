/**
 * Two proxy instances on one PostgreSQL database, given overlapping batches of the same new invoices at the same
 * moment (a flow retried against another instance behind a load balancer, or two flows picking up the same rows):
 * the organisation lease makes them take turns, so each invoice is created in Xero exactly once and the second
 * batch finds the first batch's invoices in the ledger.
 */
import type { DataverseInvoice } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { loadConfig } from '../config';
import { createProxy } from '../create-proxy';
import type { Proxy } from '../create-proxy';
import { customer, invoice, line, settings } from '../domain/invoices/test-support/batch-fixtures';
import { startHarness } from '../test-support/proxy-harness';
import type { Harness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
let other: Proxy;
let otherUrl: string;
let apiKey: string;

beforeAll(async () => {
  h = await startHarness({ store: 'postgres' });
  ({ apiKey } = await h.connect());
  other = await createProxy({
    config: loadConfig(h.env),
    logDestination: { write: (l: string) => void h.logs.push(l) },
    keepAlive: false,
  });
  otherUrl = await other.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await other?.close();
  await h?.close();
});

function newInvoices(from: number, to: number, prefix: string): DataverseInvoice[] {
  return Array.from({ length: to - from + 1 }, (_, i) =>
    invoice(from + i, {
      invoiceNumber: `${prefix}-${from + i}`,
      customer: customer(from + i),
      lines: [line({ quantity: 1, unitPrice: 10 + from + i })],
    }),
  );
}

async function post(base: string, invoices: DataverseInvoice[]) {
  const response = await fetch(`${base}/v1/invoices/sync`, {
    method: 'POST',
    headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ settings: settings({ defaultPurchaseAccountCode: '310' }), invoices }),
  });
  return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

test('overlapping batches of new invoices sent to two instances at once: every invoice created exactly once', async () => {
  const tenantId = h.emulator.organisations[0]!.tenantId;
  const books = h.emulator.books<OrganisationBooks>(tenantId);
  // Xero takes its time over each write, so without the lease both batches would be planned before either
  // reached the ledger.
  h.emulator.faults.inject({ kind: 'latency', latencyMs: 300, method: 'POST', count: null });
  const [a, b] = await Promise.all([
    post(h.url, newInvoices(1, 40, 'LEASE')),
    post(otherUrl, newInvoices(21, 60, 'LEASE')),
  ]);
  h.emulator.faults.clear();

  expect([a.status, b.status]).toEqual([200, 200]);
  const counts = new Map<string, number>();
  for (const i of books.listInvoices())
    if (i.invoiceNumber.startsWith('LEASE-'))
      counts.set(i.invoiceNumber, (counts.get(i.invoiceNumber) ?? 0) + 1);
  expect(counts.size).toBe(60);
  expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  // Whichever went second found the overlap already in the ledger: unchanged, with the same Xero ids.
  const ids = (r: typeof a) =>
    new Map<string, string>(
      r.body.results.map((x: { invoiceId: string; xeroInvoiceId: string }) => [x.invoiceId, x.xeroInvoiceId]),
    );
  const [idsA, idsB] = [ids(a), ids(b)];
  for (const inv of newInvoices(21, 40, 'LEASE'))
    expect(idsA.get(inv.invoiceId)).toBe(idsB.get(inv.invoiceId));
  const outcomes = [a, b].map((r) => r.body.summary);
  expect(outcomes.map((s) => s.failed)).toEqual([0, 0]);
  expect(outcomes.reduce((n, s) => n + s.created, 0)).toBe(60);
  expect(outcomes.reduce((n, s) => n + s.unchanged, 0)).toBe(20);
});
