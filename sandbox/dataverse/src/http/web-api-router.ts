import express, { type NextFunction, type Request, type Response } from 'express';
import type { DataverseService } from '../dataverse-service';
import { parseKeySegment } from '../odata/key-segment';
import { parseQueryOptions, type QueryOptions } from '../odata/query-options';
import type { TableDef } from '../schema/schema-types';
import type { Row } from '../store/row-store';
import { renderCsdl } from '../metadata/csdl';
import { BULK_ACTIONS, runBulkMessage, type BulkAction } from './bulk-messages';
import { DataverseError, errors } from './dataverse-error';
import { annotationMatcher, parsePrefer, type Preferences } from './prefer-header';
import type { RequestGate } from './request-gate';

// The OData v4 surface of `/api/data/v9.2` (powerapps-docs webapi/*: create-entity-web-api.md,
// retrieve-entity-using-web-api.md, update-delete-entities-using-web-api.md, query/page-results.md,
// bulk-operations.md). Only JSON bodies; `$batch` answers 501.

export const API_PATH = '/api/data/v9.2';
const DEFAULT_PAGE_SIZE = 5000;

interface ParsedPath {
  entitySet?: string;
  key?: string;
  rest: string[];
  special?: string;
}

/** Splits `invoices(…)/x/y` with the key in parentheses possibly holding quoted text. */
function parsePath(raw: string): ParsedPath {
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

function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}${API_PATH}`;
}

function send(res: Response, status: number, body?: unknown, prefs?: Preferences): void {
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

function selectContext(table: TableDef, opts: QueryOptions): string {
  return opts.select ? `${table.entitySetName}(${opts.select.join(',')})` : table.entitySetName;
}

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

export function createWebApiRouter(service: DataverseService, gate: RequestGate): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    try {
      gate.check(req);
      next();
    } catch (e) {
      next(e);
    }
  });
  router.use(express.json({ limit: '32mb', type: (req) => req.method !== 'GET' && req.method !== 'DELETE' }));

  const representation = (
    req: Request,
    table: TableDef,
    row: Row,
    prefs: Preferences,
    opts: QueryOptions,
  ) => {
    const annotate = annotationMatcher(prefs.annotations);
    const [body] = service.shape(table, [row], opts, annotate);
    return { '@odata.context': `${baseUrl(req)}/$metadata#${selectContext(table, opts)}/$entity`, ...body };
  };

  const entityUrl = (req: Request, table: TableDef, row: Row) =>
    `${baseUrl(req)}/${table.entitySetName}(${String(row[table.primaryIdColumn])})`;

  const handle = (req: Request, res: Response): void => {
    const url = new URL(req.originalUrl, 'http://localhost');
    let rawPath: string;
    try {
      rawPath = decodeURIComponent(url.pathname.slice(url.pathname.indexOf(API_PATH) + API_PATH.length));
    } catch {
      throw errors.badRequest(
        `The request URI '${url.pathname}' is not validly percent-encoded.`,
        '0x80060888',
      );
    }
    const path = parsePath(rawPath);
    const prefs = parsePrefer(req.headers.prefer);
    const opts = parseQueryOptions(url.searchParams);
    const method = req.method.toUpperCase();

    if (path.special === '$metadata' && method === 'GET') {
      res.setHeader('OData-Version', '4.0');
      res.status(200).type('application/xml').send(renderCsdl(service.schema));
      return;
    }
    if (path.special === '$batch') throw errors.notImplemented('$batch');
    if (path.special) throw errors.segmentNotFound(path.special);
    if (path.entitySet === undefined) {
      if (method !== 'GET') throw errors.methodNotAllowed(method, rawPath);
      send(res, 200, {
        '@odata.context': `${baseUrl(req)}/$metadata`,
        value: [...service.schema.tables.values()].map((t) => ({
          name: t.entitySetName,
          kind: 'EntitySet',
          url: t.entitySetName,
        })),
      });
      return;
    }
    if (path.entitySet === 'WhoAmI' && !path.key && method === 'GET') {
      send(res, 200, {
        '@odata.context': `${baseUrl(req)}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: service.identity.businessUnitId,
        UserId: service.identity.userId,
        OrganizationId: service.identity.organizationId,
      });
      return;
    }
    const table = service.tableBySet(path.entitySet);

    if (path.key === undefined) {
      const [segment, ...more] = path.rest;
      if (more[0] !== undefined) throw errors.segmentNotFound(more[0]);
      if (segment === '$count' && method === 'GET') {
        const rows = service.select(table, { filter: opts.filter });
        res.setHeader('OData-Version', '4.0');
        res
          .status(200)
          .type('text/plain')
          .send(String(Math.min(rows.length, DEFAULT_PAGE_SIZE)));
        return;
      }
      if (segment?.startsWith('Microsoft.Dynamics.CRM.') && method === 'POST') {
        bulk(req, res, table, segment.slice('Microsoft.Dynamics.CRM.'.length));
        return;
      }
      if (segment !== undefined) throw errors.segmentNotFound(segment);
      if (method === 'GET') return list(req, res, table, opts, prefs);
      if (method === 'POST') {
        const row = service.create(table, service.parsePayload(table, req.body, 'create'));
        res.setHeader('OData-EntityId', entityUrl(req, table, row));
        if (prefs.returnRepresentation) send(res, 201, representation(req, table, row, prefs, opts), prefs);
        else send(res, 204);
        return;
      }
      throw errors.methodNotAllowed(method, rawPath);
    }

    const keySpec = parseKeySegment(table, path.key);
    if (path.rest.length > 0) return property(req, res, table, keySpec, path.rest, method, prefs);
    const ifMatch = req.get('If-Match');
    const ifNoneMatch = req.get('If-None-Match');
    const existing = service.find(table, keySpec);
    const checkEtag = (row: Row) => {
      if (ifMatch && ifMatch !== '*' && ifMatch !== `W/"${row.versionnumber}"`)
        throw errors.versionMismatch();
    };
    switch (method) {
      case 'GET': {
        if (!existing) service.require(table, keySpec);
        if (ifNoneMatch && ifNoneMatch !== 'null' && ifNoneMatch === `W/"${existing!.versionnumber}"`) {
          res.setHeader('OData-Version', '4.0');
          res.status(304).end();
          return;
        }
        send(res, 200, representation(req, table, existing!, prefs, opts), prefs);
        return;
      }
      case 'PATCH': {
        if (existing) {
          if (ifNoneMatch === '*') throw errors.duplicate();
          checkEtag(existing);
          const row = service.update(table, existing, service.parsePayload(table, req.body, 'update'));
          res.setHeader('OData-EntityId', entityUrl(req, table, row));
          if (prefs.returnRepresentation) send(res, 200, representation(req, table, row, prefs, opts), prefs);
          else send(res, 204);
          return;
        }
        if (ifMatch) service.require(table, keySpec);
        // Upsert: create with the id or the alternate key values of the URL.
        const changes = {
          ...service.parsePayload(table, req.body, 'create'),
          ...service.keyColumns(table, keySpec),
        };
        const row = service.create(table, changes);
        res.setHeader('OData-EntityId', entityUrl(req, table, row));
        if (prefs.returnRepresentation) send(res, 201, representation(req, table, row, prefs, opts), prefs);
        else send(res, 204);
        return;
      }
      case 'DELETE': {
        const row = existing ?? service.require(table, keySpec);
        checkEtag(row);
        service.delete(table, row);
        send(res, 204);
        return;
      }
      default:
        throw errors.methodNotAllowed(method, rawPath);
    }
  };

  const list = (
    req: Request,
    res: Response,
    table: TableDef,
    opts: QueryOptions,
    prefs: Preferences,
  ): void => {
    const rows = service.select(table, opts);
    const annotate = annotationMatcher(prefs.annotations);
    const pageSize = prefs.maxPageSize ?? (opts.top !== undefined ? opts.top : DEFAULT_PAGE_SIZE);
    const page = opts.skiptoken ? pageFromToken(opts.skiptoken) : 1;
    // With odata.maxpagesize, $top is ignored (power-platform.md 6.4); $top alone returns at most that many rows.
    const limited =
      prefs.maxPageSize === undefined && opts.top !== undefined ? rows.slice(0, opts.top) : rows;
    const start = (page - 1) * pageSize;
    const slice = limited.slice(start, start + pageSize);
    const body: Record<string, unknown> = {
      '@odata.context': `${baseUrl(req)}/$metadata#${selectContext(table, opts)}`,
    };
    if (opts.count) body['@odata.count'] = Math.min(limited.length, DEFAULT_PAGE_SIZE);
    // Count annotations (page-results.md / count-rows.md): -1 unless $count=true; the count stops at 5000.
    if (annotate('Microsoft.Dynamics.CRM.totalrecordcount')) {
      body['@Microsoft.Dynamics.CRM.totalrecordcount'] = opts.count
        ? Math.min(limited.length, DEFAULT_PAGE_SIZE)
        : -1;
    }
    if (annotate('Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded')) {
      body['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'] = limited.length > DEFAULT_PAGE_SIZE;
    }
    body.value = service.shape(table, slice, opts, annotate);
    if (start + pageSize < limited.length) {
      const current = new URL(req.originalUrl, baseUrl(req));
      const query = [...current.searchParams]
        .filter(([name]) => name !== '$skiptoken')
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
      const token = skipToken(page + 1, String(slice[slice.length - 1]?.[table.primaryIdColumn]));
      query.push(`$skiptoken=${encodeURIComponent(token)}`);
      body['@odata.nextLink'] = `${req.protocol}://${req.get('host')}${current.pathname}?${query.join('&')}`;
    }
    send(res, 200, body, prefs);
  };

  const property = (
    req: Request,
    res: Response,
    table: TableDef,
    keySpec: ReturnType<typeof parseKeySegment>,
    rest: string[],
    method: string,
    prefs: Preferences,
  ): void => {
    const row = service.require(table, keySpec);
    const name = rest[0] ?? '';
    const ref = rest[1];
    if (ref === '$ref' && method === 'DELETE' && rest.length === 2) {
      // Disassociate a single-valued navigation property (associate-disassociate-entities-using-web-api.md).
      const column = [...table.columns.values()].find((c) =>
        c.targets?.some((t) => t.navigationProperty === name),
      );
      if (!column) throw errors.propertyNotFound(name, table.logicalName);
      if (!column.validForUpdate)
        throw errors.notWritable(column.logicalName, table.logicalName, 'update', column.readOnlyReason);
      service.update(table, row, { [column.logicalName]: null });
      send(res, 204);
      return;
    }
    if (ref === '$ref' && method === 'PUT' && rest.length === 2) {
      const column = [...table.columns.values()].find((c) =>
        c.targets?.some((t) => t.navigationProperty === name),
      );
      if (!column) throw errors.propertyNotFound(name, table.logicalName);
      const body = req.body as Record<string, unknown> | undefined;
      const changes = service.parsePayload(table, { [`${name}@odata.bind`]: body?.['@odata.id'] }, 'update');
      service.update(table, row, changes);
      send(res, 204);
      return;
    }
    if (rest.length === 1 && (method === 'PUT' || method === 'DELETE')) {
      // Single property update / clear (update-delete-entities-using-web-api.md "Update a single property value").
      const column = table.columns.get(name);
      if (!column || column.kind === 'lookup') throw errors.propertyNotFound(name, table.logicalName);
      const body = req.body as { value?: unknown } | undefined;
      if (method === 'PUT' && (!body || !('value' in body))) {
        throw errors.badRequest(`PUT …/${name} needs a body {"value": …}.`);
      }
      const value = method === 'PUT' ? body!.value : null;
      service.update(table, row, service.parsePayload(table, { [name]: value }, 'update'));
      send(res, 204);
      return;
    }
    if (rest.length === 1 && method === 'GET') {
      const prop = table.columns.get(name) ?? undefined;
      const lookupValue =
        name.startsWith('_') && name.endsWith('_value') ? table.columns.get(name.slice(1, -6)) : undefined;
      if (prop && prop.kind !== 'lookup') {
        send(
          res,
          200,
          {
            '@odata.context': `${baseUrl(req)}/$metadata#${table.entitySetName}(${String(row[table.primaryIdColumn])})/${name}`,
            value: row[name] ?? null,
          },
          prefs,
        );
        return;
      }
      if (lookupValue?.kind === 'lookup') {
        const v = row[lookupValue.logicalName] as { id: string } | null;
        send(res, 200, { value: v ? v.id : null }, prefs);
        return;
      }
      throw errors.propertyNotFound(name, table.logicalName);
    }
    throw errors.methodNotAllowed(method, rest.join('/'));
  };

  const bulk = (req: Request, res: Response, table: TableDef, action: string): void => {
    if (!(BULK_ACTIONS as readonly string[]).includes(action)) {
      throw errors.segmentNotFound(`Microsoft.Dynamics.CRM.${action}`);
    }
    const result = runBulkMessage(service, table, action as BulkAction, req.body);
    if (result.status === 204) send(res, 204);
    else
      send(res, 200, {
        '@odata.context': `${baseUrl(req)}/$metadata#Microsoft.Dynamics.CRM.${action}Response`,
        ...result.body,
      });
  };

  router.all('*', (req, res, next) => {
    try {
      handle(req, res);
    } catch (e) {
      next(e);
    }
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    let e: DataverseError;
    if (err instanceof DataverseError) e = err;
    else if (err instanceof SyntaxError || (err as { type?: string }).type === 'entity.parse.failed') {
      e = errors.badRequest(`The request body is not valid JSON: ${(err as Error).message}`, '0x80060888');
    } else if ((err as { type?: string }).type === 'entity.too.large') {
      e = new DataverseError(413, '0x80060888', 'The request body is too large.');
    } else {
      e = new DataverseError(
        500,
        '0x80040216',
        `An unexpected error occurred: ${(err as Error).message ?? String(err)}`,
      );
    }
    for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
    send(res, e.status, e.toJSON());
  });
  return router;
}
