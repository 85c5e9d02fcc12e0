import { NotImplementedError } from '../expressions/errors';
import {
  unflattenParameters,
  type Connector,
  type ConnectorCall,
  type ConnectorResponse,
} from '../engine/connectors';
import { sendHttp, type HttpAnswer } from './http-request';

/**
 * The Dataverse connector (`shared_commondataserviceforapps`) over the Dataverse Web API, as exported flows call it
 * (flow-runner.md §4): the operationId and flattened parameters of an OpenApiConnection action become one Web API
 * request (or several, when ListRecords follows pages), and the answer keeps the Web API's OData shape with every
 * annotation, which is what the real connector hands to the flow.
 */
export interface DataverseConnection {
  /** Environment URL (`https://org.crm.dynamics.com`, or the emulator's `http://127.0.0.1:<port>`). */
  dataverseUrl: string;
  /** Sent as `Authorization: Bearer …` when set; never logged. */
  bearerToken?: string;
}

export interface DataverseConnectorOptions {
  /** The connection for a call (by connection reference); throws when the run configuration lacks it. */
  connection: (call: ConnectorCall) => DataverseConnection;
  /**
   * Rows per page the connector asks for (`Prefer: odata.maxpagesize`). The real connector returns up to 5,000
   * rows per page (PA-DV list-rows.md); tests lower it to exercise paging with few rows.
   */
  pageSize?: number;
  /** Upper bound on pages followed by one ListRecords with pagination (3p note: the connector stops at 1,000). */
  maxPages?: number;
}

export const DATAVERSE_API_NAME = 'shared_commondataserviceforapps';
const API_PATH = '/api/data/v9.2';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Base URL of the Web API for an environment URL (accepts one that already ends in /api/data/v9.x). */
export function webApiBase(dataverseUrl: string): string {
  const trimmed = dataverseUrl.replace(/\/+$/, '');
  return /\/api\/data\/v9\.\d$/.test(trimmed) ? trimmed : `${trimmed}${API_PATH}`;
}

function badRequest(message: string): ConnectorResponse {
  return { statusCode: 400, body: { error: { code: 'InvalidParameter', message } } };
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

/**
 * `accounts(<guid>)` for a row id, or the alternate-key form the flow gives as is (`accountnumber='A1'`,
 * `dxc_connectionid=<guid>,dxc_code='200'`): the connector passes the record id into the key segment.
 */
function keySegment(recordId: string): string {
  const id = recordId.trim().replace(/^\{|\}$/g, '');
  return GUID.test(id) ? id : recordId;
}

/** One Dataverse connector call, ready to be sent: its parameters and the Web API requests it may make. */
interface DataverseCall {
  operationId: string;
  request: Record<string, unknown>;
  base: string;
  entityName?: string;
  recordId?: string;
  item: unknown;
  pagination?: number;
  send: (method: string, url: string, body?: unknown, extra?: Record<string, string>) => Promise<HttpAnswer>;
  /** A 400 answer when a parameter the operation needs is missing. */
  need: (...names: ('entityName' | 'recordId')[]) => ConnectorResponse | undefined;
  rowUrl: () => string;
  query: (names: string[]) => string;
}

type Operation = (
  call: DataverseCall,
  limits: { pageSize: number; maxPages: number },
) => Promise<ConnectorResponse>;

const withRepresentation = { Prefer: 'return=representation,odata.include-annotations="*"' };

function prepare(call: ConnectorCall, connection: DataverseConnection): DataverseCall {
  const base = webApiBase(connection.dataverseUrl);
  const request = unflattenParameters(call.parameters);
  // The …WithOrganization operations take the environment URL as a parameter; the sandbox has one environment.
  const operationId = call.operationId.replace(/WithOrganization$/, '');
  const entityName = text(request.entityName);
  const recordId = text(request.recordId);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'OData-MaxVersion': '4.0',
    'OData-Version': '4.0',
    // The connector asks for every annotation (flow-runner.md §4.2): formatted values and lookup names.
    Prefer: 'odata.include-annotations="*"',
  };
  if (connection.bearerToken) headers.Authorization = `Bearer ${connection.bearerToken}`;
  const given = { entityName, recordId };
  return {
    operationId,
    request,
    base,
    entityName,
    recordId,
    item: request.item ?? {},
    pagination: call.pagination?.minimumItemCount,
    send: (method, url, body, extra = {}) =>
      sendHttp({ method, url, headers: { ...headers, ...extra }, body }),
    need: (...names) => {
      const missing = names.find((n) => given[n] === undefined);
      return missing ? badRequest(`${operationId}: '${missing}' is required.`) : undefined;
    },
    rowUrl: () => `${base}/${entityName}(${keySegment(recordId!)})`,
    query: (names) => {
      const params = new URLSearchParams();
      for (const name of names) {
        const value = text(request[name]);
        if (value !== undefined) params.set(name, value);
      }
      const q = params.toString().replace(/\+/g, '%20');
      return q ? `?${q}` : '';
    },
  };
}

