import type { InvoiceSyncResult } from '@dxc/openapi';
import {
  emailIdempotencyKey,
  emailRefusalMayPassLater,
  ONLINE_INVOICE_DAY_RESERVE,
  planInvoiceDelivery,
  withDeliveryState,
} from './plan-invoice-delivery';
import type { LedgerInvoiceEntry } from './sync-ledger';
import { invoice, settings } from './test-support/batch-fixtures';

const sale = invoice(1);
const bill = invoice(2, { invoiceType: 'ACCPAY' });
const id = (n: typeof sale) => n.invoiceId.toLowerCase();
const entry = (overrides: Partial<LedgerInvoiceEntry> = {}): LedgerInvoiceEntry => ({
  xeroInvoiceId: 'X-1',
  status: 'AUTHORISED',
  ...overrides,
});
const synced = (inv: typeof sale, outcome: InvoiceSyncResult['outcome'] = 'created'): InvoiceSyncResult => ({
  invoiceId: inv.invoiceId,
  outcome,
  message: '',
});
const mailing = settings({ emailWhenAuthorised: true });

describe('which invoices get an email marked due with their ledger entry', () => {
  const due = (before: LedgerInvoiceEntry | undefined, after: LedgerInvoiceEntry, s = mailing, inv = sale) =>
    withDeliveryState(
      { invoices: { [inv.invoiceId]: after }, contacts: {}, itemCodes: [] },
      { settings: s, invoices: [inv], before: { [id(inv)]: before }, recovered: new Set() },
    ).invoices[inv.invoiceId]!.email;

  test('a sales invoice this sync approved, with emailing on', () => {
    expect(due(undefined, entry())).toEqual({ state: 'due' });
    expect(due(entry({ status: 'DRAFT' }), entry())).toEqual({ state: 'due' });
  });

  test('not one approved before, a draft, a bill, or with emailing off', () => {
    expect(due(entry(), entry())).toBeUndefined();
    expect(due(undefined, entry({ status: 'DRAFT' }))).toBeUndefined();
    expect(due(undefined, entry(), mailing, bill)).toBeUndefined();
    expect(due(undefined, entry(), settings())).toBeUndefined();
  });

  test('what the entry already knew of the email and the link is kept over the fresh entry', () => {
    const known = entry({
      email: { state: 'sent', at: 'T' },
      onlineInvoice: { url: 'https://in.xero.com/a', at: 'T' },
    });
    const kept = withDeliveryState(
      { invoices: { [sale.invoiceId]: entry({ payloadHash: 'new' }) }, contacts: {}, itemCodes: [] },
      { settings: mailing, invoices: [sale], before: { [id(sale)]: known }, recovered: new Set() },
    ).invoices[sale.invoiceId];
    expect(kept).toEqual({ ...known, payloadHash: 'new' });
  });

  test('a create recovered from Xero (answered unchanged) still earns its email', () => {
    const updates = withDeliveryState(
      { invoices: {}, contacts: {}, itemCodes: [] },
      {
        settings: mailing,
        invoices: [sale],
        before: { [id(sale)]: entry() },
        recovered: new Set([id(sale)]),
      },
    );
    expect(updates.invoices[id(sale)]).toEqual({ ...entry(), email: { state: 'due' } });
  });
});

describe('the calls after the batch is saved', () => {
  const plan = (e: LedgerInvoiceEntry, overrides: Partial<Parameters<typeof planInvoiceDelivery>[0]> = {}) =>
    planInvoiceDelivery({
      settings: mailing,
      invoices: [sale],
      results: [synced(sale)],
      entries: { [id(sale)]: e },
      emailsInDoubt: new Set(),
      ...overrides,
    });

  test('auto: the link while Xero reports enough calls left today, else left for a later sync', () => {
    expect(plan(entry()).links).toHaveLength(1);
    expect(plan(entry(), { dayCallsRemaining: ONLINE_INVOICE_DAY_RESERVE }).links).toHaveLength(1);
    const tight = plan(entry(), { dayCallsRemaining: ONLINE_INVOICE_DAY_RESERVE - 1 });
    expect([tight.links.length, tight.linksDeferred.length]).toEqual([0, 1]);
    expect(
      plan(entry(), { dayCallsRemaining: 0, settings: { ...mailing, onlineInvoiceLink: 'on' } }).links,
    ).toHaveLength(1);
    expect(plan(entry(), { settings: { ...mailing, onlineInvoiceLink: 'off' } }).links).toHaveLength(0);
  });

  test('never a second link, none for drafts, bills or failed results', () => {
    expect(plan(entry({ onlineInvoice: { at: 'T' } })).links).toHaveLength(0);
    expect(plan(entry({ status: 'DRAFT' })).links).toHaveLength(0);
    expect(
      plan(entry(), { invoices: [bill], results: [synced(bill)], entries: { [id(bill)]: entry() } }).links,
    ).toHaveLength(0);
    expect(plan(entry(), { results: [synced(sale, 'failed')] }).links).toHaveLength(0);
  });

  test('an email that is due goes with its invoice key; one in doubt, sent or refused for good does not', () => {
    expect(plan(entry({ email: { state: 'due' } })).emails).toEqual([
      {
        invoiceId: sale.invoiceId,
        xeroInvoiceId: 'X-1',
        attempts: 0,
        idempotencyKey: emailIdempotencyKey('X-1', 0),
      },
    ]);
    expect(plan(entry({ email: { state: 'due' } }), { emailsInDoubt: new Set([id(sale)]) }).emails).toEqual(
      [],
    );
    expect(plan(entry({ email: { state: 'sent', at: 'T' } })).emails).toEqual([]);
    const refused = {
      state: 'failed',
      at: 'T',
      reason: 'no email address',
      retry: false,
      attempts: 1,
    } as const;
    expect(plan(entry({ email: refused })).emails).toEqual([]);
    const capped = plan(entry({ email: { ...refused, retry: true } })).emails;
    expect(capped.map((e) => e.idempotencyKey)).toEqual([emailIdempotencyKey('X-1', 1)]);
    expect(emailIdempotencyKey('X-1', 1)).not.toBe(emailIdempotencyKey('X-1', 0));
  });

  test("only Xero's daily email limit counts as a refusal that may pass later", () => {
    expect(
      emailRefusalMayPassLater(
        'This organisation has reached its daily limit of 1000 emails sent from Xero.',
      ),
    ).toBe(true);
    expect(
      emailRefusalMayPassLater("The contact 'A' has no email address, so the invoice cannot be emailed."),
    ).toBe(false);
  });
});
