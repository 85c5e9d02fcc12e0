import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { generateSource } from '../generator/generate-source';
import { solutionModel } from './index';
import type { PcfBinding } from './types';

// The forms bind PCF properties by name; those names live in pcf-controls/<Name>/ControlManifest.Input.xml.
// This cross-part check reads the control sources (not their build output) so it runs without a build.
const PCF_DIR = join(__dirname, '..', '..', 'pcf-controls');

interface ManifestControl {
  '@namespace': string;
  '@constructor': string;
  property?: { '@name': string; '@usage': string; '@required'?: string }[];
  'data-set'?: { '@name': string }[];
}

function manifest(folder: string): ManifestControl {
  const path = join(PCF_DIR, folder, 'ControlManifest.Input.xml');
  if (!existsSync(path)) throw new Error(`${path} is missing: the control ${folder} has no source manifest`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (n) => ['property', 'data-set'].includes(n),
  });
  return (parser.parse(readFileSync(path, 'utf8')) as { manifest: { control: ManifestControl } }).manifest
    .control;
}

const bindings = (control: string): PcfBinding[] =>
  solutionModel.forms.flatMap((f) =>
    f.tabs.flatMap((t) =>
      t.sections.flatMap((s) => s.cells.flatMap((c) => (c.control?.control === control ? [c.control] : []))),
    ),
  );

describe.each(solutionModel.controls.map((c) => [c.name, c] as const))(
  'form bindings of %s',
  (_name, control) => {
    it('name the control as its manifest does and use only properties it declares', () => {
      const m = manifest(control.outputFolder);
      expect(`${m['@namespace']}.${m['@constructor']}`).toBe(control.name);
      const declared = new Set([
        ...(m.property ?? []).map((p) => p['@name']),
        ...(m['data-set'] ?? []).map((d) => d['@name']),
      ]);
      const used = bindings(control.name);
      expect(used.length).toBeGreaterThan(0);
      for (const b of used)
        for (const p of Object.keys(b.properties))
          expect({ property: p, declared: declared.has(p) }).toEqual({ property: p, declared: true });
    });

    it('bind every property the manifest requires', () => {
      const m = manifest(control.outputFolder);
      const required = (m.property ?? [])
        .filter((p) => p['@usage'] === 'bound' && p['@required'] === 'true')
        .map((p) => p['@name']);
      for (const b of bindings(control.name))
        for (const r of required) expect(Object.keys(b.properties)).toContain(r);
    });
  },
);

it('gives every control on a form a unique id', () => {
  const files = generateSource(solutionModel, '0.1.0.0', []);
  for (const [path, xml] of files) {
    if (!path.includes('/FormXml/')) continue;
    const ids = [...xml.matchAll(/<control [^>]*?\sid="([^"]+)"/g)].map((m) => m[1]);
    expect({ path, duplicates: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({
      path,
      duplicates: [],
    });
  }
});
