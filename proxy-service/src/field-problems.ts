/**
 * What is wrong with a field of what a caller sent, in the words the proxy answers with (field path and reason):
 * read by the contract validator in http/ and by the Dataverse row reader in dataverse/, which take the same text
 * and date-times to the same rules.
 */
import type { ErrorObject } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import type { ErrorDetail } from './errors';

const rfc3339DateTime = fullFormats['date-time'] as { validate: (value: string) => boolean };

/**
 * RFC 3339 allows a leap second (`23:59:60`), but JavaScript's Date, xero-node and Xero's .NET DateTime cannot hold
 * one: such a value would fail only when the proxy builds its call to Xero. It is refused here, naming the field.
 */
export function isRepresentableDateTime(value: string): boolean {
  return rfc3339DateTime.validate(value) && !/T\d\d:\d\d:60/i.test(value) && !Number.isNaN(Date.parse(value));
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
