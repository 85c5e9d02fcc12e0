/**
 * Request and response validation built from the contract itself (openapi/dxc-xero.swagger.yaml via @dxc/openapi):
 * no copy of any schema lives here, so the proxy cannot drift from what the connector promises.
 */
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import {
  getOperation,
  getParametersSchema,
  getRequestBodySchema,
  getResponseSchema,
  listOperations,
} from '@dxc/openapi';
import type { ErrorDetail } from '../errors';

export interface ContractRoute {
  operationId: string;
  method: string;
  /** Express form of the contract path (`{id}` → `:id`). */
  expressPath: string;
  contractPath: string;
  successStatus: number;
}

export interface RequestParts {
  body: unknown;
  query: Record<string, unknown>;
  params: Record<string, unknown>;
}

interface OperationValidators {
  query: ValidateFunction;
  params: ValidateFunction;
  body?: ValidateFunction;
  responses: Map<number, ValidateFunction | null>;
}

const rfc3339DateTime = fullFormats['date-time'] as { validate: (value: string) => boolean };

/**
 * RFC 3339 allows a leap second (`23:59:60`), but JavaScript's Date, xero-node and Xero's .NET DateTime cannot hold
 * one: such a value would fail only when the proxy builds its call to Xero. It is refused here, naming the field.
 */
export function isRepresentableDateTime(value: string): boolean {
  return rfc3339DateTime.validate(value) && !/T\d\d:\d\d:60/i.test(value) && !Number.isNaN(Date.parse(value));
}

function newAjv(coerce: boolean): Ajv {
  // strict: false — Swagger's leftovers (e.g. `default` next to `$ref`) are not errors; allErrors: name every field.
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: coerce, useDefaults: coerce });
  addFormats(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isRepresentableDateTime });
  return ajv;
}

// Unicode-aware: a well-formed pair is one code point and does not match, only a surrogate standing alone does.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Strings with a lone UTF-16 surrogate (JSON allows `"\ud800"`) cannot be encoded as UTF-8, so they cannot reach
 * Xero (xero-node's URL encoding throws on them) or be stored faithfully. One detail per such string or key.
 */
export function illFormedTextDetails(root: string, value: unknown): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const visit = (v: unknown, field: string) => {
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v))
        details.push({ field, reason: 'must be well-formed Unicode text (it holds a lone surrogate)' });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${field}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (LONE_SURROGATE.test(key)) {
          details.push({
            field: `${field}.${key.replace(/\p{Surrogate}/gu, '\uFFFD')}`,
            reason: 'is a name that is not well-formed Unicode text',
          });
        } else visit(item, `${field}.${key}`);
      }
    }
  };
  visit(value, root);
  return details;
}

/** `/invoices/3/lines/0` + root `body` → `body.invoices[3].lines[0]`. */
function fieldPath(root: string, instancePath: string, child?: string): string {
  let out = root;
  for (const raw of instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  if (child !== undefined) out += `.${child}`;
  return out;
}

export function describeAjvErrors(root: string, errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let detail: ErrorDetail;
    if (e.keyword === 'required') {
      detail = {
        field: fieldPath(root, e.instancePath, String(e.params.missingProperty)),
        reason: 'is required',
      };
    } else if (e.keyword === 'additionalProperties') {
      detail = {
        field: fieldPath(root, e.instancePath, String(e.params.additionalProperty)),
        reason: 'is not a known field',
      };
    } else if (e.keyword === 'enum') {
      detail = {
        field: fieldPath(root, e.instancePath),
        reason: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    } else if (e.keyword === 'format') {
      detail = {
        field: fieldPath(root, e.instancePath),
        reason:
          e.params.format === 'date-time'
            ? 'must be a valid date-time (RFC 3339 with a time zone, e.g. 2026-01-31T09:00:00Z; no leap second)'
            : `must be a valid ${String(e.params.format)}`,
      };
    } else {
      detail = { field: fieldPath(root, e.instancePath), reason: e.message ?? e.keyword };
    }
    const key = `${detail.field}|${detail.reason}`;
    if (!seen.has(key)) {
      seen.add(key);
      details.push(detail);
    }
  }
  return details;
}

export class ContractValidator {
  private readonly validators = new Map<string, OperationValidators>();
  readonly routes: ContractRoute[] = [];

  constructor() {
    const bodies = newAjv(false);
    const params = newAjv(true);
    for (const op of listOperations()) {
      const bodySchema = getRequestBodySchema(op.operationId);
      const responses = new Map<number, ValidateFunction | null>();
      for (const code of Object.keys(op.operation.responses ?? {})) {
        if (!/^\d{3}$/.test(code)) continue;
        const schema = getResponseSchema(op.operationId, code);
        responses.set(Number(code), schema ? bodies.compile(schema) : null);
      }
      this.validators.set(op.operationId, {
        query: params.compile(getParametersSchema(op.operationId, 'query')),
        params: params.compile(getParametersSchema(op.operationId, 'path')),
        body: bodySchema ? bodies.compile(bodySchema) : undefined,
        responses,
      });
      const success = Object.keys(op.operation.responses ?? {}).find((c) => /^2\d\d$/.test(c));
      this.routes.push({
        operationId: op.operationId,
        method: op.method,
        contractPath: op.path,
        expressPath: op.path.replace(/\{([^}]+)\}/g, ':$1'),
        successStatus: Number(success ?? 200),
      });
    }
  }

  route(operationId: string): ContractRoute {
    getOperation(operationId); // throws naming the known operations
    return this.routes.find((r) => r.operationId === operationId)!;
  }

  /** Validates (and, for query and path parameters, coerces in place) a request; returns every problem found. */
  validateRequest(operationId: string, parts: RequestParts): ErrorDetail[] {
    const v = this.validators.get(operationId);
    if (!v) throw new Error(`Unknown operation ${operationId}`);
    const details: ErrorDetail[] = [
      ...illFormedTextDetails('query', parts.query),
      ...illFormedTextDetails('path', parts.params),
      ...illFormedTextDetails('body', parts.body),
    ];
    if (!v.query(parts.query)) details.push(...describeAjvErrors('query', v.query.errors));
    if (!v.params(parts.params)) details.push(...describeAjvErrors('path', v.params.errors));
    if (v.body) {
      if (parts.body === undefined) details.push({ field: 'body', reason: 'is required (a JSON body)' });
      else if (!v.body(parts.body)) details.push(...describeAjvErrors('body', v.body.errors));
    }
    return details;
  }

  /** Problems of a response body against the contract's schema for that status ([] when it conforms). */
  validateResponse(operationId: string, status: number, body: unknown): ErrorDetail[] {
    const v = this.validators.get(operationId);
    if (!v) throw new Error(`Unknown operation ${operationId}`);
    if (!v.responses.has(status))
      return [{ field: 'status', reason: `${status} is not a declared response` }];
    const validate = v.responses.get(status);
    if (validate === null) {
      return body === undefined ? [] : [{ field: 'body', reason: 'this response has no body' }];
    }
    return validate!(body) ? [] : describeAjvErrors('response', validate!.errors);
  }
}

let shared: ContractValidator | undefined;

/**
 * The process's one validator. Compiling every operation's schemas takes 0.1–0.3 s, and a test file starts many
 * proxies in one process; a validator holds no state once built, so every proxy can share it.
 */
export function sharedContractValidator(): ContractValidator {
  return (shared ??= new ContractValidator());
}
