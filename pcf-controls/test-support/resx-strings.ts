import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** Root of pcf-controls (test-support's parent). */
export const PCF_ROOT = join(__dirname, '..');

/**
 * The strings of a control's `strings/<Name>.1033.resx` (in its source folder, or `folder` such as the build output),
 * as `context.resources.getString` would return them.
 */
export function readResxStrings(
  controlName: string,
  folder = join(PCF_ROOT, controlName),
): Record<string, string> {
  const path = join(folder, 'strings', `${controlName}.1033.resx`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'data',
  });
  const doc = parser.parse(readFileSync(path, 'utf8')) as {
    root?: { data?: { name: string; value?: unknown }[] };
  };
  const strings: Record<string, string> = {};
  for (const entry of doc.root?.data ?? []) {
    if (typeof entry.name !== 'string') throw new Error(`${path}: a <data> element has no name`);
    if (entry.name in strings) throw new Error(`${path}: duplicate string "${entry.name}"`);
    strings[entry.name] = entry.value === undefined ? '' : String(entry.value);
  }
  return strings;
}
