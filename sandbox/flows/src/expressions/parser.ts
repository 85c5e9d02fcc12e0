import { ExpressionError } from './errors';
import { tokenize, type Token, type TokenKind } from './tokenizer';

/**
 * AST of one WDL expression. Grammar (flow-runner.md §1.2, mirroring the LogicAppsUX parser):
 *   expr    := literal | call deref*
 *   literal := STRING | INTEGER | FLOAT | null | true | false
 *   call    := IDENT '(' [expr {',' expr}] ')'
 *   deref   := ['?'] ('.' IDENT | '[' expr ']')
 */
export type Expression =
  | { kind: 'string'; value: string }
  | { kind: 'integer'; text: string }
  | { kind: 'float'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'call'; name: string; args: Expression[]; position: number }
  | { kind: 'member'; target: Expression; key: Expression; safe: boolean; dotted: boolean };

export const maxExpressionLength = 131072;

class Parser {
  private index = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }
  private next(): Token {
    return this.tokens[this.index++]!;
  }
  private unexpected(token: Token): never {
    if (token.kind === 'end') {
      throw new ExpressionError(
        `The template language expression '${this.source}' is not valid: the expression ends unexpectedly at position '${token.position}'.`,
        'TokenNotFound',
      );
    }
    throw new ExpressionError(
      `The template language expression '${this.source}' is not valid: the string character '${token.text[0]}' at position '${token.position}' is not expected.`,
      'UnexpectedCharacter',
    );
  }
  private expect(kind: TokenKind): Token {
    const token = this.next();
    if (token.kind !== kind) this.unexpected(token);
    return token;
  }

  parseRoot(): Expression {
    if (this.peek().kind === 'end') {
      throw new ExpressionError(`The template language expression '${this.source}' is empty.`, 'EmptyValue');
    }
    const expr = this.parseExpression();
    const rest = this.peek();
    if (rest.kind !== 'end') this.unexpected(rest);
    return expr;
  }

  private parseExpression(): Expression {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value! };
      case 'integer':
        return { kind: 'integer', text: token.text };
      case 'float':
        return { kind: 'float', text: token.text };
      case 'identifier': {
        const lower = token.text.toLowerCase();
        if (this.peek().kind !== '(') {
          if (lower === 'null') return { kind: 'null' };
          if (lower === 'true') return { kind: 'boolean', value: true };
          if (lower === 'false') return { kind: 'boolean', value: false };
          this.unexpected(token);
        }
        this.expect('(');
        const args: Expression[] = [];
        if (this.peek().kind !== ')') {
          for (;;) {
            args.push(this.parseExpression());
            const sep = this.next();
            if (sep.kind === ')') break;
            if (sep.kind !== ',') this.unexpected(sep);
          }
        } else {
          this.next();
        }
        return this.parseDerefs({ kind: 'call', name: token.text, args, position: token.position });
      }
      default:
        return this.unexpected(token);
    }
  }

  private parseDerefs(target: Expression): Expression {
    for (;;) {
      const token = this.peek();
      let safe = false;
      if (token.kind === '?') {
        const after = this.tokens[this.index + 1]!;
        if (after.kind !== '.' && after.kind !== '[') this.unexpected(after);
        safe = true;
        this.next();
      }
      const op = this.peek();
      if (op.kind === '.') {
        this.next();
        const name = this.next();
        if (name.kind !== 'identifier') this.unexpected(name);
        target = { kind: 'member', target, key: { kind: 'string', value: name.text }, safe, dotted: true };
      } else if (op.kind === '[') {
        this.next();
        const key = this.parseExpression();
        this.expect(']');
        target = { kind: 'member', target, key, safe, dotted: false };
      } else {
        return target;
      }
    }
  }
}

export function parseExpression(source: string): Expression {
  if (source.length > maxExpressionLength) {
    throw new ExpressionError(
      `The template language expression is ${source.length} characters long; the limit is ${maxExpressionLength}.`,
      'LimitExceeded',
    );
  }
  return new Parser(source, tokenize(source)).parseRoot();
}
