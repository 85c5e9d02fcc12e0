import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { solutionModel } from '../model';
import { readFlows } from './flow-metadata';
import { generateSource } from './generate-source';
import type { SourceFiles } from './generate-source';
import { repositoryVersion } from './solution-version';

export const SRC_DIR = join(__dirname, '..', 'src');

/** Folders that belong to people, not to the generator. */
const HAND_AUTHORED = ['Workflows'];

export function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [relative(base, full).split(sep).join('/')];
  });
}

export const isHandAuthored = (path: string) => HAND_AUTHORED.some((d) => path.startsWith(`${d}/`));

/** The source as it should be now (model + root version + flows on disk). */
export function expectedSource(srcDir = SRC_DIR): SourceFiles {
  return generateSource(solutionModel, repositoryVersion(), readFlows(srcDir));
}

/** Writes the generated files and deletes generated files the model no longer produces; Workflows/ is kept. */
export function writeSource(srcDir = SRC_DIR): { written: number; removed: number } {
  const files = expectedSource(srcDir);
  let written = 0;
  let removed = 0;
  for (const [path, content] of files) {
    const full = join(srcDir, path);
    if (existsSync(full) && readFileSync(full, 'utf8') === content) continue;
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    written++;
  }
  for (const path of listFiles(srcDir))
    if (!files.has(path) && !isHandAuthored(path)) {
      rmSync(join(srcDir, path));
      removed++;
    }
  return { written, removed };
}

if (require.main === module) {
  try {
    const { written, removed } = writeSource();
    console.log(`solution/src: ${written} file(s) written, ${removed} removed`);
  } catch (err) {
    console.error(`generate failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
