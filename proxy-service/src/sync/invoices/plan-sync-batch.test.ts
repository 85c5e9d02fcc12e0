import type { DataverseInvoice } from '@dxc/openapi';
import { planInvoicesWrite, planSyncCreates, planSyncLookups } from './plan-sync-batch';
import type { KnownMappings } from './sync-ledger';
import { customer, invoice, line, settings } from './test-support/batch-fixtures';
import { driveBatch } from './test-support/drive-batch';
import { FakeXero } from './test-support/fake-xero';

const TENANT = '6a1b2c3d-0000-4000-8000-00000000000a';

/** 50 invoices for 10 customers, 5 each, lines over 3 products. */
function fiftyForTen(): DataverseInvoice[] {
  return Array.from({ length: 50 }, (_, i) =>
    invoice(i + 1, {
      customer: customer((i % 10) + 1),
      lines: [
        line({ productNumber: `P-${i % 3}`, productName: `Product ${i % 3}` }),
        line({ productNumber: 'P-0' }),
      ],
    }),
  );
}

const kinds = (calls: { kind: string }[]): string[] => calls.map((c) => c.kind);

describe('planning a sync batch — calls per batch', () => {
  it('a batch of 50 invoices for 10 new customers plans one contacts lookup and one contacts create', () => {
    const xero = new FakeXero();
    const run = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: fiftyForTen() },
    });
    expect(kinds(run.calls)).toEqual([
      'contacts.lookup',
      'items.lookup',
      'contacts.create',
      'items.create',
      'invoices.write',
    ]);
    const create = run.calls.find((c) => c.kind === 'contacts.create');
    expect(create?.kind === 'contacts.create' && create.contacts).toHaveLength(10);
    expect(run.response.summary).toEqual({ total: 50, created: 50, updated: 0, unchanged: 0, failed: 0 });
    // First-sync bench target: ≤ 0.15 Xero calls per invoice.
    expect(run.calls.length / 50).toBe(0.1);
  });

  it('known contacts and items cost no Xero call: a steady-state batch of 50 is one call', () => {
    const xero = new FakeXero();
    const first = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: fiftyForTen() },
    });
    // Every invoice changed (new price), customers and items now known from the first run's ledger updates.
    const changed = fiftyForTen().map((inv, i) => ({
      ...inv,
      lines: inv.lines.map((l) => ({ ...l, unitPrice: 101 + i })),
    }));
    const known: KnownMappings = {
      contacts: first.ledger.contacts,
      itemCodes: first.ledger.itemCodes,
      invoices: first.ledger.invoices,
    };
    const steady = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: changed },
      known,
    });
    expect(kinds(steady.calls)).toEqual(['invoices.write']);
    // Steady-state bench target: ≤ 0.05 Xero calls per invoice.
    expect(steady.calls.length / 50).toBe(0.02);
    expect(steady.response.summary.updated).toBe(50);
  });

  it('a second sync of unchanged invoices makes no Xero call at all', () => {
    const xero = new FakeXero();
    const request = { settings: settings(), invoices: fiftyForTen() };
    const first = driveBatch(xero, { tenantId: TENANT, request });
    const again = driveBatch(xero, {
      tenantId: TENANT,
      request,
      known: {
        contacts: first.ledger.contacts,
        itemCodes: first.ledger.itemCodes,
        invoices: first.ledger.invoices,
      },
    });
    expect(again.calls).toEqual([]);
    expect(again.response.summary).toEqual({ total: 50, created: 0, updated: 0, unchanged: 50, failed: 0 });
    expect(again.response.results[0]).toMatchObject({
      outcome: 'unchanged',
      xeroInvoiceId: first.response.results[0]!.xeroInvoiceId,
      invoiceNumber: 'INV-00001',
      status: 'DRAFT',
    });
  });

  it('an update sends the Xero line ids the ledger learned, so Xero edits lines instead of replacing them', () => {
    const xero = new FakeXero();
    const inv = invoice(1);
    const first = driveBatch(xero, { tenantId: TENANT, request: { settings: settings(), invoices: [inv] } });
    const entry = first.ledger.invoices[inv.invoiceId]!;
    expect(entry.lineItemIds?.[inv.lines[0]!.lineId]).toMatch(/^[0-9a-f-]{36}$/);
    const changed = { ...inv, lines: [{ ...inv.lines[0]!, quantity: 5 }] };
    const second = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [changed] },
      known: {
        contacts: first.ledger.contacts,
        itemCodes: first.ledger.itemCodes,
        invoices: first.ledger.invoices,
      },
    });
    const write = second.calls[0];
    expect(write?.kind === 'invoices.write' && write.invoices[0]).toMatchObject({
      InvoiceID: entry.xeroInvoiceId,
      LineItems: [{ LineItemID: entry.lineItemIds![inv.lines[0]!.lineId], Quantity: 5 }],
    });
    expect(second.response.results[0]?.outcome).toBe('updated');
  });

  it("a name clash fails only that customer's invoices", () => {
    const xero = new FakeXero();
    xero.addContact('Customer 3 Ltd'); // same name, no contact number: Xero refuses a second one
    const run = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: fiftyForTen() },
    });
    const failed = run.response.results.filter((r) => r.outcome === 'failed');
    expect(failed).toHaveLength(5);
    const customerOf = new Map(fiftyForTen().map((i) => [i.invoiceId, i.customer.id]));
    for (const result of failed) {
      expect(customerOf.get(result.invoiceId)).toBe(customer(3).id);
      expect(result.message).toContain(
        'The contact name Customer 3 Ltd is already assigned to another contact. The contact name must be unique across all active contacts.',
      );
      expect(result.errors?.[0]?.code).toBe('contact_rejected');
    }
    expect(run.response.summary.created).toBe(45);
  });

  it('with creating contacts off, only the invoices of customers missing from Xero fail', () => {
    const xero = new FakeXero();
    xero.addContact('Customer 1 Ltd', customer(1).id);
    const invoices = [invoice(1), invoice(2)];
    const run = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings({ createContacts: false }), invoices },
    });
    expect(kinds(run.calls)).toEqual(['contacts.lookup', 'items.lookup', 'items.create', 'invoices.write']);
    expect(run.response.results.map((r) => r.outcome)).toEqual(['created', 'failed']);
    expect(run.response.results[1]?.message).toMatch(/^Customer Customer 2 Ltd does not exist in Xero/);
  });

  it('an invoice that cannot be changed in Xero fails without costing a call', () => {
    const inv = invoice(1);
    const run = driveBatch(new FakeXero(), {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [inv] },
      known: {
        contacts: { [inv.customer.id]: 'c0ffee00-0000-4000-8000-000000000001' },
        itemCodes: ['CRM-ENT'],
        invoices: {
          [inv.invoiceId]: {
            xeroInvoiceId: 'f00d0000-0000-4000-8000-000000000001',
            payloadHash: 'old',
            status: 'PAID',
          },
        },
      },
    });
    expect(run.calls).toEqual([]);
    expect(run.response.results[0]).toMatchObject({
      outcome: 'failed',
      xeroInvoiceId: 'f00d0000-0000-4000-8000-000000000001',
      message: 'The invoice is PAID in Xero and can no longer be changed.',
    });
  });

  it('the same invoice twice in one batch is sent once; the copy gets its own failed result', () => {
    const run = driveBatch(new FakeXero(), {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [invoice(1), invoice(1)] },
    });
    expect(run.response.results.map((r) => r.outcome)).toEqual(['created', 'failed']);
    const write = run.calls.find((c) => c.kind === 'invoices.write');
    expect(write?.kind === 'invoices.write' && write.invoices).toHaveLength(1);
  });

  it('worst first sync — 50 new customers and new items — stays within 0.15 calls per invoice', () => {
    const invoices = Array.from({ length: 50 }, (_, i) =>
      invoice(i + 1, { lines: [line({ productNumber: `NEW-ITEM-${i}` })] }),
    );
    const run = driveBatch(new FakeXero(), { tenantId: TENANT, request: { settings: settings(), invoices } });
    expect(kinds(run.calls)).toEqual([
      'contacts.lookup',
      'contacts.lookup',
      'items.lookup',
      'contacts.create',
      'items.create',
      'invoices.write',
    ]);
    expect(run.calls.length / 50).toBe(0.12);
  });

  it('planning the same batch again gives the same Idempotency-Keys, so a retry replays at Xero', () => {
    const request = { settings: settings(), invoices: fiftyForTen() };
    const plan = () => {
      const lookups = planSyncLookups({ tenantId: TENANT, request });
      const creates = planSyncCreates(lookups, { contacts: [], items: [] });
      const created = {
        contacts: creates.contacts.toCreate.map((c, i) => ({
          ContactID: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
          ContactNumber: c.ContactNumber,
        })),
        items: creates.items.toCreate.map((i) => ({ Code: i.Code })),
      };
      return [...creates.calls, ...planInvoicesWrite(creates, created).calls].map((c) =>
        'idempotencyKey' in c ? c.idempotencyKey : '',
      );
    };
    const keys = plan();
    expect(keys).toHaveLength(3);
    expect(plan()).toEqual(keys);
    expect(new Set(keys).size).toBe(3);
  });

  it('refuses more than 50 invoices, naming the field', () => {
    const invoices = Array.from({ length: 51 }, (_, i) => invoice(i + 1));
    expect(() => planSyncLookups({ tenantId: TENANT, request: { settings: settings(), invoices } })).toThrow(
      'invoices: at most 50 invoices per batch, got 51',
    );
  });

  it('every write asks Xero for per-element answers (summarizeErrors=false)', () => {
    const run = driveBatch(new FakeXero(), {
      tenantId: TENANT,
      request: { settings: settings(), invoices: fiftyForTen() },
    });
    for (const call of run.calls) {
      if (call.method !== 'GET') expect(call).toMatchObject({ summarizeErrors: false });
    }
  });
});
