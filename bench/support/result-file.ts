/**
 * Where a benchmark writes its JSON. The committed numbers in bench/results/ change only when asked for, with
 * BENCH_WRITE=1 or `--write`; any other run writes to bench/out/ (git-ignored), so trying a benchmark leaves the
 * working tree clean.
 */
import fs from 'node:fs';
import path from 'node:path';

export function writesCommittedResults(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv,
): boolean {
  return env.BENCH_WRITE === '1' || argv.includes('--write');
}

/** The path for `name` (e.g. `sync-chaos.json`), its folder created. */
export function resultFile(name: string): string {
  const dir = path.resolve(__dirname, '..', writesCommittedResults() ? 'results' : 'out');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
