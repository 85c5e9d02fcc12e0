import {
  contract,
  listOperations,
  operationParameters,
  type ContractOperation,
  type SwaggerDocument,
} from '@dxc/openapi';
import { NotImplementedError } from '../expressions/errors';
import {
  unflattenParameters,
  type Connector,
  type ConnectorCall,
  type ConnectorResponse,
} from '../engine/connectors';
import { sendHttp, type HttpRequest } from './http-request';

/**
 * Our custom connector over HTTP: the action's operationId is looked up in the connector contract
 * (openapi/dxc-xero.swagger.yaml through @dxc/openapi), its parameters are placed where the contract says (path,
 * query, header, body — flows pass them by swagger parameter name, body fields as `body/<prop>`, power-platform.md
 * §4.5), and the request goes to the proxy with the connection's API key in the contract's security header.
 */
export interface ProxyConnection {
  /** Base URL of the proxy (the dxc_ProxyBaseUrl environment variable, or the connection's own). */
  baseUrl: string;
  /** The API key the proxy's admin page issued; never logged. */
  apiKey: string;
}

export interface ProxyConnectorOptions {
  connection: (call: ConnectorCall) => ProxyConnection;
  /** Another contract (tests); defaults to the project's. */
  document?: SwaggerDocument;
}

/** Name of the API-key header from the contract's securityDefinitions (X-Api-Key). */
export function apiKeyHeader(document: SwaggerDocument = contract): string {
  for (const definition of Object.values(document.securityDefinitions ?? {})) {
    const d = definition as { type?: string; in?: string; name?: string };
    if (d.type === 'apiKey' && d.in === 'header' && d.name) return d.name;
  }
  return 'X-Api-Key';
}

/** The operation with this id, or undefined. */
export function findOperation(
  operationId: string,
  document: SwaggerDocument = contract,
): ContractOperation | undefined {
  return listOperations(document).find((o) => o.operationId === operationId);
}

export class ProxyRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProxyRequestError';
  }
}

function joinUrl(baseUrl: string, basePath: string | undefined, path: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const prefix = (basePath ?? '/').replace(/\/+$/, '');
  return `${base}${prefix}${path}`;
}

function scalar(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

/**
 * The HTTP request an operation of the contract makes with these (flattened) parameters. Throws a
 * ProxyRequestError naming the operation or parameter when they do not fit the contract.
 */
export function buildProxyRequest(
  operationId: string,
  parameters: Record<string, unknown>,
  connection: ProxyConnection,
  document: SwaggerDocument = contract,
): HttpRequest {
  const found = findOperation(operationId, document);
  if (!found) {
    const known = listOperations(document)
      .map((o) => o.operationId)
      .join(', ');
    throw new ProxyRequestError(
      'OperationNotFound',
      `The custom connector has no operation '${operationId}' (known: ${known}).`,
    );
  }
  const given = unflattenParameters(parameters);
  const declared = operationParameters(found, document);
  const unknown = Object.keys(given).filter((name) => !declared.some((p) => p.name === name));
  if (unknown.length) {
    throw new ProxyRequestError(
      'InvalidParameter',
      `${operationId} has no parameter ${unknown.map((u) => `'${u}'`).join(', ')} (it takes: ${declared.map((p) => p.name).join(', ') || 'none'}).`,
    );
  }
  let path = found.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: unknown;
  for (const p of declared) {
    const value = given[p.name];
    if (value === undefined || value === null || value === '') {
      if (p.required) {
        throw new ProxyRequestError(
          'InvalidParameter',
          `${operationId}: the parameter '${p.name}' (${p.in}) is required.`,
        );
      }
      continue;
    }
    switch (p.in) {
      case 'path':
        path = path.replace(`{${p.name}}`, encodeURIComponent(scalar(value)));
        break;
      case 'query':
        if (Array.isArray(value)) query.set(p.name, value.map(scalar).join(','));
        else query.set(p.name, scalar(value));
        break;
      case 'header':
        headers[p.name] = scalar(value);
        break;
      case 'body':
        body = value;
        break;
      default:
        throw new NotImplementedError(
          `custom connector parameter location '${String(p.in)}'`,
          `${operationId}.${p.name}`,
        );
    }
  }
  headers[apiKeyHeader(document)] = connection.apiKey;
  const search = query.toString();
  return {
    method: found.method.toUpperCase(),
    url: `${joinUrl(connection.baseUrl, document.basePath, path)}${search ? `?${search}` : ''}`,
    headers,
    body,
  };
}

export function proxyConnector(options: ProxyConnectorOptions): Connector {
  return async (call) => {
    if (call.mode === 'webhook')
      throw new NotImplementedError(`custom connector webhook action '${call.operationId}'`);
    const connection = options.connection(call);
    let request: HttpRequest;
    try {
      request = buildProxyRequest(call.operationId, call.parameters, connection, options.document);
    } catch (e) {
      if (!(e instanceof ProxyRequestError)) throw e;
      // Power Automate refuses such an action before sending anything: a 400 that is not retried.
      const answer: ConnectorResponse = {
        statusCode: 400,
        body: { error: { code: e.code, message: e.message } },
      };
      return answer;
    }
    return sendHttp(request);
  };
}
