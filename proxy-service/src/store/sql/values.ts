/** Reading a column that each dialect returns in its own shape (see columns.ts). */

/** An instant as an ISO string; PostgreSQL's Date and SQLite's stored text both come out the same. */
export function isoOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

export function isoOrNull(value: unknown): string | null {
  return value == null ? null : isoOf(value);
}

/** A JSON column: SQLite and TEXT columns hold the text, PostgreSQL JSONB arrives parsed. */
export function jsonOf<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A boolean expression's result: PostgreSQL returns a boolean, SQLite 0 or 1. */
export function truthOf(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

/** A count or sum: PostgreSQL returns bigint results as strings, an empty SQLite sum is null. */
export function countOf(value: unknown): number {
  return Number(value ?? 0);
}
