/**
 * Line and document arithmetic as Xero does it (reference/xero-api.md section 2, LineItem rules):
 * - LineAmount = Quantity × UnitAmount × (100 − DiscountRate) / 100, or Quantity × UnitAmount − DiscountAmount,
 *   rounded to 2 dp half away from zero per line;
 * - tax per line from the rate: Exclusive adds rate% on top, Inclusive extracts rate/(100+rate) from the line,
 *   NoTax has none; a TaxAmount sent by the caller overrides the computed one (Xero allows correcting it);
 * - SubTotal/TotalTax/Total are sums of the rounded lines (Xero's default "round per line" tax setting).
 */
import { dec, round2, roundTo, sum } from './money';
import type { LineAmountTypes } from './records';

export interface LineFigures {
  quantity?: number;
  unitAmount?: number;
  lineAmount?: number;
  discountRate?: number;
  discountAmount?: number;
  taxAmount?: number;
}

export interface ComputedLine {
  quantity?: number;
  unitAmount?: number;
  lineAmount: number;
  taxAmount: number;
  /** Gross amount less line amount: what the discount took off. */
  discount: number;
}

export interface DocumentTotals {
  subTotal: number;
  totalTax: number;
  total: number;
  totalDiscount: number;
}

/** Returns the computed line, or the validation messages that make it invalid. */
export function computeLine(
  input: LineFigures,
  taxRatePercent: number,
  lineAmountTypes: LineAmountTypes,
  unitDp: 2 | 4,
): ComputedLine | { errors: string[] } {
  const errors: string[] = [];
  if (input.discountRate !== undefined && input.discountAmount !== undefined) {
    // UNVERIFIED wording: Xero refuses both discount kinds on one line.
    errors.push('A line item can have a DiscountRate or a DiscountAmount, not both.');
  }
  if (input.discountRate !== undefined && (input.discountRate < 0 || input.discountRate > 100)) {
    errors.push('DiscountRate must be between 0 and 100.');
  }
  if (errors.length) return { errors };

  let quantity = input.quantity;
  let unitAmount = input.unitAmount === undefined ? undefined : roundTo(input.unitAmount, unitDp);
  if (quantity !== undefined) quantity = roundTo(quantity, 4);

  const descriptionOnly =
    quantity === undefined && unitAmount === undefined && input.lineAmount === undefined;
  if (descriptionOnly) return { lineAmount: 0, taxAmount: 0, discount: 0 };

  const discountFactor = dec(100)
    .minus(input.discountRate ?? 0)
    .dividedBy(100);
  if (input.lineAmount !== undefined && (quantity === undefined || unitAmount === undefined)) {
    // Xero fills in whichever of Quantity / UnitAmount is missing from LineAmount (OAS LineItem).
    const target = dec(input.lineAmount).plus(input.discountAmount ?? 0);
    if (quantity === undefined && unitAmount === undefined) quantity = 1;
    if (unitAmount === undefined) {
      const q = quantity ?? 1;
      if (q === 0) return { errors: ['Quantity must not be zero when only LineAmount is given.'] };
      unitAmount = roundTo(target.dividedBy(discountFactor).dividedBy(q), unitDp);
    } else if (quantity === undefined) {
      quantity = unitAmount === 0 ? 1 : roundTo(target.dividedBy(discountFactor).dividedBy(unitAmount), 4);
    }
  }
  // UNVERIFIED: a line with UnitAmount but no Quantity is taken as quantity 1.
  const q = quantity ?? 1;
  const u = unitAmount ?? 0;
  const gross = dec(q).times(u);
  const net =
    input.discountAmount !== undefined ? gross.minus(input.discountAmount) : gross.times(discountFactor);
  const lineAmount = round2(net);
  if (input.lineAmount !== undefined && Math.abs(round2(input.lineAmount) - lineAmount) > 0.01) {
    return {
      errors: [
        `The line total ${round2(input.lineAmount).toFixed(2)} does not match the expected line total ${lineAmount.toFixed(2)}.`,
      ],
    };
  }
  const taxAmount =
    lineAmountTypes === 'NoTax'
      ? 0
      : input.taxAmount !== undefined
        ? round2(input.taxAmount)
        : lineAmountTypes === 'Exclusive'
          ? round2(dec(lineAmount).times(taxRatePercent).dividedBy(100))
          : round2(dec(lineAmount).times(taxRatePercent).dividedBy(dec(100).plus(taxRatePercent)));
  return {
    quantity: quantity ?? 1,
    unitAmount: u,
    lineAmount,
    taxAmount,
    discount: round2(gross.minus(lineAmount)),
  };
}

export function documentTotals(lines: ComputedLine[], lineAmountTypes: LineAmountTypes): DocumentTotals {
  const lineSum = sum(lines.map((l) => l.lineAmount));
  const totalTax = sum(lines.map((l) => l.taxAmount));
  const totalDiscount = round2(sum(lines.map((l) => l.discount)));
  if (lineAmountTypes === 'Inclusive') {
    return {
      subTotal: round2(lineSum.minus(totalTax)),
      totalTax: round2(totalTax),
      total: round2(lineSum),
      totalDiscount,
    };
  }
  return {
    subTotal: round2(lineSum),
    totalTax: round2(totalTax),
    total: round2(lineSum.plus(totalTax)),
    totalDiscount,
  };
}
