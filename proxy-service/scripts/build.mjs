// Builds the production proxy into proxy-service/dist/, a folder that runs with plain `node` and nothing else from
// this repository: `cd dist && npm install --omit=dev && node app/main.js` (the Dockerfile's CMD).
//
// - esbuild bundles src/main.ts and src/store/backup-cli.ts with the workspace packages they use (@dxc/openapi,
//   @dxc/solution) and what those import, so no TypeScript or tsx is needed at run time. proxy-service's own
//   `dependencies` stay external (installed from the registry; better-sqlite3 is native and cannot be bundled).
// - @dxc/xero-emulator stays out: sandbox mode is for `npm start` in a checkout (sandbox-mode.ts refuses it here).
// - The contract is read from YAML at start (openapi/src/read-contract.ts: `<dir of the code>/../dxc-xero.swagger.yaml`),
//   so the YAML is copied to dist/ and the code sits one level down, in dist/app/.
// - dist/package.json lists the external dependencies at the versions proxy-service pins.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const workspace = path.resolve(here, '..');
const root = path.resolve(workspace, '..');
// `--out <dir>`: build somewhere else (the production-install test builds into a temporary folder).
const outAt = process.argv.indexOf('--out');
const dist =
  outAt > 0 && process.argv[outAt + 1] ? path.resolve(process.argv[outAt + 1]) : path.join(workspace, 'dist');
const manifest = JSON.parse(fs.readFileSync(path.join(workspace, 'package.json'), 'utf8'));

const bundled = new Set(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@dxc/')));
const external = Object.keys(manifest.dependencies).filter((name) => !bundled.has(name));
const optionalAtRunTime = ['@dxc/xero-emulator', 'pino-pretty'];

/** Every bare import must be a declared dependency: bundled (@dxc/*) or external, never picked up by accident. */
const declaredImportsOnly = {
  name: 'declared-imports-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const name = args.path.startsWith('@')
        ? args.path.split('/').slice(0, 2).join('/')
        : args.path.split('/')[0];
      if (external.includes(name) || optionalAtRunTime.includes(name)) return { external: true };
      if (bundled.has(name)) return undefined;
      // Imports inside the bundled workspace packages (yaml, from @dxc/openapi) are theirs to resolve and bundle.
      if (!args.importer.startsWith(path.join(workspace, 'src'))) return undefined;
      return {
        errors: [
          { text: `${args.path} is imported by ${args.importer} but not a dependency of proxy-service` },
        ],
      };
    });
  },
};

/**
 * The workspace packages' modules are side-effect free unless used: @dxc/openapi's index also exports the
 * certification lint and the connector schema check (build-time tools with their own dependencies), which the proxy
 * never calls and so should neither load nor carry.
 */
const workspaceSources = [path.join(root, 'openapi/src'), path.join(root, 'solution/model')];
const unusedWorkspaceCodeDropped = {
  name: 'unused-workspace-code-dropped',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const fromWorkspace = workspaceSources.some((dir) => args.importer.startsWith(dir));
      if (!fromWorkspace && !bundled.has(args.path)) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0 || resolved.external) return resolved;
      const inWorkspace = workspaceSources.some((dir) => resolved.path.startsWith(dir));
      return inWorkspace ? { ...resolved, sideEffects: false } : resolved;
    });
  },
};

fs.rmSync(dist, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    main: path.join(workspace, 'src/main.ts'),
    backup: path.join(workspace, 'src/store/backup-cli.ts'),
  },
  outdir: path.join(dist, 'app'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  // Names kept: errors and logs name classes (ConfigError, ContractFileError) and stack traces stay readable.
  keepNames: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [unusedWorkspaceCodeDropped, declaredImportsOnly],
});

fs.copyFileSync(path.join(root, 'openapi/dxc-xero.swagger.yaml'), path.join(dist, 'dxc-xero.swagger.yaml'));
const runtimeDependencies = Object.fromEntries(external.map((name) => [name, manifest.dependencies[name]]));
const optional = manifest.optionalDependencies ?? {};
const deployManifest = {
  name: 'dxc-proxy',
  version: manifest.version,
  private: true,
  description: `${manifest.description} Production build (generated by proxy-service/scripts/build.mjs).`,
  license: manifest.license,
  engines: { node: '>=20' },
  scripts: { start: 'node app/main.js', backup: 'node app/backup.js' },
  dependencies: runtimeDependencies,
  // pino-pretty: only when LOG_FORMAT=pretty (or a terminal); a missing one falls back to JSON logs.
  optionalDependencies: Object.fromEntries(
    Object.entries(optional).filter(([name]) => !name.startsWith('@dxc/')),
  ),
};
fs.writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify(deployManifest, null, 2)}\n`);

const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(
  `proxy-service: built dist/ (${(bytes / 1024).toFixed(0)} KiB of code; ${external.length} runtime dependencies)`,
);
