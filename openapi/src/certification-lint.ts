import { httpMethods } from './swagger-document';
import type {
  SwaggerDocument,
  SwaggerOperation,
  SwaggerParameter,
  SwaggerPathItem,
  SwaggerResponse,
  SwaggerSchema,
} from './swagger-document';
import { normalise, sentenceCaseProblem, startsCapitalised, titleCaseProblem } from './label-case';

// An offline stand-in for Microsoft's connector certification checks. `paconn validate` cannot run here (it posts the
// swagger to the Power Apps service), so the rules of reference/power-platform.md §2.3 are emulated: the connector
// string guidance (title, summaries, descriptions), the certification swagger-validator rules we could read, the
// webhook trigger contract of §2.2, and our own rule that no object schema is empty. The full validator error table
// could not be captured (UNVERIFIED beyond the rules listed below).

/** Every rule this lint checks, with what it asks. */
export const certificationRules = {
  'swagger-version': '"swagger" is "2.0"; Power Platform rejects OpenAPI 3.',
  'title-length': 'info.title is present and at most 30 characters.',
  'title-forbidden-words': 'info.title has no word "API" and names no Power Platform product.',
  'info-description': 'info.description is present and differs from the title.',
  'info-version': 'info.version is present.',
  'host-format': 'host is a bare host name (optionally :port), no scheme or path.',
  'base-path': 'basePath is present and starts with "/".',
  schemes: 'schemes is present and not empty.',
  'connector-metadata': 'x-ms-connector-metadata has Website, Privacy policy and Categories.',
  'operation-id-style': 'operationId is present, PascalCase, no spaces or punctuation.',
  'operation-id-unique': 'operationId is unique in the document.',
  'summary-present': 'Every operation has a summary.',
  'summary-length': 'A summary is at most 80 characters.',
  'summary-no-slash': 'A summary contains no "/".',
  'summary-trailing-character': 'A summary ends with a letter or digit (no trailing period or space).',
  'summary-sentence-case':
    'A summary is in sentence case: first word capitalised, later words not (names excepted).',
  'description-present': 'Every operation, parameter and property has a description.',
  'description-sentence-case': 'A description starts with a capital letter or digit.',
  'description-differs-from-summary': 'A description says more than the summary / x-ms-summary it goes with.',
  'x-ms-summary-present': 'Every parameter, property and shared definition has x-ms-summary.',
  'x-ms-summary-title-case': 'An x-ms-summary is in Title Case.',
  'internal-required-default':
    'A required parameter or property that is x-ms-visibility internal has a default.',
  'path-parameter-required': 'Path parameters are required and every {name} in a path is declared.',
  'response-schema': 'Every operation has a 2xx response, and every 2xx response except 204 has a schema.',
  'ref-siblings': 'Nothing sits beside a $ref (Swagger 2.0 ignores it and swagger2openapi drops it).',
  'empty-object-schema': 'No object schema without properties, so the flow designer shows real fields.',
  'array-duplicate-value':
    'No array in the document has the same value twice (validator error ArrayDuplicateValue).',
  'api-annotation-replacement':
    'x-ms-api-annotation.replacement only on deprecated operations, with both api and operationId.',
  'webhook-trigger':
    'A webhook trigger has a notification-url property (internal), answers 201 with Location, has path-level ' +
    'x-ms-notification-content and an internal DELETE operation below its path; other triggers are polling.',
} as const;

export type CertificationRule = keyof typeof certificationRules;

export interface CertificationFinding {
  rule: CertificationRule;
  /** JSONPath of the offending node, for example `$.paths["/v1/connection"].get.summary`. */
  path: string;
  message: string;
}

type Segment = string | number;

