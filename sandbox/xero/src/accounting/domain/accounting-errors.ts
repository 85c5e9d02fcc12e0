/**
 * Failures the accounting books raise, each mapped to one Xero response shape by http/error-responses.ts
 * (reference/xero-api.md section 8).
 */

/** One element failed Xero's validation: becomes an entry of a ValidationException's `Elements`. */
export class ElementValidationFailure extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join(' '));
    this.name = 'ElementValidationFailure';
  }
}

/** Unknown id or number in the path: Xero answers 404 with a plain-text body. */
export class ResourceNotFound extends Error {
  constructor(readonly what: string) {
    super(`${what} was not found`);
    this.name = 'ResourceNotFound';
  }
}

/** A request the emulator deliberately does not implement: 501 naming what was asked for. */
export class NotImplementedByEmulator extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'NotImplementedByEmulator';
  }
}

/** A malformed `where`/`order`/query value: Xero's 400 QueryParseException (ErrorNumber 16). */
export class QueryParseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryParseFailure';
  }
}

/** A body Xero cannot read at all: 400 PostDataInvalidException (ErrorNumber 14) or NoDataProcessed (17). */
export class PostDataInvalid extends Error {
  constructor(
    message: string,
    readonly kind: 'PostDataInvalidException' | 'NoDataProcessedException' = 'PostDataInvalidException',
  ) {
    super(message);
    this.name = 'PostDataInvalid';
  }
}
