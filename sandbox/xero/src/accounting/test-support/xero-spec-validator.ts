/**
 * Validates response bodies against Xero's own OpenAPI spec (vendored in ./fixtures, MIT). The spec is recursive
 * (Invoice → Payment → Invoice), so it is NOT dereferenced: its components.schemas are registered with AJV under
 * one id and each operation's response schema is compiled as a $ref into them (reference/xero-api.md section 12).
 * OAS `nullable` is understood by AJV 8; `x-*` keywords are ignored with strict:false.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

export const SPEC_PATH = path.join(__dirname, 'fixtures', 'xero_accounting.yaml');
const SPEC_ID = 'xero-accounting.json';

interface OasOperation {
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
}

interface OasDocument {
  paths: Record<string, Record<string, OasOperation>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  };
}

export interface SpecCheck {
  method: string;
  path: string;
  status: number;
  /** The spec schema the body was checked against, or why it was not checked. */
  schema: string;
  errors: string[];
}

export class XeroSpecValidator {
  private readonly doc: OasDocument;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp }>;

  constructor(specPath = SPEC_PATH) {
    // The core schema keeps ISO timestamps in examples as strings (js-yaml's default would make Dates).
    this.doc = YAML.parse(readFileSync(specPath, 'utf8'), {
      schema: 'core',
      maxAliasCount: -1,
    }) as OasDocument;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    for (const format of ['double', 'float', 'int32', 'int64', 'decimal']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ $id: SPEC_ID, components: { schemas: this.doc.components.schemas } });
    this.templates = Object.keys(this.doc.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`, 'i'),
        literal: template.replace(/\{[^}]+\}/g, '').length,
      }))
      // Prefer the most literal template: /Invoices/{InvoiceID}/OnlineInvoice before /Invoices/{InvoiceID}/{x}.
      .sort((a, b) => b.literal - a.literal);
  }

  /** A validator for a named component schema, e.g. `Invoices`. */
  schema(name: string): ValidateFunction {
    let fn = this.compiled.get(name);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${SPEC_ID}#/components/schemas/${name}` });
      this.compiled.set(name, fn);
    }
    return fn;
  }

  validateSchema(name: string, body: unknown): string[] {
    const fn = this.schema(name);
    return fn(body) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  }

  /** Which component schema the spec gives for this operation's response, if any. */
  responseSchemaName(method: string, apiPath: string, status: number): string | undefined {
    const match = this.templates.find((t) => t.pattern.test(apiPath));
    const operation = match ? this.doc.paths[match.template]?.[method.toLowerCase()] : undefined;
    let response = operation?.responses?.[String(status)];
    if (response?.$ref) response = this.doc.components.responses[response.$ref.split('/').pop()!];
    const ref = response?.content?.['application/json']?.schema?.$ref;
    return ref?.split('/').pop();
  }

  check(method: string, apiPath: string, status: number, body: unknown): SpecCheck {
    const schema = this.responseSchemaName(method, apiPath, status);
    if (!schema)
      return {
        method,
        path: apiPath,
        status,
        schema: '(no JSON schema in the spec for this response)',
        errors: [],
      };
    return { method, path: apiPath, status, schema, errors: this.validateSchema(schema, body) };
  }
}
