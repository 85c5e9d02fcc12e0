import { isInteger, isNumber, makeFloat, normalizeInteger, toJsNumber, type WdlValue } from '../values';
import { arr, define, fail, int, wrongType, type FunctionDefinition } from './args';
import type { CallContext } from '../evaluator';

/**
 * Math functions (FUNCREF "Math functions"). Integer op Integer stays Integer (so `div(11,5)` is 2, truncated toward
 * zero as .NET does); any Float operand makes a Float (`div(11,5.0)` is 2.2). Integers beyond 2^53 use bigint.
 */

type Num = number | bigint;

function operands(ctx: CallContext, args: WdlValue[]): { ints: boolean; a: WdlValue; b: WdlValue } {
  const [a, b] = args as [WdlValue, WdlValue];
  if (!isNumber(a)) wrongType(ctx, 0, 'integer or float', a);
  if (!isNumber(b)) wrongType(ctx, 1, 'integer or float', b);
  return { ints: isInteger(a) && isInteger(b), a, b };
}

function integerOp(
  a: WdlValue,
  b: WdlValue,
  op: (x: bigint, y: bigint) => bigint,
  small: (x: number, y: number) => number,
): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = small(a, b);
    if (Number.isSafeInteger(r)) return r;
  }
  return normalizeInteger(op(BigInt(a as Num), BigInt(b as Num)));
}

function arithmetic(
  name: string,
  bigOp: (x: bigint, y: bigint) => bigint,
  smallOp: (x: number, y: number) => number,
  floatOp: (x: number, y: number) => number,
  checkZero = false,
): FunctionDefinition {
  return define(name, 2, 2, (args, ctx) => {
    const { ints, a, b } = operands(ctx, args);
    if (checkZero && toJsNumber(b as Num) === 0)
      fail(ctx, 'cannot divide by zero: its second parameter is 0.');
    if (ints) return integerOp(a, b, bigOp, smallOp);
    return makeFloat(floatOp(toJsNumber(a as Num), toJsNumber(b as Num)));
  });
}

function numbersOf(ctx: CallContext, args: WdlValue[]): WdlValue[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? arr(ctx, args, 0) : args;
  if (list.length === 0) fail(ctx, 'expects at least one number.');
  list.forEach((v, i) => {
    if (!isNumber(v)) wrongType(ctx, i, 'integer or float', v);
  });
  return list;
}

export const mathFunctions: FunctionDefinition[] = [
  arithmetic(
    'add',
    (x, y) => x + y,
    (x, y) => x + y,
    (x, y) => x + y,
  ),
  arithmetic(
    'sub',
    (x, y) => x - y,
    (x, y) => x - y,
    (x, y) => x - y,
  ),
  arithmetic(
    'mul',
    (x, y) => x * y,
    (x, y) => x * y,
    (x, y) => x * y,
  ),
  arithmetic(
    'div',
    (x, y) => x / y,
    (x, y) => Math.trunc(x / y),
    (x, y) => x / y,
    true,
  ),
  arithmetic(
    'mod',
    (x, y) => x % y,
    (x, y) => x % y,
    (x, y) => x % y,
    true,
  ),
  define('min', 1, Infinity, (args, ctx) => {
    const list = numbersOf(ctx, args);
    return list.reduce((m, v) => (toJsNumber(v as Num) < toJsNumber(m as Num) ? v : m));
  }),
  define('max', 1, Infinity, (args, ctx) => {
    const list = numbersOf(ctx, args);
    return list.reduce((m, v) => (toJsNumber(v as Num) > toJsNumber(m as Num) ? v : m));
  }),
  define('range', 2, 2, (args, ctx) => {
    const start = int(ctx, args, 0);
    const count = int(ctx, args, 1);
    if (count < 1 || count > 100000)
      fail(ctx, `expects its second parameter to be between 1 and 100000; it is ${count}.`);
    if (start + count > 2147483647)
      fail(ctx, 'expects the sum of its parameters to be no larger than 2147483647.');
    return Array.from({ length: count }, (_, i) => start + i);
  }),
  define('rand', 2, 2, (args, ctx) => {
    const min = int(ctx, args, 0);
    const max = int(ctx, args, 1);
    if (min >= max) fail(ctx, 'expects its first parameter to be less than its second parameter.');
    return min + Math.floor(ctx.random() * (max - min));
  }),
];
