import { ExpressionError } from './errors';
import { parseExpression, type Expression } from './parser';

/**
 * How a JSON string value of a definition is read (flow-runner.md §1.1, WDL "Expressions"):
 * - `@expr` (second character neither `@` nor `{`): one expression whose result keeps its JSON type;
 * - `@@…` at the start: a literal with the first `@` dropped;
 * - anything containing `@{…}`: interpolation, always a string; `@@{` stays a literal `@{`;
 * - everything else (including a leading space before `@`) is a plain literal.
 */
export interface Segment {
  text: string;
  expression: Expression;
}

export type Template =
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; text: string; expression: Expression }
  | { kind: 'interpolation'; parts: (string | Segment)[] };

const cache = new Map<string, Template>();

export function isTemplate(value: string): boolean {
  return value.length >= 2 && (value[0] === '@' || value.indexOf('@{') > 0);
}

export function parseTemplate(value: string): Template {
  const cached = cache.get(value);
  if (cached) return cached;
  const template = parseUncached(value);
  if (cache.size > 5000) cache.clear();
  cache.set(value, template);
  return template;
}

function parseUncached(value: string): Template {
  if (!isTemplate(value)) return { kind: 'literal', value };
  if (value[0] === '@' && value[1] !== '{') {
    if (value[1] === '@') return { kind: 'literal', value: value.substring(1) };
    const text = value.substring(1);
    return { kind: 'expression', text, expression: parseExpression(text) };
  }
  const parts: (string | Segment)[] = [];
  let literal = '';
  let i = 0;
  while (i < value.length) {
    if (value[i] === '@' && value[i + 1] === '@' && value[i + 2] === '{') {
      literal += '@{';
      i += 3;
      continue;
    }
    if (value[i] === '@' && value[i + 1] === '{') {
      let j = i + 2;
      let quoted = false;
      while (j < value.length && (quoted || value[j] !== '}')) {
        if (value[j] === "'") quoted = !quoted;
        j++;
      }
      if (j >= value.length) {
        throw new ExpressionError(
          `The template language expression '${value}' is not valid: the '@{' at position '${i}' is not terminated.`,
          'StringLiteralNotTerminated',
        );
      }
      const text = value.slice(i + 2, j);
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ text, expression: parseExpression(text) });
      i = j + 1;
      continue;
    }
    literal += value[i];
    i++;
  }
  if (literal) parts.push(literal);
  return { kind: 'interpolation', parts };
}
