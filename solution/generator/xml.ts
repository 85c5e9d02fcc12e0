import { create } from 'xmlbuilder2';

/** xmlbuilder2 object notation: `@attr`, `#` text, nested objects, arrays for repeated elements. */
export type XNode = { [key: string]: XValue };
export type XValue = string | number | XNode | XNode[] | string[] | undefined;

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const LANG = '1033';

/** Serialises one root element the way SolutionPackager writes files: UTF-8 declaration, two-space indent. */
export function toXml(root: string, body: XNode): string {
  const doc = create({ version: '1.0', encoding: 'utf-8' }).ele({ [root]: body });
  return `${doc.end({ prettyPrint: true, indent: '  ' })}\n`;
}

export const label = (description: string) => ({ '@description': description, '@languagecode': LANG });
export const displaynames = (text: string) => ({ displayname: label(text) });
export const descriptions = (text: string) => ({ Description: label(text) });
export const flag = (b: boolean) => (b ? '1' : '0');
