import type { Response } from 'express';
import { annotationMatcher, type Preferences } from '../prefer-header';
import type { QueryOptions } from '../../odata/query-options';
import type { TableDef } from '../../schema/schema-types';
import type { Row } from '../../store/row-store';
import { baseUrl } from './odata-path';
import type { TableRequest } from './web-api-request';

/** Answers with OData headers; `Preference-Applied` echoes the preferences the answer honoured. */
export function send(res: Response, status: number, body?: unknown, prefs?: Preferences): void {
  res.setHeader('OData-Version', '4.0');
  const applied: string[] = [];
  if (prefs?.annotations.length) applied.push(`odata.include-annotations="${prefs.annotations.join(',')}"`);
  if (prefs?.maxPageSize) applied.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  if (prefs?.returnRepresentation && body !== undefined) applied.push('return=representation');
  if (applied.length) res.setHeader('Preference-Applied', applied.join(','));
  if (body === undefined) {
    res.status(status).end();
    return;
  }
  res.status(status).type('application/json; odata.metadata=minimal').send(JSON.stringify(body));
}

export function selectContext(table: TableDef, opts: QueryOptions): string {
  return opts.select ? `${table.entitySetName}(${opts.select.join(',')})` : table.entitySetName;
}

function entityUrl(r: TableRequest, row: Row): string {
  return `${baseUrl(r.req)}/${r.table.entitySetName}(${String(row[r.table.primaryIdColumn])})`;
}

/** The row as the client asked to see it (`$select`, `$expand`, annotations). */
export function representation(r: TableRequest, row: Row): Record<string, unknown> {
  const annotate = annotationMatcher(r.prefs.annotations);
  const [body] = r.service.shape(r.table, [row], r.opts, annotate);
  return {
    '@odata.context': `${baseUrl(r.req)}/$metadata#${selectContext(r.table, r.opts)}/$entity`,
    ...body,
  };
}

/** After a create or update: the row's URL, and the row itself when `Prefer: return=representation` asks. */
export function sendWrittenRow(r: TableRequest, row: Row, statusWithBody: 200 | 201): void {
  r.res.setHeader('OData-EntityId', entityUrl(r, row));
  if (r.prefs.returnRepresentation) send(r.res, statusWithBody, representation(r, row), r.prefs);
  else send(r.res, 204);
}