/** Checks a Swagger document against the certification rules; an empty list means it passes. */
export function lintContract(document: SwaggerDocument): CertificationFinding[] {
  const findings: CertificationFinding[] = [];
  const report = (rule: CertificationRule, segments: Segment[], message: string): void => {
    findings.push({ rule, path: jsonPath(segments), message });
  };

  checkDocument(document, report);
  checkOperations(document, report);
  // Shared parameters (`#/parameters/…`) are checked once here; operations only point at them.
  for (const [name, parameter] of Object.entries(document.parameters ?? {}))
    checkParameter(parameter, ['parameters', name], report);

  for (const [name, definition] of Object.entries(document.definitions ?? {})) {
    // Properties that are a bare $ref show the definition's summary and description, so definitions need both.
    checkLabels(definition, ['definitions', name], report, { summaryRequired: true });
    walkSchema(definition, ['definitions', name], report);
  }
  for (const [name, response] of Object.entries(document.responses ?? {})) {
    checkResponseHeaders(response, ['responses', name], report);
    if (response.schema) walkSchema(response.schema, ['responses', name, 'schema'], report);
  }
  findDuplicateArrayValues(document, [], report);
  return findings;
}

type Report = (rule: CertificationRule, segments: Segment[], message: string) => void;

// Power Platform product names a connector title must not use (connector string guidance).
const productNames = [
  'power apps',
  'power automate',
  'power bi',
  'power pages',
  'power platform',
  'power virtual agents',
  'copilot studio',
  'microsoft flow',
  'logic apps',
];

function checkDocument(document: SwaggerDocument, report: Report): void {
  if (document.swagger !== '2.0') {
    report('swagger-version', ['swagger'], `must be "2.0", is ${JSON.stringify(document.swagger)}`);
  }
  const title = document.info?.title;
  if (typeof title !== 'string' || title.trim() === '') {
    report('title-length', ['info', 'title'], 'the connector needs a title');
  } else {
    if (title.length > 30) {
      report('title-length', ['info', 'title'], `is ${title.length} characters; at most 30 are accepted`);
    }
    if (/\bapi\b/i.test(title))
      report('title-forbidden-words', ['info', 'title'], 'must not contain the word "API"');
    const product = productNames.find((name) => title.toLowerCase().includes(name));
    if (product) {
      report(
        'title-forbidden-words',
        ['info', 'title'],
        `must not name the Power Platform product "${product}"`,
      );
    }
  }
  const description = document.info?.description;
  if (typeof description !== 'string' || description.trim() === '') {
    report('info-description', ['info', 'description'], 'the connector needs a description');
  } else if (typeof title === 'string' && normalise(description) === normalise(title)) {
    report('info-description', ['info', 'description'], 'must differ from the title');
  }
  if (typeof document.info?.version !== 'string' || document.info.version.trim() === '') {
    report('info-version', ['info', 'version'], 'info.version is missing');
  }

  // Same pattern as the apiDefinition schema's `host`.
  if (typeof document.host !== 'string' || !/^[^{}/ :\\]+(?::\d+)?$/.test(document.host)) {
    report(
      'host-format',
      ['host'],
      `must be a host name without scheme or path, is ${JSON.stringify(document.host)}`,
    );
  }
  if (typeof document.basePath !== 'string' || !document.basePath.startsWith('/')) {
    report('base-path', ['basePath'], `must start with "/", is ${JSON.stringify(document.basePath)}`);
  }
  if (!Array.isArray(document.schemes) || document.schemes.length === 0) {
    report('schemes', ['schemes'], 'list the schemes the host serves, for example [https]');
  }

  const metadata = document['x-ms-connector-metadata'];
  const entries = Array.isArray(metadata)
    ? (metadata as { propertyName?: unknown; propertyValue?: unknown }[])
    : [];
  for (const name of ['Website', 'Privacy policy', 'Categories']) {
    const entry = entries.find((candidate) => candidate.propertyName === name);
    if (!entry || typeof entry.propertyValue !== 'string' || entry.propertyValue.trim() === '') {
      report('connector-metadata', ['x-ms-connector-metadata'], `needs an entry "${name}" with a value`);
    }
  }
}

