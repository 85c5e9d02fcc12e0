import { readSwaggerFile } from './read-contract';
import { httpMethods } from './swagger-document';
import type {
  HttpMethod,
  SwaggerDocument,
  SwaggerOperation,
  SwaggerParameter,
  SwaggerPathItem,
  SwaggerResponse,
  SwaggerSchema,
} from './swagger-document';

/**
 * The connector contract, parsed once from openapi/dxc-xero.swagger.yaml. The single source for every other part:
 * the proxy validates requests and responses against it, the flow runner reads its operationIds, the connector
 * package is built from it. Treat it as read-only (it is frozen).
 */
export const contract: SwaggerDocument = deepFreeze(readSwaggerFile());

/** One operation of the contract with where it lives. */
export interface ContractOperation {
  operationId: string;
  method: HttpMethod;
  /** Path as written in the contract, for example `/v1/subscriptions/{subscriptionId}`. */
  path: string;
  /** The same path in Express route syntax, for example `/v1/subscriptions/:subscriptionId`. */
  expressPath: string;
  operation: SwaggerOperation;
  pathItem: SwaggerPathItem;
}

/** A plain JSON Schema (draft-04/07 compatible): `$ref`s inlined, `x-*` extensions and Swagger-only keys removed. */
export type JsonSchema = Record<string, unknown>;

/** Every operation of a Swagger document, in the document's order. */
export function listOperations(document: SwaggerDocument = contract): ContractOperation[] {
  const operations: ContractOperation[] = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of httpMethods) {
      const operation = pathItem[method];
      if (operation?.operationId) {
        const expressPath = path.replace(/\{([^}]+)\}/g, ':$1');
        operations.push({
          operationId: operation.operationId,
          method,
          path,
          expressPath,
          operation,
          pathItem,
        });
      }
    }
  }
  return operations;
}

/** The operation with this operationId; throws naming the known ones when there is none. */
export function getOperation(operationId: string, document: SwaggerDocument = contract): ContractOperation {
  const operations = listOperations(document);
  const found = operations.find((candidate) => candidate.operationId === operationId);
  if (!found) {
    const known = operations.map((candidate) => candidate.operationId).join(', ');
    throw new Error(`The contract has no operation "${operationId}" (known: ${known})`);
  }
  return found;
}

/** The JSON Schema of an operation's body parameter, or undefined when it takes no body. */
export function getRequestBodySchema(
  operationId: string,
  document: SwaggerDocument = contract,
): JsonSchema | undefined {
  const body = operationParameters(getOperation(operationId, document), document).find(
    (p) => p.in === 'body',
  );
  return body?.schema ? toJsonSchema(body.schema, document) : undefined;
}

/**
 * The JSON Schema of an operation's response body for a status code; by default the first 2xx response. Returns
 * undefined when that response has no body (204), throws when the operation has no such response.
 */
export function getResponseSchema(
  operationId: string,
  status?: number | string,
  document: SwaggerDocument = contract,
): JsonSchema | undefined {
  const response = getResponse(operationId, status, document);
  return response.schema ? toJsonSchema(response.schema, document) : undefined;
}

/** The Swagger response object (shared `#/responses/…` resolved) of an operation for a status code. */
export function getResponse(
  operationId: string,
  status?: number | string,
  document: SwaggerDocument = contract,
): SwaggerResponse {
  const { operation } = getOperation(operationId, document);
  const responses = operation.responses ?? {};
  const code =
    status === undefined ? Object.keys(responses).find((key) => /^2\d\d$/.test(key)) : String(status);
  const response = code === undefined ? undefined : responses[code];
  if (!response) {
    throw new Error(`Operation ${operationId} declares no ${code ?? '2xx'} response`);
  }
  return resolveResponse(response, document);
}

/** The success status code an operation answers with (the first 2xx it declares). */
export function getSuccessStatus(operationId: string, document: SwaggerDocument = contract): number {
  const { operation } = getOperation(operationId, document);
  const code = Object.keys(operation.responses ?? {}).find((key) => /^2\d\d$/.test(key));
  if (!code) throw new Error(`Operation ${operationId} declares no 2xx response`);
  return Number(code);
}

/**
 * The query or path parameters of an operation as one object schema (`{type: object, properties, required}`), ready
 * to validate `req.query` or `req.params`.
 */