async function listRecords(c: DataverseCall, limits: { pageSize: number; maxPages: number }) {
  const invalid = c.need('entityName');
  if (invalid) return invalid;
  if (text(c.request.fetchXml) !== undefined) {
    throw new NotImplementedError(
      `Dataverse ListRecords parameter 'fetchXml'`,
      'use $filter/$orderby/$expand instead',
    );
  }
  // partitionId addresses elastic tables; the solution has none, so it is ignored.
  const top = text(c.request.$top);
  const prefer = [
    'odata.include-annotations="*"',
    ...(top === undefined ? [`odata.maxpagesize=${limits.pageSize}`] : []),
  ].join(',');
  const first = await c.send(
    'GET',
    `${c.base}/${c.entityName}${c.query(['$select', '$filter', '$orderby', '$expand', '$top', '$skiptoken'])}`,
    undefined,
    { Prefer: prefer },
  );
  if (c.pagination === undefined || first.statusCode >= 400) return first;
  return followPages(first, c.pagination, limits.maxPages, (url) =>
    c.send('GET', url, undefined, { Prefer: prefer }),
  );
}

/**
 * UpdateRecord upserts (PA-DV update.md); UpdateOnlyRecord must not create, which If-Match: * ensures (3p: the
 * connector sends it; unverified against Microsoft's connector reference).
 */
function update(ifMatch?: string): Operation {
  return async (c) =>
    c.need('entityName', 'recordId') ??
    withEntityId(
      await c.send(
        'PATCH',
        c.rowUrl(),
        c.item,
        ifMatch ? { ...withRepresentation, 'If-Match': ifMatch } : withRepresentation,
      ),
    );
}

/** The `$ref` URL of a row's relationship, or a 400 answer when the relationship (or row) is not given. */
function relationshipRef(c: DataverseCall): string | ConnectorResponse {
  const invalid = c.need('entityName', 'recordId');
  if (invalid) return invalid;
  const relationship = text(c.request.associationEntityRelationship);
  if (!relationship) return badRequest(`${c.operationId}: 'associationEntityRelationship' is required.`);
  return `${c.rowUrl()}/${relationship}/$ref`;
}

