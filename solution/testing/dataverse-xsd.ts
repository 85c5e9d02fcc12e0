import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { referenceSpec } from '../../scripts/reference-specs';

// Microsoft's customization XSD set 9.0.0.2090 (Schemas.zip), read from the shared reference folder at test time:
// it carries no licence, so it is never copied into this repository (reference/specs/SOURCES.md).
export const SPECS_DIR = referenceSpec('dataverse-solution');

const FILES = [
  'CustomizationsSolution.xsd',
  'isv.config.xsd',
  'SiteMapType.xsd',
  'FormXml.xsd',
  'Fetch.xsd',
  'RibbonCore.xsd',
  'RibbonTypes.xsd',
  'RibbonWSS.xsd',
] as const;

function load(name: string): string {
  const path = join(SPECS_DIR, name);
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: the Dataverse XSDs are read from ../shared/reference/specs/dataverse-solution ` +
        '(not vendored, no licence); put that folder beside the repository to run these tests',
    );
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}

/** Replaces the whole `<xs:element name="parameters" …>…</xs:element>` of FormXmlControlType. */
function replaceControlParameters(xsd: string): string {
  const typeAt = xsd.indexOf('<xs:complexType name="FormXmlControlType">');
  const start = xsd.indexOf('<xs:element name="parameters"', typeAt);
  if (typeAt < 0 || start < 0)
    throw new Error('FormXml.xsd: FormXmlControlType/parameters not found; patch 2 cannot apply');
  const tag = /<(\/?)xs:element\b[^>]*?(\/?)>/g;
  tag.lastIndex = start;
  let depth = 0;
  let end = -1;
  for (let m = tag.exec(xsd); m; m = tag.exec(xsd)) {
    if (m[1]) depth--;
    else if (!m[2]) depth++;
    if (depth === 0) {
      end = m.index + m[0].length;
      break;
    }
  }
  return (
    xsd.slice(0, start) +
    '<xs:element name="parameters" minOccurs="0" maxOccurs="1"><xs:complexType><xs:sequence>' +
    '<xs:any minOccurs="0" maxOccurs="unbounded" processContents="skip"/></xs:sequence></xs:complexType></xs:element>' +
    xsd.slice(end)
  );
}

/**
 * The schema set, patched in memory so libxml2 (xmllint-wasm) compiles it. The shipped files were written for
 * .NET System.Xml; the patches (SOURCES.md, "Caveats for offline validation", plus one found here):
 *  1. FormXml.xsd FormQueryStringParameterNameAttributeType: drop the .NET-only `(?![cC][rR][mM]_)` lookahead.
 *  2. FormXml.xsd FormXmlControlType/parameters: the nested choice is not deterministic (UPA) for libxml2, so its
 *     content becomes `xs:any processContents="skip"` — form control parameters go unchecked.
 *  3. FormXml.xsd ClientFileIncludeAttributeType: `\$` is not a valid XSD escape; `$` needs none.
 *  4. Fetch.xsd VersionType and the PercentageType patterns: `^…$` are literal characters in XSD regex (the
 *     authors meant .NET anchors), so "1.0.0.0" or "100%" would be rejected; the anchors are removed.
 */
let cached: Record<(typeof FILES)[number], string> | undefined;

export function patchedSchemas(): Record<(typeof FILES)[number], string> {
  if (cached) return cached;
  const s = Object.fromEntries(FILES.map((f) => [f, load(f)])) as Record<(typeof FILES)[number], string>;
  const mustReplace = (file: (typeof FILES)[number], from: string, to: string, patch: number) => {
    if (!s[file].includes(from)) throw new Error(`${file}: text for patch ${patch} not found ("${from}")`);
    s[file] = s[file].split(from).join(to);
  };
  mustReplace('FormXml.xsd', '(?![cC][rR][mM]_)', '', 1);
  s['FormXml.xsd'] = replaceControlParameters(s['FormXml.xsd']);
  mustReplace('FormXml.xsd', '(\\$webresource:|/)(.)+', '($webresource:|/)(.)+', 3);
  mustReplace('Fetch.xsd', '^[0-9]+(\\.[0-9]+){1,3}$', '[0-9]+(\\.[0-9]+){1,3}', 4);
  for (const f of ['FormXml.xsd', 'CustomizationsSolution.xsd'] as const)
    s[f] = s[f].split('^(100|[0-9]{1,2})%$').join('(100|[0-9]{1,2})%');
  cached = s;
  return s;
}

export interface XsdResult {
  valid: boolean;
  errors: string[];
}

type MainSchema = 'CustomizationsSolution.xsd' | 'FormXml.xsd' | 'Fetch.xsd';

/** Validates `xml` against one of the schema files (with the whole patched set preloaded for includes). */
export function validateAgainst(
  main: MainSchema,
  xml: string,
  fileName = 'document.xml',
): Promise<XsdResult> {
  return validateManyAgainst(main, [{ fileName, contents: xml }]);
}

/** Validates several documents in one xmllint run; errors carry each document's file name. */
export async function validateManyAgainst(
  main: MainSchema,
  documents: { fileName: string; contents: string }[],
): Promise<XsdResult> {
  const s = patchedSchemas();
  const result = await validateXML({
    xml: documents,
    schema: [{ fileName: main, contents: s[main] }],
    preload: FILES.filter((f) => f !== main).map((f) => ({ fileName: f, contents: s[f] })),
    maxMemoryPages: 16384,
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}
