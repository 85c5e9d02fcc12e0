import { errors } from '../http/dataverse-error';

// System query options of a Dataverse Web API request (powerapps-docs webapi/query/overview.md): parsed into a
// tree; names are checked against the schema later, where the table is known.

export interface ExpandItem {
  navigation: string;
  options: QueryOptions;
}

export interface OrderItem {
  property: string;
  descending: boolean;
}

export interface QueryOptions {
  select?: string[];
  filter?: string;
  expand?: ExpandItem[];
  orderby?: OrderItem[];
  top?: number;
  count?: boolean;
  skiptoken?: string;
}

const TOP_LEVEL = new Set(['$select', '$filter', '$expand', '$orderby', '$top', '$count', '$skiptoken']);
const NESTED = new Set(['$select', '$filter', '$expand', '$orderby', '$top']);
/** Recognised by OData but refused by Dataverse: name them in the error instead of ignoring them. */
const UNSUPPORTED = new Set(['$skip', '$search', '$apply', '$format', '$compute', '$index', '$levels']);

/** Splits on `separator` outside parentheses and single-quoted strings. */
export function splitTopLevel(s: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === separator) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw errors.queryError(`Unbalanced parentheses in '${s}'.`);
  }
  if (depth !== 0 || quoted) throw errors.queryError(`Unbalanced parentheses or quotes in '${s}'.`);
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseSelect(value: string): string[] {
  const items = splitTopLevel(value, ',');
  if (items.length === 0) throw errors.queryError('$select is empty.');
  return items;
}

function parseOrderby(value: string): OrderItem[] {
  return splitTopLevel(value, ',').map((item) => {
    const words = item.split(' ').filter(Boolean);
    if (words.length > 2 || (words[1] !== undefined && words[1] !== 'asc' && words[1] !== 'desc')) {
      throw errors.queryError(`Syntax error in $orderby '${item}': expected '<property> [asc|desc]'.`);
    }
    return { property: words[0] ?? '', descending: words[1] === 'desc' };
  });
}

function parseTop(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || String(n) !== value.trim()) {
    throw errors.queryError(
      `Invalid value '${value}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  return n;
}

function parseExpand(value: string): ExpandItem[] {
  return splitTopLevel(value, ',').map((item) => {
    const open = item.indexOf('(');
    if (open < 0) return { navigation: item, options: {} };
    if (!item.endsWith(')')) throw errors.queryError(`Syntax error in $expand '${item}'.`);
    const navigation = item.slice(0, open).trim();
    const inner = item.slice(open + 1, -1);
    const pairs: [string, string][] = splitTopLevel(inner, ';').map((p) => {
      const eq = p.indexOf('=');
      if (eq < 0) throw errors.queryError(`Syntax error in $expand options '${p}' of '${navigation}'.`);
      return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
    });
    return { navigation, options: parseOptions(pairs, NESTED, `$expand of '${navigation}'`) };
  });
}

function parseOptions(pairs: [string, string][], allowed: Set<string>, where: string): QueryOptions {
  const o: QueryOptions = {};
  const seen = new Set<string>();
  for (const [name, value] of pairs) {
    if (seen.has(name))
      throw errors.queryError(`Query option '${name}' was specified more than once in ${where}.`);
    seen.add(name);
    if (!allowed.has(name)) {
      if (UNSUPPORTED.has(name)) throw errors.queryError(`The query parameter ${name} is not supported.`);
      throw errors.queryError(`The query parameter '${name}' is not supported in ${where}.`);
    }
    switch (name) {
      case '$select':
        o.select = parseSelect(value);
        break;
      case '$filter':
        o.filter = value;
        break;
      case '$expand':
        o.expand = parseExpand(value);
        break;
      case '$orderby':
        o.orderby = parseOrderby(value);
        break;
      case '$top':
        o.top = parseTop(value);
        break;
      case '$count':
        if (value !== 'true' && value !== 'false')
          throw errors.queryError(`Invalid value '${value}' for $count: true or false.`);
        o.count = value === 'true';
        break;
      case '$skiptoken':
        o.skiptoken = value;
        break;
    }
  }
  return o;
}

/**
 * Parses the query string of a request. Names starting with `$` must be options Dataverse supports. Anything else
 * (parameter aliases `@p1`, `fetchXml`, typos) is refused rather than ignored, so a query is never silently widened.
 */
export function parseQueryOptions(query: URLSearchParams): QueryOptions {
  const pairs: [string, string][] = [];
  for (const [name, value] of query) {
    if (name.startsWith('$')) pairs.push([name, value]);
    else if (name === 'fetchXml') throw errors.notImplemented('FetchXML queries (fetchXml=…)');
    else throw errors.queryError(`The query parameter '${name}' is not supported.`);
  }
  return parseOptions(pairs, TOP_LEVEL, 'the request');
}
