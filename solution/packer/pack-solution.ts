import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import JSZip from 'jszip';
import { readFlows } from '../generator/flow-metadata';
import { listFiles } from '../generator/write-source';
import { checkFlow } from './check-flows';
import type { Node } from './xml-dom';
import { attr, child, children, detach, parseXml, requireChild, serialize, text } from './xml-dom';

// `pac solution pack` for our layout: merges the unpacked source (solution/src) into solution.xml +
// customizations.xml, adds the flow definitions, and pulls two build artefacts of other workspaces that are
// deliberately NOT committed under src: the connector package (connector/) and the PCF bundles
// (pcf-controls/out/controls/<Name>/). Zip layout: power-platform.md 3.8.

export class PackError extends Error {
  override name = 'PackError';
}

export interface PackInput {
  srcDir: string;
  /** Folder with apiDefinition.swagger.json, apiProperties.json, icon.png. */
  connectorDir: string;
  /** Folder with one build-output folder per control (`<Name>/ControlManifest.xml`, `bundle.js`, …). */
  controlsDir: string;
  /** Four-part solution version the source must carry. */
  version: string;
  managed: boolean;
}

/** Fixed entry time so the same input always gives the same bytes. */
const ZIP_DATE = new Date('2020-01-01T00:00:00Z');

const read = (srcDir: string, path: string) => {
  const full = join(srcDir, path);
  if (!existsSync(full))
    throw new PackError(`solution/src/${path} is missing: run \`npm run generate -w solution\``);
  return readFileSync(full, 'utf8');
};

function section(root: Node, name: string, file: string): Node {
  return requireChild(root, name, file);
}

/** Entities/<Name>/Entity.xml + FormXml/<type>/*.xml + SavedQueries/*.xml → one <Entity> of customizations.xml. */
function mergeEntity(srcDir: string, entityDir: string, files: string[], target: Node) {
  const entityPath = `${entityDir}/Entity.xml`;
  const entityDoc = parseXml(read(srcDir, entityPath), entityPath);
  const entity = detach(entityDoc.root()).root();
  const formXml = requireChild(entity, 'FormXml', entityPath);
  const formFiles = files.filter((f) => f.startsWith(`${entityDir}/FormXml/`)).sort();
  const formTypes = [...new Set(formFiles.map((f) => f.split('/')[3]!))];
  for (const type of formTypes) {
    const forms = formXml.ele('forms').att('type', type);
    for (const f of formFiles.filter((x) => x.split('/')[3] === type))
      for (const sf of children(parseXml(read(srcDir, f), f).root(), 'systemform')) forms.import(sf);
  }
  if (formTypes.length === 0) formXml.remove();
  const saved = requireChild(entity, 'SavedQueries', entityPath);
  const queryFiles = files.filter((f) => f.startsWith(`${entityDir}/SavedQueries/`)).sort();
  if (queryFiles.length > 0) {
    const list = saved.ele('savedqueries');
    for (const f of queryFiles)
      for (const q of children(parseXml(read(srcDir, f), f).root(), 'savedquery')) list.import(q);
  } else saved.remove();
  target.import(entity);
}

/** Property and data-set names of a built ControlManifest.xml. */
function manifestProperties(manifest: Node): Set<string> {
  const control = child(manifest.root(), 'control');
  const names = new Set<string>();
  if (!control) return names;
  for (const p of children(control, 'property')) names.add(attr(p, 'name'));
  for (const d of children(control, 'data-set')) names.add(attr(d, 'name'));
  return names;
}

