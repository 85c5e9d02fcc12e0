/**
 * Derives, from Xero's OpenAPI spec, the JSON Schemas of the answers the proxy reads (relied-on-fields.ts says which
 * fields): each field keeps the spec's type, and nothing else (no enums or formats, so a new status value or id
 * style is not a drift; additional properties allowed, so a new field is not either). The spec marks almost nothing
 * required, and what it marks is for requests, so which fields must be there is ours to say.
 * Used by scripts/generate-xero-answer-schemas.ts and the test that keeps the generated file fresh; not at run time.
 */
import YAML from 'yaml';
import { ANSWER_SHAPES } from './relied-on-fields';
import type { FieldSpec } from './relied-on-fields';

interface SpecSchema {
  $ref?: string;
  type?: string;
  items?: SpecSchema;
  properties?: Record<string, SpecSchema>;
}

export interface AnswerSchema {
  type: string;
  nullable?: true;
  required?: string[];
  properties?: Record<string, AnswerSchema>;
  items?: AnswerSchema;
}

export const GENERATED_HEADER =
  "// GENERATED from Xero's OpenAPI spec (xero_accounting.yaml, MIT, Copyright (c) 2017 Xero Developer API) and " +
  'xero/answers/relied-on-fields.ts by proxy-service/scripts/generate-xero-answer-schemas.ts. Do not edit: change ' +
  'relied-on-fields.ts and run `npx tsx proxy-service/scripts/generate-xero-answer-schemas.ts`.';

type Schemas = Record<string, SpecSchema>;

/** The schema a `$ref` names; a property with both (`CurrencyCode: {$ref, type: string}`) keeps its own type. */
function resolve(schemas: Schemas, node: SpecSchema, where: string): SpecSchema {
  if (node.type !== undefined || node.$ref === undefined) return node;
  const name = node.$ref.replace('#/components/schemas/', '');
  const target = schemas[name];
  if (!target) throw new Error(`${where}: the spec has no schema ${name}`);
  return resolve(schemas, target, `${where} → ${name}`);
}

const mustBeThere = (spec: FieldSpec): boolean =>
  spec === 'required' || (typeof spec === 'object' && spec.required === true);

function fieldSchema(schemas: Schemas, node: SpecSchema, spec: FieldSpec, where: string): AnswerSchema {
  const resolved = resolve(schemas, node, where);
  const type = resolved.type ?? 'object';
  const base: AnswerSchema =
    typeof spec === 'string'
      ? { type }
      : type === 'array'
        ? { type, items: objectSchema(schemas, resolved.items ?? {}, spec.fields, `${where}[]`) }
        : objectSchema(schemas, resolved, spec.fields, where);
  return mustBeThere(spec) ? base : { ...base, nullable: true };
}

function objectSchema(
  schemas: Schemas,
  node: SpecSchema,
  fields: Record<string, FieldSpec>,
  where: string,
): AnswerSchema {
  const resolved = resolve(schemas, node, where);
  const properties: Record<string, AnswerSchema> = {};
  for (const [name, spec] of Object.entries(fields)) {
    const property = resolved.properties?.[name];
    if (!property) throw new Error(`${where}.${name}: the spec does not document this field`);
    properties[name] = fieldSchema(schemas, property, spec, `${where}.${name}`);
  }
  const required = Object.keys(fields).filter((name) => mustBeThere(fields[name]!));
  return { type: 'object', ...(required.length > 0 ? { required } : {}), properties };
}

/** The schema of every answer the proxy reads, by name (relied-on-fields.ts). */
export function deriveAnswerSchemas(specText: string): Record<string, AnswerSchema> {
  // The core schema keeps ISO timestamps in examples as strings; the spec reuses anchors many times.
  const spec = YAML.parse(specText, { schema: 'core', maxAliasCount: -1 }) as {
    components: { schemas: Schemas };
  };
  const schemas = spec.components.schemas;
  return Object.fromEntries(
    Object.entries(ANSWER_SHAPES).map(([name, shape]) => [
      name,
      objectSchema(schemas, { $ref: `#/components/schemas/${shape.envelope}` }, shape.fields, name),
    ]),
  );
}

/** The generated module's text. */
/** Longest line the generated file is given: an answer's whole schema where it fits, else one line per field. */
const MAX_LINE = 1_500;

/**
 * JSON with every object or array that fits in MAX_LINE characters on one line. As `JSON.stringify(…, null, 2)` a
 * field took four lines, and the invoice and credit-note answers (which share most fields) repeated each other in
 * long runs; the file's history is read for which fields changed, which a long line still shows.
 */
function compactJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= MAX_LINE) return flat;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => inner + compactJson(v, inner))
    : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

export function answerSchemasSource(specText: string): string {
  const schemas = compactJson(deriveAnswerSchemas(specText));
  return (
    `${GENERATED_HEADER}\n` +
    `import type { AnswerSchema } from '../derive-answer-schemas';\n\n` +
    `export const XERO_ANSWER_SCHEMAS: Record<string, AnswerSchema> = ${schemas};\n`
  );
}
