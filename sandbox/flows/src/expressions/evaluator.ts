import { ExpressionError, NotImplementedError, usageFor } from './errors';
import { lookupFunction } from './functions';
import type { Expression } from './parser';
import { parseTemplate } from './template';
import {
  FloatNumber,
  fromJson,
  isObject,
  normalizeInteger,
  stringify,
  typeName,
  type WdlValue,
} from './values';

/** Run state the workflow functions read (parameters(), variables(), actions(), item(), …); supplied by the engine. */
export interface WorkflowState {
  parameter(name: string): WdlValue;
  variable(name: string): WdlValue;
  trigger(): WdlValue;
  action(name: string): WdlValue;
  currentAction(): WdlValue;
  result(name: string): WdlValue;
  item(): WdlValue;
  items(loopName: string): WdlValue;
  iterationIndexes(loopName: string): WdlValue;
  workflow(): WdlValue;
  listCallbackUrl(): WdlValue;
}

export interface EvaluationContext {
  state: WorkflowState;
  /** Injectable clock for utcNow() and relative date functions. */
  now(): Date;
  /** Injectable randomness (rand(), guid()) so runs are reproducible. */
  random(): number;
  newGuid(): string;
}

export interface CallContext extends EvaluationContext {
  /** The function name as written in the flow (for messages). */
  name: string;
}

function evaluateMember(base: WdlValue, key: WdlValue, safe: boolean, source: string): WdlValue {
  if (base === null || base === undefined) {
    if (safe) return null;
    throw new ExpressionError(
      `The template language expression '${source}' cannot be evaluated because property '${stringify(key)}' cannot be selected. ${usageFor()}`,
    );
  }
  if (Array.isArray(base)) {
    if (typeof key === 'number' && Number.isInteger(key)) {
      if (key >= 0 && key < base.length) return base[key]!;
      if (safe) return null;
      throw new ExpressionError(
        `The template language expression '${source}' cannot be evaluated because array index '${key}' is outside bounds (0, ${base.length - 1}) of array. ${usageFor()}`,
      );
    }
    if (safe) return null;
    throw new ExpressionError(
      `The template language expression '${source}' cannot be evaluated because property '${stringify(key)}' cannot be selected. Array elements can only be selected using an integer index. ${usageFor()}`,
    );
  }
  if (isObject(base)) {
    if (typeof key !== 'string') {
      throw new ExpressionError(
        `The template language expression '${source}' cannot be evaluated because property '${stringify(key)}' cannot be selected: object properties must be selected with a string name, not a value of type '${typeName(key)}'. ${usageFor()}`,
      );
    }
    const found = selectProperty(base, key);
    if (found !== undefined) return found;
    if (safe) return null;
    throw new ExpressionError(
      `The template language expression '${source}' cannot be evaluated because property '${key}' doesn't exist, available properties are '${Object.keys(base).join(', ')}'. ${usageFor()}`,
    );
  }
  throw new ExpressionError(
    `The template language expression '${source}' cannot be evaluated because property '${stringify(key)}' cannot be selected. Property selection is not supported on values of type '${typeName(base)}'. ${usageFor()}`,
  );
}

/**
 * Property lookup: the exact name first, then a case-insensitive match (the ARM template engine's rule; real exports
 * read a child flow's `outputs(...)?['Body']`), then a designer slash path `body/value` walked segment by segment
 * (flow-runner.md §1.2). The last two are [unverified] as Power Automate runtime rules.
 */
export function selectProperty(base: { [key: string]: WdlValue }, key: string): WdlValue | undefined {
  if (Object.prototype.hasOwnProperty.call(base, key)) return base[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(base)) if (k.toLowerCase() === lower) return base[k];
  if (key.includes('/')) {
    let current: WdlValue | undefined = base;
    for (const segment of key.split('/')) {
      if (current === null || current === undefined) return null;
      if (!isObject(current)) return undefined;
      current = selectProperty(current, segment);
      if (current === undefined) return undefined;
    }
    return current;
  }
  return undefined;
}

export function evaluateExpression(expr: Expression, ctx: EvaluationContext, source: string): WdlValue {
  switch (expr.kind) {
    case 'string':
      return expr.value;
    case 'boolean':
      return expr.value;
    case 'null':
      return null;
    case 'integer': {
      const big = BigInt(expr.text);
      return normalizeInteger(big);
    }
    case 'float': {
      const n = Number(expr.text);
      return Number.isInteger(n) ? new FloatNumber(n) : n;
    }
    case 'member': {
      const base = evaluateExpression(expr.target, ctx, source);
      const key = evaluateExpression(expr.key, ctx, source);
      return evaluateMember(base, key, expr.safe, source);
    }
    case 'call': {
      const fn = lookupFunction(expr.name);
      if (!fn) {
        throw new ExpressionError(
          `The template language expression '${source}' is not valid: the template function '${expr.name}' is not defined or not valid.`,
        );
      }
      if (fn.notImplemented) throw new NotImplementedError(`template language function '${fn.name}'`);
      const count = expr.args.length;
      if (count < fn.minArgs || count > fn.maxArgs) {
        const expected =
          fn.minArgs === fn.maxArgs
            ? `${fn.minArgs} parameter(s)`
            : fn.maxArgs === Infinity
              ? `at least ${fn.minArgs} parameter(s)`
              : `between ${fn.minArgs} and ${fn.maxArgs} parameters`;
        throw new ExpressionError(
          `The template language function '${expr.name}' expects ${expected}, but was invoked with ${count}. ${usageFor(fn.name)}`,
        );
      }
      // Arguments are evaluated eagerly, left to right, also for if/and/or (flow-runner.md §1.5; Power Automate
      // users report `if` failing on its untaken branch) [unverified against the runtime source].
      const args = expr.args.map((a) => evaluateExpression(a, ctx, source));
      return fn.impl(args, { ...ctx, name: expr.name });
    }
  }
}

export function evaluateTemplateString(value: string, ctx: EvaluationContext): WdlValue {
  const template = parseTemplate(value);
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expression':
      return evaluateExpression(template.expression, ctx, template.text);
    case 'interpolation':
      return template.parts
        .map((p) => (typeof p === 'string' ? p : stringify(evaluateExpression(p.expression, ctx, p.text))))
        .join('');
  }
}

/** Evaluates every template in a definition value: strings, array items, object values and object keys. */
export function evaluateValue(value: unknown, ctx: EvaluationContext): WdlValue {
  if (typeof value === 'string') return evaluateTemplateString(value, ctx);
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, ctx));
  if (value !== null && typeof value === 'object' && !(value instanceof FloatNumber)) {
    const out: { [key: string]: WdlValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[stringify(evaluateTemplateString(k, ctx))] = evaluateValue(v, ctx);
    }
    return out;
  }
  return fromJson(value);
}
