import type { Request } from 'express';
import { errors } from '../dataverse-error';

/** Where the OData v4 surface is mounted; every URL this service answers with starts with it. */
export const API_PATH = '/api/data/v9.2';

/** A request path under {@link API_PATH}: `invoices(…)/x/y`, or a `$segment` such as `$metadata`. */
export interface ParsedPath {
  entitySet?: string;
  key?: string;
  rest: string[];
  special?: string;
}

/** The percent-decoded path after {@link API_PATH}; a malformed escape is the client's error, not ours. */
export function readRawPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname.slice(url.pathname.indexOf(API_PATH) + API_PATH.length));
  } catch {
    throw errors.badRequest(
      `The request URI '${url.pathname}' is not validly percent-encoded.`,
      '0x80060888',
    );
  }
}

/** Splits `invoices(…)/x/y` with the key in parentheses possibly holding quoted text. */
export function parsePath(raw: string): ParsedPath {
  let p = raw.startsWith('/') ? raw.slice(1) : raw;
  if (p.endsWith('/')) p = p.slice(0, -1);
  if (p === '') return { rest: [] };
  if (p.startsWith('$')) return { special: p, rest: [] };
  let i = 0;
  while (i < p.length && p[i] !== '(' && p[i] !== '/') i++;
  const entitySet = p.slice(0, i);
  let key: string | undefined;
  if (p[i] === '(') {
    let quoted = false;
    let j = i + 1;
    for (; j < p.length; j++) {
      if (p[j] === "'") quoted = !quoted;
      else if (p[j] === ')' && !quoted) break;
    }
    if (j >= p.length) throw errors.badRequest(`Bad request: unbalanced key in '${raw}'.`, '0x80060888');
    key = p.slice(i + 1, j);
    i = j + 1;
  }
  const rest = p.slice(i).split('/').filter(Boolean);
  return { entitySet, key, rest };
}

export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}${API_PATH}`;
}
