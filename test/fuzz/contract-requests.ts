/**
 * Requests generated from the connector contract itself (@dxc/openapi): every operation, its path, query and body
 * schemas. Valid requests follow the schemas; mutated ones break them one place at a time (wrong types, boundary
 * and ill-formed strings, huge numbers, odd dates, missing and extra fields) or are not JSON at all.
 *
 * The schema → arbitrary walk is written here (about a page) rather than taken from a package: the JSON Schema
 * generators for fast-check on npm target fast-check 1–2, and the contract uses a small, plain subset of JSON Schema.
 */
import fc from 'fast-check';
import { getParametersSchema, getRequestBodySchema, listOperations } from '@dxc/openapi';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};

export interface FuzzRequest {
  operationId: string;
  method: string;
  /** Path with parameters filled in and encoded, and the query string. */
  url: string;
  /** The raw body text, when one is sent. */
  body?: string;
  contentType?: string;
  /** Which API key to send: the connection's, a well-formed unknown one, or none. */
  auth: 'valid' | 'unknown' | 'none';
  kind: 'valid' | 'mutated' | 'raw';
}

/** Values that have broken parsers, encoders, databases and date libraries before. */
const ODD_STRINGS = [
  '',
  ' ',
  '\ud800',
  'a\udc00b',
  '\u0000',
  '\u202e',
  '😀'.repeat(50),
  'x'.repeat(5000),
  '2016-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  '2026-01-01T00:00:00+14:00',
  '1970-01-01',
  "'; DROP TABLE connections; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const ODD_NUMBERS = [0, -0, -1, 0.5, 1e-320, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 53 + 2), 0.1 + 0.2];
const ODD_SHAPES: unknown[] = [null, true, false, [], {}, [null], { unexpected: 1 }, [[[]]]];

export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom(...ODD_NUMBERS),
  fc.constantFrom(...ODD_SHAPES),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.double(),
  fc.integer(),
);

const types = (schema: Schema): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ['object'];

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 30, Math.max(min, 30));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10));
    case 'uri':
    case 'url':
      // Loopback: the harness allows private callbacks (no DNS here); nothing listens on port 9.
      return fc.constantFrom('http://127.0.0.1:9/hook', 'http://127.0.0.1:9/callback?x=1');
    case 'email':
      return fc.emailAddress();
  }
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
  }
  return fc.string({ minLength: min, maxLength: max });
}

/** A value that satisfies `schema` (as far as this subset of JSON Schema says). */
export function validValue(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = types(schema).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
      case 'number':
        return fc
          .double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true })
          .map((n) => Math.round(n * 100) / 100);
      case 'string':
        return stringFor(schema);
      case 'array': {
        const item = validValue(schema.items ?? {}, depth + 1);
        const constraints = {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)),
        };
        return schema.uniqueItems
          ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
          : fc.array(item, constraints);
      }
      default: {
        const properties = schema.properties ?? {};
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, property] of Object.entries(properties)) {
          // Deep optional branches are left out past a depth: the bodies stay small and fast.
          if (depth < 6 || schema.required?.includes(name)) model[name] = validValue(property, depth + 1);
        }
        const requiredKeys = (schema.required ?? []).filter((k) => k in model);
        return fc.record(model, { requiredKeys });
      }
    }
  });
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

type Mutation = 'replace' | 'remove' | 'extra';

/** Every place in a JSON value: [] is the root, ['a', 0] is value.a[0]. */
function placesIn(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => placesIn(v, [...at, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) placesIn(v, [...at, k], out);
  return out;
}

/** Dates and times that are well-formed text but not a date any calendar (or JavaScript, or .NET) can hold. */
const ODD_DATES = [
  '2016-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30',
  '2026-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T00:00:00+14:00',
  '0001-01-01',
];
const ODD_TEXT = ['\ud800', 'a\udc00b', '\u0000', '', ' ', '😀'.repeat(50), 'x'.repeat(5000)];
const looksLikeDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d\d-\d\d/.test(v);

function mutate(value: unknown, pick: number, mutation: Mutation, odd: unknown): unknown {
  const copy = structuredClone(value);
  const places = placesIn(copy);
  // Three times in four a leaf (a field's value), where a value has to survive parsing, mapping and Xero.
  const leaves = places.filter((p) => {
    const v = p.reduce<any>((x, k) => x[k], copy); // eslint-disable-line @typescript-eslint/no-explicit-any
    return v === null || typeof v !== 'object';
  });
  const pool = leaves.length > 0 && pick % 4 !== 0 ? leaves : places;
  const place = pool[Math.floor(pick / 4) % pool.length]!;
  if (place.length === 0) return mutation === 'replace' ? odd : copy;
  const parent = place.slice(0, -1).reduce<any>((v, k) => v[k], copy); // eslint-disable-line @typescript-eslint/no-explicit-any
  const key = place.at(-1)!;
  const original: unknown = parent[key];
  // Type-aware half the time: a date gets an odd date, text gets odd text.
  const aware = Math.floor(pick / 7) % 2 === 0;
  const replacement =
    aware && looksLikeDate(original)
      ? ODD_DATES[pick % ODD_DATES.length]
      : aware && typeof original === 'string'
        ? ODD_TEXT[pick % ODD_TEXT.length]
        : odd;
  if (mutation === 'replace') parent[key] = replacement;
  else if (mutation === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
    parent[`unexpected_${String(key)}`] = odd;
  }
  return copy;
}

/** A value from `valid` broken in one place. */
export function mutatedFrom(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom<Mutation>('replace', 'replace', 'remove', 'extra'), oddValue)
    .map(([value, pick, mutation, odd]) => mutate(value, pick, mutation, odd));
}

