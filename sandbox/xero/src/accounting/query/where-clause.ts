/**
 * Xero's `where` filter: a Dynamic-LINQ-like expression such as
 * `Type=="ACCREC" AND Status=="AUTHORISED" AND Contact.ContactID==Guid("…") AND Date>=DateTime(2026,1,1)`.
 * We parse it properly (tokens → AST → predicate) rather than pattern-match, so AND/OR/NOT and parentheses combine
 * freely. Syntax errors are Xero's 400 QueryParseException; a well-formed clause over a field or function the
 * emulator does not model is a 501 naming the clause, so a test never passes against a filter we silently ignored.
 */
import { NotImplementedByEmulator, QueryParseFailure } from '../domain/accounting-errors';

export type WhereFieldType = 'string' | 'number' | 'date' | 'guid' | 'boolean';

export interface WhereField<T> {
  type: WhereFieldType;
  get(record: T): unknown;
}

/** Field paths as Xero spells them (`Contact.ContactID`), matched case-insensitively. */
export type WhereFields<T> = Record<string, WhereField<T>>;

type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'guid'; value: string }
  | { kind: 'datetime'; value: number };

type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

export type WhereNode =
  | { type: 'and' | 'or'; left: WhereNode; right: WhereNode }
  | { type: 'not'; operand: WhereNode }
  | { type: 'compare'; path: string; op: CompareOp; value: Literal; text: string }
  | {
      type: 'call';
      path: string;
      method: 'contains' | 'startswith' | 'endswith';
      argument: string;
      text: string;
    };

