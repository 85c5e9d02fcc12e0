/**
 * Request and response validation built from the contract itself (openapi/dxc-xero.swagger.yaml via @dxc/openapi):
 * no copy of any schema lives here, so the proxy cannot drift from what the connector promises.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  getOperation,
  getParametersSchema,
  getRequestBodySchema,
  getResponseSchema,
  listOperations,
} from '@dxc/openapi';
import type { ErrorDetail } from '../errors';
import { describeAjvErrors, illFormedTextDetails, isRepresentableDateTime } from '../field-problems';

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

function newAjv(coerce: boolean): Ajv {
  // strict: false — Swagger's leftovers (e.g. `default` next to `$ref`) are not errors; allErrors: name every field.
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: coerce, useDefaults: coerce });
  addFormats(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isRepresentableDateTime });
  return ajv;
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
