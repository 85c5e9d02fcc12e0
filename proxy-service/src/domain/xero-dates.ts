/**
 * xero-node turns any string starting with `/Date(` into a JS Date, even on fields typed `string`
 * (reference/xero-api.md §11), and leaves ISO strings alone: accept both and the raw MS-JSON form.
 */
export function toInstant(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (ms) return new Date(Number(ms[1]));
  // Xero's ISO-like timestamps carry no zone and are UTC.
  const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** `YYYY-MM-DD` of a Xero date (Xero dates are calendar dates, carried as UTC midnight). */
export function toCalendarDate(value: unknown): string | undefined {
  return toInstant(value)?.toISOString().slice(0, 10);
}

export function toDateTime(value: unknown): string | undefined {
  return toInstant(value)?.toISOString();
}
