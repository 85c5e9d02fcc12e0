import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  buildContractArtifacts,
  ContractBuildError,
  contractTypesFile,
  openapiJsonFile,
} from './build-contract-artifacts';
import { contractFile, ContractFileError } from './read-contract';

const execFileAsync = promisify(execFile);
const tsx = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const generateScript = path.join(__dirname, 'generate.ts');

// Conversion and type generation take seconds; a loaded 2-core CI machine may take much longer.
jest.setTimeout(180_000);

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-openapi-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

function scratchFile(name: string, content: string): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Runs the generate script (type generation needs ES modules jest cannot load, hence a child process). */
async function generate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(tsx, [generateScript, ...args], { cwd: scratch });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('the generate script', () => {
  it('finds the committed generated files up to date (run `npm run generate -w openapi` when this fails)', async () => {
    const result = await generate('--check');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('reports stale files with --check and exits 1', async () => {
    const outDir = path.join(scratch, 'stale');
    fs.mkdirSync(outDir);
    fs.writeFileSync(path.join(outDir, 'contract-types.ts'), '// old\n');
    const result = await generate('--check', '--out-dir', outDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.join(outDir, 'contract-types.ts')} is stale`);
    expect(result.stderr).toContain(`${path.join(outDir, 'dxc-xero.openapi.json')} is stale`);
  });

  it('writes the same bytes on every run (deterministic) and the same as committed', async () => {
    const first = path.join(scratch, 'first');
    const second = path.join(scratch, 'second');
    expect((await generate('--out-dir', first)).code).toBe(0);
    expect((await generate('--out-dir', second)).code).toBe(0);
    for (const name of ['contract-types.ts', 'dxc-xero.openapi.json']) {
      const bytes = fs.readFileSync(path.join(first, name));
      expect(fs.readFileSync(path.join(second, name)).equals(bytes)).toBe(true);
    }
    expect(fs.readFileSync(path.join(first, 'contract-types.ts'), 'utf8')).toBe(
      fs.readFileSync(contractTypesFile, 'utf8'),
    );
  });

  it('exits 1 and names the file when the contract is not YAML', async () => {
    const file = scratchFile('script.yaml', 'swagger: [\n');
    const result = await generate(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}: not valid YAML`);
  });

  it('exits 1 and names the file when it does not exist', async () => {
    const missing = path.join(scratch, 'missing.yaml');
    const result = await generate(missing);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${missing}: file not found`);
  });
});

describe('the committed generated files', () => {
  it('start the types with a line saying they are generated', () => {
    const firstLine = fs.readFileSync(contractTypesFile, 'utf8').split('\n')[0];
    expect(firstLine).toMatch(/^\/\/ GENERATED from openapi\/dxc-xero\.swagger\.yaml .* Do not edit/);
  });

  it('hold an OpenAPI 3 document with the x-ms extensions and every schema', () => {
    const openapi = JSON.parse(fs.readFileSync(openapiJsonFile, 'utf8')) as {
      openapi: string;
      components: { schemas: Record<string, unknown> };
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(openapi.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(openapi.components.schemas)).toEqual(
      expect.arrayContaining(['SyncInvoicesRequest', 'SyncInvoicesResponse', 'InvoiceChangedEvent', 'Error']),
    );
    expect(openapi.paths['/v1/subscriptions']!.post!['x-ms-trigger']).toBe('single');
  });
});

describe('buildContractArtifacts refuses bad input before generating anything', () => {
  it('a missing file, naming it', async () => {
    const missing = path.join(scratch, 'nope.yaml');
    await expect(buildContractArtifacts(missing)).rejects.toThrow(ContractFileError);
    await expect(buildContractArtifacts(missing)).rejects.toThrow(`${missing}: file not found`);
  });

  it('YAML that does not parse, naming the file and the line', async () => {
    const file = scratchFile('broken.yaml', "swagger: '2.0'\npaths:\n  /x: [unclosed\n");
    const error = (await buildContractArtifacts(file).catch((caught: unknown) => caught)) as Error;
    expect(error.message.startsWith(`${file}: not valid YAML: `)).toBe(true);
    expect(error.message).toMatch(/line \d+/);
  });

  it('a duplicated key', async () => {
    const file = scratchFile('duplicate.yaml', "swagger: '2.0'\nswagger: '2.0'\npaths: {}\n");
    await expect(buildContractArtifacts(file)).rejects.toThrow(`${file}: not valid YAML`);
  });

  it('OpenAPI 3, naming the file', async () => {
    const file = scratchFile('oas3.yaml', "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n");
    await expect(buildContractArtifacts(file)).rejects.toThrow(`${file}: "swagger" must be the string "2.0"`);
  });

  it('a document swagger-parser finds invalid', async () => {
    const source = fs.readFileSync(contractFile, 'utf8');
    const file = scratchFile(
      'invalid.yaml',
      source.replace("$ref: '#/definitions/Connection'", "$ref: '#/definitions/Nowhere'"),
    );
    const error = await buildContractArtifacts(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContractBuildError);
    expect((error as ContractBuildError).message).toContain(file);
    expect((error as ContractBuildError).message).toMatch(/not valid Swagger 2\.0/);
  });

  it('a document with certification findings, listing each with its JSONPath', async () => {
    const source = fs.readFileSync(contractFile, 'utf8');
    const file = scratchFile(
      'lint.yaml',
      source.replace('summary: List tax rates', 'summary: List Tax Rates.'),
    );
    const error = (await buildContractArtifacts(file).catch(
      (caught: unknown) => caught,
    )) as ContractBuildError;
    expect(error).toBeInstanceOf(ContractBuildError);
    expect(error.findings.map((finding) => finding.rule).sort()).toEqual([
      'summary-sentence-case',
      'summary-trailing-character',
    ]);
    expect(error.message).toContain('$.paths["/v1/tax-rates"].get.summary');
  });
});
