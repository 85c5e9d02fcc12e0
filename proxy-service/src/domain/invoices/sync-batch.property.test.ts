/** Properties that must hold for ANY batch, checked with fast-check over generated batches and Xero states. */
import fc from 'fast-check';
import type { DataverseInvoice, InvoiceLine } from '@dxc/openapi';
import { IDEMPOTENCY_KEY_MAX, idempotencyKey } from './idempotency-key';
import { payloadHash } from './payload-hash';
import { planContactLookup } from './plan-contacts';
import type { KnownMappings } from './sync-ledger';
import { CUSTOMER, INVOICE, LINE, settings, uuid } from './test-support/batch-fixtures';
import { expectContractResponse } from './test-support/contract-check';
import { driveBatch } from './test-support/drive-batch';
import { FakeXero } from './test-support/fake-xero';
import type { XeroInvoicePayload } from './xero-payloads';

const TENANT = '6a1b2c3d-0000-4000-8000-00000000000a';

const lineArb = fc.record({
  kind: fc.constantFrom('product', 'product', 'write-in', 'note', 'long-code'),
  product: fc.integer({ min: 0, max: 40 }),
  quantity: fc.constantFrom(0, 1, 2, 3.5, -1),
  unitPrice: fc.constantFrom(0, 9.99, 99, 300, 12.3456),
  accountCode: fc.option(fc.constantFrom('200', '260'), { nil: undefined }),
  discount: fc.constantFrom(0, 0, 10),
});

const invoiceArb = fc.record({
  customer: fc.integer({ min: 1, max: 60 }),
  type: fc.constantFrom('ACCREC', 'ACCREC', 'ACCPAY') as fc.Arbitrary<'ACCREC' | 'ACCPAY'>,
  lines: fc.array(lineArb, { minLength: 0, maxLength: 4 }),
  dueOffset: fc.constantFrom(-3, 14, 30),
  duplicateOf: fc.option(fc.integer({ min: 0, max: 49 }), { nil: undefined }),
  ledger: fc.constantFrom('none', 'none', 'changed', 'paid'),
  refused: fc.boolean(),
});

const batchArb = fc.record({
  invoices: fc.array(invoiceArb, { minLength: 1, maxLength: 50 }),
  createContacts: fc.boolean(),
  createProducts: fc.boolean(),
  xeroNumbering: fc.boolean(),
  noDefaults: fc.boolean(),
  /** Which customers Xero already has (by number), which are known to the ledger, which clash by name. */
  inXero: fc.integer({ min: 0, max: 60 }),
  knownToLedger: fc.integer({ min: 0, max: 60 }),
  nameClash: fc.integer({ min: 0, max: 60 }),
});

type Batch = typeof batchArb extends fc.Arbitrary<infer T> ? T : never;

function build(batch: Batch, xero: FakeXero): { invoices: DataverseInvoice[]; known: KnownMappings } {
  const known: Required<Omit<KnownMappings, 'xeroInvoiceOwners'>> = {
    contacts: {},
    itemCodes: ['P-1', 'P-2'],
    invoices: {},
  };
  let lineN = 0;
  const invoices = batch.invoices.map((spec, i): DataverseInvoice => {
    const n = spec.duplicateOf !== undefined && spec.duplicateOf < i ? spec.duplicateOf : i;
    const lines = spec.lines.map((l): InvoiceLine => {
      lineN += 1;
      const base: InvoiceLine = {
        lineId: uuid(LINE, lineN),
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        accountCode: l.accountCode,
        taxType: spec.type === 'ACCPAY' ? 'INPUT2' : 'OUTPUT2',
        discountRate: l.discount || undefined,
      };
      if (l.kind === 'write-in')
        return { ...base, isWriteIn: true, writeInDescription: `Service ${l.product}` };
      if (l.kind === 'note')
        return {
          lineId: base.lineId,
          isWriteIn: true,
          writeInDescription: 'A note',
          quantity: 0,
          unitPrice: 0,
        };
      if (l.kind === 'long-code') return { ...base, productNumber: 'L'.repeat(31), productName: 'Long' };
      return { ...base, productNumber: `P-${l.product}`, productName: `Product ${l.product}` };
    });
    return {
      invoiceId: uuid(INVOICE, n + 1),
      invoiceNumber: `INV-${i + 1}`,
      invoiceType: spec.type,
      date: '2026-02-10',
      dueDate: new Date(Date.UTC(2026, 1, 10 + spec.dueOffset)).toISOString().slice(0, 10),
      customer: { kind: 'account', id: uuid(CUSTOMER, spec.customer), name: `Customer ${spec.customer}` },
      lines,
    };
  });
  for (let c = 1; c <= 60; c++) {
    const id = uuid(CUSTOMER, c);
    if (c <= batch.knownToLedger) {
      known.contacts[id] = uuid(4, c);
      xero.addContact(`Customer ${c}`, id, 'ACTIVE', uuid(4, c));
    } else if (c <= batch.inXero) xero.addContact(`Customer ${c}`, id);
    else if (c <= batch.nameClash) xero.addContact(`Customer ${c}`);
  }
  batch.invoices.forEach((spec, i) => {
    const inv = invoices[i]!;
    if (spec.refused) xero.refusals.set(inv.invoiceNumber!, ['Invoice # must be unique.']);
    if (spec.ledger === 'none') return;
    known.invoices[inv.invoiceId] = {
      xeroInvoiceId: uuid(5, i + 1),
      payloadHash: 'sha256:old',
      status: spec.ledger === 'paid' ? 'PAID' : 'DRAFT',
    };
  });
  return { invoices, known };
}

