// The pass/fail rules of the controls build, kept pure so a test can prove each one bites.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Stable names: the solution packer copies out/controls/<Name>/ into the solution's Controls/ folder. */
export const CONTROLS = [
  'XeroInvoicePanel',
  'SyncHistoryTimeline',
  'CustomerBalanceCard',
  'SyncCentre',
] as const;

/**
 * pcf-scripts 1.51.1 exits 0 when a build fails (type error, lint error, bad manifest: toolchain.md §3); only its log
 * tells. Returns the reason the log shows a failure, or undefined when it shows success.
 */
export function buildLogProblem(log: string): string | undefined {
  if (log.includes('[build] Failed')) return 'pcf-scripts reported "[build] Failed"';
  if (!log.includes('[build] Succeeded')) return 'pcf-scripts did not report "[build] Succeeded"';
  return undefined;
}

/** Names of the `<property>` and `<property-set>` elements of a manifest, sorted. */
export function manifestPropertyNames(xml: string): string[] {
  return [...xml.matchAll(/<property(?:-set)? name="([^"]+)"/g)].map((m) => m[1] as string).sort();
}

/**
 * Problems with one control's output folder: files present and non-empty, the registration stub for Dxc.<name>, no
 * bundled copy of React (it must come from the platform library), and a manifest with exactly the input's properties.
 */
export function controlOutputProblems(name: string, outFolder: string, inputManifestXml: string): string[] {
  const problems: string[] = [];
  for (const file of ['bundle.js', 'ControlManifest.xml', join('strings', `${name}.1033.resx`)]) {
    const path = join(outFolder, file);
    if (!existsSync(path) || statSync(path).size === 0)
      problems.push(`out/controls/${name}/${file} is missing or empty`);
  }
  if (problems.length > 0) return problems;
  const bundle = readFileSync(join(outFolder, 'bundle.js'), 'utf8');
  if (bundle.includes('__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED')) {
    problems.push(
      `out/controls/${name}/bundle.js contains a copy of React or react-dom (must use the platform library)`,
    );
  }
  if (!bundle.includes(`ComponentFramework.registerControl('Dxc.${name}'`)) {
    problems.push(`out/controls/${name}/bundle.js lacks the registration stub for Dxc.${name}`);
  }
  const manifest = readFileSync(join(outFolder, 'ControlManifest.xml'), 'utf8');
  if (!manifest.includes(`constructor="${name}"`) || !manifest.includes('namespace="Dxc"')) {
    problems.push(`out/controls/${name}/ControlManifest.xml does not declare Dxc.${name}`);
  }
  const built = manifestPropertyNames(manifest).join(',');
  const input = manifestPropertyNames(inputManifestXml).join(',');
  if (built !== input) {
    problems.push(
      `out/controls/${name}/ControlManifest.xml lists properties [${built}], the input manifest [${input}]`,
    );
  }
  return problems;
}
