/**
 * Errors of the expression layer. `ExpressionError` is what Power Automate reports as an InvalidTemplate failure of the
 * action; `NotImplementedError` means the runner lacks a construct Power Automate has — the run must stop and say so,
 * never pass silently.
 */
export type ExpressionErrorCode =
  | 'InvalidTemplate'
  | 'UnrecognizedExpression'
  | 'StringLiteralNotTerminated'
  | 'UnexpectedCharacter'
  | 'MisusedDoubleQuotes'
  | 'TokenNotFound'
  | 'EmptyValue'
  | 'LimitExceeded';

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly code: ExpressionErrorCode = 'InvalidTemplate',
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

export class NotImplementedError extends Error {
  constructor(
    /** What is missing, e.g. "template language function 'xpath'" or "action type 'Liquid'". */
    readonly construct: string,
    detail?: string,
  ) {
    super(`The flow runner does not implement the ${construct}${detail ? `: ${detail}` : ''}.`);
    this.name = 'NotImplementedError';
  }
}

const usage = 'Please see https://aka.ms/logicexpressions for usage details.';

export function usageFor(fn?: string): string {
  return fn ? `Please see https://aka.ms/logicexpressions#${fn.toLowerCase()} for usage details.` : usage;
}

const ordinals = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

export function ordinal(index: number): string {
  return ordinals[index] ?? `${index + 1}th`;
}