describe('properties of any sync batch', () => {
  it('every invoice gets exactly one result, in request order, valid against the contract', () => {
    fc.assert(
      fc.property(batchArb, (batch) => {
        const xero = new FakeXero();
        const { invoices, known } = build(batch, xero);
        const s = settings({
          createContacts: batch.createContacts,
          createProducts: batch.createProducts,
          useXeroInvoiceNumbering: batch.xeroNumbering,
          ...(batch.noDefaults
            ? { defaultSalesAccountCode: undefined, defaultPurchaseAccountCode: undefined }
            : {}),
        });
        const run = driveBatch(xero, { tenantId: TENANT, request: { settings: s, invoices }, known });
        const { results, summary } = run.response;
        expect(results.map((r) => r.invoiceId)).toEqual(invoices.map((i) => i.invoiceId));
        expect(summary.total).toBe(invoices.length);
        expect(summary.created + summary.updated + summary.unchanged + summary.failed).toBe(invoices.length);
        for (const r of results) {
          expect(r.message.length).toBeGreaterThan(0);
          if (r.outcome === 'failed') expect(r.errors?.length).toBeGreaterThan(0);
          else expect(r.xeroInvoiceId).toBeDefined();
        }
        expectContractResponse('SyncInvoices', run.response);
      }),
      { numRuns: 60 },
    );
  });

  it('the plan never has more than six calls (the contacts lookup chunked only past 27 new customers)', () => {
    fc.assert(
      fc.property(batchArb, (batch) => {
        const xero = new FakeXero();
        const { invoices, known } = build(batch, xero);
        const s = settings({ createContacts: batch.createContacts, createProducts: batch.createProducts });
        const run = driveBatch(xero, { tenantId: TENANT, request: { settings: s, invoices }, known });
        const count = (kind: string) => run.calls.filter((c) => c.kind === kind).length;
        for (const kind of [
          'items.lookup',
          'contacts.create',
          'items.create',
          'invoices.create',
          'invoices.update',
        ]) {
          expect(count(kind)).toBeLessThanOrEqual(1);
        }
        // Invoices refused before any call take no part in the lookups.
        const going = invoices.filter((_, i) => !run.stage.creates.lookups.screened[i]);
        const unknownCustomers = planContactLookup(going, known.contacts).unknown.length;
        expect(count('contacts.lookup')).toBe(Math.ceil(unknownCustomers / 27));
        if (unknownCustomers <= 27) expect(run.calls.length).toBeLessThanOrEqual(6);
        // The first-sync bench target holds for any full batch: ≤ 0.15 calls per invoice.
        expect(run.calls.length).toBeLessThanOrEqual(Math.max(6, 0.15 * invoices.length) + 1);
        expect(xero.calls).toEqual(run.calls);
      }),
      { numRuns: 60 },
    );
  });

  it('an invoice refused before any call creates nothing in Xero; no Xero invoice is given to two invoices', () => {
    fc.assert(
      fc.property(batchArb, (batch) => {
        const xero = new FakeXero();
        const { invoices, known } = build(batch, xero);
        const s = settings({ createContacts: batch.createContacts, createProducts: batch.createProducts });
        const run = driveBatch(xero, { tenantId: TENANT, request: { settings: s, invoices }, known });
        // What the proxy itself refused (invalid_invoice) must not have created anything.
        const going = invoices.filter(
          (_, i) => run.response.results[i]!.errors?.[0]?.code !== 'invalid_invoice',
        );
        const customers = new Set(going.map((i) => i.customer.id.toLowerCase()));
        const codes = new Set(
          going.flatMap((i) =>
            i.lines.flatMap((l) => (l.productNumber ? [l.productNumber.toLowerCase()] : [])),
          ),
        );
        for (const call of run.calls) {
          if (call.kind === 'contacts.create')
            for (const c of call.contacts) expect(customers.has(c.ContactNumber.toLowerCase())).toBe(true);
          if (call.kind === 'items.create')
            for (const item of call.items) expect(codes.has(item.Code.toLowerCase())).toBe(true);
        }
        const xeroIds = Object.values(run.ledger.invoices).map((e) => e.xeroInvoiceId);
        expect(new Set(xeroIds).size).toBe(xeroIds.length);
      }),
      { numRuns: 60 },
    );
  });

  it('a batch sent again with the ledger it produced costs nothing for what Xero accepted', () => {
    fc.assert(
      fc.property(batchArb, (batch) => {
        const xero = new FakeXero();
        const { invoices, known } = build(batch, xero);
        const s = settings({ createContacts: batch.createContacts, createProducts: batch.createProducts });
        const first = driveBatch(xero, { tenantId: TENANT, request: { settings: s, invoices }, known });
        const again = driveBatch(xero, {
          tenantId: TENANT,
          request: { settings: s, invoices },
          known: {
            contacts: { ...known.contacts, ...first.ledger.contacts },
            itemCodes: [...(known.itemCodes ?? []), ...first.ledger.itemCodes],
            invoices: { ...known.invoices, ...first.ledger.invoices },
          },
        });
        first.response.results.forEach((r, i) => {
          if (r.outcome === 'created' || r.outcome === 'updated') {
            expect(again.response.results[i]?.outcome).toBe('unchanged');
            expect(again.response.results[i]?.xeroInvoiceId).toBe(r.xeroInvoiceId);
          }
        });
        // Only what failed the first time is tried again: nothing learned is looked up or created twice.
        for (const call of again.calls) {
          if (call.kind === 'contacts.create') {
            for (const c of call.contacts) expect(first.ledger.contacts[c.ContactNumber]).toBeUndefined();
          }
          if (call.kind === 'items.create') {
            for (const item of call.items) expect(first.ledger.itemCodes).not.toContain(item.Code);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  const jsonValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  function shuffleKeys(value: unknown, seed: number): unknown {
    if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const rotated = entries
      .slice(seed % (entries.length || 1))
      .concat(entries.slice(0, seed % (entries.length || 1)));
    return Object.fromEntries(rotated.reverse().map(([k, v]) => [k, shuffleKeys(v, seed + 1)]));
  }

  it('the payload hash is stable under key order', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), jsonValue),
        fc.nat(),
        (extra, seed) => {
          const payload = {
            Type: 'ACCREC',
            Contact: { ContactID: 'c' },
            LineItems: [],
            LineAmountTypes: 'Exclusive',
            ...extra,
          };
          expect(payloadHash(shuffleKeys(payload, seed) as XeroInvoicePayload)).toBe(
            payloadHash(payload as XeroInvoicePayload),
          );
        },
      ),
    );
  });

  it('the idempotency key fits 128 characters and changes when the content changes', () => {
    const part = fc.record({ id: fc.string({ maxLength: 200 }), hash: fc.string({ maxLength: 100 }) });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.array(part, { minLength: 1, maxLength: 50 }),
        part,
        (tenantId, parts, other) => {
          const key = idempotencyKey({ tenantId, purpose: 'invoices-update', parts });
          expect(key.length).toBeLessThanOrEqual(IDEMPOTENCY_KEY_MAX);
          const changed = [...parts.slice(0, -1), other];
          fc.pre(JSON.stringify(changed) !== JSON.stringify(parts));
          expect(idempotencyKey({ tenantId, purpose: 'invoices-update', parts: changed })).not.toBe(key);
        },
      ),
    );
  });
});
