/**
 * Issue 14 §3 and §4 through HTTP: the real proxy and xero-node against the Xero emulator. The online invoice link
 * is one Xero call once in an approved sales invoice's life; the email goes once, whatever is retried. Calls are
 * counted at the emulator, emails by its books (the control API's /emails says the same from another process).
 */
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import type { OrganisationBooks } from '@dxc/xero-emulator';
import { demoCompanyUk } from '@dxc/xero-emulator';
import { customer, invoice, line, settings } from '../domain/invoices/test-support/batch-fixtures';
import type { Harness, HarnessOptions } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';
import type { ConnectionRecord } from '../store/store';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;

async function start(options: HarnessOptions = {}): Promise<void> {
  h = await startHarness({ ...options, env: { XERO_HTTP_TIMEOUT_MS: '3000', ...options.env } });
  ({ apiKey, connection } = await h.connect());
}
afterEach(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;
const books = () => h.emulator.books<OrganisationBooks>(connection.tenantId);
const approved = (overrides: Partial<SyncSettings> = {}) =>
  settings({ defaultPurchaseAccountCode: '310', defaultStatus: 'AUTHORISED', ...overrides });
const mailing = (overrides: Partial<SyncSettings> = {}) =>
  approved({ emailWhenAuthorised: true, onlineInvoiceLink: 'off', ...overrides });

/** A sales invoice whose customer has (or has not) an email address; known customers and items cost no call. */
const sale = (n: number, email: string | null = `buyer${n}@example.com`): DataverseInvoice =>
  invoice(n, { customer: customer(n, email ? { email } : {}) });

/** The invoice with its first line's quantity raised: its next sync is an update. */
const edit = (inv: DataverseInvoice): DataverseInvoice => ({
  ...inv,
  lines: [{ ...inv.lines[0]!, quantity: inv.lines[0]!.quantity! + 1 }],
});

async function sync(invoices: DataverseInvoice[], s: SyncSettings) {
  const before = xeroCalls();
  const res = await h.call('POST', '/v1/invoices/sync', { apiKey, body: { settings: s, invoices } });
  expect(res.status).toBe(200);
  return { body: res.body, results: res.body.results as Record<string, any>[], calls: xeroCalls() - before }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function emailsPerInvoice(): Promise<Record<string, number>> {
  const res = await fetch(`${h.emulator.url}/__emulator/organisations/${connection.tenantId}/emails`);
  return ((await res.json()) as { perInvoice: Record<string, number> }).perInvoice;
}

describe('the online invoice link', () => {
  test('an approved sales invoice gets its link with one call, and never asks again on re-sync or edit', async () => {
    await start();
    const without = await sync([sale(1)], approved({ onlineInvoiceLink: 'off' }));
    expect(without.results[0]!.onlineInvoiceUrl).toBeUndefined();
    await h.close();

    await start();
    const inv = sale(1);
    const created = await sync([inv], approved());
    // The same invoice in a fresh organisation costs exactly one call more with the link.
    expect(created.calls - without.calls).toBe(1);
    const url = created.results[0]!.onlineInvoiceUrl as string;
    expect(url).toMatch(/^https:\/\/in\.xero\.com\/\S+$/);
    const again = await sync([inv], approved());
    expect(again.calls).toBe(0);
    expect(again.results[0]).toMatchObject({ outcome: 'unchanged', onlineInvoiceUrl: url });
    const edited = await sync([edit(inv)], approved());
    expect(edited.results[0]).toMatchObject({ outcome: 'updated', onlineInvoiceUrl: url });
    expect(edited.calls).toBe(1); // the update only
  });

  test('drafts and bills get no link, and no call for one', async () => {
    await start();
    const draft = await sync([sale(2)], approved({ defaultStatus: 'DRAFT' }));
    const bill = await sync(
      [invoice(3, { invoiceType: 'ACCPAY', lines: [line({ taxType: 'INPUT2' })] })],
      approved({ onlineInvoiceLink: 'on' }),
    );
    for (const r of [...draft.results, ...bill.results]) {
      expect(r.outcome).toBe('created');
      expect(r.onlineInvoiceUrl).toBeUndefined();
    }
    const repeat = await sync([sale(2)], approved({ defaultStatus: 'DRAFT' }));
    expect(repeat.calls).toBe(0);
  });
});

describe('emailing the invoice from Xero', () => {
  test('an invoice the sync approves is emailed once; re-syncs and edits email nothing more', async () => {
    await start();
    const inv = sale(10);
    const first = await sync([inv], mailing());
    const result = first.results[0]!;
    expect(result.outcome).toBe('created');
    expect(result.email).toMatchObject({ outcome: 'sent' });
    expect(result.email.message).toMatch(/^Emailed from Xero on \d{4}-\d{2}-\d{2} at \d{2}:\d{2} UTC/);
    expect(await emailsPerInvoice()).toEqual({ [result.xeroInvoiceId]: 1 });
    expect(books().findInvoice(result.xeroInvoiceId)!.sentToContact).toBe(true);

    const again = await sync([inv], mailing());
    const edited = await sync([edit(inv)], mailing());
    expect(again.calls).toBe(0);
    expect(edited.calls).toBe(1);
    expect([again.results[0]!.email, edited.results[0]!.email]).toEqual([undefined, undefined]);
    expect(await emailsPerInvoice()).toEqual({ [result.xeroInvoiceId]: 1 });
  });

  test('off by default; drafts and invoices approved before emailing was on are not emailed', async () => {
    await start();
    await sync([sale(11)], approved());
    await sync([sale(12)], mailing({ defaultStatus: 'DRAFT' }));
    const later = await sync([sale(11), sale(12)], mailing());
    expect(later.results.map((r) => r.email)).toEqual([undefined, undefined]);
    expect(await emailsPerInvoice()).toEqual({});
  });

  test('a contact without an email address fails only the email, once, with its reason', async () => {
    await start();
    const inv = sale(13, null);
    const first = await sync([inv], mailing());
    expect(first.results[0]).toMatchObject({ outcome: 'created', status: 'AUTHORISED' });
    expect(first.results[0]!.email).toMatchObject({ outcome: 'failed' });
    expect(first.results[0]!.email.message).toMatch(/^Email failed: .*no email address/);
    const again = await sync([inv], mailing());
    expect(again.calls).toBe(0);
    expect(await emailsPerInvoice()).toEqual({});
  });

  test("past Xero's daily email limit the email fails and goes on the invoice's next sync after the day", async () => {
    await start({
      emulator: { organisations: [{ ...demoCompanyUk(), invoiceEmailsPerDay: 1 }] },
      followEmulatorClock: true,
    });
    const first = await sync([sale(14), sale(15)], mailing());
    expect(first.results.map((r) => r.email.outcome)).toEqual(['sent', 'failed']);
    expect(first.results[1]!.email.message).toMatch(/daily limit.*tried again the next time/);
    const sameDay = await sync([sale(15)], mailing());
    expect(sameDay.results[0]!.email).toMatchObject({ outcome: 'failed' });
    await h.emulator.advanceClock(24 * 3600_000);
    const nextDay = await sync([sale(15)], mailing());
    expect(nextDay.results[0]!.email).toMatchObject({ outcome: 'sent' });
    const done = await sync([sale(15)], mailing());
    expect(done.calls).toBe(0);
    expect(Object.values(await emailsPerInvoice())).toEqual([1, 1]);
  });

  test('an email whose answer was lost is confirmed from SentToContact, never sent twice', async () => {
    await start();
    const inv = sale(16);
    // Xero sends the email, then the answer never arrives (the proxy times out).
    h.emulator.faults.inject({ kind: 'drop-response', method: 'POST', path: '/Invoices/' });
    const first = await sync([inv], mailing());
    expect(first.results[0]).toMatchObject({ outcome: 'created' });
    expect(first.results[0]!.email).toBeUndefined();
    h.emulator.faults.clear();
    const next = await sync([inv], mailing());
    expect(next.results[0]!.email).toMatchObject({ outcome: 'sent' });
    expect(next.results[0]!.email.message).toMatch(/confirmed it after an earlier attempt/);
    expect(next.calls).toBe(1); // one read of the invoice
    expect(Object.values(await emailsPerInvoice())).toEqual([1]);
    expect((await sync([inv], mailing())).calls).toBe(0);
  });

  test('an email Xero never received (a 503) is sent on the next sync, once', async () => {
    await start();
    const inv = sale(17);
    h.emulator.faults.inject({ kind: 'status', status: 503, method: 'POST', path: '/Invoices/' });
    const first = await sync([inv], mailing());
    expect(first.results[0]!.email).toBeUndefined();
    expect(await emailsPerInvoice()).toEqual({});
    const next = await sync([inv], mailing());
    expect(next.results[0]!.email).toMatchObject({ outcome: 'sent' });
    expect(Object.values(await emailsPerInvoice())).toEqual([1]);
  });
});
