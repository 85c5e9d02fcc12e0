import { existsSync, readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { referenceSpec } from '../../../../scripts/reference-specs';

/**
 * Validates a workflow definition against the Workflow Definition Language JSON schema (draft-04). The schema has no
 * clear licence, so it is READ from the shared reference folder at run time and never copied into the repository
 * (specs/SOURCES.md "logic-apps/"). It is the Logic Apps schema; Power Automate definitions need three documented
 * adjustments, applied to the in-memory copy only:
 *  1. Connector operation types `OpenApiConnection`, `OpenApiConnectionWebhook` (actions and triggers) and
 *     `OpenApiConnectionNotification` (triggers) are added: every real export uses them (sample-flows, power-platform.md
 *     §4.2), the Logic Apps enum has only ApiConnection*.
 *  2. String enums compare case-insensitively: exports write variable types as `string`/`array` (the schema lists
 *     `String`/`Array`), retry types as `exponential`, and Standard exports write runAfter `SUCCEEDED` (Azure/logicapps#1449).
 *  3. Trigger kind `PowerAppV2` is allowed (the "Power Apps (V2)" trigger of every modern instant flow).
 *  4. The child-flow `Workflow` action may name its callee by `host.workflowReferenceName` (Power Automate's form in
 *     every exported parent flow, flow-runner.md §6) instead of Logic Apps' `host.workflow.id` + `triggerName`.
 */
export const defaultSchemaPath = referenceSpec('logic-apps', 'workflowdefinition.json');

export class SchemaUnavailableError extends Error {}

type Json = Record<string, unknown>;

function patchEnums(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(patchEnums);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Json;
  if (Array.isArray(obj.enum) && obj.enum.every((v) => typeof v === 'string')) {
    obj.enumIgnoreCase = obj.enum;
    delete obj.enum;
  }
  for (const v of Object.values(obj)) patchEnums(v);
}

function connectorBranch(type: string, trigger: boolean): Json {
  return {
    type: 'object',
    properties: {
      type: { enum: [type] },
      inputs: {
        type: 'object',
        properties: {
          host: {
            type: 'object',
            properties: {
              connectionName: { type: 'string' },
              connection: { type: 'object' },
              operationId: { type: 'string' },
              apiId: { type: 'string' },
            },
            required: ['operationId'],
          },
          parameters: { type: 'object' },
          authentication: {},
          retryPolicy: { type: 'object' },
        },
        required: ['host'],
      },
      ...(trigger ? { recurrence: { type: 'object' } } : {}),
    },
    required: ['inputs'],
  };
}

function patchSchema(schema: Json): Json {
  const props = schema.properties as Json;
  const patchSection = (section: 'actions' | 'triggers', types: string[]) => {
    const additional = (props[section] as Json).additionalProperties as Json;
    const allOf = additional.allOf as Json[];
    const common = allOf[1] as Json;
    const typeProp = (common.properties as Json | undefined)?.type as Json | undefined;
    if (typeProp && Array.isArray(typeProp.enum)) typeProp.enum = [...(typeProp.enum as string[]), ...types];
    const variants = allOf[2] as Json;
    (variants.oneOf as Json[]).push(...types.map((t) => connectorBranch(t, section === 'triggers')));
  };
  patchSection('actions', ['OpenApiConnection', 'OpenApiConnectionWebhook']);
  const common = ((props.actions as Json).additionalProperties as Json).allOf as Json[];
  const typeEnum = ((common[1] as Json).properties as Json).type as Json;
  typeEnum.enum = [...new Set([...(typeEnum.enum as string[]), 'OpenApiConnectionNotification'])];
  patchSection('triggers', [
    'OpenApiConnection',
    'OpenApiConnectionWebhook',
    'OpenApiConnectionNotification',
  ]);
  const addKind = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(addKind);
    if (node === null || typeof node !== 'object') return;
    const obj = node as Json;
    const kind = obj.kind as Json | undefined;
    if (kind && Array.isArray(kind.enum) && (kind.enum as string[]).includes('PowerApp')) {
      kind.enum = [...(kind.enum as string[]), 'PowerAppV2'];
    }
    Object.values(obj).forEach(addKind);
  };
  addKind(schema);
  const actionVariants = (((props.actions as Json).additionalProperties as Json).allOf as Json[])[2] as Json;
  for (const branch of actionVariants.oneOf as Json[]) {
    const t = (branch.properties as Json | undefined)?.type as Json | undefined;
    if (!Array.isArray(t?.enum) || !(t.enum as string[]).includes('Workflow')) continue;
    const inputs = (branch.properties as Json).inputs as Json;
    const parts = inputs.allOf as Json[];
    const withHost = parts.find((p) => (p.properties as Json | undefined)?.host) as Json;
    const hostProps = withHost.properties as Json;
    hostProps.host = {
      anyOf: [
        hostProps.host,
        {
          type: 'object',
          properties: { workflowReferenceName: { type: 'string' } },
          required: ['workflowReferenceName'],
        },
      ],
    };
  }
  patchEnums(schema);
  delete schema.$id;
  return schema;
}