/** customControl name → parameter names used by our forms (so bindings can be checked against the manifests). */
function formBindings(srcDir: string, files: string[]): Map<string, Set<string>> {
  const bindings = new Map<string, Set<string>>();
  for (const f of files.filter((x) => /^Entities\/[^/]+\/FormXml\//.test(x))) {
    const doc = parseXml(read(srcDir, f), f);
    doc.root().each(
      (n) => {
        if (n.node.nodeName !== 'customControl') return;
        const name = attr(n, 'name');
        if (!name) return;
        const params = child(n, 'parameters');
        const set = bindings.get(name) ?? new Set<string>();
        for (const p of params ? children(params) : [])
          set.add(p.node.nodeName === 'data-set' ? attr(p, 'name') : p.node.nodeName);
        bindings.set(name, set);
      },
      false,
      true,
    );
  }
  return bindings;
}

function camelToPascalPolicies(policies: unknown): unknown {
  if (!Array.isArray(policies)) return [];
  return policies.map((p: Record<string, unknown>) => ({
    TemplateId: p.templateId,
    Title: p.title,
    Type: null,
    Parameters: p.parameters ?? {},
  }));
}

export interface PackedSolution {
  zip: Buffer;
  /** Entry name → bytes, for inspection by tests and the round trip. */
  entries: Map<string, Buffer>;
}

type Put = (name: string, content: string | Buffer) => void;

export async function packSolution(input: PackInput): Promise<PackedSolution> {
  const { srcDir } = input;
  if (!existsSync(srcDir))
    throw new PackError(`${srcDir} does not exist: run \`npm run generate -w solution\``);
  const files = listFiles(srcDir).sort();
  const entries = new Map<string, Buffer>();
  const put = (name: string, content: string | Buffer) =>
    entries.set(name, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);

  // solution.xml
  const solutionDoc = parseXml(read(srcDir, 'Other/Solution.xml'), 'Other/Solution.xml');
  const manifest = requireChild(solutionDoc.root(), 'SolutionManifest', 'Other/Solution.xml');
  const srcVersion = text(child(manifest, 'Version'));
  if (srcVersion !== input.version)
    throw new PackError(
      `solution/src/Other/Solution.xml has version ${srcVersion} but package.json says ${input.version}: run \`npm run generate -w solution\``,
    );
  const managedNode = requireChild(manifest, 'Managed', 'Other/Solution.xml');
  for (const c of [...managedNode.node.childNodes]) managedNode.node.removeChild(c);
  managedNode.txt(input.managed ? '1' : '0');
  const rootIds = new Set(
    children(requireChild(manifest, 'RootComponents', 'Other/Solution.xml'), 'RootComponent').map((r) =>
      attr(r, 'id').replace(/[{}]/g, '').toLowerCase(),
    ),
  );

  // customizations.xml
  const custDoc = parseXml(read(srcDir, 'Other/Customizations.xml'), 'Other/Customizations.xml');
  const root = custDoc.root();
  const cf = 'Other/Customizations.xml';

  const entityDirs = [
    ...new Set(files.filter((f) => f.startsWith('Entities/')).map((f) => f.split('/').slice(0, 2).join('/'))),
  ];
  const entitiesNode = section(root, 'Entities', cf);
  for (const dir of entityDirs) mergeEntity(srcDir, dir, files, entitiesNode);

  const rolesNode = section(root, 'Roles', cf);
  for (const f of files.filter((x) => x.startsWith('Roles/')))
    rolesNode.import(detach(parseXml(read(srcDir, f), f).root()).root());

  packFlows(srcDir, files, root, rootIds, put);

  const relNode = section(root, 'EntityRelationships', cf);
  for (const f of files.filter((x) => x.startsWith('Other/Relationships/')))
    for (const r of children(parseXml(read(srcDir, f), f).root(), 'EntityRelationship')) relNode.import(r);

  const optionSetsNode = section(root, 'optionsets', cf);
  for (const f of files.filter((x) => x.startsWith('OptionSets/')))
    optionSetsNode.import(detach(parseXml(read(srcDir, f), f).root()).root());

  // PCF controls: metadata from src, manifest + bundle + resources from the pcf-controls build output.
  const controlsNode = section(root, 'CustomControls', cf);
  const bindings = formBindings(srcDir, files);
  for (const f of files.filter((x) => /^Controls\/[^/]+\/ControlManifest\.xml\.data\.xml$/.test(x)))
    packControl(input, parseXml(read(srcDir, f), f).root(), controlsNode, bindings, put);

  // Custom connector: metadata from src, definition files from the connector package.
  const connectorsNode = section(root, 'Connectors', cf);
  for (const f of files.filter((x) => x.startsWith('Connectors/'))) {
    const connector = detach(parseXml(read(srcDir, f), f).root()).root();
    connectorsNode.import(connector);
    packConnector(input.connectorDir, connector, put);
  }

  for (const f of files.filter((x) => x.startsWith('environmentvariabledefinitions/')))
    put(
      f,
      serialize(
        detach(parseXml(read(srcDir, f), f).root(), {
          'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        }),
      ),
    );

  put('solution.xml', serialize(solutionDoc));
  put('customizations.xml', serialize(custDoc));

  const ordered = zipOrder(entries);
  return { zip: await zipEntries(ordered), entries: new Map(ordered.map(([n, d]) => [n, d])) };
}

function packFlows(srcDir: string, files: string[], root: Node, rootIds: Set<string>, put: Put): void {
  const cf = 'Other/Customizations.xml';
  // Flows: refuse any that uses a connection reference or environment variable the solution does not declare.
  const connectionReferences = new Set(
    children(section(root, 'connectionreferences', cf), 'connectionreference').map((c) =>
      attr(c, 'connectionreferencelogicalname'),
    ),
  );
  const environmentVariables = new Set(
    files
      .filter((f) => /^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/.test(f))
      .map((f) => attr(parseXml(read(srcDir, f), f).root(), 'schemaname')),
  );
  const flows = readFlows(srcDir);
  const flowIssues = flows.flatMap((flow) => [
    ...checkFlow(flow, { connectionReferences, environmentVariables }),
    ...(rootIds.has(flow.workflowId)
      ? []
      : [
          `Workflows/${flow.jsonFile}: not a root component of Other/Solution.xml: run \`npm run generate -w solution\``,
        ]),
  ]);
  if (flowIssues.length > 0) throw new PackError(`flows refused:\n- ${flowIssues.join('\n- ')}`);
  const workflowsNode = section(root, 'Workflows', cf);
  for (const flow of flows) {
    workflowsNode.import(detach(parseXml(flow.metadata, `Workflows/${flow.dataFile}`).root()).root());
    put(`Workflows/${flow.jsonFile}`, flow.definition);
  }
}

/** One PCF control: its solution metadata, and its manifest and declared resources from the build output. */
function packControl(
  input: PackInput,
  data: Node,
  controlsNode: Node,
  bindings: Map<string, Set<string>>,
  put: Put,
): void {
  const solutionName = attr(data, 'Name');
  const fileName = text(child(data, 'FileName'));
  const cc = controlsNode.ele('CustomControl');
  cc.ele('Name').txt(solutionName);
  cc.ele('FileName').txt(fileName);
  const [, ns, constructorName] = /^[a-z]+_([^.]+)\.(.+)$/.exec(solutionName) ?? [];
  const outDir = join(input.controlsDir, constructorName ?? solutionName);
  const missing = ['ControlManifest.xml', 'bundle.js'].filter((x) => !existsSync(join(outDir, x)));
  if (missing.length > 0)
    throw new PackError(
      `PCF control ${solutionName}: ${missing.join(' and ')} missing in ${outDir}: build the controls first (\`npm run build -w pcf-controls\`)`,
    );
  const manifestXml = readFileSync(join(outDir, 'ControlManifest.xml'), 'utf8');
  const built = parseXml(manifestXml, join(outDir, 'ControlManifest.xml'));
  const control = child(built.root(), 'control');
  if (!control || attr(control, 'namespace') !== ns || attr(control, 'constructor') !== constructorName)
    throw new PackError(`${join(outDir, 'ControlManifest.xml')}: expected control ${ns}.${constructorName}`);
  const known = manifestProperties(built);
  for (const p of bindings.get(solutionName) ?? [])
    if (!known.has(p))
      throw new PackError(
        `a form binds ${solutionName} property "${p}", which ${join(outDir, 'ControlManifest.xml')} does not declare (declared: ${[...known].join(', ')})`,
      );
  // Only the manifest and the resources it declares go into the solution (as pac does): build by-products such
  // as bundle.js.LICENSE.txt stay out.
  const resources = child(control, 'resources');
  const paths = (resources ? children(resources) : []).map((r) => attr(r, 'path')).filter(Boolean);
  for (const rel of ['ControlManifest.xml', ...paths].sort()) {
    if (!existsSync(join(outDir, rel)))
      throw new PackError(
        `${join(outDir, 'ControlManifest.xml')}: resource ${rel} is declared but missing in ${outDir}`,
      );
    put(`Controls/${solutionName}/${rel}`, readFileSync(join(outDir, rel)));
  }
}

/** The custom connector's definition files, checked against the solution's metadata for it. */
function packConnector(connectorDir: string, connector: Node, put: Put): void {
  const name = text(child(connector, 'name'));
  const need = ['apiDefinition.swagger.json', 'apiProperties.json', 'icon.png'];
  const missing = need.filter((x) => !existsSync(join(connectorDir, x)));
  if (missing.length > 0)
    throw new PackError(
      `custom connector ${name}: ${missing.map((m) => join(connectorDir, m)).join(', ')} missing: build the connector first (\`npm run build -w connector\`)`,
    );
  const swaggerPath = join(connectorDir, 'apiDefinition.swagger.json');
  const propsPath = join(connectorDir, 'apiProperties.json');
  const swagger = readFileSync(swaggerPath, 'utf8');
  const parseJson = <T>(path: string, content: string): T => {
    try {
      return JSON.parse(content) as T;
    } catch (err) {
      throw new PackError(`${path}: not valid JSON (${(err as Error).message})`);
    }
  };
  const title = parseJson<{ info?: { title?: string } }>(swaggerPath, swagger).info?.title;
  const props = parseJson<{
    properties?: {
      connectionParameters?: unknown;
      policyTemplateInstances?: unknown;
      iconBrandColor?: string;
    };
  }>(propsPath, readFileSync(propsPath, 'utf8'));
  if (!props.properties?.connectionParameters)
    throw new PackError(`${propsPath}: properties.connectionParameters is missing`);
  // One connector, one name and colour: the solution's metadata (from solution/model) must agree with the package.
  const displayName = text(child(connector, 'displayname'));
  if (title !== displayName)
    throw new PackError(
      `${swaggerPath}: info.title "${title}" differs from the solution's connector display name "${displayName}" (solution/model/components.ts)`,
    );
  const colour = text(child(connector, 'iconbrandcolor'));
  if (
    props.properties.iconBrandColor &&
    props.properties.iconBrandColor.toLowerCase() !== colour.toLowerCase()
  )
    throw new PackError(
      `${propsPath}: iconBrandColor ${props.properties.iconBrandColor} differs from the solution's ${colour} (solution/model/components.ts)`,
    );
  put(`Connector/${name}_openapidefinition.json`, swagger);
  put(
    `Connector/${name}_connectionparameters.json`,
    `${JSON.stringify(props.properties.connectionParameters, null, 2)}\n`,
  );
  put(
    `Connector/${name}_policytemplateinstances.json`,
    `${JSON.stringify(camelToPascalPolicies(props.properties.policyTemplateInstances), null, 2)}\n`,
  );
  put(`Connector/${name}_iconblob.Png`, readFileSync(join(connectorDir, 'icon.png')));
}

/** `[Content_Types].xml` first, then solution.xml, customizations.xml and the rest by name. */
function zipOrder(entries: Map<string, Buffer>): (readonly [string, Buffer])[] {
  const extensions = [
    ...new Set([...entries.keys()].map((n) => extname(n).slice(1).toLowerCase()).filter(Boolean)),
  ].sort();
  const contentTypes =
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    extensions.map((e) => `<Default Extension="${e}" ContentType="application/octet-stream" />`).join('') +
    '</Types>';

  return [
    ['[Content_Types].xml', Buffer.from(contentTypes, 'utf8')] as const,
    ...[...entries.entries()].sort(([a], [b]) => {
      const rank = (n: string) => (n === 'solution.xml' ? 0 : n === 'customizations.xml' ? 1 : 2);
      return rank(a) - rank(b) || a.localeCompare(b);
    }),
  ];
}

async function zipEntries(ordered: (readonly [string, Buffer])[]): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, data] of ordered)
    zip.file(name, data, { date: ZIP_DATE, createFolders: false, binary: true });
  const buffer = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'DOS',
  });
  return buffer;
}

/** File names as Dataverse exports them: `<UniqueName>_<major>_<minor>_<build>_<revision>[_managed].zip`. */
export const zipFileName = (uniqueName: string, version: string, managed: boolean) =>
  `${uniqueName}_${version.replace(/\./g, '_')}${managed ? '_managed' : ''}.zip`;