function checkOperations(document: SwaggerDocument, report: Report): void {
  const seen = new Map<string, string>();
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = pathItem[method];
      if (!operation) continue;
      const at: Segment[] = ['paths', path, method];
      checkOperationId(operation, at, seen, report);
      checkSummaryAndDescription(operation, at, report);
      const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])];
      (operation.parameters ?? []).forEach((parameter, index) =>
        checkParameter(parameter, [...at, 'parameters', index], report),
      );
      checkPathTemplate(path, parameters, document, at, report);
      checkResponses(operation, at, report);
      checkApiAnnotation(operation, at, report);
      if (operation['x-ms-trigger'] !== undefined) {
        checkTrigger(document, path, pathItem, method, operation, at, report);
      }
    }
    (pathItem.parameters ?? []).forEach((parameter, index) =>
      checkParameter(parameter, ['paths', path, 'parameters', index], report),
    );
    const notification = pathItem['x-ms-notification-content'] as { schema?: SwaggerSchema } | undefined;
    if (notification?.schema) {
      walkSchema(notification.schema, ['paths', path, 'x-ms-notification-content', 'schema'], report);
    }
  }
}

function checkOperationId(
  operation: SwaggerOperation,
  at: Segment[],
  seen: Map<string, string>,
  report: Report,
): void {
  const id = operation.operationId;
  if (typeof id !== 'string' || id === '') {
    report('operation-id-style', at, 'the operation has no operationId');
    return;
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(id)) {
    report(
      'operation-id-style',
      [...at, 'operationId'],
      `"${id}" must be PascalCase letters and digits (for example GetInvoiceStatuses)`,
    );
  }
  const previous = seen.get(id);
  if (previous) {
    report('operation-id-unique', [...at, 'operationId'], `"${id}" is already used at ${previous}`);
  } else {
    seen.set(id, jsonPath([...at, 'operationId']));
  }
}

function checkSummaryAndDescription(operation: SwaggerOperation, at: Segment[], report: Report): void {
  const { summary, description } = operation;
  if (typeof summary !== 'string' || summary.trim() === '') {
    report('summary-present', at, 'the operation has no summary');
  } else {
    const where = [...at, 'summary'];
    if (summary.length > 80) report('summary-length', where, `is ${summary.length} characters; at most 80`);
    if (summary.includes('/')) report('summary-no-slash', where, 'must not contain "/"');
    if (!/[\p{L}\p{N}]$/u.test(summary)) {
      report(
        'summary-trailing-character',
        where,
        `must end with a letter or digit, ends with "${summary.slice(-1)}"`,
      );
    }
    const problem = sentenceCaseProblem(summary);
    if (problem) report('summary-sentence-case', where, problem);
  }
  if (typeof description !== 'string' || description.trim() === '') {
    report('description-present', at, 'the operation has no description');
  } else {
    if (!startsCapitalised(description)) {
      report('description-sentence-case', [...at, 'description'], 'must start with a capital letter');
    }
    if (typeof summary === 'string' && normalise(summary) === normalise(description)) {
      report('description-differs-from-summary', [...at, 'description'], 'repeats the summary; say more');
    }
  }
}

function checkParameter(parameter: SwaggerParameter, at: Segment[], report: Report): void {
  if (typeof parameter.$ref === 'string') return; // shared parameters are checked where they are defined
  checkLabels(parameter, at, report, { summaryRequired: true });
  if (parameter.in === 'path' && parameter.required !== true) {
    report(
      'path-parameter-required',
      [...at, 'required'],
      `path parameter "${parameter.name}" must be required`,
    );
  }
  if (isInternal(parameter) && parameter.required === true && parameter.default === undefined) {
    report(
      'internal-required-default',
      at,
      `parameter "${parameter.name}" is internal and required, so the platform needs a default to send`,
    );
  }
  if (parameter.schema) walkSchema(parameter.schema, [...at, 'schema'], report);
}

function checkPathTemplate(
  path: string,
  parameters: SwaggerParameter[],
  document: SwaggerDocument,
  at: Segment[],
  report: Report,
): void {
  const resolved = parameters.map((parameter) =>
    typeof parameter.$ref === 'string'
      ? document.parameters?.[parameter.$ref.replace('#/parameters/', '')]
      : parameter,
  );
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (!resolved.some((parameter) => parameter?.in === 'path' && parameter.name === name)) {
      report('path-parameter-required', at, `path segment {${name}} has no path parameter`);
    }
  }
}

