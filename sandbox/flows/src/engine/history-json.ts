import { prefixViewSource } from '../expressions/append-only-array';
import { FloatNumber, toJsonText } from '../expressions/values';

/**
 * The run history as JSON text, linear in the history's size in memory. Records share values by reference (a loop
 * whose actions all read the same 5,000-row list, snapshots of an array variable that grows by one per iteration);
 * written out naively, each reference repeats the whole value and the text grows with the square of the work.
 * So a large value met more than once is written once in `historyContents` and linked where it occurs, as Logic
 * Apps' run history links inputs and outputs to stored contents (`inputsLink`/`outputsLink`) instead of inlining
 * them; a snapshot of a growing array links to its buffer with the snapshot's length.
 *
 *   { "actions": [ { "inputs": { "from": { "$historyContent": 0 } } }, … ],
 *     "outputs": { "body": { "value": { "$historyContent": 1, "length": 3 } } },
 *     "historyContents": [ [ …the list… ], [ …the buffer… ] ] }
 *
 * `readHistoryJson` resolves the links back into plain values.
 */
export const CONTENT_LINK = '$historyContent';
export const CONTENTS_KEY = 'historyContents';
/** Values whose JSON text is shorter than this stay inline wherever they occur. */
const LINK_THRESHOLD = 2048;

type Node = unknown;

function isContainer(value: Node): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof FloatNumber);
}

/** Approximate length of the JSON text of `value`, counted up to `cap` only (cheap for huge values). */
function estimateSize(value: Node, cap: number): number {
  let size = 0;
  const visit = (v: Node): void => {
    if (size >= cap) return;
    if (typeof v === 'string') size += v.length + 2;
    else if (!isContainer(v))
      size += v === undefined ? 4 : String(v instanceof FloatNumber ? v.value : v).length;
    else if (Array.isArray(v)) {
      size += 2;
      for (let i = 0; i < v.length && size < cap; i++) visit(v[i]);
    } else {
      size += 2;
      for (const [k, x] of Object.entries(v)) {
        if (size >= cap) return;
        size += k.length + 4;
        visit(x);
      }
    }
  };
  visit(value);
  return size;
}

export function writeHistoryJson(root: object, indent?: number): string {
  const occurrences = new Map<object, number>();
  const scan = (v: Node): void => {
    if (!isContainer(v)) return;
    const view = prefixViewSource(v);
    // A view's items live in its buffer, which many views share: scan the buffer once.
    const target: object = view ? view.buffer : v;
    const seen = occurrences.get(target) ?? 0;
    occurrences.set(target, seen + 1);
    if (seen > 0) return;
    if (Array.isArray(target)) for (const item of target) scan(item);
    else for (const item of Object.values(target)) scan(item);
  };
  scan(root);

  const large = new Map<object, boolean>();
  const isLarge = (v: object) => {
    let known = large.get(v);
    if (known === undefined) {
      known = estimateSize(v, LINK_THRESHOLD) >= LINK_THRESHOLD;
      large.set(v, known);
    }
    return known;
  };
  const contents: Node[] = [];
  const ids = new Map<object, number>();
  const idOf = (v: object): number => {
    let id = ids.get(v);
    if (id === undefined) {
      id = contents.length;
      ids.set(v, id);
      contents.push(null);
      contents[id] = copy(v);
    }
    return id;
  };
  const copy = (v: object): Node =>
    Array.isArray(v)
      ? Array.from({ length: v.length }, (_, i) => write(v[i]))
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, write(x)]));
  const write = (v: Node): Node => {
    if (!isContainer(v)) return v;
    const view = prefixViewSource(v);
    if (view) {
      if (isLarge(view.buffer)) return { [CONTENT_LINK]: idOf(view.buffer), length: view.length };
      return Array.from({ length: view.length }, (_, i) => write(view.buffer[i]));
    }
    if ((occurrences.get(v) ?? 0) > 1 && isLarge(v)) return { [CONTENT_LINK]: idOf(v) };
    return copy(v);
  };
  const out = write(root) as Record<string, Node>;
  if (contents.length > 0) out[CONTENTS_KEY] = contents;
  return toJsonText(out as never, indent);
}

/**
 * Parses history JSON and resolves its content links into plain values. Links to the same content share one
 * (read-only) value; a link with a length gets its own slice.
 */
export function readHistoryJson(text: string): Record<string, unknown> {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const table = (parsed[CONTENTS_KEY] ?? []) as Node[];
  delete parsed[CONTENTS_KEY];
  const resolved = new Map<number, Node>();
  const content = (id: number): Node => {
    if (!resolved.has(id)) {
      if (id < 0 || id >= table.length) throw new Error(`History JSON links to missing content ${id}.`);
      resolved.set(id, resolve(table[id]));
    }
    return resolved.get(id);
  };
  const resolve = (v: Node): Node => {
    if (Array.isArray(v)) return v.map(resolve);
    if (!isContainer(v)) return v;
    const o = v as Record<string, Node>;
    if (typeof o[CONTENT_LINK] === 'number') {
      const value = content(o[CONTENT_LINK]);
      return typeof o.length === 'number' ? (value as Node[]).slice(0, o.length) : value;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
  };
  return resolve(parsed) as Record<string, unknown>;
}

/** Compact JSON of a value cut to `max` characters (with `…`), without writing more of a large value than that. */
export function jsonPreview(value: Node, max: number): string {
  let out = '';
  const write = (v: Node): void => {
    if (out.length > max) return;
    if (typeof v === 'string') out += JSON.stringify(v.length > max ? v.slice(0, max + 1) : v);
    else if (!isContainer(v)) out += v === undefined ? 'null' : toJsonText(v as never);
    else if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && out.length <= max; i++) {
        if (i > 0) out += ',';
        write(v[i]);
      }
      out += ']';
    } else {
      out += '{';
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (out.length > max) break;
        if (x === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:`;
        first = false;
        write(x);
      }
      out += '}';
    }
  };
  write(value);
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
