/**
 * Decimal money arithmetic. Xero rounds each line to 2 dp "half away from zero" (ROUND_HALF_UP in decimal.js
 * rounds ties away from zero), and keeps unit amounts to 4 dp when the caller opts in with `unitdp=4`.
 * Binary floating point would turn 1.005 into 1.00, so every sum and product goes through Decimal.
 */
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type Amount = InstanceType<typeof D>;

export function dec(value: number | string | Amount): Amount {
  return new D(value);
}

/** Rounds half away from zero to `dp` decimal places and returns a JS number for the wire. */
export function roundTo(value: number | Amount, dp: number): number {
  return new D(value).toDecimalPlaces(dp, D.ROUND_HALF_UP).toNumber();
}

export function round2(value: number | Amount): number {
  return roundTo(value, 2);
}

export function sum(values: Array<number | Amount>): Amount {
  return values.reduce<Amount>((acc, v) => acc.plus(v), new D(0));
}

/** Decimal places actually used by a number as written (1.50 → 1, 2.3456 → 4). */
export function decimalPlaces(value: number): number {
  return new D(value).decimalPlaces();
}
