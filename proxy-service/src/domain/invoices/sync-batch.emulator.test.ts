/**
 * The batch plan's calls made for real against the Xero emulator: the wire shapes we plan are accepted, Xero's
 * computed tax comes back per line, unchanged invoices cost nothing, updates keep Xero's line ids, a name clash fails
 * only its customer, and a retried write with the same Idempotency-Key is not written twice.
 */
import type { DataverseInvoice, SyncSettings } from '@dxc/openapi';
import { planInvoicesWrite, planSyncCreates, planSyncLookups } from './plan-sync-batch';
import type { KnownMappings } from './sync-ledger';
import { customer, invoice, line, seedInvoice, settings } from './test-support/batch-fixtures';
import type { EmulatedXero } from './test-support/emulated-xero';
import { startEmulatedXero } from './test-support/emulated-xero';
import { learned, syncAgainstEmulator } from './test-support/sync-against-emulator';
import type { XeroContactRecord, XeroItemRecord } from './xero-payloads';

let xero: EmulatedXero;
beforeEach(async () => {
  xero = await startEmulatedXero();
});
afterEach(async () => {
  await xero.close();
});

const demoSettings = (overrides: Partial<SyncSettings> = {}) =>
  settings({ defaultPurchaseAccountCode: '310', ...overrides });

const sync = (invoices: DataverseInvoice[], s: SyncSettings = demoSettings(), known: KnownMappings = {}) =>
  syncAgainstEmulator(xero, invoices, s, known);

