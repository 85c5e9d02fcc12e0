/**
 * Filtering, ordering and paging of GET lists as Xero does them: `where`, `order` ("Field ASC|DESC", comma
 * separated), `If-Modified-Since` (UpdatedDateUTC strictly after), and `page`/`pageSize` (default 100, at most
 * 1000; reference/xero-api.md section 2) with the lowercase `pagination` block.
 */
import { NotImplementedByEmulator, QueryParseFailure } from '../domain/accounting-errors';
import { compileWhere, type WhereFields } from './where-clause';

export interface ListSpec<T> {
  /** As Xero names the type in its errors: "Invoice", "Contact". */
  entityName: string;
  fields: WhereFields<T>;
  updatedOf?: (record: T) => Date;
  defaultOrder: Array<{ field: string; descending: boolean }>;
}

export interface ListParams {
  where?: string;
  order?: string;
  ifModifiedSince?: Date;
  page?: number;
  pageSize?: number;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

function comparatorFor<T>(
  spec: ListSpec<T>,
  order: Array<{ field: string; descending: boolean }>,
): (a: T, b: T) => number {
  const byLower = new Map(Object.entries(spec.fields).map(([k, v]) => [k.toLowerCase(), v] as const));
  const keys = order.map(({ field, descending }) => {
    const def = byLower.get(field.toLowerCase());
    if (!def) {
      throw new NotImplementedByEmulator(
        `order by '${field}' on ${spec.entityName} is not supported by the emulator (supported: ${Object.keys(spec.fields).join(', ')})`,
      );
    }
    return { def, sign: descending ? -1 : 1 };
  });
  const norm = (v: unknown): string | number => {
    if (v instanceof Date) return v.getTime();
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return v === undefined || v === null ? '' : String(v).toLowerCase();
  };
  return (a, b) => {
    for (const { def, sign } of keys) {
      const x = norm(def.get(a));
      const y = norm(def.get(b));
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  };
}

export function parseOrder(order: string): Array<{ field: string; descending: boolean }> {
  return order.split(',').map((part) => {
    const match = /^\s*([A-Za-z][A-Za-z0-9_.]*)(?:\s+(ASC|DESC))?\s*$/i.exec(part);
    if (!match)
      throw new QueryParseFailure(`The order clause '${part.trim()}' is not valid (use Field ASC|DESC)`);
    return { field: match[1]!, descending: match[2]?.toUpperCase() === 'DESC' };
  });
}

export function applyList<T>(
  records: T[],
  spec: ListSpec<T>,
  params: ListParams,
): { items: T[]; pagination?: Pagination } {
  let items = records;
  if (params.ifModifiedSince && spec.updatedOf) {
    const since = params.ifModifiedSince.getTime();
    items = items.filter((r) => spec.updatedOf!(r).getTime() > since);
  }
  if (params.where !== undefined) {
    const predicate = compileWhere(params.where, spec.fields, spec.entityName);
    items = items.filter(predicate);
  }
  // A stable sort keeps insertion order between equal keys.
  items = [...items].sort(comparatorFor(spec, params.order ? parseOrder(params.order) : spec.defaultOrder));
  if (params.page === undefined) return { items };
  const pageSize = Math.min(params.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const itemCount = items.length;
  const pageCount = Math.ceil(itemCount / pageSize);
  const start = (params.page - 1) * pageSize;
  return {
    items: items.slice(start, start + pageSize),
    pagination: { page: params.page, pageSize, pageCount, itemCount },
  };
}
