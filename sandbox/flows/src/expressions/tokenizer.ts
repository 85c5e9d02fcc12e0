import { ExpressionError } from './errors';

/**
 * Tokens of one WDL expression (the text after `@`, or inside `@{…}`). The token classes follow flow-runner.md §1.2:
 * single-quoted strings with `''` as the escaped quote, Integer vs Float literals, identifiers as runs of anything but
 * `. , ( ) { } @ [ ] ? '` and whitespace, and the punctuation `. , ( ) [ ] ?`.
 */
export type TokenKind =
  'string' | 'integer' | 'float' | 'identifier' | '(' | ')' | '[' | ']' | ',' | '.' | '?' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** String literal content (unescaped) or number text. */
  value?: string;
  position: number;
}

/** .NET `Char.IsWhiteSpace`, which the runtime's scanner uses. */
const whitespaceChars = new Set([
  ...'\t\n\v\f\r \u0085\u00A0\u1680\u2028\u2029\u202F\u205F\u3000',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
]);
const whitespace = { test: (c: string) => whitespaceChars.has(c) };
const identifierStop = new Set(['.', ',', '(', ')', '{', '}', '@', '[', ']', '?', "'", '"']);
const punctuation = new Set(['(', ')', '[', ']', ',', '.', '?']);

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const valueEnded = () => {
    const last = tokens[tokens.length - 1];
    return last !== undefined && ['string', 'integer', 'float', 'identifier', ')', ']'].includes(last.kind);
  };
  while (i < source.length) {
    const c = source[i]!;
    if (whitespace.test(c)) {
      i++;
      continue;
    }
    const numberStart =
      isDigit(c) ||
      ((c === '-' || c === '+') &&
        (isDigit(source[i + 1]) || (source[i + 1] === '.' && isDigit(source[i + 2])))) ||
      (c === '.' && isDigit(source[i + 1]) && !valueEnded());
    if (numberStart) {
      const m = /^[-+]?(\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(source.slice(i))!;
      const text = m[0];
      const next = source[i + text.length];
      if (next !== undefined && !whitespace.test(next) && !identifierStop.has(next)) {
        throw new ExpressionError(
          `The template language expression '${source}' is not valid: the string character '${next}' at position '${i + text.length}' is not expected.`,
          'UnexpectedCharacter',
        );
      }
      tokens.push({ kind: m[2] || m[3] ? 'float' : 'integer', text, value: text, position: i });
      i += text.length;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= source.length) {
          throw new ExpressionError(
            `The template language expression '${source}' is not valid: the string literal starting at position '${i}' is not terminated.`,
            'StringLiteralNotTerminated',
          );
        }
        if (source[j] === "'") {
          if (source[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += source[j];
        j++;
      }
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), value, position: i });
      i = j + 1;
      continue;
    }
    if (c === '"') {
      throw new ExpressionError(
        `The template language expression '${source}' is not valid: string literals must use single quotes, found a double quote at position '${i}'.`,
        'MisusedDoubleQuotes',
      );
    }
    if (punctuation.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, position: i });
      i++;
      continue;
    }
    if (c === '{' || c === '}' || c === '@') {
      throw new ExpressionError(
        `The template language expression '${source}' is not valid: the string character '${c}' at position '${i}' is not expected.`,
        'UnexpectedCharacter',
      );
    }
    let j = i;
    while (j < source.length && !identifierStop.has(source[j]!) && !whitespace.test(source[j]!)) j++;
    tokens.push({ kind: 'identifier', text: source.slice(i, j), position: i });
    i = j;
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}