const operations = new Map<string, Operation>([
  ['ListRecords', listRecords],
  [
    'GetItem',
    async (c) =>
      c.need('entityName', 'recordId') ??
      c.send('GET', `${c.rowUrl()}${c.query(['$select', '$expand'])}`, undefined, {
        'If-None-Match': 'null',
      }),
  ],
  [
    'CreateRecord',
    async (c) =>
      c.need('entityName') ??
      withEntityId(await c.send('POST', `${c.base}/${c.entityName}`, c.item, withRepresentation)),
  ],
  ['UpdateRecord', update()],
  ['UpdateOnlyRecord', update('*')],
  ['DeleteRecord', async (c) => c.need('entityName', 'recordId') ?? c.send('DELETE', c.rowUrl())],
  [
    'PerformBoundAction',
    async (c) => {
      const invalid = c.need('entityName', 'recordId');
      if (invalid) return invalid;
      const action = text(c.request.actionName);
      if (!action) return badRequest(`PerformBoundAction: 'actionName' is required.`);
      return c.send('POST', `${c.rowUrl()}/${qualified(action)}`, c.item);
    },
  ],
  [
    'PerformUnboundAction',
    async (c) => {
      const action = text(c.request.actionName);
      if (!action) return badRequest(`PerformUnboundAction: 'actionName' is required.`);
      return c.send('POST', `${c.base}/${action.replace(/^Microsoft\.Dynamics\.CRM\./, '')}`, c.item);
    },
  ],
  [
    'AssociateEntities',
    async (c) => {
      const ref = relationshipRef(c);
      return typeof ref === 'string' ? c.send('POST', ref, c.item) : ref;
    },
  ],
  [
    'DisassociateEntities',
    async (c) => {
      const ref = relationshipRef(c);
      if (typeof ref !== 'string') return ref;
      const id = text(c.request.$id);
      return c.send('DELETE', `${ref}${id ? `?$id=${encodeURIComponent(id)}` : ''}`);
    },
  ],
]);

export function dataverseConnector(options: DataverseConnectorOptions): Connector {
  const limits = { pageSize: options.pageSize ?? 5000, maxPages: options.maxPages ?? 1000 };
  return async (call) => {
    if (call.mode === 'webhook') {
      throw new NotImplementedError(`Dataverse webhook action '${call.operationId}'`);
    }
    const prepared = prepare(call, options.connection(call));
    const operation = operations.get(prepared.operationId);
    if (!operation) throw new NotImplementedError(`Dataverse connector operation '${call.operationId}'`);
    return operation(prepared, limits);
  };
}

function qualified(action: string): string {
  return action.includes('.') ? action : `Microsoft.Dynamics.CRM.${action}`;
}

/** The connector's row body carries `@odata.id` (flows pass it to AssociateEntities); the Web API sends it as a header. */
function withEntityId(answer: HttpAnswer): ConnectorResponse {
  const entityId = answer.headers['odata-entityid'];
  if (entityId && answer.body && typeof answer.body === 'object' && !Array.isArray(answer.body)) {
    const body = answer.body as Record<string, unknown>;
    if (body['@odata.id'] === undefined) return { ...answer, body: { ...body, '@odata.id': entityId } };
  }
  return answer;
}

/**
 * Pagination on (runtimeConfiguration.paginationPolicy.minimumItemCount): follow `@odata.nextLink` until at least
 * that many rows are collected; the combined body has no nextLink (PA-DV list-rows.md). Each page after the first
 * is one more Power Platform request.
 */
async function followPages(
  first: HttpAnswer,
  minimumItemCount: number,
  maxPages: number,
  get: (url: string) => Promise<HttpAnswer>,
): Promise<ConnectorResponse> {
  const body = { ...(first.body as Record<string, unknown>) };
  const rows = [...((body.value as unknown[] | undefined) ?? [])];
  let next = body['@odata.nextLink'] as string | undefined;
  let pages = 1;
  while (next && rows.length < minimumItemCount && pages < maxPages) {
    const page = await get(next);
    pages++;
    if (page.statusCode >= 400) return { ...page, extraRequests: pages - 1 };
    const pageBody = page.body as Record<string, unknown>;
    rows.push(...((pageBody.value as unknown[] | undefined) ?? []));
    next = pageBody['@odata.nextLink'] as string | undefined;
  }
  delete body['@odata.nextLink'];
  body.value = rows;
  return { statusCode: first.statusCode, headers: first.headers, body, extraRequests: pages - 1 };
}
