/**
 * Reads one PascalCase element of a request body into typed values, collecting a clear message per bad field
 * instead of failing on the first. Keys match case-insensitively, as Xero's JSON reader does.
 */
import { parseCalendarDate, type CalendarDate } from './wire-dates';
import type { WireObject } from './records';

export function isWireObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ElementReader {
  readonly errors: string[] = [];
  private readonly keys: Map<string, string>;

  constructor(readonly source: WireObject) {
    this.keys = new Map(Object.keys(source).map((k) => [k.toLowerCase(), k]));
  }

  has(key: string): boolean {
    const raw = this.raw(key);
    return raw !== undefined && raw !== null;
  }

  raw(key: string): unknown {
    const actual = this.keys.get(key.toLowerCase());
    return actual === undefined ? undefined : this.source[actual];
  }

  string(key: string, max?: number): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.errors.push(`${key} must be a string.`);
      return undefined;
    }
    const text = String(value);
    if (max !== undefined && text.length > max) {
      this.errors.push(`${key} must not be more than ${max} characters long.`);
      return undefined;
    }
    return text;
  }

  number(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (!Number.isFinite(n)) {
      this.errors.push(`${key} must be a number.`);
      return undefined;
    }
    return n;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.errors.push(`${key} must be true or false.`);
    return undefined;
  }

  date(key: string): CalendarDate | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || value === '') return undefined;
    const date = parseCalendarDate(value);
    if (!date) this.errors.push(`${key} '${String(value)}' is not a valid date (use YYYY-MM-DD).`);
    return date;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (!match) this.errors.push(`${key} '${value}' is not valid. Use one of: ${allowed.join(', ')}.`);
    return match;
  }

  object(key: string): WireObject | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (!isWireObject(value)) {
      this.errors.push(`${key} must be an object.`);
      return undefined;
    }
    return value;
  }

  objects(key: string): WireObject[] | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every(isWireObject)) {
      this.errors.push(`${key} must be an array of objects.`);
      return undefined;
    }
    return value;
  }
}
