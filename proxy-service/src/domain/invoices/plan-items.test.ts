import {
  itemCodeForLine,
  itemNameFor,
  planItemCreation,
  planItemLookup,
  settleItemCreation,
} from './plan-items';
import { invoice, line, settings } from './test-support/batch-fixtures';

describe('B3 — products as Xero items', () => {
  it('known item codes cost no lookup', () => {
    const plan = planItemLookup([invoice(1)], ['crm-ent']);
    expect(plan.lookup).toBeUndefined();
    expect(
      itemCodeForLine(line({ productNumber: 'CRM-ENT' }), { resolved: plan.known, withoutItem: {} }),
    ).toEqual({
      itemCode: 'crm-ent',
    });
  });

  it('collects every unknown code of the batch into one lookup; write-ins have no code', () => {
    const plan = planItemLookup([
      invoice(1, {
        lines: [line({ productNumber: 'A' }), line({ productNumber: 'B' }), line({ productNumber: 'a' })],
      }),
      invoice(2, {
        lines: [line({ isWriteIn: true, productNumber: 'W', writeInDescription: 'Consulting' })],
      }),
    ]);
    expect(plan.unknown).toEqual(['A', 'B']);
    expect(plan.lookup).toEqual({ where: 'Code=="A" OR Code=="B"' });
  });

  it('reads the whole item list in one call when the codes would not fit in a URL', () => {
    const lines = Array.from({ length: 120 }, (_, i) => line({ productNumber: `PRODUCT-CODE-${i}` }));
    expect(planItemLookup([invoice(1, { lines })]).lookup).toEqual({});
  });

  it('creates missing items with code, name, description and sales details when creating products is on', () => {
    const invoices = [
      invoice(1, {
        lines: [
          line({ productNumber: 'PRG123', productName: 'Programme', unitPrice: 300, taxType: 'OUTPUT2' }),
        ],
      }),
      invoice(2, {
        invoiceType: 'ACCPAY',
        lines: [
          line({ productNumber: 'PRG123', productName: 'Programme', unitPrice: 120, taxType: 'INPUT2' }),
        ],
      }),
    ];
    const creation = planItemCreation(planItemLookup(invoices), [], invoices, settings());
    expect(creation.toCreate).toEqual([
      {
        Code: 'PRG123',
        Name: 'Programme',
        Description: 'Programme',
        PurchaseDescription: 'Programme',
        SalesDetails: { UnitPrice: 300, AccountCode: '200', TaxType: 'OUTPUT2' },
        PurchaseDetails: { UnitPrice: 120, AccountCode: '300', TaxType: 'INPUT2' },
      },
    ]);
  });

  it("truncates a long product name to Xero's 50 characters at a word boundary", () => {
    const name = itemNameFor('CRM Online: Enterprise Edition with Premium Support and Extended Storage');
    expect(name.length).toBeLessThanOrEqual(50);
    expect(name).toBe('CRM Online: Enterprise Edition with Premium…');
    expect(itemNameFor('X'.repeat(80))).toHaveLength(50);
  });

  it('without creating products, the line goes without ItemCode and the message says so', () => {
    const invoices = [invoice(1, { lines: [line({ productNumber: 'NEW-1' })] })];
    const creation = planItemCreation(
      planItemLookup(invoices),
      [],
      invoices,
      settings({ createProducts: false }),
    );
    expect(creation.toCreate).toEqual([]);
    const resolution = settleItemCreation(creation, []);
    const result = itemCodeForLine(invoices[0]!.lines[0]!, resolution);
    expect(result.itemCode).toBeUndefined();
    expect(result.note).toMatch(/Product NEW-1 is not an item in Xero and creating products is turned off/);
  });

  it('an item found in Xero is used with the spelling Xero has', () => {
    const invoices = [invoice(1, { lines: [line({ productNumber: 'prg123' })] })];
    const creation = planItemCreation(planItemLookup(invoices), [{ Code: 'PRG123' }], invoices, settings());
    expect(creation.toCreate).toEqual([]);
    expect(itemCodeForLine(invoices[0]!.lines[0]!, settleItemCreation(creation, []))).toEqual({
      itemCode: 'PRG123',
    });
  });

  it('a product number over 30 characters goes without ItemCode and with a warning', () => {
    const long = 'P'.repeat(31);
    const invoices = [invoice(1, { lines: [line({ productNumber: long })] })];
    const plan = planItemLookup(invoices);
    expect(plan.lookup).toBeUndefined();
    const result = itemCodeForLine(invoices[0]!.lines[0]!, { resolved: {}, withoutItem: {} });
    expect(result).toEqual({ note: expect.stringMatching(/longer than Xero's 30 characters/) });
  });

  it('an item Xero refuses to create only costs its lines the ItemCode', () => {
    const invoices = [invoice(1, { lines: [line({ productNumber: 'X1' }), line({ productNumber: 'X2' })] })];
    const creation = planItemCreation(planItemLookup(invoices), [], invoices, settings());
    const resolution = settleItemCreation(creation, [
      {
        Code: 'X1',
        StatusAttributeString: 'ERROR',
        ValidationErrors: [{ Message: 'Item name must be unique.' }],
      },
      { Code: 'X2', ItemID: 'id', StatusAttributeString: 'OK' },
    ]);
    expect(resolution.resolved.x2).toBe('X2');
    expect(resolution.withoutItem.x1).toMatch(/Xero could not create item X1: Item name must be unique\./);
    expect(resolution.learned).toEqual(['X2']);
  });
});
