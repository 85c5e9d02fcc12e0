// OData v4 `$filter` parser: a tokenizer and a recursive-descent parser for the subset the Dataverse Web API
// accepts (powerapps-docs webapi/query/filter-rows.md): comparison operators, and/or/not, parentheses, literals
// (strings with '' escapes, numbers, GUIDs, dates, date-times, true/false/null), the string functions contains /
// startswith / endswith, `Microsoft.Dynamics.CRM.<Function>(PropertyName='x',PropertyValue=…)` query functions,
// property paths across single-valued navigation properties and any/all lambdas over collection-valued ones.
// Written by hand because the npm OData parsers either target OData v2, are unmaintained, or give an AST for the
// full v4 grammar that would still need this much code to map onto Dataverse's rules.

export type LiteralType = 'string' | 'number' | 'guid' | 'date' | 'datetime' | 'boolean' | 'null';

export type FilterExpr =
  | { kind: 'literal'; type: LiteralType; value: string | number | boolean | null }
  | { kind: 'list'; items: FilterExpr[] }
  | { kind: 'property'; path: string[] }
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; operand: FilterExpr }
  | { kind: 'compare'; op: CompareOp; left: FilterExpr; right: FilterExpr }
  | { kind: 'call'; name: string; args: FilterExpr[] }
  | { kind: 'crmFunction'; name: string; params: Record<string, FilterExpr> }
  | { kind: 'lambda'; path: string[]; quantifier: 'any' | 'all'; variable?: string; predicate?: FilterExpr };

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

type TokenKind =
  | 'ident'
  | 'string'
  | 'number'
  | 'guid'
  | 'date'
  | 'datetime'
  | '('
  | ')'
  | ','
  | '/'
  | ':'
  | '='
  | '['
  | ']'
  | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  value?: string | number;
  pos: number;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) =>
  c !== undefined && (isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
const isIdentStart = (c: string | undefined) =>
  c !== undefined &&
  ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '@' || c === '$');
const isIdentPart = (c: string | undefined) => isIdentStart(c) || isDigit(c) || c === '.';

/** Length of a GUID (8-4-4-4-12 hex) starting at `i`, or 0. */
function guidLength(s: string, i: number): number {
  const groups = [8, 4, 4, 4, 12];
  let p = i;
  for (let g = 0; g < groups.length; g++) {
    for (let k = 0; k < groups[g]!; k++, p++) if (!isHex(s[p])) return 0;
    if (g < groups.length - 1) {
      if (s[p] !== '-') return 0;
      p++;
    }
  }
  return isIdentPart(s[p]) || s[p] === '-' ? 0 : p - i;
}

