/** Validates domain output against the contract's own schemas (openapi/dxc-xero.swagger.yaml), so tests catch drift. */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { getRequestBodySchema, getResponseSchema } from '@dxc/openapi';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const cache = new Map<string, ValidateFunction>();

function validator(key: string, schema: () => unknown): ValidateFunction {
  let v = cache.get(key);
  if (!v) {
    v = ajv.compile(schema() as object);
    cache.set(key, v);
  }
  return v;
}

/** Throws with ajv's findings when `body` is not a valid 200 answer of the operation. */
export function expectContractResponse(operationId: 'SyncInvoices' | 'CancelInvoice', body: unknown): void {
  const validate = validator(`res:${operationId}`, () => getResponseSchema(operationId, 200));
  if (!validate(body))
    throw new Error(`${operationId} response breaks the contract: ${ajv.errorsText(validate.errors)}`);
}

export function expectContractRequest(operationId: 'SyncInvoices' | 'CancelInvoice', body: unknown): void {
  const validate = validator(`req:${operationId}`, () => getRequestBodySchema(operationId));
  if (!validate(body))
    throw new Error(`${operationId} request breaks the contract: ${ajv.errorsText(validate.errors)}`);
}