export function getParametersSchema(
  operationId: string,
  location: 'query' | 'path' | 'header',
  document: SwaggerDocument = contract,
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const parameter of operationParameters(getOperation(operationId, document), document)) {
    if (parameter.in !== location) continue;
    const { name, in: _in, required: isRequired, schema: _schema, ...rest } = parameter;
    properties[name] = toJsonSchema(rest as SwaggerSchema, document);
    if (isRequired) required.push(name);
  }
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

/** The named definition (`#/definitions/<name>`) as plain JSON Schema. */
export function getDefinitionSchema(name: string, document: SwaggerDocument = contract): JsonSchema {
  const definition = document.definitions?.[name];
  if (!definition) throw new Error(`The contract has no definition "${name}"`);
  return toJsonSchema(definition, document);
}

// Swagger keys that are not JSON Schema validation keywords, or that JSON Schema validators reject in strict mode.
const nonSchemaKeys = new Set(['discriminator', 'readOnly', 'xml', 'externalDocs', 'example']);

/** Converts a Swagger schema into plain JSON Schema: inlines `#/definitions/…` refs, drops extensions. */
export function toJsonSchema(schema: SwaggerSchema, document: SwaggerDocument = contract): JsonSchema {
  return convert(schema, document, []);
}

function convert(value: unknown, document: SwaggerDocument, refStack: string[]): JsonSchema {
  const schema = value as SwaggerSchema;
  if (typeof schema.$ref === 'string') {
    const name = definitionName(schema.$ref);
    if (refStack.includes(name)) {
      throw new Error(
        `Definition ${name} refers to itself (${[...refStack, name].join(' → ')}); not supported`,
      );
    }
    const target = document.definitions?.[name];
    if (!target) throw new Error(`Unresolved reference ${schema.$ref}`);
    return convert(target, document, [...refStack, name]);
  }
  const result: JsonSchema = {};
  for (const [key, child] of Object.entries(schema)) {
    if (key.startsWith('x-') || nonSchemaKeys.has(key)) continue;
    if (key === 'properties' && child && typeof child === 'object') {
      result.properties = Object.fromEntries(
        Object.entries(child as Record<string, unknown>).map(([name, property]) => [
          name,
          convert(property, document, refStack),
        ]),
      );
    } else if ((key === 'items' || key === 'additionalProperties') && child && typeof child === 'object') {
      result[key] = convert(child, document, refStack);
    } else if (key === 'allOf' && Array.isArray(child)) {
      result.allOf = child.map((part) => convert(part, document, refStack));
    } else {
      // Copies, so callers may change what they get without touching the frozen contract.
      result[key] = child !== null && typeof child === 'object' ? structuredClone(child) : child;
    }
  }
  return result;
}

function definitionName(ref: string): string {
  const prefix = '#/definitions/';
  if (!ref.startsWith(prefix))
    throw new Error(`Only local #/definitions/ references are supported, got ${ref}`);
  return decodeURIComponent(ref.slice(prefix.length)).replace(/~1/g, '/').replace(/~0/g, '~');
}

function resolveResponse(response: SwaggerResponse, document: SwaggerDocument): SwaggerResponse {
  if (typeof response.$ref !== 'string') return response;
  const prefix = '#/responses/';
  const target = response.$ref.startsWith(prefix)
    ? document.responses?.[response.$ref.slice(prefix.length)]
    : undefined;
  if (!target) throw new Error(`Unresolved response reference ${response.$ref}`);
  return target;
}

/** Path-level and operation-level parameters (operation wins on the same name and location), refs resolved. */
/** The parameters an operation takes: its own plus those declared on its path, with `#/parameters/…` resolved. */
export function operationParameters(
  found: ContractOperation,
  document: SwaggerDocument = contract,
): SwaggerParameter[] {
  const resolve = (parameter: SwaggerParameter): SwaggerParameter => {
    if (typeof parameter.$ref !== 'string') return parameter;
    const prefix = '#/parameters/';
    const target = parameter.$ref.startsWith(prefix)
      ? document.parameters?.[parameter.$ref.slice(prefix.length)]
      : undefined;
    if (!target) throw new Error(`Unresolved parameter reference ${parameter.$ref}`);
    return target;
  };
  const own = (found.operation.parameters ?? []).map(resolve);
  const inherited = (found.pathItem.parameters ?? [])
    .map(resolve)
    .filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
  return [...inherited, ...own];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
