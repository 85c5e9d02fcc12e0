// Builds the four PCF controls (`npm run build -w pcf-controls`) and fails loudly when anything is wrong.
// pcf-scripts 1.51.1 exits 0 even when the build fails, so success is decided from its log and the files it must
// write (build-checks.ts). Then everything in pcf-controls (controls, tests, harness) is type-checked and linted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONTROLS, buildLogProblem, controlOutputProblems } from './build-checks';

const root = join(__dirname, '..');
const outDir = join(root, 'out');
const env = { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true', FORCE_COLOR: '0' };
const pcfScripts = join(root, 'node_modules', 'pcf-scripts', 'bin', 'pcf-scripts.js');

function fail(message: string, log?: string): never {
  if (log) console.error(log);
  console.error(`\npcf-controls build FAILED: ${message}`);
  process.exit(1);
}

function run(label: string, args: string[], cwd = root): { status: number | null; log: string } {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) fail(`${label} could not start: ${result.error.message}`);
  console.log(
    `[pcf-controls] ${label}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { status: result.status, log: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

for (const name of CONTROLS) {
  if (!existsSync(join(root, name, 'ControlManifest.Input.xml')))
    fail(`${name}/ControlManifest.Input.xml is missing`);
}
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

// One invocation builds every control folder under the project (pcf-scripts walks for ControlManifest.Input.xml).
// Linting runs once below over the whole folder with the same flat config, so the per-control pass is skipped.
// Boolean flags need an explicit value: yargs in pcf-scripts drops bare ones (toolchain.md §3).
const build = run('pcf-scripts build (production)', [
  pcfScripts,
  'build',
  '--buildMode',
  'production',
  '--noColor',
  'true',
  '--skipBuildLinting',
  'true',
]);
writeFileSync(join(outDir, 'pcf-build.log'), build.log);
const logProblem = buildLogProblem(build.log);
if (logProblem) fail(`${logProblem} (full log in pcf-controls/out/pcf-build.log)`, build.log);

for (const name of CONTROLS) {
  const folder = join(outDir, 'controls', name);
  const problems = controlOutputProblems(
    name,
    folder,
    readFileSync(join(root, name, 'ControlManifest.Input.xml'), 'utf8'),
  );
  if (problems.length > 0) fail(problems.join('\n'));
  console.log(`[pcf-controls] out/controls/${name}: bundle.js ${statSync(join(folder, 'bundle.js')).size} B`);
}

// pcf-scripts 1.51.1 shares one ManifestTypesGenerator across all controls of a run, so each control's
// generated/ManifestTypes.d.ts also lists the properties of the controls built before it. Regenerate each from inside
// its own folder (a folder holding a manifest is built alone) so IInputs is exact for tsc and the tests.
for (const name of CONTROLS) {
  const types = run(
    `refreshTypes ${name}`,
    [pcfScripts, 'refreshTypes', '--noColor', 'true'],
    join(root, name),
  );
  if (types.status !== 0 || !types.log.includes('[refreshTypes] Succeeded')) {
    fail(`pcf-scripts refreshTypes failed for ${name}`, types.log);
  }
  if (!existsSync(join(root, name, 'generated', 'ManifestTypes.d.ts'))) {
    fail(`refreshTypes did not write ${name}/generated/ManifestTypes.d.ts`);
  }
}

const tsc = run('tsc --noEmit -p tsconfig.test.json', [
  require.resolve('typescript/bin/tsc'),
  '--noEmit',
  '-p',
  'tsconfig.test.json',
]);
if (tsc.status !== 0) fail('type errors (tsc -p pcf-controls/tsconfig.test.json)', tsc.log);

const eslintBin = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const eslint = run('eslint (pcf flat config)', [eslintBin, '.', '--max-warnings', '0']);
if (eslint.status !== 0) fail('lint errors (pcf-controls/eslint.config.mjs)', eslint.log);

console.log(`[pcf-controls] build OK: ${CONTROLS.map((name) => `Dxc.${name}`).join(', ')}`);
