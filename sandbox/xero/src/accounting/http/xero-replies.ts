/**
 * Xero's response shapes (reference/xero-api.md sections 2 and 8): the `{Id, Status, ProviderName, DateTimeUTC}`
 * envelope with lowercase `pagination`, the 400 ValidationException, QueryParseException and
 * PostDataInvalidException bodies, the plain-text 404, and our 501 for what the emulator does not implement.
 */
import { newId } from '../domain/deterministic-id';
import type { WireObject } from '../domain/records';
import { msDateNoOffset } from '../domain/wire-dates';
import type { ElementResult } from '../books/organisation-books';
import type { Pagination } from '../query/list-query';

export interface RouteReply {
  status: number;
  json?: unknown;
  text?: string;
}

export interface EnvelopeContext {
  providerName: string;
  now: Date;
}

export function envelope(
  ctx: EnvelopeContext,
  collection: string,
  items: WireObject[],
  extra: { pagination?: Pagination; warnings?: string[] } = {},
): RouteReply {
  return {
    status: 200,
    json: {
      Id: newId(),
      Status: 'OK',
      ProviderName: ctx.providerName,
      DateTimeUTC: msDateNoOffset(ctx.now),
      ...(extra.pagination ? { pagination: extra.pagination } : {}),
      ...(extra.warnings?.length ? { Warnings: extra.warnings.map((Message) => ({ Message })) } : {}),
      [collection]: items,
    },
  };
}

export function validationException(elements: WireObject[]): RouteReply {
  return {
    status: 400,
    json: {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: elements,
    },
  };
}

function messages(errors: string[]): Array<{ Message: string }> {
  return errors.map((Message) => ({ Message }));
}

/**
 * The answer to a batch write. With summarizeErrors (default) any failure is a 400 listing only the failed
 * elements, each echoed as sent with its ValidationErrors; otherwise 200 with every element, each carrying
 * `StatusAttributeString` OK / WARNING / ERROR.
 */
export function batchReply<T>(
  ctx: EnvelopeContext,
  collection: string,
  results: ElementResult<T>[],
  summarize: boolean,
  toWire: (value: T) => WireObject,
  errorFlag: 'HasErrors' | 'HasValidationErrors' | undefined,
): RouteReply {
  if (summarize && results.some((r) => !r.ok)) {
    return validationException(
      results.flatMap((r) => (r.ok ? [] : [{ ...r.input, ValidationErrors: messages(r.errors) }])),
    );
  }
  return envelope(
    ctx,
    collection,
    results.map((r) =>
      r.ok
        ? {
            ...toWire(r.value),
            StatusAttributeString: r.warnings.length ? 'WARNING' : 'OK',
            ...(r.warnings.length ? { Warnings: messages(r.warnings) } : {}),
          }
        : {
            ...r.input,
            ...(errorFlag ? { [errorFlag]: true } : {}),
            StatusAttributeString: 'ERROR',
            ValidationErrors: messages(r.errors),
          },
    ),
  );
}

export function queryParseException(message: string): RouteReply {
  return { status: 400, json: { ErrorNumber: 16, Type: 'QueryParseException', Message: message } };
}

export function postDataInvalid(type: string, message: string): RouteReply {
  return {
    status: 400,
    json: { ErrorNumber: type === 'NoDataProcessedException' ? 17 : 14, Type: type, Message: message },
  };
}

/** Verbatim plain-text body of Xero's 404 (pyxero test notes: "verified response from the live API"). */
export const NOT_FOUND_TEXT = "The resource you're looking for cannot be found";

export function notFound(): RouteReply {
  return { status: 404, text: NOT_FOUND_TEXT };
}

export function notImplemented(detail: string): RouteReply {
  return {
    status: 501,
    json: { Type: null, Title: 'Not Implemented', Status: 501, Detail: `Xero emulator: ${detail}` },
  };
}
