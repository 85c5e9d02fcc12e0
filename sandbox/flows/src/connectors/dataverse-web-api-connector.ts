import {
  unflattenParameters,
  type Connector,
  type ConnectorCall,
  type ConnectorResponse,
} from '../engine/connectors';
import { sendHttp } from './http-request';

/**
 * "HTTP with Microsoft Entra ID (preauthorized)" (`shared_webcontents`), action "Invoke an HTTP request", pointed at
 * the Dataverse environment: the route the flows use to write back with Dataverse's bulk messages
 * (learn.microsoft.com/connectors/webcontents; bulk-operations.md). The connection's Base Resource URL is the
 * environment URL and the flow gives a URL relative to it.
 *
 * The sandbox serves only what the product sends and refuses anything else before it leaves the runner, so a flow
 * cannot drift into per-row calls, `$batch` or reads through this connector unnoticed:
 * - POST `/api/data/v9.2/<set>/Microsoft.Dynamics.CRM.CreateMultiple|UpdateMultiple|UpsertMultiple`;
 * - PATCH `/api/data/v9.2/<set>(<guid>)` with `If-Match: *` (update only: the per-row fallback when a bulk message
 *   fails).
 */
export interface DataverseWebApiConnection {
  /** The connection's Base Resource URL: the environment URL (`https://org.crm.dynamics.com`, or the emulator's). */
  dataverseUrl: string;
  /** Sent as `Authorization: Bearer …` when set; never logged. */
  bearerToken?: string;
}

export interface DataverseWebApiConnectorOptions {
  /** The connection for a call (by connection reference); throws when the run configuration lacks it. */
  connection: (call: ConnectorCall) => DataverseWebApiConnection;
}

export const WEB_CONTENTS_API_NAME = 'shared_webcontents';
// UNVERIFIED: the operationId and the `request/*` parameter names are as seen in exported flows (third-party
// samples), not in Microsoft's connector reference, which names the action only.
export const INVOKE_HTTP_OPERATION = 'InvokeHttp';

const BULK_ROUTE =
  /^\/api\/data\/v9\.2\/[A-Za-z_][A-Za-z0-9_]*\/Microsoft\.Dynamics\.CRM\.(CreateMultiple|UpdateMultiple|UpsertMultiple)$/;
/** An upsert by alternate key, `<set>(<column>='<value>')` (the fallback of UpsertMultiple, row by row). */
const KEYED_ROW_ROUTE =
  /^\/api\/data\/v9\.2\/[A-Za-z_][A-Za-z0-9_]*\([A-Za-z_][A-Za-z0-9_]*='(?:[^']|'')*'\)$/;
const ROW_ROUTE =
  /^\/api\/data\/v9\.2\/[A-Za-z_][A-Za-z0-9_]*\([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\)$/;

const ALLOWED =
  'POST /api/data/v9.2/<entity set>/Microsoft.Dynamics.CRM.CreateMultiple, UpdateMultiple or UpsertMultiple, ' +
  "PATCH /api/data/v9.2/<entity set>(<guid>) with If-Match: *, and PATCH /api/data/v9.2/<entity set>(<key>='<value>') (upsert by alternate key)";

function refused(reason: string): ConnectorResponse {
  return {
    statusCode: 400,
    body: {
      error: {
        code: 'RouteNotAllowed',
        message: `${reason} The Dataverse Web API connection serves only ${ALLOWED}.`,
      },
    },
  };
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** The flow's URL against the base: relative to it, or absolute under it; undefined when it leaves the base. */
function resolveUrl(base: URL, url: string): URL | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    const absolute = new URL(url);
    const basePath = base.pathname.replace(/\/+$/, '');
    const inside =
      absolute.origin === base.origin &&
      (absolute.pathname === basePath || absolute.pathname.startsWith(`${basePath}/`));
    return inside ? absolute : undefined;
  }
  const relative = url.startsWith('/') ? url : `/${url}`;
  return new URL(`${base.pathname.replace(/\/+$/, '')}${relative}`, base.origin);
}

export function dataverseWebApiConnector(options: DataverseWebApiConnectorOptions): Connector {
  return async (call) => {
    if (call.operationId !== INVOKE_HTTP_OPERATION) {
      return refused(
        `The operation '${call.operationId}' is not available; use '${INVOKE_HTTP_OPERATION}' (Invoke an HTTP request).`,
      );
    }
    const connection = options.connection(call);
    const request = (unflattenParameters(call.parameters).request ?? {}) as Record<string, unknown>;
    const method = typeof request.method === 'string' ? request.method.toUpperCase() : '';
    if (!method) return refused(`'request/method' is required.`);
    if (typeof request.url !== 'string' || request.url === '') return refused(`'request/url' is required.`);
    const base = new URL(connection.dataverseUrl);
    const target = resolveUrl(base, request.url);
    if (!target) {
      return refused(
        `'${request.url}' is outside the connection's base resource URL ${base.origin}${base.pathname.replace(/\/+$/, '')}.`,
      );
    }
    if (target.search) return refused(`The URL '${request.url}' has a query string; these routes take none.`);
    const basePath = base.pathname.replace(/\/+$/, '');
    let path: string;
    try {
      path = decodeURIComponent(target.pathname.slice(basePath.length));
    } catch {
      return refused(`The URL '${request.url}' is not validly percent-encoded.`);
    }
    const headers: Record<string, string> = {};
    const given = request.headers;
    if (given !== undefined && given !== null) {
      if (typeof given !== 'object' || Array.isArray(given)) {
        return refused(`'request/headers' must be an object of header names and values.`);
      }
      for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
        // The connection authenticates the call; a flow cannot bring its own credentials.
        if (name.toLowerCase() === 'authorization') continue;
        headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    const bulk = method === 'POST' && BULK_ROUTE.test(path);
    const row = method === 'PATCH' && ROW_ROUTE.test(path);
    const keyedRow = method === 'PATCH' && KEYED_ROW_ROUTE.test(path);
    if (!bulk && !row && !keyedRow) return refused(`${method} ${path} is not allowed.`);
    if (row && header(headers, 'If-Match') !== '*') {
      return refused(`PATCH ${path} needs the header If-Match: * (update only, never create).`);
    }
    if (connection.bearerToken) headers.Authorization = `Bearer ${connection.bearerToken}`;
    return sendHttp({ method, url: target.toString(), headers, body: request.body ?? undefined });
  };
}
