/**
 * SyncInvoices through HTTP: the real proxy, the real xero-node, the Xero emulator. Xero calls are counted at the
 * emulator (its per-tenant usage counter), invoices in the emulator's books.
 */
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import {
  customer,
  invoice,
  line,
  seedInvoice,
  settings,
} from '../domain/invoices/test-support/batch-fixtures';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';
import type { ConnectionRecord } from '../store/store';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;

beforeEach(async () => {
  h = await startHarness({ env: { XERO_HTTP_TIMEOUT_MS: '5000' } });
  const connected = await h.connect();
  apiKey = connected.apiKey;
  connection = connected.connection;
});
afterEach(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
const demo = (overrides: Partial<SyncSettings> = {}) =>
  settings({ defaultPurchaseAccountCode: '310', ...overrides });

async function sync(invoices: DataverseInvoice[], s: SyncSettings = demo()) {
  const before = xeroCalls();
  const res = await h.call('POST', '/v1/invoices/sync', { apiKey, body: { settings: s, invoices } });
  return { ...res, calls: xeroCalls() - before };
}

/** How many invoices the emulator holds for each invoice number (deleted ones included). */
function countByNumber(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const i of books().listInvoices()) counts.set(i.invoiceNumber, (counts.get(i.invoiceNumber) ?? 0) + 1);
  return counts;
}

describe('SyncInvoices through HTTP against the Xero emulator', () => {
  test('the seed invoice: 3 × 300.00 and 2 × 99.00 at 20% → 1,098.00 + 219.60 = 1,317.60, in 5 Xero calls', async () => {
    const seed = { ...seedInvoice(), brandingThemeId: undefined };
    const { status, body, calls } = await sync([seed]);
    expect(status).toBe(200);
    expect(calls).toBe(5); // contacts lookup + create, items lookup + create, invoices write
    expect(body.summary).toEqual({ total: 1, created: 1, updated: 0, unchanged: 0, failed: 0 });
    const result = body.results[0];
    expect(result).toMatchObject({
      invoiceId: seed.invoiceId,
      outcome: 'created',
      invoiceNumber: seed.invoiceNumber,
      status: 'DRAFT',
      subTotal: 1098,
      totalTax: 219.6,
      total: 1317.6,
      amountDue: 1317.6,
    });
    expect(result.message).toMatch(/^Invoice has been created in Xero - /);
    expect(result.url).toContain(`shortcode=${connection.shortCode}`);
    expect(result.lines.map((l: { lineId: string; taxAmount: number }) => [l.lineId, l.taxAmount])).toEqual([
      [seed.lines[0]!.lineId, 180],
      [seed.lines[1]!.lineId, 0],
      [seed.lines[2]!.lineId, 39.6],
    ]);
    const stored = books().findInvoice(result.xeroInvoiceId)!;
    expect(stored.contactId).toBe(result.xeroContactId);

    const again = await sync([seed]);
    expect(again.calls).toBe(0);
    expect(again.body.results[0]).toMatchObject({
      outcome: 'unchanged',
      xeroInvoiceId: result.xeroInvoiceId,
      invoiceNumber: seed.invoiceNumber,
      status: 'DRAFT',
    });
  });

  test('frugal: a first sync of 50 is ≤ 0.15 calls per invoice, steady state ≤ 0.05, unchanged 0', async () => {
    const products = ['SKU-A', 'SKU-B', 'SKU-C'];
    const invoices = Array.from({ length: 50 }, (_, n) =>
      invoice(1000 + n, {
        customer: customer(n % 10),
        lines: [line({ productNumber: products[n % 3], quantity: 1 + (n % 4), unitPrice: 10 + n })],
      }),
    );
    const first = await sync(invoices);
    expect(first.status).toBe(200);
    expect(first.body.summary.created).toBe(50);
    expect(first.calls / 50).toBeLessThanOrEqual(0.15);
    expect(first.calls).toBe(5);

    const changed = invoices.map((i) => ({ ...i, lines: [{ ...i.lines[0]!, quantity: 9 }] }));
    const steady = await sync(changed);
    expect(steady.body.summary.updated).toBe(50);
    expect(steady.calls / 50).toBeLessThanOrEqual(0.05);
    expect(steady.calls).toBe(1);

    const unchanged = await sync(changed);
    expect(unchanged.body.summary.unchanged).toBe(50);
    expect(unchanged.calls).toBe(0);
    expect([...countByNumber().values()].every((n) => n === 1)).toBe(true);
    expect(countByNumber().size).toBe(50);
  });

  test('an update of a paid invoice fails with Xero reason; one bad invoice does not sink the batch', async () => {
    const [a, b] = [invoice(1), invoice(2)];
    const first = await sync([a!, b!], demo({ defaultStatus: 'AUTHORISED' }));
    expect(first.body.summary.created).toBe(2);
    const paidId = first.body.results[0].xeroInvoiceId as string;
    books().recordPayment({ invoiceId: paidId, amount: first.body.results[0].total });
    const changed = [a!, b!].map((i) => ({ ...i, lines: [{ ...i.lines[0]!, quantity: 7 }] }));
    const second = await sync(changed, demo({ defaultStatus: 'AUTHORISED' }));
    expect(second.calls).toBe(1);
    expect(second.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['failed', 'updated']);
    expect(second.body.results[0].errors[0].code).toBe('xero_validation');
    expect(second.body.results[0].message).toMatch(/^Xero refused the invoice: .+/);
    expect(books().findInvoice(paidId)!.status).toBe('PAID');
  });

  test('a lost answer (Xero wrote, the connection dropped) is retried in another batch without a second invoice', async () => {
    const [a, b, c] = [invoice(11), invoice(12), invoice(13)];
    h.emulator.faults.inject({ kind: 'drop-response', method: 'PUT', path: '/Invoices' });
    const lost = await sync([a!, b!]);
    expect(lost.status).toBe(200);
    expect(lost.body.summary.failed).toBe(2);
    expect(lost.body.results[0].message).toMatch(/safe to send the invoice again/);
    expect(countByNumber().get(a!.invoiceNumber!)).toBe(1); // Xero did write

    // The flow retries the failed ones together with a new one: a different batch, so a different key.
    const retry = await sync([c!, a!, b!]);
    expect(retry.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'created',
      'created',
      'created',
    ]);
    expect(retry.body.results[1].message).toMatch(/found it in Xero instead of creating it again/);
    expect(retry.body.results[1].total).toBe(120);
    for (const i of [a!, b!, c!]) expect(countByNumber().get(i.invoiceNumber!)).toBe(1);
    // Recovery cost one lookup; the next sync of the same three costs nothing.
    expect((await sync([c!, a!, b!])).calls).toBe(0);
  });

  test('with Xero numbering, a lost create is found by its contact and content', async () => {
    const s = demo({ useXeroInvoiceNumbering: true });
    const a = invoice(21, { invoiceNumber: undefined, reference: 'PO 777' });
    h.emulator.faults.inject({ kind: 'drop-response', method: 'PUT', path: '/Invoices' });
    expect((await sync([a], s)).body.summary.failed).toBe(1);
    const retry = await sync([a, invoice(22, { invoiceNumber: undefined })], s);
    expect(retry.body.summary.created).toBe(2);
    const ours = books()
      .listInvoices()
      .filter((i) => i.reference === 'PO 777');
    expect(ours).toHaveLength(1);
    expect(retry.body.results[0].xeroInvoiceId).toBe(ours[0]!.invoiceId);
  });

  test('the same batch retried after a lost answer is replayed by Xero (same Idempotency-Key)', async () => {
    const batch = [invoice(31), invoice(32)];
    h.emulator.faults.inject({ kind: 'drop-response', method: 'PUT', path: '/Invoices' });
    await sync(batch);
    const retry = await sync(batch);
    expect(retry.body.summary.created).toBe(2);
    for (const i of batch) expect(countByNumber().get(i.invoiceNumber!)).toBe(1);
  });
});