/**
 * "Exactly one of" groups: Swagger 2.0 cannot say it, the contract's descriptions do. A valid request keeps one
 * group (made required) and leaves the others out; a mutation may then remove it or add another.
 */
const EXCLUSIVE_GROUPS: Record<string, string[][]> = {
  SyncInvoices: [['rows'], ['invoices', 'settings']],
  GetInvoiceStatuses: [['xeroInvoiceIds'], ['modifiedSince'], ['connections']],
  GetContactBalances: [['xeroContactIds'], ['customers']],
};

function withGroup(schema: Schema, groups: string[][], keep: number): Schema {
  const drop = groups.flat().filter((name) => !groups[keep]!.includes(name));
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([name]) => !drop.includes(name)),
  );
  const required = [...new Set([...(schema.required ?? []), ...groups[keep]!])].filter(
    (n) => n in properties,
  );
  return { ...schema, properties, required };
}

function validBody(operationId: string, schema: Schema): fc.Arbitrary<unknown> {
  // A batch subscription names the invoices that changed, not how: it takes no event types.
  if (operationId === 'WhenInvoicesChange') return validValue(withGroup(schema, [[], ['eventTypes']], 0));
  const groups = EXCLUSIVE_GROUPS[operationId];
  if (!groups) return validValue(schema);
  return fc.oneof(...groups.map((_g, i) => validValue(withGroup(schema, groups, i))));
}

/** JSON text (JSON.stringify writes a lone surrogate as its \u escape, as any client could). */
const json = (value: unknown): string => JSON.stringify(value) ?? 'null';

const RAW_BODIES = ['{', '[1,2', 'null', '"text"', '12', '{"a":', '['.repeat(5000), '{}'.repeat(3), '\u0000'];

/** A path parameter: usually a uuid, sometimes something that is not one (encoded as a client would). */
const pathValue: fc.Arbitrary<string> = fc.oneof(
  fc.uuid().map(encodeURIComponent),
  fc.constantFrom('not-a-uuid', '%ED%A0%80', '%FF', '..%2F..', 'x'.repeat(300), '%00'),
);

function queryString(query: unknown): string {
  if (query === null || typeof query !== 'object' || Array.isArray(query)) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    params.append(k, typeof v === 'string' ? v : json(v));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Every contract operation as a generator of requests; valid ones about a third of the time. */
export function contractRequest(): fc.Arbitrary<FuzzRequest> {
  const perOperation = listOperations().map((op) => {
    const bodySchema = getRequestBodySchema(op.operationId) as Schema | undefined;
    const querySchema = getParametersSchema(op.operationId, 'query') as Schema;
    const pathSchema = getParametersSchema(op.operationId, 'path') as Schema;
    const pathNames = Object.keys(pathSchema.properties ?? {});
    const kind = fc.constantFrom<FuzzRequest['kind']>(
      'valid',
      'mutated',
      'mutated',
      ...(bodySchema ? ['raw' as const] : []),
    );
    const auth = fc.constantFrom<FuzzRequest['auth']>(
      'valid',
      'valid',
      'valid',
      'valid',
      'valid',
      'unknown',
      'none',
    );
    return fc
      .record({
        kind,
        auth,
        params: fc.array(pathValue, { minLength: pathNames.length, maxLength: pathNames.length }),
        uuids: fc.array(fc.uuid(), { minLength: pathNames.length, maxLength: pathNames.length }),
        validQuery: validValue(querySchema),
        mutatedQuery: mutatedFrom(validValue(querySchema)),
        validBody: bodySchema ? validBody(op.operationId, bodySchema) : fc.constant(undefined),
        mutatedBody: bodySchema ? mutatedFrom(validBody(op.operationId, bodySchema)) : fc.constant(undefined),
        rawBody: fc.constantFrom(...RAW_BODIES),
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'application/json',
          'text/plain',
        ),
      })
      .map((r): FuzzRequest => {
        let path = op.path;
        const params = r.kind === 'valid' ? r.uuids : r.params;
        pathNames.forEach((name, i) => (path = path.replace(`{${name}}`, params[i]!)));
        const body = !bodySchema
          ? undefined
          : r.kind === 'raw'
            ? r.rawBody
            : json(r.kind === 'valid' ? r.validBody : r.mutatedBody);
        return {
          operationId: op.operationId,
          method: op.method.toUpperCase(),
          url: `${path}${queryString(r.kind === 'valid' ? r.validQuery : r.mutatedQuery)}`,
          body,
          contentType:
            body === undefined ? undefined : r.kind === 'valid' ? 'application/json' : r.contentType,
          auth: r.auth,
          kind: r.kind,
        };
      });
  });
  return fc.oneof(...perOperation);
}
