// `npm run generate -w openapi`: validates and lints the contract, then writes the OAS3 copy and the TypeScript
// types under openapi/generated/ (both committed). Any problem: exit 1 with the file and every reason.
//
//   tsx src/generate.ts [--check] [--out-dir <dir>] [<contract.yaml>]
//
// --check     regenerate in memory and exit 1 when a committed file differs (stale), writing nothing
// --out-dir   write somewhere else than openapi/generated (tests use a temporary folder)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildContractArtifacts,
  contractTypesFile,
  generatedDir,
  openapiJsonFile,
} from './build-contract-artifacts';
import { contractFile } from './read-contract';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { check: { type: 'boolean', default: false }, 'out-dir': { type: 'string' } },
    allowPositionals: true,
  });
  const file = path.resolve(positionals[0] ?? contractFile);
  const outDir = path.resolve(values['out-dir'] ?? generatedDir);
  const { openapiJson, contractTypes } = await buildContractArtifacts(file);
  const outputs: [string, string][] = [
    [path.join(outDir, path.basename(openapiJsonFile)), openapiJson],
    [path.join(outDir, path.basename(contractTypesFile)), contractTypes],
  ];

  if (values.check) {
    const stale = outputs.filter(
      ([target, content]) => !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== content,
    );
    for (const [target] of stale) console.error(`${target} is stale: run \`npm run generate -w openapi\``);
    return stale.length === 0 ? 0 : 1;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [target, content] of outputs) {
    // Unchanged files are left alone so watchers see no spurious change.
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current !== content) fs.writeFileSync(target, content);
    console.log(`${current === content ? 'unchanged' : 'wrote'} ${path.relative(process.cwd(), target)}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
