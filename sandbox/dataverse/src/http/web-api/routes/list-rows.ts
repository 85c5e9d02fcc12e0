import { annotationMatcher } from '../../prefer-header';
import { errors } from '../../dataverse-error';
import { baseUrl } from '../odata-path';
import { selectContext, send } from '../odata-reply';
import type { TableRequest } from '../web-api-request';

// Paging and counts follow powerapps-docs webapi/query/page-results.md and count-rows.md.

/** Dataverse's page size when the client sets none; counts also stop there. */
export const DEFAULT_PAGE_SIZE = 5000;

/** The `$skiptoken` Dataverse returns: an XML paging cookie, URL-encoded into the next link. */
function skipToken(page: number, lastId: string): string {
  return `<cookie pagenumber="${page}" pagingcookie="%3ccookie%20page%3d%22${page - 1}%22%3e%3cid%20last%3d%22%7b${lastId.toUpperCase()}%7d%22%20%2f%3e%3c%2fcookie%3e" istracking="False" />`;
}

function pageFromToken(token: string): number {
  const marker = 'pagenumber="';
  const at = token.indexOf(marker);
  if (at < 0)
    throw errors.queryError(`The $skiptoken '${token}' is not a paging cookie this service issued.`);
  const end = token.indexOf('"', at + marker.length);
  const n = Number(token.slice(at + marker.length, end));
  if (!Number.isInteger(n) || n < 2)
    throw errors.queryError(`The $skiptoken '${token}' has an invalid page number.`);
  return n;
}

/** The current URL with its `$skiptoken` replaced by the next page's. */
function nextLink(r: TableRequest, token: string): string {
  const current = new URL(r.req.originalUrl, baseUrl(r.req));
  const query = [...current.searchParams]
    .filter(([name]) => name !== '$skiptoken')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  query.push(`$skiptoken=${encodeURIComponent(token)}`);
  return `${r.req.protocol}://${r.req.get('host')}${current.pathname}?${query.join('&')}`;
}

export function listRows(r: TableRequest): void {
  const { table, opts, prefs } = r;
  const rows = r.service.select(table, opts);
  const annotate = annotationMatcher(prefs.annotations);
  const pageSize = prefs.maxPageSize ?? (opts.top !== undefined ? opts.top : DEFAULT_PAGE_SIZE);
  const page = opts.skiptoken ? pageFromToken(opts.skiptoken) : 1;
  // With odata.maxpagesize, $top is ignored (power-platform.md 6.4); $top alone returns at most that many rows.
  const limited = prefs.maxPageSize === undefined && opts.top !== undefined ? rows.slice(0, opts.top) : rows;
  const start = (page - 1) * pageSize;
  const slice = limited.slice(start, start + pageSize);
  const body: Record<string, unknown> = {
    '@odata.context': `${baseUrl(r.req)}/$metadata#${selectContext(table, opts)}`,
  };
  if (opts.count) body['@odata.count'] = Math.min(limited.length, DEFAULT_PAGE_SIZE);
  // Count annotations: -1 unless $count=true; the count stops at 5000.
  if (annotate('Microsoft.Dynamics.CRM.totalrecordcount')) {
    body['@Microsoft.Dynamics.CRM.totalrecordcount'] = opts.count
      ? Math.min(limited.length, DEFAULT_PAGE_SIZE)
      : -1;
  }
  if (annotate('Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded')) {
    body['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'] = limited.length > DEFAULT_PAGE_SIZE;
  }
  body.value = r.service.shape(table, slice, opts, annotate);
  if (start + pageSize < limited.length) {
    body['@odata.nextLink'] = nextLink(
      r,
      skipToken(page + 1, String(slice[slice.length - 1]?.[table.primaryIdColumn])),
    );
  }
  send(r.res, 200, body, prefs);
}

export function countRows({ res, service, table, opts }: TableRequest): void {
  const rows = service.select(table, { filter: opts.filter });
  res.setHeader('OData-Version', '4.0');
  res
    .status(200)
    .type('text/plain')
    .send(String(Math.min(rows.length, DEFAULT_PAGE_SIZE)));
}
