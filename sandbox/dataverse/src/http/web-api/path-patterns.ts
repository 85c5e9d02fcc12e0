import { parseKeySegment } from '../../odata/key-segment';
import type { ParsedPath } from './odata-path';
import type { RowPartRequest, RowRequest, TableRequest, WebApiRequest } from './web-api-request';

/**
 * A shape of Web API path. `matches` only looks at the path; `bind` resolves what the path names (the table, the
 * key, the row), so its errors (unknown entity set, bad key, missing row) come before the method's own.
 */
export interface PathPattern<T> {
  readonly text: string;
  matches(path: ParsedPath): boolean;
  bind(request: WebApiRequest): T;
}

function special(text: string, matches: (segment: string) => boolean): PathPattern<WebApiRequest> {
  return { text, matches: (p) => p.special !== undefined && matches(p.special), bind: (r) => r };
}

function onTable(text: string, matches: (rest: string[]) => boolean): PathPattern<TableRequest> {
  return {
    text,
    matches: (p) => p.entitySet !== undefined && p.key === undefined && matches(p.rest),
    bind: (r) => ({ ...r, table: r.service.tableBySet(r.path.entitySet!) }),
  };
}

function onRow(text: string, matches: (rest: string[]) => boolean): PathPattern<RowRequest> {
  return {
    text,
    matches: (p) => p.entitySet !== undefined && p.key !== undefined && matches(p.rest),
    bind: (r) => {
      const table = r.service.tableBySet(r.path.entitySet!);
      return { ...r, table, keySpec: parseKeySegment(table, r.path.key!) };
    },
  };
}

/** A part of a row exists only on an existing row: a missing one is 404 whatever the method. */
function onRowPart(text: string, matches: (rest: string[]) => boolean): PathPattern<RowPartRequest> {
  const rowPattern = onRow(text, (rest) => rest.length > 0 && matches(rest));
  return {
    ...rowPattern,
    bind: (r) => {
      const target = rowPattern.bind(r);
      return { ...target, row: r.service.require(target.table, target.keySpec), segments: r.path.rest };
    },
  };
}

/** Bound actions are named with their namespace: `accounts/Microsoft.Dynamics.CRM.CreateMultiple`. */
export const BOUND_ACTION_PREFIX = 'Microsoft.Dynamics.CRM.';

export const paths = {
  metadata: special('$metadata', (s) => s === '$metadata'),
  batch: special('$batch', (s) => s === '$batch'),
  anySpecial: special('$…', () => true),
  serviceRoot: {
    text: '/',
    matches: (p) => p.special === undefined && p.entitySet === undefined,
    bind: (r) => r,
  } satisfies PathPattern<WebApiRequest>,
  // Like Dataverse, `WhoAmI()` and anything after it still name the function.
  whoAmI: {
    text: 'WhoAmI',
    matches: (p) => p.entitySet === 'WhoAmI' && !p.key,
    bind: (r) => r,
  } satisfies PathPattern<WebApiRequest>,
  collection: onTable('{set}', (rest) => rest.length === 0),
  collectionCount: onTable('{set}/$count', (rest) => rest.length === 1 && rest[0] === '$count'),
  collectionAction: onTable(
    `{set}/${BOUND_ACTION_PREFIX}{action}`,
    (rest) => rest.length === 1 && rest[0]!.startsWith(BOUND_ACTION_PREFIX),
  ),
  collectionSegments: onTable('{set}/…', (rest) => rest.length > 0),
  row: onRow('{set}({key})', (rest) => rest.length === 0),
  rowReference: onRowPart(
    '{set}({key})/{navigation}/$ref',
    (rest) => rest.length === 2 && rest[1] === '$ref',
  ),
  rowProperty: onRowPart('{set}({key})/{property}', (rest) => rest.length === 1),
  rowSegments: onRowPart('{set}({key})/…', () => true),
};