/** Length of a date (YYYY-MM-DD) or date-time literal starting at `i`, and which; 0 when neither. */
function temporalLength(s: string, i: number): { length: number; kind: 'date' | 'datetime' } | undefined {
  const digits = (p: number, n: number) => {
    for (let k = 0; k < n; k++) if (!isDigit(s[p + k])) return false;
    return true;
  };
  if (!(digits(i, 4) && s[i + 4] === '-' && digits(i + 5, 2) && s[i + 7] === '-' && digits(i + 8, 2)))
    return undefined;
  let p = i + 10;
  if (s[p] !== 'T') return { length: 10, kind: 'date' };
  p++;
  while (p < s.length && (isDigit(s[p]) || ':.+-Z'.includes(s[p]!))) p++;
  return { length: p - i, kind: 'datetime' };
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ('(),/:=[]'.includes(c)) {
      tokens.push({ kind: c as TokenKind, text: c, pos: i });
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      let p = i + 1;
      for (;;) {
        if (p >= source.length)
          throw new FilterSyntaxError(`Unterminated string literal at position ${i}.`, i);
        if (source[p] === "'") {
          if (source[p + 1] === "'") {
            value += "'";
            p += 2;
            continue;
          }
          break;
        }
        value += source[p++];
      }
      tokens.push({ kind: 'string', text: source.slice(i, p + 1), value, pos: i });
      i = p + 1;
      continue;
    }
    const g = guidLength(source, i);
    if (g) {
      tokens.push({
        kind: 'guid',
        text: source.slice(i, i + g),
        value: source.slice(i, i + g).toLowerCase(),
        pos: i,
      });
      i += g;
      continue;
    }
    const t = temporalLength(source, i);
    if (t) {
      const text = source.slice(i, i + t.length);
      if (t.kind === 'datetime' && Number.isNaN(Date.parse(text))) {
        throw new FilterSyntaxError(`Invalid date-time literal '${text}' at position ${i}.`, i);
      }
      tokens.push({ kind: t.kind, text, value: text, pos: i });
      i += t.length;
      continue;
    }
    if (isDigit(c) || (c === '-' && isDigit(source[i + 1]))) {
      let p = i + 1;
      while (isDigit(source[p])) p++;
      if (source[p] === '.' && isDigit(source[p + 1])) {
        p++;
        while (isDigit(source[p])) p++;
      }
      if ((source[p] === 'e' || source[p] === 'E') && (isDigit(source[p + 1]) || source[p + 1] === '-')) {
        p += 2;
        while (isDigit(source[p])) p++;
      }
      // OData type suffixes for Int64/Decimal/Double/Single literals.
      if ('LlMmDdFf'.includes(source[p] ?? '#') && !isIdentPart(source[p + 1])) p++;
      const text = source.slice(i, p);
      tokens.push({ kind: 'number', text, value: Number.parseFloat(text), pos: i });
      i = p;
      continue;
    }
    if (isIdentStart(c)) {
      let p = i + 1;
      while (isIdentPart(source[p])) p++;
      tokens.push({ kind: 'ident', text: source.slice(i, p), pos: i });
      i = p;
      continue;
    }
    throw new FilterSyntaxError(
      `Syntax error: character '${c}' is not valid at position ${i} in '${source}'.`,
      i,
    );
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text === word;
  }
  private expect(kind: TokenKind): Token {
    const t = this.next();
    if (t.kind !== kind) {
      throw new FilterSyntaxError(
        `Syntax error at position ${t.pos} in '${this.source}': expected '${kind}' but found '${t.text || 'end of input'}'.`,
        t.pos,
      );
    }
    return t;
  }

  parseAll(): FilterExpr {
    const e = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') {
      throw new FilterSyntaxError(
        `Syntax error at position ${t.pos} in '${this.source}': unexpected '${t.text}'.`,
        t.pos,
      );
    }
    return e;
  }

  private parseOr(): FilterExpr {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpr {
    let left = this.parseUnary();
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterExpr {
    if (this.isWord('not')) {
      this.next();
      return { kind: 'not', operand: this.parseUnary() };
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterExpr {
    const left = this.parsePrimary();
    const t = this.peek();
    if (t.kind === 'ident' && COMPARE_OPS.has(t.text)) {
      this.next();
      return { kind: 'compare', op: t.text as CompareOp, left, right: this.parsePrimary() };
    }
    return left;
  }

  private parsePrimary(): FilterExpr {
    const t = this.next();
    switch (t.kind) {
      case '(': {
        const e = this.parseOr();
        this.expect(')');
        return e;
      }
      case 'string':
        return { kind: 'literal', type: 'string', value: t.value as string };
      case 'number':
        return { kind: 'literal', type: 'number', value: t.value as number };
      case 'guid':
        return { kind: 'literal', type: 'guid', value: t.value as string };
      case 'date':
      case 'datetime':
        return { kind: 'literal', type: t.kind, value: t.value as string };
      case 'ident':
        return this.parseIdentifier(t);
      default:
        throw new FilterSyntaxError(
          `Syntax error at position ${t.pos} in '${this.source}': expected an expression but found '${t.text || 'end of input'}'.`,
          t.pos,
        );
    }
  }

  private parseIdentifier(first: Token): FilterExpr {
    if (first.text === 'true' || first.text === 'false') {
      return { kind: 'literal', type: 'boolean', value: first.text === 'true' };
    }
    if (first.text === 'null') return { kind: 'literal', type: 'null', value: null };
    if (this.peek().kind === '(') {
      this.next();
      if (first.text.startsWith('Microsoft.Dynamics.CRM.')) return this.parseCrmFunction(first.text);
      const args: FilterExpr[] = [];
      if (this.peek().kind !== ')') {
        args.push(this.parseOr());
        while (this.peek().kind === ',') {
          this.next();
          args.push(this.parseOr());
        }
      }
      this.expect(')');
      return { kind: 'call', name: first.text, args };
    }
    const path = [first.text];
    while (this.peek().kind === '/') {
      this.next();
      const seg = this.expect('ident');
      if ((seg.text === 'any' || seg.text === 'all') && this.peek().kind === '(') {
        this.next();
        if (this.peek().kind === ')') {
          this.next();
          if (seg.text === 'all') {
            throw new FilterSyntaxError(
              `The 'all' operator needs a lambda expression at position ${seg.pos}.`,
              seg.pos,
            );
          }
          return { kind: 'lambda', path, quantifier: 'any' };
        }
        const variable = this.expect('ident').text;
        this.expect(':');
        const predicate = this.parseOr();
        this.expect(')');
        return { kind: 'lambda', path, quantifier: seg.text, variable, predicate };
      }
      path.push(seg.text);
    }
    return { kind: 'property', path };
  }

  private parseCrmFunction(qualified: string): FilterExpr {
    const name = qualified.slice('Microsoft.Dynamics.CRM.'.length);
    const params: Record<string, FilterExpr> = {};
    if (this.peek().kind !== ')') {
      for (;;) {
        const key = this.expect('ident').text;
        this.expect('=');
        params[key] = this.peek().kind === '[' ? this.parseList() : this.parsePrimary();
        if (this.peek().kind !== ',') break;
        this.next();
      }
    }
    this.expect(')');
    return { kind: 'crmFunction', name, params };
  }

  private parseList(): FilterExpr {
    this.expect('[');
    const items: FilterExpr[] = [];
    if (this.peek().kind !== ']') {
      items.push(this.parsePrimary());
      while (this.peek().kind === ',') {
        this.next();
        items.push(this.parsePrimary());
      }
    }
    this.expect(']');
    return { kind: 'list', items };
  }
}

export function parseFilter(source: string): FilterExpr {
  if (!source.trim()) throw new FilterSyntaxError('The $filter expression is empty.', 0);
  return new Parser(tokenize(source), source).parseAll();
}