test('GetInvoiceStatuses names the Dataverse invoice of each synced Xero invoice', async () => {
  const synced = await sync([invoice(41)]);
  const xeroId = synced.body.results[0].xeroInvoiceId as string;
  const res = await h.call('POST', '/v1/invoices/status', { apiKey, body: { xeroInvoiceIds: [xeroId] } });
  expect(res.status).toBe(200);
  expect(res.body.invoices[0]).toMatchObject({ xeroInvoiceId: xeroId, invoiceId: invoice(41).invoiceId });
});

test("GetInvoiceStatuses brings the ledger up to date: a re-sync answers Xero's current status and refuses a paid invoice's change unsent", async () => {
  const approved = invoice(42, { lines: [line({ quantity: 2, unitPrice: 50 })] });
  const synced = await sync([approved], demo({ defaultStatus: 'AUTHORISED' }));
  const xeroId = synced.body.results[0].xeroInvoiceId as string;
  // Someone records a part payment in Xero; only the scheduled status check hears of it (no webhooks here).
  books().recordPayment({ invoiceId: xeroId, amount: 30 });
  const statuses = await h.call('POST', '/v1/invoices/status', {
    apiKey,
    body: { xeroInvoiceIds: [xeroId] },
  });
  expect(statuses.body.invoices[0]).toMatchObject({ status: 'AUTHORISED', amountPaid: 30 });

  const changed = { ...approved, lines: [{ ...approved.lines[0]!, quantity: 3 }] };
  const again = await sync([changed], demo({ defaultStatus: 'AUTHORISED' }));
  expect(again.calls).toBe(0);
  expect(again.body.results[0]).toMatchObject({ outcome: 'failed', xeroInvoiceId: xeroId });
  expect(again.body.results[0].errors.map((e: { code: string }) => e.code)).toEqual(['not_changeable']);
  expect(books().findInvoice(xeroId)!.lineItems[0]!.quantity).toBe(2);
});

test('two requests at once carrying the same new invoice create it once (batches of an organisation queue)', async () => {
  const shared = invoice(51);
  const [one, two] = await Promise.all([sync([shared, invoice(52)]), sync([invoice(53), shared])]);
  expect(one.status).toBe(200);
  expect(two.status).toBe(200);
  const outcomes = [one.body.results[0].outcome, two.body.results[1].outcome].sort();
  expect(outcomes).toEqual(['created', 'unchanged']);
  expect(
    books()
      .listInvoices()
      .filter((i) => i.invoiceNumber === shared.invoiceNumber),
  ).toHaveLength(1);
});

test('a lost answer to the contacts create fails the batch; the retry finds the contact instead of a second one', async () => {
  const inv = invoice(61, { customer: customer(61, { name: 'Lost Answer Ltd' }) });
  h.emulator.faults.inject({ kind: 'drop-response', method: 'PUT', path: '/Contacts' });
  const lost = await sync([inv]);
  expect(lost.status).toBe(503);
  expect(lost.body.code).toBe('XERO_UNAVAILABLE');
  const retry = await sync([inv]);
  expect(retry.body.results[0].outcome).toBe('created');
  const contacts = books()
    .listContacts()
    .filter((c) => c.name === 'Lost Answer Ltd');
  expect(contacts).toHaveLength(1);
  expect(retry.body.results[0].xeroContactId).toBe(contacts[0]!.contactId);
});
