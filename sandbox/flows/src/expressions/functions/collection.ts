import { deepEquals, isObject, stringify, type WdlObject, type WdlValue } from '../values';
import { arr, define, fail, int, optStr, str, wrongType, type FunctionDefinition } from './args';

/** Collection functions (FUNCREF "Collection functions"; flow-runner.md §2.2). */

function sameCollectionKind(
  ctx: Parameters<FunctionDefinition['impl']>[1],
  args: WdlValue[],
): 'array' | 'object' {
  const first = args[0];
  const kind = Array.isArray(first) ? 'array' : isObject(first) ? 'object' : undefined;
  if (!kind) wrongType(ctx, 0, 'array or object', first ?? null);
  args.forEach((a, i) => {
    if (kind === 'array' ? !Array.isArray(a) : !isObject(a)) wrongType(ctx, i, kind, a);
  });
  return kind;
}

function compareForSort(a: WdlValue, b: WdlValue): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
}

export const collectionFunctions: FunctionDefinition[] = [
  define('contains', 2, 2, (args, ctx) => {
    const [collection, value] = args as [WdlValue, WdlValue];
    if (typeof collection === 'string') return collection.includes(stringify(value));
    if (Array.isArray(collection)) return collection.some((item) => deepEquals(item, value));
    if (isObject(collection))
      return typeof value === 'string' && Object.prototype.hasOwnProperty.call(collection, value);
    return wrongType(ctx, 0, 'string, array or object', collection);
  }),
  define('empty', 1, 1, (args, ctx) => {
    const v = args[0]!;
    // empty(null) is true [unverified; flow-runner.md §8], matching how makers use it on missing outputs.
    if (v === null) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (isObject(v)) return Object.keys(v).length === 0;
    return wrongType(ctx, 0, 'string, array or object', v);
  }),
  define('first', 1, 1, (args, ctx) => {
    const v = args[0]!;
    if (typeof v === 'string') return v.length ? v[0]! : '';
    if (Array.isArray(v)) return v.length ? v[0]! : null;
    return wrongType(ctx, 0, 'string or array', v);
  }),
  define('last', 1, 1, (args, ctx) => {
    const v = args[0]!;
    if (typeof v === 'string') return v.length ? v[v.length - 1]! : '';
    if (Array.isArray(v)) return v.length ? v[v.length - 1]! : null;
    return wrongType(ctx, 0, 'string or array', v);
  }),
  define('take', 2, 2, (args, ctx) => {
    const v = args[0]!;
    const n = int(ctx, args, 1);
    if (n < 0) fail(ctx, 'expects its second parameter to be a non-negative integer.');
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(0, n);
    return wrongType(ctx, 0, 'string or array', v);
  }),
  define('skip', 2, 2, (args, ctx) => {
    const v = args[0]!;
    const n = int(ctx, args, 1);
    if (n < 0) fail(ctx, 'expects its second parameter to be a non-negative integer.');
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(n);
    return wrongType(ctx, 0, 'string or array', v);
  }),
  define('join', 2, 2, (args, ctx) =>
    arr(ctx, args, 0)
      .map((v) => stringify(v))
      .join(str(ctx, args, 1)),
  ),
  define('length', 1, 1, (args, ctx) => {
    const v = args[0]!;
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    return wrongType(ctx, 0, 'string or array', v);
  }),
  define('union', 2, Infinity, (args, ctx) => {
    if (sameCollectionKind(ctx, args) === 'array') {
      const out: WdlValue[] = [];
      for (const a of args as WdlValue[][])
        for (const v of a) if (!out.some((o) => deepEquals(o, v))) out.push(v);
      return out;
    }
    return Object.assign({}, ...(args as WdlObject[])) as WdlObject;
  }),
  define('intersection', 2, Infinity, (args, ctx) => {
    if (sameCollectionKind(ctx, args) === 'array') {
      const [first, ...rest] = args as WdlValue[][];
      const out: WdlValue[] = [];
      for (const v of first!) {
        if (rest.every((r) => r.some((x) => deepEquals(x, v))) && !out.some((o) => deepEquals(o, v)))
          out.push(v);
      }
      return out;
    }
    const objects = args as WdlObject[];
    const out: WdlObject = {};
    for (const key of Object.keys(objects[0]!)) {
      if (
        objects.every(
          (o) => Object.prototype.hasOwnProperty.call(o, key) && deepEquals(o[key]!, objects[0]![key]!),
        )
      ) {
        out[key] = objects[objects.length - 1]![key]!;
      }
    }
    return out;
  }),
  define('createArray', 1, Infinity, (args) => [...args]),
  define('sort', 1, 2, (args, ctx) => {
    const items = [...arr(ctx, args, 0)];
    const key = optStr(ctx, args, 1);
    return items.sort((a, b) =>
      key === undefined
        ? compareForSort(a, b)
        : compareForSort((a as WdlObject)?.[key] ?? null, (b as WdlObject)?.[key] ?? null),
    );
  }),
  define('reverse', 1, 1, (args, ctx) => [...arr(ctx, args, 0)].reverse()),
];
