/** The query every paged list endpoint reads the same way: where, order, If-Modified-Since, page and pageSize. */
import { QueryParseFailure } from '../domain/accounting-errors';
import { parseInstant } from '../domain/wire-dates';
import { applyList, type ListSpec, type Pagination } from '../query/list-query';
import type { QueryReader } from './request-reading';
import type { RouteRequest } from './route-table';

export interface Paging {
  page?: number;
  pageSize?: number;
}

export function ifModifiedSince(req: RouteRequest): Date | undefined {
  const header = req.header('if-modified-since');
  if (!header) return undefined;
  const instant = parseInstant(header);
  if (!instant) throw new QueryParseFailure(`The If-Modified-Since header '${header}' is not a valid date`);
  return instant;
}

/** A pageSize alone asks for page 1; a page (either way) also asks for the documents' lines. */
export function readPaging(query: QueryReader): Paging {
  const pageSize = query.int('pageSize', 1);
  const page = query.int('page', 1) ?? (pageSize !== undefined ? 1 : undefined);
  return { page, pageSize };
}

export function pagedList<T>(
  req: RouteRequest,
  records: T[],
  spec: ListSpec<T>,
  paging: Paging,
  where = req.query.string('where'),
): { items: T[]; pagination?: Pagination } {
  return applyList(records, spec, {
    where,
    order: req.query.string('order'),
    ifModifiedSince: ifModifiedSince(req),
    ...paging,
  });
}
