import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { SwaggerDocument } from './swagger-document';

/** The contract's source file: hand-written Swagger 2.0 YAML. */
export const contractFile = path.resolve(__dirname, '..', 'dxc-xero.swagger.yaml');

/** A contract file that cannot be read or parsed; the message always names the file. */
export class ContractFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ContractFileError';
  }
}

/**
 * Reads and parses a Swagger YAML (or JSON, which is YAML) file. Checks only that it is a mapping with `swagger` and
 * `paths`; whether it is valid Swagger 2.0 is swagger-parser's job (see generate.ts).
 */
export function readSwaggerFile(file: string = contractFile): SwaggerDocument {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ContractFileError(
      file,
      code === 'ENOENT' ? 'file not found' : `cannot be read (${String(error)})`,
    );
  }
  return parseSwaggerText(text, file);
}

/** Parses Swagger YAML text; `file` only names the source in errors. */
export function parseSwaggerText(text: string, file: string): SwaggerDocument {
  // uniqueKeys: a duplicated key in hand-written YAML is a mistake, never an override.
  const parsed = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const firstError = parsed.errors[0];
  if (firstError) {
    throw new ContractFileError(file, `not valid YAML: ${firstError.message}`);
  }
  const value: unknown = parsed.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ContractFileError(
      file,
      'must be a YAML mapping (a Swagger 2.0 document), not a scalar or a list',
    );
  }
  const document = value as Record<string, unknown>;
  if (document.swagger !== '2.0') {
    throw new ContractFileError(
      file,
      `"swagger" must be the string "2.0" (Power Platform connectors accept only Swagger 2.0), got ${JSON.stringify(document.swagger)}`,
    );
  }
  if (document.paths === null || typeof document.paths !== 'object') {
    throw new ContractFileError(file, '"paths" is missing or not a mapping');
  }
  return document as unknown as SwaggerDocument;
}
