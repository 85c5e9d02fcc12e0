import JSZip from 'jszip';
import type { Node } from './xml-dom';
import { attr, child, children, detach, parseXml, serialize, text } from './xml-dom';

// The reverse of pack-solution.ts (what `pac solution unpack` does for our component kinds): splits a packed
// zip back into the SolutionPackager layout. Used by the round-trip test and by contributors who want to diff a
// zip exported from a real environment against solution/src.

export interface UnpackedSolution {
  /** Source files in the solution/src layout (XML as text). */
  source: Map<string, string>;
  /** Build artefacts carried in the zip but not kept under src (connector package, PCF build output). */
  artefacts: Map<string, Buffer>;
  managed: boolean;
}

const XSI = { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' };

function wrap(rootName: string, items: Node[], rootAttrs: Record<string, string> = XSI): string {
  const doc = detach(parseXml(`<${rootName}/>`, rootName).root(), rootAttrs);
  for (const i of items) doc.root().import(i);
  return serialize(doc);
}

/** Empties a section of customizations.xml and returns its former children. */
function takeChildren(section: Node | undefined): Node[] {
  if (!section) return [];
  const kids = children(section).map((k) => detach(k).root());
  for (const k of children(section)) k.remove();
  return kids;
}

export async function unpackSolution(zipBytes: Buffer): Promise<UnpackedSolution> {
  const zip = await JSZip.loadAsync(zipBytes);
  const source = new Map<string, string>();
  const artefacts = new Map<string, Buffer>();
  const entry = async (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`the zip has no ${name}`);
    return f.async('nodebuffer');
  };

  const solution = parseXml((await entry('solution.xml')).toString('utf8'), 'solution.xml');
  const managedNode = child(child(solution.root(), 'SolutionManifest')!, 'Managed')!;
  const managed = text(managedNode) === '1';
  for (const c of [...managedNode.node.childNodes]) managedNode.node.removeChild(c);
  managedNode.txt('0');
  source.set('Other/Solution.xml', serialize(solution));

  const cust = parseXml((await entry('customizations.xml')).toString('utf8'), 'customizations.xml');
  const root = cust.root();

  for (const entity of takeChildren(child(root, 'Entities'))) {
    const name = text(child(entity, 'Name'));
    const dir = `Entities/${name}`;
    const formXml = child(entity, 'FormXml');
    for (const forms of takeChildren(formXml)) {
      const type = attr(forms, 'type');
      for (const sf of children(forms, 'systemform'))
        source.set(`${dir}/FormXml/${type}/${text(child(sf, 'formid'))}.xml`, wrap('forms', [sf]));
    }
    const saved = child(entity, 'SavedQueries');
    for (const list of takeChildren(saved))
      for (const q of children(list, 'savedquery'))
        source.set(`${dir}/SavedQueries/${text(child(q, 'savedqueryid'))}.xml`, wrap('savedqueries', [q]));
    // The unpacked Entity.xml keeps empty FormXml/SavedQueries placeholders.
    if (!formXml) entity.ele('FormXml');
    if (!saved) entity.ele('SavedQueries');
    source.set(`${dir}/Entity.xml`, serialize(detach(entity, XSI)));
  }
  for (const role of takeChildren(child(root, 'Roles')))
    source.set(`Roles/${attr(role, 'name')}.xml`, serialize(detach(role, XSI)));
  for (const wf of takeChildren(child(root, 'Workflows'))) {
    const json = text(child(wf, 'JsonFileName')).replace(/^\//, '');
    source.set(`${json}.data.xml`, serialize(detach(wf, XSI)));
  }
  const rels = takeChildren(child(root, 'EntityRelationships'));
  if (rels.length > 0) {
    const names = rels.map((r) => attr(r, 'Name')).sort();
    source.set(
      'Other/Relationships.xml',
      wrap(
        'EntityRelationships',
        names.map((n) => parseXml(`<EntityRelationship Name="${n}"/>`, n).root()),
      ),
    );
    const byReferenced = new Map<string, Node[]>();
    for (const r of rels) {
      const referenced = text(child(r, 'ReferencedEntityName'));
      byReferenced.set(referenced, [...(byReferenced.get(referenced) ?? []), r]);
    }
    for (const [referenced, nodes] of byReferenced)
      source.set(`Other/Relationships/${referenced}.xml`, wrap('EntityRelationships', nodes));
  }
  for (const os of takeChildren(child(root, 'optionsets')))
    source.set(`OptionSets/${attr(os, 'Name')}.xml`, serialize(detach(os, XSI)));
  for (const cc of takeChildren(child(root, 'CustomControls'))) {
    const name = text(child(cc, 'Name'));
    const data = parseXml(`<CustomControl Name="${name}"/>`, name);
    data
      .root()
      .ele('FileName')
      .txt(text(child(cc, 'FileName')));
    source.set(`Controls/${name}/ControlManifest.xml.data.xml`, serialize(data));
  }
  for (const c of takeChildren(child(root, 'Connectors')))
    source.set(`Connectors/${text(child(c, 'name'))}.xml`, serialize(detach(c, XSI)));
  source.set('Other/Customizations.xml', serialize(cust));

  for (const name of Object.keys(zip.files).sort()) {
    const f = zip.files[name]!;
    if (f.dir || ['[Content_Types].xml', 'solution.xml', 'customizations.xml'].includes(name)) continue;
    const bytes = await f.async('nodebuffer');
    if (
      name.startsWith('environmentvariabledefinitions/') ||
      (name.startsWith('Workflows/') && name.endsWith('.json'))
    )
      source.set(name, bytes.toString('utf8'));
    else artefacts.set(name, bytes);
  }
  return { source, artefacts, managed };
}
