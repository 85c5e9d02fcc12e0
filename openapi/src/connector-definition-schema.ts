import fs from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse as parseJsonc } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';

/**
 * Microsoft's JSON Schema for connector definitions (Swagger 2.0 + x-ms-* extensions), vendored under
 * openapi/test-fixtures with its source and MIT licence (see SOURCE.md there).
 */
export const connectorDefinitionSchemaFile = path.resolve(
  __dirname,
  '..',
  'test-fixtures',
  'power-platform-connectors',
  'apiDefinition.swagger.schema.json',
);

/** Parses a JSONC file (the Microsoft schemas carry `//` comments), naming the file and offset on error. */
export function readJsoncFile(file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: false });
  if (errors.length > 0) {
    throw new Error(
      `${file}: not valid JSONC (error code ${errors[0]?.error} at offset ${errors[0]?.offset})`,
    );
  }
  return value;
}

let compiled: ValidateFunction | undefined;

/**
 * A validator for apiDefinition.swagger.json documents. The schema is draft-04, hence ajv-draft-04; strict mode is
 * off because the schema uses keywords ajv does not know (`defaultSnippets`, editor hints).
 */
export function connectorDefinitionValidator(): ValidateFunction {
  if (!compiled) {
    // Formats (uri, email, …) are checked too: the schema asks for them on contact and licence URLs.
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv as never);
    compiled = ajv.compile(readJsoncFile(connectorDefinitionSchemaFile) as object);
  }
  return compiled;
}

/** Validates a document; returns readable problems (`<json pointer> <message>`), empty when it conforms. */
export function validateConnectorDefinition(document: unknown): string[] {
  const validate = connectorDefinitionValidator();
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  );
}
