import type { DataverseInvoice } from '@dxc/openapi';
import { planInvoicesWrite, planSyncCreates, planSyncLookups } from './plan-sync-batch';
import type { KnownMappings } from './sync-ledger';
import {
  customer,
  invoice,
  line,
  settings,
  uuid,
  XERO_CONTACT,
  XERO_INVOICE,
} from './test-support/batch-fixtures';
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
      'invoices.create',
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
    expect(kinds(steady.calls)).toEqual(['invoices.update']);
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
    expect(write?.kind === 'invoices.update' && write.invoices[0]).toMatchObject({
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
    expect(kinds(run.calls)).toEqual(['contacts.lookup', 'items.lookup', 'items.create', 'invoices.create']);
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
    const write = run.calls.find((c) => c.kind === 'invoices.create');
    expect(write?.kind === 'invoices.create' && write.invoices).toHaveLength(1);
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
      'invoices.create',
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

describe('integrity: numbers, contact ids, refusals before any write', () => {
  const ledgerOf = (...runs: { ledger: KnownMappings }[]): KnownMappings => ({
    contacts: Object.assign({}, ...runs.map((r) => r.ledger.contacts)),
    itemCodes: runs.flatMap((r) => r.ledger.itemCodes ?? []),
    invoices: Object.assign({}, ...runs.map((r) => r.ledger.invoices)),
  });

  it('H1: a second invoice with a number already in Xero fails alone; the first stays as it was', () => {
    const xero = new FakeXero();
    const first = invoice(1, { lines: [line({ quantity: 1, unitPrice: 100 })] });
    const one = driveBatch(xero, { tenantId: TENANT, request: { settings: settings(), invoices: [first] } });
    const xeroId = one.response.results[0]!.xeroInvoiceId!;
    const before = structuredClone(xero.invoices.get(xeroId));

    const reuse = invoice(2, {
      invoiceNumber: first.invoiceNumber,
      lines: [line({ quantity: 1, unitPrice: 21 })],
    });
    const two = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [reuse, invoice(3)] },
      known: ledgerOf(one),
    });
    expect(two.calls.find((c) => c.kind === 'invoices.create')).toMatchObject({ method: 'PUT' });
    expect(two.response.results.map((r) => r.outcome)).toEqual(['failed', 'created']);
    expect(two.response.results[0]).not.toHaveProperty('xeroInvoiceId');
    expect(two.response.results[0]!.errors).toEqual([
      { code: 'xero_validation', message: 'Invoice # must be unique.', field: 'invoiceNumber' },
    ]);
    expect(two.response.results[0]!.message).toMatch(
      /already used by another invoice in Xero; that invoice was left as it is\. Fix the invoice number in Dynamics 365, or void the other invoice in Xero/,
    );
    expect(two.ledger.invoices[reuse.invoiceId]).toBeUndefined();
    expect(xero.invoices.get(xeroId)).toEqual(before);
  });

  it('new and changed invoices together: one PUT for the creates, one POST for the updates', () => {
    const xero = new FakeXero();
    const a = invoice(1);
    const one = driveBatch(xero, { tenantId: TENANT, request: { settings: settings(), invoices: [a] } });
    const changed = { ...a, lines: [{ ...a.lines[0]!, quantity: 3 }] };
    const two = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [changed, invoice(2, { customer: a.customer })] },
      known: ledgerOf(one),
    });
    expect(two.calls.map((c) => [c.kind, c.method])).toEqual([
      ['invoices.create', 'PUT'],
      ['invoices.update', 'POST'],
    ]);
    expect(two.response.results.map((r) => r.outcome)).toEqual(['updated', 'created']);
    const keys = two.calls.map((c) => ('idempotencyKey' in c ? c.idempotencyKey : ''));
    expect(keys[0]).toMatch(/^dxc-invoices-create-/);
    expect(keys[1]).toMatch(/^dxc-invoices-update-/);
  });

  it('an invoice whose Xero invoice stands for another Dynamics 365 invoice is refused before any call', () => {
    const xeroId = uuid(XERO_INVOICE, 1);
    const copy = invoice(2, { xeroInvoiceId: xeroId });
    const run = driveBatch(new FakeXero(), {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [copy] },
      known: { xeroInvoiceOwners: { [xeroId]: [invoice(1).invoiceId.toLowerCase()] } },
    });
    expect(run.calls).toEqual([]);
    expect(run.response.results[0]).toMatchObject({ outcome: 'failed' });
    expect(run.response.results[0]!.errors).toEqual([
      expect.objectContaining({ code: 'invalid_invoice', field: 'xeroInvoiceId' }),
    ]);
    expect(run.response.results[0]!.message).toContain(
      `Xero invoice ${xeroId} already stands for another Dynamics 365 invoice (${invoice(1).invoiceId.toLowerCase()})`,
    );
  });

  it('L7: invoices the proxy refuses take no part in the lookups and creates', () => {
    const xero = new FakeXero();
    const good = invoice(1, { lines: [line({ productNumber: 'GOOD-1' })] });
    const negative = invoice(2, { lines: [line({ productNumber: 'BAD-2', quantity: -1 })] });
    const backwards = invoice(3, {
      date: '2026-03-10',
      dueDate: '2026-03-01',
      lines: [line({ productNumber: 'BAD-3' })],
    });
    const run = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [negative, good, backwards] },
    });
    expect(run.response.results.map((r) => r.outcome)).toEqual(['failed', 'created', 'failed']);
    expect(run.response.results[0]!.message).toMatch(/Xero invoice type 'Sales credit note' and quantity/);
    expect(run.response.results[2]!.errors?.[0]).toMatchObject({ field: 'dueDate' });
    const lookup = run.calls.find((c) => c.kind === 'contacts.lookup');
    expect(lookup?.kind === 'contacts.lookup' && lookup.where).toBe(`ContactNumber=="${good.customer.id}"`);
    expect(xero.contacts.map((c) => c.ContactNumber)).toEqual([good.customer.id]);
    expect(xero.itemCodes).toEqual(['GOOD-1']);
  });

  it('H2: a contact id Xero does not have is checked in the same lookup and replaced by the contact number or a create', () => {
    const xero = new FakeXero();
    const wrong = uuid(XERO_CONTACT, 0xbad);
    const byNumber = xero.addContact('Customer 1 Ltd', customer(1).id);
    const invoices = [
      invoice(1, { customer: customer(1, { xeroContactId: wrong }) }),
      invoice(2, { customer: customer(2, { xeroContactId: wrong }) }),
    ];
    const run = driveBatch(xero, { tenantId: TENANT, request: { settings: settings(), invoices } });
    const lookup = run.calls.find((c) => c.kind === 'contacts.lookup');
    expect(lookup?.kind === 'contacts.lookup' && lookup.where).toBe(
      `ContactNumber=="${customer(1).id}" OR ContactID==Guid("${wrong}") OR ContactNumber=="${customer(2).id}"`,
    );
    expect(run.response.results.map((r) => r.outcome)).toEqual(['created', 'created']);
    const created = xero.contacts.find((c) => c.ContactNumber === customer(2).id)!.ContactID;
    expect(run.response.results.map((r) => r.xeroContactId)).toEqual([byNumber, created]);
    expect(run.response.results[0]!.message).toContain(
      `The Xero contact id ${wrong} stored for customer Customer 1 Ltd is not a contact in this Xero organisation; the invoice went to Xero contact ${byNumber} instead.`,
    );
    expect(run.response.results[1]!.message).toContain(
      `a new contact ${created} was created for it instead.`,
    );
    expect(run.ledger.contacts).toEqual({ [customer(1).id]: byNumber, [customer(2).id]: created });
  });

  it('H2: with creating contacts off, a wrong stored id fails with both facts and is not kept', () => {
    const wrong = uuid(XERO_CONTACT, 0xbad);
    const run = driveBatch(new FakeXero(), {
      tenantId: TENANT,
      request: {
        settings: settings({ createContacts: false }),
        invoices: [invoice(1, { customer: customer(1, { xeroContactId: wrong }) })],
      },
    });
    expect(run.response.results[0]).not.toHaveProperty('xeroContactId');
    expect(run.response.results[0]!.errors?.[0]?.code).toBe('contact_not_found');
    expect(run.response.results[0]!.message).toMatch(
      new RegExp(
        `^The Xero contact id ${wrong} stored for customer Customer 1 Ltd is not a contact in this Xero organisation; Customer Customer 1 Ltd does not exist in Xero`,
      ),
    );
    expect(run.ledger.contacts).toEqual({});
  });

  it('H2: a contact id the ledger holds costs no call; one Xero then refuses is forgotten and looked up next time', () => {
    const xero = new FakeXero();
    const gone = uuid(XERO_CONTACT, 0xdead);
    const c = customer(1, { xeroContactId: gone });
    const first = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [invoice(1, { customer: c })] },
      known: { contacts: { [c.id]: gone }, itemCodes: ['CRM-ENT'] },
    });
    expect(first.calls.map((call) => call.kind)).toEqual(['invoices.create']);
    expect(first.response.results[0]).toMatchObject({ outcome: 'failed' });
    expect(first.response.results[0]).not.toHaveProperty('xeroContactId');
    expect(first.ledger.forgetContacts).toEqual({ [c.id]: gone });

    // The ledger dropped the id; the flow never got it back. The next invoice of the customer goes through.
    const next = driveBatch(xero, {
      tenantId: TENANT,
      request: { settings: settings(), invoices: [invoice(2, { customer: customer(1) })] },
      known: { itemCodes: ['CRM-ENT'] },
    });
    expect(next.response.results[0]).toMatchObject({ outcome: 'created' });
    expect(next.response.results[0]!.xeroContactId).toBe(
      xero.contacts.find((x) => x.ContactNumber === c.id)!.ContactID,
    );
  });
});
