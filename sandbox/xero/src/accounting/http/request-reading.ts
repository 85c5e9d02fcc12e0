/**
 * Reading a request as Xero does: query parameter names case-insensitively (unknown ones are refused with a 501
 * naming them), comma-separated lists (`IDs=a,b`, as xero-node sends arrays), and body elements either wrapped
 * (`{"Invoices":[…]}`) or bare (`{…}` for a single element, as Xero allows).
 */
import { NotImplementedByEmulator, PostDataInvalid, QueryParseFailure } from '../domain/accounting-errors';
import { isGuid } from '../domain/deterministic-id';
import type { WireObject } from '../domain/records';
import { isWireObject } from '../domain/wire-input';

export class QueryReader {
  private readonly values = new Map<string, string>();

  constructor(raw: Record<string, unknown>, allowed: readonly string[], endpoint: string) {
    const allowedLower = new Set(allowed.map((a) => a.toLowerCase()));
    for (const [name, value] of Object.entries(raw)) {
      if (!allowedLower.has(name.toLowerCase())) {
        throw new NotImplementedByEmulator(
          `query parameter '${name}' is not supported on ${endpoint}${allowed.length ? ` (supported: ${allowed.join(', ')})` : ''}`,
        );
      }
      this.values.set(name.toLowerCase(), Array.isArray(value) ? value.map(String).join(',') : String(value));
    }
  }

  string(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  bool(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
    throw new QueryParseFailure(`The value '${value}' is not valid for ${name} (true or false)`);
  }

  int(name: string, min: number): number | undefined {
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new QueryParseFailure(
        `The value '${value}' is not valid for ${name} (an integer of at least ${min})`,
      );
    return n;
  }

  list(name: string): string[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  }

  guids(name: string): string[] | undefined {
    const ids = this.list(name);
    for (const id of ids ?? []) {
      if (!isGuid(id)) throw new QueryParseFailure(`'${id}' in ${name} is not a valid GUID`);
    }
    return ids?.map((id) => id.toLowerCase());
  }

  /** `unitdp=4` opts in to 4 decimal places on unit amounts; anything else means Xero's default of 2. */
  unitDp(): 2 | 4 {
    return this.string('unitdp') === '4' ? 4 : 2;
  }

  /** summarizeErrors defaults to true (OAS components.parameters.summarizeErrors). */
  summarize(): boolean {
    return this.bool('summarizeErrors') ?? true;
  }
}

/** The elements of a write body: `{<Collection>:[…]}` or one bare element. */
export function elementsOf(body: unknown, collection: string, singular: string): WireObject[] {
  if (!isWireObject(body)) {
    throw new PostDataInvalid('The request body must be a JSON object.', 'PostDataInvalidException');
  }
  const key = Object.keys(body).find((k) => k.toLowerCase() === collection.toLowerCase());
  if (key !== undefined) {
    const list = body[key];
    if (!Array.isArray(list) || !list.every(isWireObject)) {
      throw new PostDataInvalid(
        `${collection} must be an array of ${singular} objects.`,
        'PostDataInvalidException',
      );
    }
    if (list.length === 0) throw noData(singular);
    return list;
  }
  if (Object.keys(body).length === 0) throw noData(singular);
  return [body];
}

function noData(singular: string): PostDataInvalid {
  // Xero's NoDataProcessedException text, typo included ("specifed") [xero-php-oauth2#66; xeroizer#403].
  return new PostDataInvalid(
    `No data has been processed for this endpoint. This endpoint is expecting ${singular} data to be specifed in the request body.`,
    'NoDataProcessedException',
  );
}

/** POST /{Collection}/{id} updates exactly one element. */
export function singleElement(body: unknown, collection: string, singular: string): WireObject[] {
  const elements = elementsOf(body, collection, singular);
  if (elements.length !== 1) {
    throw new PostDataInvalid(
      `Updating one ${singular} by id takes exactly one ${singular} element; ${elements.length} were sent.`,
    );
  }
  return elements;
}