const wdlId = 'wdl.json';
let cached: { path: string; ajv: Ajv04 } | undefined;

/** A WDL value may be a template anywhere (flow-runner.md §1.1), so non-string types also accept an `@…` string. */
function isTemplateString(data: unknown): boolean {
  return typeof data === 'string' && data.length >= 2 && (data[0] === '@' || data.indexOf('@{') > 0);
}

function patchTypes(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(patchTypes);
  if (node === null || typeof node !== 'object') return;
  const obj = node as Json;
  if (typeof obj.type === 'string' && obj.type !== 'string' && !('enumIgnoreCase' in obj)) {
    obj.typeOrTemplate = obj.type;
    delete obj.type;
  }
  Object.values(obj).forEach(patchTypes);
}

function jsonType(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'array';
  if (typeof data === 'number') return Number.isInteger(data) ? 'integer' : 'number';
  return typeof data;
}

function compiled(path = defaultSchemaPath): Ajv04 {
  if (cached?.path === path) return cached.ajv;
  if (!existsSync(path)) {
    throw new SchemaUnavailableError(
      `The workflow definition schema is not at ${path}. It is read from the shared reference folder ` +
        `(shared/reference/specs/logic-apps/workflowdefinition.json) and is deliberately not part of the repository.`,
    );
  }
  const schema = patchSchema(JSON.parse(readFileSync(path, 'utf8')) as Json);
  patchTypes(schema);
  schema.id = wdlId;
  const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false, logger: false });
  ajv.addKeyword({
    keyword: 'enumIgnoreCase',
    schemaType: 'array',
    error: { message: (cxt) => `must be one of ${(cxt.schema as string[]).join(', ')}` },
    validate: (allowed: string[], data: unknown) =>
      typeof data !== 'string' ||
      isTemplateString(data) ||
      allowed.some((a) => a.toLowerCase() === data.toLowerCase()),
  });
  ajv.addKeyword({
    keyword: 'typeOrTemplate',
    schemaType: 'string',
    error: { message: (cxt) => `must be ${cxt.schema as string}` },
    validate: (type: string, data: unknown) => {
      const actual = jsonType(data);
      return actual === type || (type === 'number' && actual === 'integer') || isTemplateString(data);
    },
  });
  ajv.addSchema(schema, wdlId);
  cached = { path, ajv };
  return ajv;
}

function sub(ajv: Ajv04, pointer: string): ValidateFunction {
  const v = ajv.getSchema(`${wdlId}#${pointer}`);
  if (!v) throw new Error(`The workflow definition schema has no ${pointer}; is it the 2016-06-01 schema?`);
  return v;
}

function errorsOf(v: ValidateFunction, data: unknown, prefix: string): string[] {
  if (v(data)) return [];
  return (v.errors ?? []).map((e: ErrorObject) => `${prefix}${e.instancePath}: ${e.message ?? e.keyword}`);
}

