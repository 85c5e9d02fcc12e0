import path from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readJsoncFile } from '@dxc/openapi';

const fixtures = path.resolve(__dirname, '..', 'test-fixtures', 'power-platform-connectors');

/** Microsoft's paconn schemas, vendored with source and MIT licence (test-fixtures/…/SOURCE.md). */
export const apiPropertiesSchemaFile = path.join(fixtures, 'paconn-apiProperties.schema.json');
export const settingsSchemaFile = path.join(fixtures, 'paconn-settings.schema.json');

const cache = new Map<string, ValidateFunction>();

function validator(file: string): ValidateFunction {
  let validate = cache.get(file);
  if (!validate) {
    // Draft-07 schemas, used as published: no validation rule is relaxed. Two mechanical fixes: strict mode is off
    // because they carry editor-only keywords (`defaultSnippets`), and their root `id` (draft-04 spelling under a
    // draft-07 `$schema`, which ajv 8 refuses outright) is read as the draft-07 `$id` it means.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const { id, ...schema } = readJsoncFile(file) as { id?: string } & Record<string, unknown>;
    validate = ajv.compile(id === undefined ? schema : { $id: id, ...schema });
    cache.set(file, validate);
  }
  return validate;
}

function problems(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  );
}

/** Problems of an apiProperties.json document against paconn-apiProperties.schema.json; empty when valid. */
export function validateApiProperties(value: unknown): string[] {
  return problems(validator(apiPropertiesSchemaFile), value);
}

/** Problems of a settings.json document against paconn-settings.schema.json; empty when valid. */
export function validateSettings(value: unknown): string[] {
  return problems(validator(settingsSchemaFile), value);
}
