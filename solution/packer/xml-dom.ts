import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

// Small DOM helpers over xmlbuilder2 for merging SolutionPackager sidecar files into customizations.xml and
// splitting them out again.

export type Node = XMLBuilder;

/** The slice of the DOM Element interface we use (the project compiles without the DOM lib). */
export interface DomElement {
  nodeName: string;
  attributes: ArrayLike<{ name: string; value: string }> & Iterable<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

export const element = (node: Node) => node.node as unknown as DomElement;

export const stripComments = (xml: string) => xml.replace(/<!--[\s\S]*?-->/g, '');

/** Parses an XML file; errors name the file. */
export function parseXml(xml: string, file: string): Node {
  try {
    return create(stripComments(xml.replace(/^\uFEFF/, '')));
  } catch (err) {
    throw new Error(`${file}: not well-formed XML (${(err as Error).message})`);
  }
}

export function children(node: Node, name?: string): Node[] {
  const out: Node[] = [];
  node.each(
    (child) => {
      if (child.node.nodeType === 1 && (name === undefined || child.node.nodeName === name)) out.push(child);
    },
    false,
    false,
  );
  return out;
}

export function child(node: Node, name: string): Node | undefined {
  return children(node, name)[0];
}

export function requireChild(node: Node, name: string, file: string): Node {
  const c = child(node, name);
  if (!c) throw new Error(`${file}: <${node.node.nodeName}> has no <${name}>`);
  return c;
}

export const text = (node: Node | undefined) => (node ? (node.node.textContent ?? '').trim() : '');

export const attr = (node: Node, name: string) => element(node).getAttribute(name) ?? '';

/** Serialises the document (or element) with the packer's layout. */
export function serialize(node: Node, withDeclaration = true): string {
  if (!withDeclaration) return node.toString({ prettyPrint: true, indent: '  ' });
  return `${node.end({ prettyPrint: true, indent: '  ' })}\n`;
}

/** A fresh document whose root is a deep copy of `element` (without `xmlns:xsi`, which only files carry). */
export function detach(element: Node, rootAttrs: Record<string, string> = {}): Node {
  const doc = create({ version: '1.0', encoding: 'utf-8' });
  doc.import(element);
  const root = doc.root();
  root.removeAtt('xmlns:xsi');
  for (const [k, v] of Object.entries(rootAttrs)) root.att(k, v);
  return doc;
}

/**
 * Canonical text of an XML file for comparisons: comments and `xmlns:xsi` dropped, attributes sorted,
 * whitespace-only text removed, empty elements self-closed.
 */
export function canonicalXml(xml: string, file = 'xml'): string {
  const doc = parseXml(xml, file);
  const walk = (n: Node, depth: number): string => {
    const el = element(n);
    const attrs = [...el.attributes]
      .filter((a) => a.name !== 'xmlns:xsi')
      .map((a) => `${a.name}="${a.value}"`)
      .sort()
      .join(' ');
    const kids = children(n);
    const pad = '  '.repeat(depth);
    const open = `${pad}<${el.nodeName}${attrs ? ` ${attrs}` : ''}`;
    if (kids.length === 0) {
      const t = text(n);
      return t ? `${open}>${t}</${el.nodeName}>` : `${open}/>`;
    }
    return `${open}>\n${kids.map((k) => walk(k, depth + 1)).join('\n')}\n${pad}</${el.nodeName}>`;
  };
  return walk(doc.root(), 0);
}
