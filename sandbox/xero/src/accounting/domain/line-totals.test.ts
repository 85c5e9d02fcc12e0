import { computeLine, documentTotals, type ComputedLine } from './line-totals';

function line(...args: Parameters<typeof computeLine>): ComputedLine {
  const result = computeLine(...args);
  if ('errors' in result) throw new Error(result.errors.join(' '));
  return result;
}

describe('line and document totals', () => {
  it('prices the seed products as Xero does: 3 × 300.00 and 2 × 99.00 at 20% exclusive', () => {
    const lines = [
      line({ quantity: 3, unitAmount: 300 }, 20, 'Exclusive', 2),
      line({ quantity: 2, unitAmount: 99 }, 20, 'Exclusive', 2),
    ];
    expect(lines.map((l) => [l.lineAmount, l.taxAmount])).toEqual([
      [900, 180],
      [198, 39.6],
    ]);
    expect(documentTotals(lines, 'Exclusive')).toEqual({
      subTotal: 1098,
      totalTax: 219.6,
      total: 1317.6,
      totalDiscount: 0,
    });
  });

  it('rounds tax per line half away from zero, so the document tax is the sum of rounded lines', () => {
    // 0.125 × 20% = 0.025 → 0.03 per line (binary floating point would give 0.02); three lines → 0.09, not 0.08.
    const lines = [1, 2, 3].map(() => line({ quantity: 1, unitAmount: 0.125 }, 20, 'Exclusive', 4));
    expect(lines[0]).toMatchObject({ lineAmount: 0.13, taxAmount: 0.03 });
    expect(documentTotals(lines, 'Exclusive')).toMatchObject({ subTotal: 0.39, totalTax: 0.09, total: 0.48 });
  });

  it('rounds negative half-cents away from zero too', () => {
    expect(line({ quantity: -1, unitAmount: 1.005 }, 0, 'Exclusive', 4).lineAmount).toBe(-1.01);
  });

  it('extracts tax from inclusive lines and reports a net subtotal', () => {
    const l = line({ quantity: 1, unitAmount: 120 }, 20, 'Inclusive', 2);
    expect(l).toMatchObject({ lineAmount: 120, taxAmount: 20 });
    expect(documentTotals([l], 'Inclusive')).toEqual({
      subTotal: 100,
      totalTax: 20,
      total: 120,
      totalDiscount: 0,
    });
  });

  it('charges no tax on NoTax documents whatever the rate', () => {
    expect(line({ quantity: 2, unitAmount: 50 }, 20, 'NoTax', 2)).toMatchObject({
      lineAmount: 100,
      taxAmount: 0,
    });
  });

  it('applies a discount rate and reports what it took off', () => {
    const l = line({ quantity: 2, unitAmount: 99.99, discountRate: 12.5 }, 20, 'Exclusive', 2);
    expect(l).toMatchObject({ lineAmount: 174.98, taxAmount: 35, discount: 25 });
    expect(documentTotals([l], 'Exclusive').totalDiscount).toBe(25);
  });

  it('applies a discount amount', () => {
    expect(line({ quantity: 4, unitAmount: 25, discountAmount: 10 }, 20, 'Exclusive', 2)).toMatchObject({
      lineAmount: 90,
      taxAmount: 18,
      discount: 10,
    });
  });

  it('refuses a discount rate and a discount amount on the same line', () => {
    expect(
      computeLine({ quantity: 1, unitAmount: 10, discountRate: 5, discountAmount: 1 }, 20, 'Exclusive', 2),
    ).toEqual({
      errors: ['A line item can have a DiscountRate or a DiscountAmount, not both.'],
    });
  });

  it('keeps four decimal places on unit amounts only when unitdp=4 is asked for', () => {
    expect(line({ quantity: 3, unitAmount: 1.2345 }, 0, 'Exclusive', 4)).toMatchObject({
      unitAmount: 1.2345,
      lineAmount: 3.7,
    });
    expect(line({ quantity: 3, unitAmount: 1.2345 }, 0, 'Exclusive', 2)).toMatchObject({
      unitAmount: 1.23,
      lineAmount: 3.69,
    });
  });

  it('treats a line with only a description as a zero-amount note line', () => {
    expect(line({}, 20, 'Exclusive', 2)).toEqual({ lineAmount: 0, taxAmount: 0, discount: 0 });
  });

  it('fills in the unit amount from LineAmount and Quantity, and a quantity of one from LineAmount alone', () => {
    expect(line({ quantity: 4, lineAmount: 10 }, 20, 'Exclusive', 2)).toMatchObject({
      quantity: 4,
      unitAmount: 2.5,
      lineAmount: 10,
    });
    expect(line({ lineAmount: 42.5 }, 20, 'Exclusive', 2)).toMatchObject({
      quantity: 1,
      unitAmount: 42.5,
      taxAmount: 8.5,
    });
  });

  it('refuses a LineAmount that disagrees with Quantity × UnitAmount', () => {
    expect(computeLine({ quantity: 2, unitAmount: 10, lineAmount: 25 }, 20, 'Exclusive', 2)).toEqual({
      errors: ['The line total 25.00 does not match the expected line total 20.00.'],
    });
  });

  it('honours a tax amount the caller corrected', () => {
    expect(line({ quantity: 1, unitAmount: 100, taxAmount: 19.99 }, 20, 'Exclusive', 2).taxAmount).toBe(
      19.99,
    );
  });
});