function checkResponses(operation: SwaggerOperation, at: Segment[], report: Report): void {
  const responses = operation.responses ?? {};
  const success = Object.keys(responses).filter((code) => /^2\d\d$/.test(code));
  if (success.length === 0) {
    report('response-schema', [...at, 'responses'], 'declare the success (2xx) response');
  }
  for (const code of success) {
    const response = responses[code] as SwaggerResponse;
    if (code !== '204' && typeof response.$ref !== 'string' && !response.schema) {
      report('response-schema', [...at, 'responses', code], `the ${code} response needs a schema`);
    }
  }
  for (const [code, response] of Object.entries(responses)) {
    if (typeof response.$ref === 'string') continue;
    checkResponseHeaders(response, [...at, 'responses', code], report);
    if (response.schema) walkSchema(response.schema, [...at, 'responses', code, 'schema'], report);
  }
}

function checkResponseHeaders(response: SwaggerResponse, at: Segment[], report: Report): void {
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    checkLabels(header as SwaggerSchema, [...at, 'headers', name], report, { summaryRequired: true });
  }
}

function checkApiAnnotation(operation: SwaggerOperation, at: Segment[], report: Report): void {
  const annotation = operation['x-ms-api-annotation'] as
    { replacement?: Record<string, unknown> } | undefined;
  const replacement = annotation?.replacement;
  if (!replacement) return;
  const where = [...at, 'x-ms-api-annotation', 'replacement'];
  if (operation.deprecated !== true) {
    report(
      'api-annotation-replacement',
      where,
      'a replacement is only allowed on an operation with deprecated: true',
    );
  }
  for (const key of ['api', 'operationId']) {
    if (typeof replacement[key] !== 'string' || replacement[key] === '') {
      report('api-annotation-replacement', where, `the replacement needs "${key}"`);
    }
  }
}

function checkTrigger(
  document: SwaggerDocument,
  path: string,
  pathItem: SwaggerPathItem,
  method: string,
  operation: SwaggerOperation,
  at: Segment[],
  report: Report,
): void {
  const body = (operation.parameters ?? []).find((parameter) => parameter.in === 'body');
  const notificationUrl = body?.schema ? findNotificationUrl(body.schema, document) : undefined;
  if (!notificationUrl) {
    if (operation['x-ms-trigger-metadata'] === undefined) {
      report(
        'webhook-trigger',
        at,
        'a trigger must either be a webhook (a body property with x-ms-notification-url: true) or a polling ' +
          'trigger (x-ms-trigger-metadata)',
      );
    }
    return;
  }
  if (method !== 'post') report('webhook-trigger', at, 'a webhook subscription must be a POST');
  if (notificationUrl['x-ms-visibility'] !== 'internal') {
    report('webhook-trigger', at, 'the x-ms-notification-url property must be x-ms-visibility internal');
  }
  const created = operation.responses?.['201'];
  const createdResponse =
    created && typeof created.$ref === 'string'
      ? document.responses?.[created.$ref.replace('#/responses/', '')]
      : created;
  if (!createdResponse) {
    report('webhook-trigger', [...at, 'responses'], 'a webhook subscription must answer 201 Created');
  } else if (!createdResponse.headers?.Location) {
    report(
      'webhook-trigger',
      [...at, 'responses', '201'],
      'the 201 response must declare the Location header Power Automate deletes the subscription with',
    );
  }
  const content = pathItem['x-ms-notification-content'] as { schema?: unknown } | undefined;
  if (!content?.schema) {
    report(
      'webhook-trigger',
      ['paths', path],
      'declare x-ms-notification-content with the schema of the events sent',
    );
  }
  const deletes = Object.entries(document.paths ?? {}).filter(
    ([candidate, item]) => candidate.startsWith(`${path}/{`) && item.delete,
  );
  if (deletes.length === 0) {
    report(
      'webhook-trigger',
      at,
      `no DELETE operation under ${path}/{id} for Power Automate to unsubscribe with`,
    );
  }
  for (const [candidate, item] of deletes) {
    if (item.delete?.['x-ms-visibility'] !== 'internal') {
      report('webhook-trigger', ['paths', candidate, 'delete'], 'the unsubscribe operation must be internal');
    }
  }
}

