import { ExpressionError, ordinal, usageFor } from '../errors';
import type { CallContext } from '../evaluator';
import { isInteger, isNumber, isObject, toJsNumber, typeName, type WdlValue } from '../values';

export interface FunctionDefinition {
  /** Canonical spelling from FUNCREF; lookup is case-insensitive. */
  name: string;
  minArgs: number;
  maxArgs: number;
  impl: (args: WdlValue[], ctx: CallContext) => WdlValue;
  /** A real Power Automate function the runner does not implement: calling it stops the run. */
  notImplemented?: boolean;
}

export function define(
  name: string,
  minArgs: number,
  maxArgs: number,
  impl: (args: WdlValue[], ctx: CallContext) => WdlValue,
): FunctionDefinition {
  return { name, minArgs, maxArgs, impl };
}

export function fail(ctx: CallContext, detail: string): never {
  throw new ExpressionError(`The template language function '${ctx.name}' ${detail} ${usageFor(ctx.name)}`);
}

export function wrongType(ctx: CallContext, index: number, expected: string, value: WdlValue): never {
  fail(
    ctx,
    `expects its ${ordinal(index)} parameter to be of type ${expected}. The provided value is of type '${typeName(value)}'.`,
  );
}

export function str(ctx: CallContext, args: WdlValue[], index: number): string {
  const v = args[index];
  if (typeof v !== 'string') wrongType(ctx, index, 'string', v ?? null);
  return v;
}

export function optStr(ctx: CallContext, args: WdlValue[], index: number): string | undefined {
  const v = args[index];
  if (v === undefined) return undefined;
  return str(ctx, args, index);
}

export function int(ctx: CallContext, args: WdlValue[], index: number): number {
  const v = args[index];
  if (!isInteger(v)) wrongType(ctx, index, 'integer', v ?? null);
  return Number(v);
}

export function num(ctx: CallContext, args: WdlValue[], index: number): number {
  const v = args[index];
  if (!isNumber(v)) wrongType(ctx, index, 'integer or float', v ?? null);
  return toJsNumber(v);
}

export function bool(ctx: CallContext, args: WdlValue[], index: number): boolean {
  const v = args[index];
  if (typeof v !== 'boolean') wrongType(ctx, index, 'boolean', v ?? null);
  return v;
}

export function arr(ctx: CallContext, args: WdlValue[], index: number): WdlValue[] {
  const v = args[index];
  if (!Array.isArray(v)) wrongType(ctx, index, 'array', v ?? null);
  return v;
}

export function obj(ctx: CallContext, args: WdlValue[], index: number): { [key: string]: WdlValue } {
  const v = args[index];
  if (!isObject(v)) wrongType(ctx, index, 'object', v ?? null);
  return v;
}
