/**
 * Xero's answers checked at the edge, before anything reads them: the fields the proxy relies on
 * (relied-on-fields.ts), typed as Xero's spec types them (generated/xero-answer-schemas.ts). An answer that drifted
 * fails loudly as XERO_ERROR (502, the proxy's answer for an upstream answer it cannot use), naming the operation
 * and the field, instead of being passed on half-read. Compiled with ajv because the schemas are the spec's own
 * JSON Schema (OpenAPI `nullable` included), which ajv takes as written.
 */
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ProxyError } from '../../errors';
import type { ErrorDetail } from '../../errors';
import { XERO_ANSWER_SCHEMAS } from './generated/xero-answer-schemas';
import type { ReadAnswer, XeroAnswer } from './relied-on-fields';
import type { AnswerSchema } from './derive-answer-schemas';

const ajv = new Ajv({ allErrors: true });
const validators = new Map<string, ValidateFunction>();

/** Nothing in it must be there: the fields are checked for their types only. */
function optionalThroughout(schema: AnswerSchema, nullable = true): AnswerSchema {
  const { type, properties, items } = schema;
  return {
    type,
    ...(nullable && { nullable: true as const }),
    ...(properties && {
      properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, optionalThroughout(v)])),
    }),
    ...(items && { items: optionalThroughout(items) }),
  };
}

/**
 * A write's answer: its collection must be there, and nothing in it, because an element Xero refused
 * (summarizeErrors=false) comes back without its ids.
 */
function asWritten(read: AnswerSchema): AnswerSchema {
  const properties = Object.fromEntries(
    Object.entries(read.properties ?? {}).map(([name, p]) => [
      name,
      optionalThroughout(p, !read.required?.includes(name)),
    ]),
  );
  return { ...read, properties };
}

function validatorFor(answer: XeroAnswer): ValidateFunction {
  let validate = validators.get(answer);
  if (!validate) {
    const read = answer.replace(/ written$/, '') as ReadAnswer;
    const schema = XERO_ANSWER_SCHEMAS[read];
    if (!schema) throw new Error(`no schema for Xero's ${read} answer`);
    validate = ajv.compile(read === answer ? schema : asWritten(schema));
    validators.set(answer, validate);
  }
  return validate;
}

/** `/Invoices/0/InvoiceID` → `Invoices[0].InvoiceID`. */
function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  return segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), '');
}

function reasonOf(error: ErrorObject): string {
  return error.keyword === 'required' ? 'is missing' : (error.message ?? 'does not match');
}

/** Throws XERO_ERROR when `body`, Xero's answer to `operation`, lacks or mistypes a field the proxy reads. */
export function checkXeroAnswer(operation: string, answer: XeroAnswer, body: unknown): void {
  const validate = validatorFor(answer);
  if (validate(body)) return;
  const details: ErrorDetail[] = (validate.errors ?? []).map((e) => ({
    field: fieldOf(e),
    reason: reasonOf(e),
  }));
  const first = details[0]!;
  throw new ProxyError(
    'XERO_ERROR',
    502,
    `Xero's answer to ${operation} does not have the shape Xero documents: ${first.field || 'the answer'} ` +
      `${first.reason}. Nothing was read from it.`,
    { details },
  );
}