function findNotificationUrl(schema: SwaggerSchema, document: SwaggerDocument): SwaggerSchema | undefined {
  const resolved = resolveSchema(schema, document);
  for (const property of Object.values(resolved?.properties ?? {})) {
    const target = resolveSchema(property, document);
    if (target?.['x-ms-notification-url'] === true) return target;
  }
  return undefined;
}

function resolveSchema(schema: SwaggerSchema, document: SwaggerDocument): SwaggerSchema | undefined {
  if (typeof schema.$ref !== 'string') return schema;
  return document.definitions?.[schema.$ref.replace('#/definitions/', '')];
}

/** Checks a schema tree: empty objects, $ref siblings, and labels / internal-required rules on every property. */
function walkSchema(schema: SwaggerSchema, at: Segment[], report: Report): void {
  if (typeof schema.$ref === 'string') {
    const siblings = Object.keys(schema).filter((key) => key !== '$ref');
    if (siblings.length > 0) {
      report(
        'ref-siblings',
        at,
        `${siblings.join(', ')} beside $ref would be lost; put them on the definition`,
      );
    }
    return;
  }
  const isObject = schema.type === 'object' || (schema.type === undefined && schema.properties !== undefined);
  if (isObject && (!schema.properties || Object.keys(schema.properties).length === 0)) {
    report('empty-object-schema', at, 'an object schema must list its properties');
  }
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const where = [...at, 'properties', name];
    if (typeof property.$ref !== 'string') {
      checkLabels(property, where, report, { summaryRequired: true });
      if (
        isInternal(property) &&
        required.has(name) &&
        property.default === undefined &&
        property['x-ms-notification-url'] !== true
      ) {
        report(
          'internal-required-default',
          where,
          `property "${name}" is internal and required but has no default`,
        );
      }
    }
    walkSchema(property, where, report);
  }
  if (schema.items && typeof schema.items === 'object') walkSchema(schema.items, [...at, 'items'], report);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    walkSchema(schema.additionalProperties, [...at, 'additionalProperties'], report);
  }
  (schema.allOf ?? []).forEach((part, index) => walkSchema(part, [...at, 'allOf', index], report));
}

/** x-ms-summary (Title Case) and description (sentence, different from the summary) on one node. */
function checkLabels(
  node: Record<string, unknown>,
  at: Segment[],
  report: Report,
  options: { summaryRequired: boolean },
): void {
  const summary = node['x-ms-summary'];
  const description = node.description;
  if (typeof summary !== 'string' || summary.trim() === '') {
    if (options.summaryRequired)
      report('x-ms-summary-present', at, 'add an x-ms-summary (the label makers see)');
  } else {
    const problem = titleCaseProblem(summary);
    if (problem) report('x-ms-summary-title-case', [...at, 'x-ms-summary'], problem);
  }
  if (typeof description !== 'string' || description.trim() === '') {
    report('description-present', at, 'add a description (the tooltip makers see)');
  } else {
    if (!startsCapitalised(description)) {
      report(
        'description-sentence-case',
        [...at, 'description'],
        'must start with a capital letter or digit',
      );
    }
    if (typeof summary === 'string' && normalise(summary) === normalise(description)) {
      report(
        'description-differs-from-summary',
        [...at, 'description'],
        'repeats the x-ms-summary; say more',
      );
    }
  }
}

function findDuplicateArrayValues(value: unknown, at: Segment[], report: Report): void {
  if (Array.isArray(value)) {
    const seen = new Set<string>();
    value.forEach((item, index) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) {
        report('array-duplicate-value', [...at, index], `duplicate value ${key.slice(0, 80)}`);
      }
      seen.add(key);
      findDuplicateArrayValues(item, [...at, index], report);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) findDuplicateArrayValues(child, [...at, key], report);
  }
}

function isInternal(node: Record<string, unknown>): boolean {
  return node['x-ms-visibility'] === 'internal';
}

/** `$.paths["/v1/x"].post.summary` from path segments. */
export function jsonPath(segments: Segment[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return /^[A-Za-z_$][\w$-]*$/.test(segment) && !segment.includes('-')
      ? `${path}.${segment}`
      : `${path}[${JSON.stringify(segment)}]`;
  }, '$');
}