describe('a sync batch against the Xero emulator', () => {
  it('the seed invoice is created with its contact and item, and Xero computes 1,098.00 + 219.60 = 1,317.60', async () => {
    const themes = (await xero.request('GET', '/BrandingThemes')).BrandingThemes as {
      BrandingThemeID: string;
    }[];
    const seed = { ...seedInvoice(), brandingThemeId: themes[0]!.BrandingThemeID };
    const { response, calls } = await sync([seed]);
    expect(calls.map((c) => c.kind)).toEqual([
      'contacts.lookup',
      'items.lookup',
      'contacts.create',
      'items.create',
      'invoices.create',
    ]);
    const result = response.results[0]!;
    expect(result.message).toMatch(/^Invoice has been created in Xero/);
    expect(result).toMatchObject({
      outcome: 'created',
      subTotal: 1098,
      totalTax: 219.6,
      total: 1317.6,
      status: 'DRAFT',
    });
    expect(result.lines?.map((l) => [l.lineId, l.taxAmount])).toEqual([
      [seed.lines[0]!.lineId, 180],
      [seed.lines[1]!.lineId, 0],
      [seed.lines[2]!.lineId, 39.6],
    ]);
    expect(result.url).toBe(
      `https://go.xero.com/organisationlogin/default.aspx?shortcode=${xero.shortCode}&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=${result.xeroInvoiceId}`,
    );
    const contact = await xero.request('GET', `/Contacts/${result.xeroContactId}`);
    expect((contact.Contacts as { ContactNumber: string }[])[0]?.ContactNumber).toBe(seed.customer.id);
  });

  it('a second sync of the same invoices costs no call; a change is one call that keeps Xero line ids', async () => {
    const invoices = [invoice(1), invoice(2, { customer: customer(1) })];
    const first = await sync(invoices);
    expect(first.response.summary.created).toBe(2);
    const known = learned(first);
    const again = await sync(invoices, demoSettings(), known);
    expect(again.calls).toEqual([]);
    expect(again.response.summary.unchanged).toBe(2);

    const changed = [{ ...invoices[0]!, lines: [{ ...invoices[0]!.lines[0]!, quantity: 4 }] }, invoices[1]!];
    const update = await sync(changed, demoSettings(), known);
    expect(update.calls.map((c) => c.kind)).toEqual(['invoices.update']);
    expect(update.response.results.map((r) => r.outcome)).toEqual(['updated', 'unchanged']);
    const lineId = invoices[0]!.lines[0]!.lineId;
    expect(update.response.results[0]!.lines![0]!.xeroLineItemId).toBe(
      known.invoices![invoices[0]!.invoiceId]!.lineItemIds![lineId],
    );
    expect(update.response.results[0]!.total).toBe(480);
  });

  it("a name clash fails only that customer's invoices, with Xero's message", async () => {
    await xero.request('PUT', '/Contacts', { Contacts: [{ Name: 'Customer 2 Ltd' }] });
    const { response } = await sync([invoice(1), invoice(2), invoice(3, { customer: customer(2) })]);
    expect(response.results.map((r) => r.outcome)).toEqual(['created', 'failed', 'failed']);
    expect(response.results[1]!.message).toContain(
      'The contact name Customer 2 Ltd is already assigned to another contact',
    );
  });

  it('a customer already in Xero under its contact number is found, not created', async () => {
    const c = customer(7);
    await xero.request('PUT', '/Contacts', {
      Contacts: [{ Name: 'Seven (as named in Xero)', ContactNumber: c.id }],
    });
    const { calls, response } = await sync(
      [invoice(7, { customer: c })],
      demoSettings({ createContacts: false }),
    );
    expect(calls.map((c) => c.kind)).not.toContain('contacts.create');
    expect(response.results[0]!.outcome).toBe('created');
  });

  it('Xero refusals come back verbatim for that invoice only', async () => {
    const { response } = await sync([invoice(1), invoice(2, { lines: [line({ accountCode: '999' })] })]);
    expect(response.results[0]!.outcome).toBe('created');
    expect(response.results[1]!.outcome).toBe('failed');
    expect(response.results[1]!.errors![0]!.code).toBe('xero_validation');
  });

  it("H1: Xero's PUT refuses a number in use, where its POST would have overwritten that invoice", async () => {
    const first = invoice(1, { lines: [line({ quantity: 1, unitPrice: 100 })] });
    const one = await sync([first]);
    const xeroId = one.response.results[0]!.xeroInvoiceId!;
    const reuse = invoice(2, {
      invoiceNumber: first.invoiceNumber,
      customer: customer(2),
      lines: [line({ quantity: 1, unitPrice: 21 })],
    });
    const two = await sync([reuse], demoSettings(), learned(one));
    expect(two.calls.find((c) => c.kind === 'invoices.create')?.method).toBe('PUT');
    expect(two.response.results[0]).toMatchObject({ outcome: 'failed' });
    expect(two.response.results[0]!.message).toMatch(
      /^Xero refused the invoice: Invoice # must be unique\. Invoice number INV-00001 is already used by another invoice in Xero/,
    );
    const stored = (await xero.request('GET', `/Invoices/${xeroId}`)).Invoices as {
      Total: number;
      Contact: { ContactID: string };
    }[];
    expect(stored[0]).toMatchObject({
      Total: 120,
      Contact: { ContactID: one.response.results[0]!.xeroContactId },
    });
  });

  it('a retried bills write with the same Idempotency-Key is not written twice', async () => {
    const bill = invoice(1, { invoiceType: 'ACCPAY', lines: [line({ taxType: 'INPUT2' })] });
    const lookups = planSyncLookups({
      tenantId: xero.tenantId,
      request: { settings: demoSettings(), invoices: [bill] },
    });
    const creates = planSyncCreates(lookups, { contacts: [], items: [] });
    const created = {
      contacts: (await xero.run(
        creates.calls.find((c) => c.kind === 'contacts.create')!,
      )) as XeroContactRecord[],
      items: (await xero.run(creates.calls.find((c) => c.kind === 'items.create')!)) as XeroItemRecord[],
    };
    const write = planInvoicesWrite(creates, created).calls[0]!;
    const first = await xero.run(write);
    const retry = await xero.run(write); // e.g. the proxy crashed before storing the answer
    expect(retry[0]!.InvoiceID).toBe(first[0]!.InvoiceID);
    const bills = await xero.request('GET', `/Invoices?where=${encodeURIComponent('Type=="ACCPAY"')}`);
    expect((bills.Invoices as unknown[]).length).toBe(1);
  });
});
