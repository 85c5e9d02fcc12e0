import { deepEquals, isNumber, toJsNumber, typeName, type WdlValue } from '../values';
import { bool, define, fail, type FunctionDefinition } from './args';
import type { CallContext } from '../evaluator';

/**
 * Logical comparison functions (FUNCREF "Logical comparison functions"). Comparisons turn null into '' first (the
 * FUNCREF note), `equals(true, 1)` is true (FUNCREF example), ordering needs two numbers or two strings.
 */

function nullToEmpty(v: WdlValue): WdlValue {
  return v === null ? '' : v;
}

export function wdlEquals(a: WdlValue, b: WdlValue): boolean {
  const x = nullToEmpty(a);
  const y = nullToEmpty(b);
  if (typeof x === 'boolean' && isNumber(y)) return x === (toJsNumber(y) !== 0);
  if (typeof y === 'boolean' && isNumber(x)) return y === (toJsNumber(x) !== 0);
  return deepEquals(x, y);
}

export function compare(ctx: CallContext, args: WdlValue[]): number {
  const a = nullToEmpty(args[0]!);
  const b = nullToEmpty(args[1]!);
  if (isNumber(a) && isNumber(b)) {
    const x = typeof a === 'bigint' ? a : toJsNumber(a);
    const y = typeof b === 'bigint' ? b : toJsNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return fail(
    ctx,
    `expects two parameter of matching types. The provided values are of types '${typeName(a)}' and '${typeName(b)}'.`,
  );
}

export const logicalFunctions: FunctionDefinition[] = [
  define('equals', 2, 2, (args) => wdlEquals(args[0]!, args[1]!)),
  define('and', 1, Infinity, (args, ctx) => args.map((_, i) => bool(ctx, args, i)).every(Boolean)),
  define('or', 1, Infinity, (args, ctx) => args.map((_, i) => bool(ctx, args, i)).some(Boolean)),
  define('not', 1, 1, (args, ctx) => !bool(ctx, args, 0)),
  define('if', 3, 3, (args, ctx) => (bool(ctx, args, 0) ? args[1]! : args[2]!)),
  define('greater', 2, 2, (args, ctx) => compare(ctx, args) > 0),
  define('greaterOrEquals', 2, 2, (args, ctx) => compare(ctx, args) >= 0),
  define('less', 2, 2, (args, ctx) => compare(ctx, args) < 0),
  define('lessOrEquals', 2, 2, (args, ctx) => compare(ctx, args) <= 0),
  define('coalesce', 1, Infinity, (args) => args.find((a) => a !== null) ?? null),
];
