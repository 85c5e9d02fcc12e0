import { NotImplementedError } from '../errors';
import {
  fromJson,
  isInteger,
  isNumber,
  isObject,
  makeFloat,
  normalizeInteger,
  stringify,
  toJsNumber,
  type WdlValue,
} from '../values';
import { define, fail, optStr, str, wrongType, type FunctionDefinition } from './args';
import type { CallContext } from '../evaluator';

/**
 * Conversion functions (FUNCREF "Conversion functions"; flow-runner.md §2.4). Binary values use the runtime's content
 * envelope `{"$content-type", "$content": base64}`.
 */

function contentOf(value: WdlValue): string | undefined {
  if (isObject(value) && typeof value['$content'] === 'string') {
    return Buffer.from(value['$content'], 'base64').toString('utf8');
  }
  return undefined;
}

function textOf(ctx: CallContext, args: WdlValue[], index: number): string {
  const v = args[index] ?? null;
  const content = contentOf(v);
  if (content !== undefined) return content;
  if (typeof v === 'string') return v;
  if (v === null) wrongType(ctx, index, 'string', v);
  return stringify(v);
}

function binary(base64: string, contentType = 'application/octet-stream'): WdlValue {
  return { '$content-type': contentType, $content: base64 };
}

/** .NET-style lenient float parsing: group separators dropped, culture decides which mark is the decimal point. */
function parseFloatText(ctx: CallContext, text: string, locale: string | undefined): number {
  const decimalComma =
    locale !== undefined && /^(de|fr|es|it|nl|pt|da|sv|nb|fi|pl|ru|is|cs|tr)/i.test(locale);
  let t = text.trim();
  const negativeTrailing = /-$/.test(t);
  t = t.replace(/-$/, '');
  t = decimalComma ? t.replace(/[.\s\u00a0]/g, '').replace(',', '.') : t.replace(/,/g, '');
  const n = Number(t);
  if (t === '' || Number.isNaN(n)) {
    fail(
      ctx,
      `was invoked with a parameter that is not valid. The value '${text}' cannot be converted to a float.`,
    );
  }
  return negativeTrailing ? -n : n;
}

export const conversionFunctions: FunctionDefinition[] = [
  define('string', 1, 1, (args) => stringify(args[0]!)),
  define('int', 1, 1, (args, ctx) => {
    const v = args[0]!;
    if (isInteger(v)) return v;
    if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) {
      const big = BigInt(v.trim());
      if (big > 9223372036854775807n || big < -9223372036854775808n)
        fail(ctx, `value '${v}' is out of the range of Int64.`);
      return normalizeInteger(big);
    }
    if (isNumber(v) && Number.isInteger(toJsNumber(v))) return toJsNumber(v);
    return fail(
      ctx,
      `was invoked with a parameter that is not valid. The value cannot be converted to the target type.`,
    );
  }),
  define('float', 1, 2, (args, ctx) => {
    const v = args[0]!;
    if (isNumber(v)) return makeFloat(toJsNumber(v));
    if (typeof v !== 'string') return wrongType(ctx, 0, 'string', v);
    return makeFloat(parseFloatText(ctx, v, optStr(ctx, args, 1)));
  }),
  define('decimal', 1, 1, (args, ctx) => {
    // .NET decimal precision is not kept: the value becomes a double, which FUNCREF says happens anyway once the
    // result is used as a number. string(add(decimal(…), …)) therefore may differ in the last digits.
    const v = args[0]!;
    if (isNumber(v)) return makeFloat(toJsNumber(v));
    return makeFloat(parseFloatText(ctx, str(ctx, args, 0), undefined));
  }),
  define('bool', 1, 1, (args, ctx) => {
    const v = args[0]!;
    if (typeof v === 'boolean') return v;
    if (isNumber(v)) return toJsNumber(v) !== 0;
    if (typeof v === 'string') {
      const t = v.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      if (/^[-+]?\d+$/.test(t)) return Number(t) !== 0;
    }
    return fail(
      ctx,
      `was invoked with a parameter that is not valid. The value cannot be converted to the target type.`,
    );
  }),
  define('json', 1, 1, (args, ctx) => {
    const v = args[0]!;
    if (v === null) return {};
    const content = contentOf(v);
    const text = content ?? (typeof v === 'string' ? v : undefined);
    if (text === undefined) return v;
    const trimmed = text.replace(/^\uFEFF/, '').trim();
    if (trimmed.startsWith('<'))
      throw new NotImplementedError(`template language function 'json' on XML input`);
    try {
      return fromJson(JSON.parse(trimmed));
    } catch {
      return fail(
        ctx,
        `parameter is not valid. The provided value '${text.slice(0, 200)}' cannot be parsed: it is not valid JSON.`,
      );
    }
  }),
  define('array', 1, 1, (args) => [args[0]!]),
  define('base64', 1, 1, (args, ctx) => Buffer.from(textOf(ctx, args, 0), 'utf8').toString('base64')),
  define('base64ToString', 1, 1, (args, ctx) => Buffer.from(str(ctx, args, 0), 'base64').toString('utf8')),
  define('decodeBase64', 1, 1, (args, ctx) => Buffer.from(str(ctx, args, 0), 'base64').toString('utf8')),
  define('base64ToBinary', 1, 1, (args, ctx) => binary(str(ctx, args, 0))),
  define('binary', 1, 1, (args, ctx) => binary(Buffer.from(textOf(ctx, args, 0), 'utf8').toString('base64'))),
  define('dataUri', 1, 1, (args, ctx) => {
    const v = args[0]!;
    const type =
      isObject(v) && typeof v['$content-type'] === 'string' ? v['$content-type'] : 'text/plain;charset=utf-8';
    return `data:${type};base64,${Buffer.from(textOf(ctx, args, 0), 'utf8').toString('base64')}`;
  }),
  define('dataUriToString', 1, 1, (args, ctx) => decodeDataUri(ctx, str(ctx, args, 0)).toString('utf8')),
  define('decodeDataUri', 1, 1, (args, ctx) => decodeDataUri(ctx, str(ctx, args, 0)).toString('utf8')),
  define('dataUriToBinary', 1, 1, (args, ctx) => {
    const text = str(ctx, args, 0);
    const type = /^data:([^;,]*)/.exec(text)?.[1] || 'application/octet-stream';
    return binary(decodeDataUri(ctx, text).toString('base64'), type);
  }),
  define('uriComponent', 1, 1, (args, ctx) => encodeURIComponent(textOf(ctx, args, 0))),
  define('encodeUriComponent', 1, 1, (args, ctx) => encodeURIComponent(textOf(ctx, args, 0))),
  define('uriComponentToString', 1, 1, (args, ctx) => decodeUri(ctx, str(ctx, args, 0))),
  define('decodeUriComponent', 1, 1, (args, ctx) => decodeUri(ctx, str(ctx, args, 0))),
  define('uriComponentToBinary', 1, 1, (args, ctx) =>
    binary(Buffer.from(decodeUri(ctx, str(ctx, args, 0)), 'utf8').toString('base64')),
  ),
];

function decodeUri(ctx: CallContext, text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return fail(ctx, `parameter '${text}' is not a valid URI-encoded string.`);
  }
}

function decodeDataUri(ctx: CallContext, text: string): Buffer {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(text);
  if (!m) fail(ctx, `expects a data URI; '${text.slice(0, 50)}' is not one.`);
  return m[2] ? Buffer.from(m[3]!, 'base64') : Buffer.from(decodeURIComponent(m[3]!), 'utf8');
}