type Token =
  | { t: 'ident'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

const OPERATORS = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '=', '!', '(', ')', ',', '.'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        value += source[j];
        j++;
      }
      if (j >= source.length) throw new QueryParseFailure(`Unterminated string literal at position ${i}`);
      tokens.push({ t: 'string', v: value, at: i });
      i = j + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(source.slice(i));
    if (number && (c !== '-' || !isOperandEnd(tokens[tokens.length - 1]))) {
      tokens.push({ t: 'number', v: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (ident) {
      tokens.push({ t: 'ident', v: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new QueryParseFailure(`Syntax error '${c}' at position ${i}`);
    tokens.push({ t: 'op', v: op === '=' ? '==' : op, at: i });
    i += op.length;
  }
  tokens.push({ t: 'end', at: source.length });
  return tokens;
}

function isOperandEnd(token: Token | undefined): boolean {
  return (
    !!token &&
    (token.t === 'ident' ||
      token.t === 'number' ||
      token.t === 'string' ||
      (token.t === 'op' && token.v === ')'))
  );
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  parse(): WhereNode {
    const node = this.orExpr();
    const next = this.peek();
    if (next.t !== 'end')
      throw new QueryParseFailure(`Syntax error at position ${next.at}: unexpected '${tokenText(next)}'`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private take(): Token {
    return this.tokens[this.pos++]!;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.t === 'ident' && t.v.toUpperCase() === word;
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === op;
  }

  private expectOp(op: string): void {
    const t = this.take();
    if (t.t !== 'op' || t.v !== op) {
      throw new QueryParseFailure(`'${op}' expected at position ${t.at}, found '${tokenText(t)}'`);
    }
  }

  private orExpr(): WhereNode {
    let left = this.andExpr();
    while (this.isKeyword('OR') || this.isOp('||')) {
      this.take();
      left = { type: 'or', left, right: this.andExpr() };
    }
    return left;
  }

  private andExpr(): WhereNode {
    let left = this.unary();
    while (this.isKeyword('AND') || this.isOp('&&')) {
      this.take();
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): WhereNode {
    if (this.isKeyword('NOT') || this.isOp('!')) {
      this.take();
      return { type: 'not', operand: this.unary() };
    }
    if (this.isOp('(')) {
      this.take();
      const inner = this.orExpr();
      this.expectOp(')');
      return inner;
    }
    return this.condition();
  }

  private condition(): WhereNode {
    const start = this.peek().at;
    const first = this.take();
    if (first.t !== 'ident') {
      throw new QueryParseFailure(`Expression expected at position ${first.at}, found '${tokenText(first)}'`);
    }
    const segments = [first.v];
    let method: string | undefined;
    while (this.isOp('.')) {
      this.take();
      const seg = this.take();
      if (seg.t !== 'ident') throw new QueryParseFailure(`Identifier expected at position ${seg.at}`);
      if (this.isOp('(')) {
        method = seg.v;
        break;
      }
      segments.push(seg.v);
    }
    const path = segments.join('.');
    if (method !== undefined) {
      const lower = method.toLowerCase();
      if (lower !== 'contains' && lower !== 'startswith' && lower !== 'endswith') {
        throw new NotImplementedByEmulator(
          `where clause '${this.source.slice(start).trim()}': method '${method}' is not supported by the emulator (Contains, StartsWith, EndsWith are)`,
        );
      }
      this.expectOp('(');
      const arg = this.take();
      if (arg.t !== 'string') throw new QueryParseFailure(`String literal expected at position ${arg.at}`);
      this.expectOp(')');
      return { type: 'call', path, method: lower, argument: arg.v, text: this.textFrom(start) };
    }
    const opToken = this.take();
    if (opToken.t !== 'op' || !['==', '!=', '>', '>=', '<', '<='].includes(opToken.v)) {
      throw new QueryParseFailure(`Comparison operator expected after '${path}' at position ${opToken.at}`);
    }
    const value = this.literal(start);
    return { type: 'compare', path, op: opToken.v as CompareOp, value, text: this.textFrom(start) };
  }

  private literal(clauseStart: number): Literal {
    const t = this.take();
    if (t.t === 'string') return { kind: 'string', value: t.v };
    if (t.t === 'number') return { kind: 'number', value: t.v };
    if (t.t !== 'ident')
      throw new QueryParseFailure(`Value expected at position ${t.at}, found '${tokenText(t)}'`);
    const word = t.v.toLowerCase();
    if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
    if (word === 'null') return { kind: 'null' };
    if (word === 'guid') {
      this.expectOp('(');
      const arg = this.take();
      this.expectOp(')');
      if (arg.t !== 'string' || !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(arg.v)) {
        throw new QueryParseFailure(
          `Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`,
        );
      }
      return { kind: 'guid', value: arg.v.toLowerCase() };
    }
    if (word === 'datetime') {
      if (this.isOp('.')) {
        throw new NotImplementedByEmulator(
          `where clause '${this.source.slice(clauseStart)}': only DateTime(year, month, day[, hour, minute, second]) is supported by the emulator`,
        );
      }
      this.expectOp('(');
      const parts: number[] = [];
      for (;;) {
        const n = this.take();
        if (n.t !== 'number' || !Number.isInteger(n.v))
          throw new QueryParseFailure(`Integer expected in DateTime(…) at position ${n.at}`);
        parts.push(n.v);
        if (this.isOp(',')) {
          this.take();
          continue;
        }
        this.expectOp(')');
        break;
      }
      if (parts.length !== 3 && parts.length !== 6) {
        throw new QueryParseFailure(
          'DateTime(…) takes (year, month, day) or (year, month, day, hour, minute, second)',
        );
      }
      const [y, mo, d, h = 0, mi = 0, s = 0] = parts as [number, number, number, number?, number?, number?];
      const ms = Date.UTC(y, mo - 1, d, h, mi, s);
      const check = new Date(ms);
      if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
        throw new QueryParseFailure(`DateTime(${parts.join(',')}) is not a valid date`);
      }
      return { kind: 'datetime', value: ms };
    }
    throw new NotImplementedByEmulator(
      `where clause '${this.source.slice(clauseStart)}': value '${t.v}' is not supported by the emulator (use a string, number, true/false/null, Guid("…") or DateTime(y,m,d))`,
    );
  }

  private textFrom(start: number): string {
    const end = this.tokens[this.pos]?.at ?? this.source.length;
    return this.source.slice(start, end).trim();
  }
}

function tokenText(t: Token): string {
  return t.t === 'end' ? 'end of expression' : String(t.v);
}

export function parseWhere(source: string): WhereNode {
  if (!source.trim()) throw new QueryParseFailure('The where clause is empty');
  return new Parser(tokenize(source), source).parse();
}

const FIELD_TYPE_NAMES: Record<WhereFieldType, string> = {
  string: 'String',
  number: 'Decimal',
  date: 'DateTime',
  guid: 'Guid',
  boolean: 'Boolean',
};
const LITERAL_TYPE_NAMES: Record<Literal['kind'], string> = {
  string: 'String',
  number: 'Decimal',
  datetime: 'DateTime',
  guid: 'Guid',
  boolean: 'Boolean',
  null: 'Object',
};

function compatible(field: WhereFieldType, literal: Literal['kind']): boolean {
  if (literal === 'null') return true;
  if (field === 'string') return literal === 'string';
  if (field === 'number') return literal === 'number';
  if (field === 'boolean') return literal === 'boolean';
  if (field === 'guid') return literal === 'guid' || literal === 'string';
  return literal === 'datetime';
}

function toComparable(type: WhereFieldType, raw: unknown): string | number | boolean | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  switch (type) {
    case 'string':
      return String(raw).toLowerCase();
    case 'guid':
      return String(raw).toLowerCase();
    case 'number':
      return Number(raw);
    case 'boolean':
      return Boolean(raw);
    case 'date':
      return raw instanceof Date ? raw.getTime() : Date.parse(`${String(raw)}T00:00:00Z`);
  }
}

function literalComparable(value: Literal): string | number | boolean | undefined {
  switch (value.kind) {
    case 'null':
      return undefined;
    case 'string':
    case 'guid':
      return value.value.toLowerCase();
    default:
      return value.value;
  }
}

/**
 * Compiles a where expression against an entity's field table. String equality is case-insensitive, as Xero's
 * SQL-backed filter behaves for Name and ContactNumber lookups (UNVERIFIED for every field).
 */
export function compileWhere<T>(
  source: string,
  fields: WhereFields<T>,
  entityName: string,
): (record: T) => boolean {
  const ast = parseWhere(source);
  const byLower = new Map(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v] as const));
  const fieldFor = (path: string, text: string): WhereField<T> => {
    const field = byLower.get(path.toLowerCase());
    if (!field) {
      throw new NotImplementedByEmulator(
        `where clause '${text}': field '${path}' on ${entityName} is not supported by the emulator (supported: ${Object.keys(fields).join(', ')})`,
      );
    }
    return field;
  };
  const build = (node: WhereNode): ((record: T) => boolean) => {
    switch (node.type) {
      case 'and': {
        const l = build(node.left);
        const r = build(node.right);
        return (rec) => l(rec) && r(rec);
      }
      case 'or': {
        const l = build(node.left);
        const r = build(node.right);
        return (rec) => l(rec) || r(rec);
      }
      case 'not': {
        const inner = build(node.operand);
        return (rec) => !inner(rec);
      }
      case 'call': {
        const field = fieldFor(node.path, node.text);
        if (field.type !== 'string') {
          throw new QueryParseFailure(
            `No applicable method '${node.method}' exists in type '${FIELD_TYPE_NAMES[field.type]}'`,
          );
        }
        const needle = node.argument.toLowerCase();
        return (rec) => {
          const value = toComparable('string', field.get(rec));
          if (typeof value !== 'string') return false;
          if (node.method === 'contains') return value.includes(needle);
          if (node.method === 'startswith') return value.startsWith(needle);
          return value.endsWith(needle);
        };
      }
      case 'compare': {
        const field = fieldFor(node.path, node.text);
        if (!compatible(field.type, node.value.kind)) {
          throw new QueryParseFailure(
            `Operator '${node.op}' incompatible with operand types '${FIELD_TYPE_NAMES[field.type]}' and '${LITERAL_TYPE_NAMES[node.value.kind]}'`,
          );
        }
        const expected = literalComparable(node.value);
        const op = node.op;
        if (expected === undefined && op !== '==' && op !== '!=') {
          throw new QueryParseFailure(`Operator '${op}' cannot be applied to null`);
        }
        return (rec) => {
          const actual = toComparable(field.type, field.get(rec));
          if (op === '==') return actual === expected;
          if (op === '!=') return actual !== expected;
          if (actual === undefined || expected === undefined) return false;
          if (op === '>') return actual > expected;
          if (op === '>=') return actual >= expected;
          if (op === '<') return actual < expected;
          return actual <= expected;
        };
      }
    }
  };
  return build(ast);
}
