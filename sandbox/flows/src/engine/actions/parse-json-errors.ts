import type { ErrorObject } from 'ajv';

/** ParseJson's schema errors in the shape Power Automate's run history shows them. */

const jsonSchemaTypeNames: Record<string, string> = {
  string: 'String',
  number: 'Float',
  integer: 'Integer',
  boolean: 'Boolean',
  object: 'Object',
  array: 'Array',
  null: 'Null',
};

/**
 * A ParseJson schema error in the shape Power Automate's run history shows (Newtonsoft.Json.Schema validation errors:
 * "Invalid type. Expected String but got Null.", "Required properties are missing from object: x.") [3p-observed
 * wording; unverified beyond type and required].
 */
export function parseJsonError(e: ErrorObject, content: unknown): Record<string, unknown> {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const value = segments.reduce<unknown>(
    (node, seg) => (node as Record<string, unknown> | undefined)?.[seg],
    content,
  );
  const path = segments.reduce(
    (p, seg) => (/^\d+$/.test(seg) ? `${p}[${seg}]` : p ? `${p}.${seg}` : seg),
    '',
  );
  const actualType =
    value === null
      ? 'Null'
      : Array.isArray(value)
        ? 'Array'
        : (jsonSchemaTypeNames[typeof value] ?? 'Object');
  let message = e.message ?? e.keyword;
  let errorType = e.keyword;
  if (e.keyword === 'type') {
    const expected = ([] as string[])
      .concat(e.params.type as string | string[])
      .map((t) => jsonSchemaTypeNames[t] ?? t);
    message = `Invalid type. Expected ${expected.join(', ')} but got ${actualType === 'Float' && Number.isInteger(value) ? 'Integer' : actualType}.`;
  } else if (e.keyword === 'required') {
    message = `Required properties are missing from object: ${String(e.params.missingProperty)}.`;
  } else if (e.keyword === 'enum') {
    message = `Value ${JSON.stringify(value)} is not defined in enum.`;
  } else {
    errorType = e.keyword;
  }
  return {
    message,
    lineNumber: 0,
    linePosition: 0,
    path,
    value: e.keyword === 'required' ? null : (value ?? null),
    schemaId: `#${e.schemaPath.replace(/^#/, '').replace(/\/(type|required|enum)$/, '')}`,
    errorType,
    childErrors: [],
  };
}
