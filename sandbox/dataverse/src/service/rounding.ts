/** Dataverse rounds half away from zero at the column's precision; EPSILON keeps 1.005 from rounding down. */
export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round((n + Number.EPSILON) * f) / f;
}
