import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { convertObj } from 'swagger2openapi';
import { lintContract } from './certification-lint';
import type { CertificationFinding } from './certification-lint';
import { readSwaggerFile } from './read-contract';
import type { SwaggerDocument } from './swagger-document';

export const generatedDir = path.resolve(__dirname, '..', 'generated');
export const openapiJsonFile = path.join(generatedDir, 'dxc-xero.openapi.json');
export const contractTypesFile = path.join(generatedDir, 'contract-types.ts');

/** The contract could not be turned into artefacts; `problems` lists every reason, each naming the file. */
export class ContractBuildError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
    readonly findings: CertificationFinding[] = [],
  ) {
    super(`${file} cannot be generated from:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ContractBuildError';
  }
}

export interface ContractArtifacts {
  document: SwaggerDocument;
  /** The OAS3 conversion, pretty JSON with a final newline. */
  openapiJson: string;
  /** The openapi-typescript output with our "generated" first line. */
  contractTypes: string;
}

/**
 * Reads, validates (Swagger 2.0 via swagger-parser), lints (certification rules) and converts the contract. Pure:
 * writes nothing, so tests can compare its output with the committed files. Deterministic for the same input.
 */
export async function buildContractArtifacts(file: string): Promise<ContractArtifacts> {
  const document = readSwaggerFile(file);
  const relative = path
    .relative(path.resolve(__dirname, '..', '..'), file)
    .split(path.sep)
    .join('/');

  try {
    // swagger-parser dereferences in place: give it a copy.
    await SwaggerParser.validate(structuredClone(document) as never);
  } catch (error) {
    throw new ContractBuildError(file, [`not valid Swagger 2.0: ${(error as Error).message}`]);
  }

  const findings = lintContract(document);
  if (findings.length > 0) {
    throw new ContractBuildError(
      file,
      findings.map((finding) => `${finding.path}: ${finding.message} [${finding.rule}]`),
      findings,
    );
  }

  let openapi: Record<string, unknown>;
  try {
    ({ openapi } = await convertObj(structuredClone(document), { patch: false, warnOnly: false }));
  } catch (error) {
    throw new ContractBuildError(file, [`swagger2openapi could not convert it: ${(error as Error).message}`]);
  }
  try {
    // The conversion is checked as well (the toolchain's oas-validate step, done with swagger-parser's OAS 3 rules).
    await SwaggerParser.validate(structuredClone(openapi) as never);
  } catch (error) {
    throw new ContractBuildError(file, [
      `its OpenAPI 3 conversion is not valid: ${(error as Error).message}`,
    ]);
  }
  const openapiJson = `${JSON.stringify(openapi, null, 2)}\n`;

  // Loaded only here: openapi-typescript pulls in ES-module-only packages, which jest (CommonJS) cannot load, so the
  // tests that reach this step run the generate script in a child process instead.
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  // defaultNonNullable off: a property with a default is still optional for the caller (the proxy applies it).
  const ast = await openapiTS(structuredClone(openapi) as never, {
    defaultNonNullable: false,
    silent: true,
  });
  const header =
    `// GENERATED from ${relative} by openapi/src/generate.ts (openapi-typescript). Do not edit: change the YAML ` +
    `and run \`npm run generate -w openapi\`.\n`;
  const contractTypes = header + astToString(ast);

  return { document, openapiJson, contractTypes };
}
