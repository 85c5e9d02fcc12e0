import { formatNumber } from '../number-format';
import { isNumber, stringify, toJsNumber, type WdlValue } from '../values';
import { define, fail, int, optStr, str, wrongType, type FunctionDefinition } from './args';

/** String functions (FUNCREF "String functions"; edge cases per flow-runner.md §2.1). */

function indexOfCI(text: string, search: string, from?: number): number {
  return text.toLowerCase().indexOf(search.toLowerCase(), from);
}

export function formatGuid(uuid: string, format: string | undefined): string {
  const f = (format ?? 'D').toUpperCase();
  const n = uuid.replace(/-/g, '');
  switch (f) {
    case 'N':
      return n;
    case 'D':
      return uuid;
    case 'B':
      return `{${uuid}}`;
    case 'P':
      return `(${uuid})`;
    case 'X': {
      const h = (s: string) => `0x${s}`;
      const bytes = n.slice(16).match(/../g)!.map(h).join(',');
      return `{${h(n.slice(0, 8))},${h(n.slice(8, 12))},${h(n.slice(12, 16))},{${bytes}}}`;
    }
    default:
      throw new Error(`Format String can be only "D", "d", "N", "n", "P", "p", "B", "b", "X" or "x".`);
  }
}

export const stringFunctions: FunctionDefinition[] = [
  define('concat', 1, Infinity, (args) => args.map((a) => stringify(a)).join('')),
  define('substring', 2, 3, (args, ctx) => {
    const text = str(ctx, args, 0);
    const start = int(ctx, args, 1);
    const length = args.length > 2 ? int(ctx, args, 2) : text.length - start;
    if (start < 0 || start > text.length) {
      fail(ctx, `parameter 'startIndex' must be between 0 and the length of the string; it is ${start}.`);
    }
    if (length < 0 || start + length > text.length) {
      fail(
        ctx,
        `parameters are out of range: 'start index' and 'length' must be non-negative integers and their sum must be no larger than the length of the string (${text.length}).`,
      );
    }
    return text.substr(start, length);
  }),
  define('slice', 2, 3, (args, ctx) => {
    const text = str(ctx, args, 0);
    const len = text.length;
    const norm = (i: number) => (i < 0 ? Math.max(0, len + i) : Math.min(i, len));
    const start = norm(int(ctx, args, 1));
    const end = args.length > 2 && args[2] !== null ? norm(int(ctx, args, 2)) : len;
    return start >= end ? '' : text.slice(start, end);
  }),
  define('replace', 3, 3, (args, ctx) => {
    const text = str(ctx, args, 0);
    const oldText = str(ctx, args, 1);
    const newText = stringify(args[2] ?? null);
    if (oldText === '') fail(ctx, 'expects its second parameter to be a non-empty string.');
    return text.split(oldText).join(newText);
  }),
  define('toLower', 1, 1, (args, ctx) => str(ctx, args, 0).toLowerCase()),
  define('toUpper', 1, 1, (args, ctx) => str(ctx, args, 0).toUpperCase()),
  define('trim', 1, 1, (args, ctx) => str(ctx, args, 0).trim()),
  define('indexOf', 2, 2, (args, ctx) => indexOfCI(str(ctx, args, 0), str(ctx, args, 1))),
  define('lastIndexOf', 2, 2, (args, ctx) => {
    const text = str(ctx, args, 0);
    const search = str(ctx, args, 1);
    if (text === '') return search === '' ? 0 : -1;
    if (search === '') return text.length - 1;
    return text.toLowerCase().lastIndexOf(search.toLowerCase());
  }),
  define('nthIndexOf', 3, 3, (args, ctx) => {
    const text = str(ctx, args, 0);
    const search = str(ctx, args, 1);
    const n = int(ctx, args, 2);
    if (n === 0) fail(ctx, 'expects its third parameter to be a non-zero integer.');
    const hits: number[] = [];
    for (
      let i = indexOfCI(text, search);
      i >= 0;
      i = indexOfCI(text, search, i + Math.max(1, search.length))
    ) {
      hits.push(i);
      if (search === '') break;
    }
    const hit = n > 0 ? hits[n - 1] : hits[hits.length + n];
    return hit ?? -1;
  }),
  define('startsWith', 2, 2, (args, ctx) =>
    str(ctx, args, 0)
      .toLowerCase()
      .startsWith(str(ctx, args, 1).toLowerCase()),
  ),
  define('endsWith', 2, 2, (args, ctx) =>
    str(ctx, args, 0)
      .toLowerCase()
      .endsWith(str(ctx, args, 1).toLowerCase()),
  ),
  define('split', 2, 2, (args, ctx) => {
    const text = str(ctx, args, 0);
    const delimiter = str(ctx, args, 1);
    return delimiter === '' ? [text] : text.split(delimiter);
  }),
  define('guid', 0, 1, (args, ctx) => {
    const format = optStr(ctx, args, 0);
    try {
      return formatGuid(ctx.newGuid(), format);
    } catch (e) {
      return fail(ctx, (e as Error).message);
    }
  }),
  define('formatNumber', 2, 3, (args, ctx) => {
    const value = args[0];
    if (!isNumber(value)) wrongType(ctx, 0, 'integer or float', value ?? null);
    const format = str(ctx, args, 1);
    const locale = optStr(ctx, args, 2);
    return formatNumber(toJsNumber(value), format, locale, (msg) => fail(ctx, msg));
  }),
  define('isInt', 1, 1, (args, ctx) => /^\s*[-+]?\d+\s*$/.test(str(ctx, args, 0))),
  define('isFloat', 1, 2, (args, ctx) => {
    const text = str(ctx, args, 0).trim();
    return /^[-+]?(\d{1,3}(,\d{3})*|\d+)?(\.\d+)?([eE][-+]?\d+)?$/.test(text) && /\d/.test(text);
  }),
  define('chunk', 2, 2, (args, ctx) => {
    const size = int(ctx, args, 1);
    if (size < 1) fail(ctx, 'expects its second parameter to be a positive integer.');
    const value = args[0];
    const out: WdlValue[] = [];
    if (typeof value === 'string') {
      for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
    } else {
      wrongType(ctx, 0, 'string or array', value ?? null);
    }
    return out;
  }),
  define('utf8Length', 1, 1, (args, ctx) => Buffer.byteLength(str(ctx, args, 0), 'utf8')),
  define('utf16Length', 1, 1, (args, ctx) => str(ctx, args, 0).length),
  define('trimByteOrderMark', 1, 1, (args, ctx) => str(ctx, args, 0).replace(/^\uFEFF/, '')),
];
