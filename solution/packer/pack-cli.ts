import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { solutionModel } from '../model';
import { REPO_ROOT, repositoryVersion } from '../generator/solution-version';
import { SRC_DIR } from '../generator/write-source';
import { packSolution, zipFileName } from './pack-solution';

// `npm run pack -w solution` (root: `npm run pack:solution`): writes the unmanaged and managed zips to solution/dist.
async function main() {
  const version = repositoryVersion();
  const dist = join(__dirname, '..', 'dist');
  mkdirSync(dist, { recursive: true });
  for (const managed of [false, true]) {
    const { zip } = await packSolution({
      srcDir: SRC_DIR,
      connectorDir: join(REPO_ROOT, solutionModel.connector.sourceDir),
      controlsDir: join(REPO_ROOT, 'pcf-controls', 'out', 'controls'),
      version,
      managed,
    });
    const file = join(dist, zipFileName(solutionModel.uniqueName, version, managed));
    writeFileSync(file, zip);
    console.log(`${file} (${zip.length} bytes)`);
  }
}

main().catch((err: Error) => {
  console.error(`pack failed: ${err.message}`);
  process.exit(1);
});