function withoutChildren(action: Json): Json {
  const copy: Json = { ...action };
  if (copy.actions) copy.actions = {};
  if (copy.else) copy.else = { ...(copy.else as Json), actions: {} };
  if (copy.default) copy.default = { ...(copy.default as Json), actions: {} };
  if (copy.cases) {
    copy.cases = Object.fromEntries(
      Object.entries(copy.cases as Json).map(([k, c]) => [k, { ...(c as Json), actions: {} }]),
    );
  }
  return copy;
}

function typeMatches(branch: Json, operation: Json): boolean {
  const props = (branch.properties ?? {}) as Json;
  const t = props.type as Json | undefined;
  const k = props.kind as Json | undefined;
  const eq = (list: unknown, v: unknown) =>
    Array.isArray(list) &&
    typeof v === 'string' &&
    list.some((x) => String(x).toLowerCase() === v.toLowerCase());
  if (!t || !eq(t.enumIgnoreCase, operation.type)) return false;
  if (k && operation.kind !== undefined && !eq(k.enumIgnoreCase, operation.kind)) return false;
  return true;
}

/**
 * Validates each trigger and action on its own (children stripped, then visited), against the common operation
 * schema plus the one `oneOf` branch of its type/kind, so errors name the action and the field instead of listing
 * every non-matching branch of the `oneOf`.
 */
export function validateAgainstSchema(definition: unknown, path?: string): string[] {
  const ajv = compiled(path);
  if (definition === null || typeof definition !== 'object') return ['/: the definition must be an object'];
  const def = definition as Json;
  const issues: string[] = [];
  issues.push(...errorsOf(sub(ajv, ''), { ...def, actions: {}, triggers: {} }, ''));
  const root = ajv.getSchema(wdlId)!.schema as Json;
  const section = (name: 'actions' | 'triggers') =>
    (((root.properties as Json)[name] as Json).additionalProperties as Json).allOf as Json[];
  const check = (kind: 'actions' | 'triggers', name: string, operation: Json, prefix: string) => {
    const base = `/properties/${kind}/additionalProperties/allOf`;
    const stripped = withoutChildren(operation);
    issues.push(...errorsOf(sub(ajv, `${base}/0`), stripped, prefix));
    issues.push(...errorsOf(sub(ajv, `${base}/1`), stripped, prefix));
    const branches = (section(kind)[2] as Json).oneOf as Json[];
    const resolveBranch = (b: Json): Json => {
      const ref = b.$ref as string | undefined;
      if (!ref) return b;
      return ref
        .slice(2)
        .split('/')
        .reduce<Json>((n, seg) => (n as Record<string, Json>)[seg]!, root);
    };
    const index = branches.findIndex((b) => typeMatches(resolveBranch(b), operation));
    if (index < 0) {
      issues.push(
        `${prefix}/type: '${String(operation.type)}'${operation.kind ? ` with kind '${String(operation.kind)}'` : ''} is not a known ${kind === 'actions' ? 'action' : 'trigger'} type`,
      );
    } else {
      issues.push(...errorsOf(sub(ajv, `${base}/2/oneOf/${index}`), stripped, prefix));
    }
    void name;
  };
  for (const [name, trigger] of Object.entries((def.triggers ?? {}) as Json)) {
    check('triggers', name, trigger as Json, `/triggers/${name}`);
  }
  const visit = (actions: unknown, prefix: string) => {
    for (const [name, action] of Object.entries((actions ?? {}) as Json)) {
      const a = action as Json;
      const here = `${prefix}/${name}`;
      check('actions', name, a, here);
      if (a.actions) visit(a.actions, `${here}/actions`);
      if (a.else) visit((a.else as Json).actions, `${here}/else/actions`);
      if (a.default) visit((a.default as Json).actions, `${here}/default/actions`);
      for (const [c, v] of Object.entries((a.cases ?? {}) as Json))
        visit((v as Json).actions, `${here}/cases/${c}/actions`);
    }
  };
  visit(def.actions, '/actions');
  return [...new Set(issues)];
}
