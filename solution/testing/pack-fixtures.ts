import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { solutionModel } from '../model';
import type { PcfBinding } from '../model/types';
import { SRC_DIR } from '../generator/write-source';

// Stand-ins for the two build artefacts the packer pulls from other workspaces, so pack tests never depend on
// whether connector/ or pcf-controls/ were built first (or at all).

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function makeConnectorFixture(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'apiDefinition.swagger.json'),
    JSON.stringify(
      { swagger: '2.0', info: { title: solutionModel.connector.displayName, version: '1.0' }, paths: {} },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, 'apiProperties.json'),
    JSON.stringify({
      properties: {
        connectionParameters: { api_key: { type: 'securestring', uiDefinition: { displayName: 'API key' } } },
        iconBrandColor: solutionModel.connector.iconBrandColor,
        policyTemplateInstances: [
          {
            templateId: 'dynamichosturl',
            title: 'Proxy host',
            parameters: { 'x-ms-apimTemplateParameter.urlTemplate': "@connectionParameters('host')" },
          },
        ],
      },
    }),
  );
  writeFileSync(join(dir, 'icon.png'), TINY_PNG);
  return dir;
}

/** Bound property names per control, read from the model's forms (what a correct manifest must declare). */
export function boundProperties(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of solutionModel.forms)
    for (const tab of f.tabs)
      for (const s of tab.sections)
        for (const c of s.cells) {
          const b: PcfBinding | undefined = c.control;
          if (b)
            out.set(b.control, [...new Set([...(out.get(b.control) ?? []), ...Object.keys(b.properties)])]);
        }
  return out;
}

export function makeControlsFixture(dir: string, omit: string[] = []): string {
  const bound = boundProperties();
  for (const c of solutionModel.controls) {
    const out = join(dir, c.outputFolder);
    mkdirSync(join(out, 'strings'), { recursive: true });
    const props = (bound.get(c.name) ?? []).filter((p) => !omit.includes(p));
    const isDataset = c.constructorName === 'SyncHistoryTimeline';
    const body = isDataset
      ? props.map((p) => `<data-set name="${p}" display-name-key="${p}" />`).join('')
      : props
          .map(
            (p) => `<property name="${p}" display-name-key="${p}" of-type="SingleLine.Text" usage="bound" />`,
          )
          .join('');
    writeFileSync(
      join(out, 'ControlManifest.xml'),
      `<?xml version="1.0" encoding="utf-8"?><manifest><control namespace="${c.namespace}" constructor="${c.constructorName}" ` +
        `version="0.1.0" display-name-key="${c.displayName}" control-type="virtual">${body}` +
        `<resources><code path="bundle.js" order="1" /><resx path="strings/${c.constructorName}.1033.resx" version="1.0.0" /></resources>` +
        '</control></manifest>',
    );
    writeFileSync(join(out, 'bundle.js'), `/* fixture bundle of ${c.name} */ var pcf_tools = {};\n`);
    writeFileSync(
      join(out, 'strings', `${c.constructorName}.1033.resx`),
      '<?xml version="1.0" encoding="utf-8"?><root></root>',
    );
  }
  return dir;
}

/** A temp copy of solution/src plus fixture artefacts: what a pack test works on. */
export function makePackWorkspace(): {
  root: string;
  srcDir: string;
  connectorDir: string;
  controlsDir: string;
} {
  const root = mkdtempSync(join(tmpdir(), 'dxc-solution-'));
  const srcDir = join(root, 'src');
  cpSync(SRC_DIR, srcDir, { recursive: true });
  return {
    root,
    srcDir,
    connectorDir: makeConnectorFixture(join(root, 'connector')),
    controlsDir: makeControlsFixture(join(root, 'controls')),
  };
}
