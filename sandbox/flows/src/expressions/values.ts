/**
 * The value model of the Workflow Definition Language: JSON values, with two additions the language needs and plain
 * JavaScript numbers cannot express:
 * - `FloatNumber` marks a Float whose value happens to be integral (`5.0`, `float('10')`), because WDL keeps Integer vs
 *   Float apart (`div(10, 4)` is 2 but `div(10.0, 4)` is 2.5; FUNCREF div). Non-integral floats stay plain numbers.
 * - `bigint` carries Integers beyond 2^53 (`ticks()` of any modern date is about 6.3e17). Integers inside the safe range
 *   are always plain numbers; `normalizeInteger` keeps that invariant.
 */
export class FloatNumber {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

export type WdlValue =
  null | string | number | bigint | boolean | FloatNumber | WdlValue[] | { [key: string]: WdlValue };

export type WdlObject = { [key: string]: WdlValue };

export type WdlTypeName = 'Null' | 'String' | 'Integer' | 'Float' | 'Boolean' | 'Array' | 'Object';

export function typeName(value: unknown): WdlTypeName {
  if (value === null || value === undefined) return 'Null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'bigint') return 'Integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (value instanceof FloatNumber) return 'Float';
  if (Array.isArray(value)) return 'Array';
  return 'Object';
}

export function isObject(value: unknown): value is WdlObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof FloatNumber)
  );
}

export function isNumber(value: unknown): value is number | bigint | FloatNumber {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof FloatNumber;
}

export function isInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

/** A Float result: integral values are tagged so later arithmetic still treats them as Float. */
export function makeFloat(n: number): number | FloatNumber {
  return Number.isInteger(n) ? new FloatNumber(n) : n;
}

export function normalizeInteger(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

export function toJsNumber(value: number | bigint | FloatNumber): number {
  if (value instanceof FloatNumber) return value.value;
  return Number(value);
}

/** .NET's invariant `double.ToString()` spelling: exponents as `E+21` / `E-07`, no `+` lost. */
export function formatInvariantNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const text = String(n);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[3]!.length < 2 ? `0${m[3]}` : m[3];
  return `${m[1]}E${m[2]}${digits}`;
}

/**
 * Text of a value where a string is expected (interpolation `@{…}`, `string()`, `concat()`): null is '', booleans are
 * the .NET `True`/`False` (Azure/logicapps#414), numbers invariant, objects and arrays compact JSON (flow-runner §1.4).
 */
export function stringify(value: WdlValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatInvariantNumber(value);
  if (value instanceof FloatNumber) return formatInvariantNumber(value.value);
  return toJsonText(value);
}

const bigintMarker = '~wdl-bigint-7f3a~';

/** Compact JSON of a WDL value (bigint kept exact, tagged floats as numbers). */
export function toJsonText(value: WdlValue | undefined, indent?: number): string {
  const placeholders: string[] = [];
  const text = JSON.stringify(
    value ?? null,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') {
        placeholders.push(v.toString());
        return `${bigintMarker}${placeholders.length - 1}${bigintMarker}`;
      }
      return v;
    },
    indent,
  );
  if (placeholders.length === 0) return text;
  return text.replace(
    new RegExp(`"${bigintMarker}(\\d+)${bigintMarker}"`, 'g'),
    (_m, i: string) => placeholders[Number(i)]!,
  );
}

/** Plain JSON (for history output and connectors): tagged floats become numbers, bigints stay exact via toJsonText. */
export function toPlainJson(value: WdlValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value instanceof FloatNumber) return value.value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map((v) => toPlainJson(v));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlainJson(v);
    return out;
  }
  return value;
}

/** Imports plain JSON (connector responses, trigger bodies, run configuration) into the value model. */
export function fromJson(value: unknown): WdlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (typeof value === 'number') return value;
  if (value instanceof FloatNumber) return value;
  if (Array.isArray(value)) return value.map((v) => fromJson(v));
  if (typeof value === 'object') {
    const out: WdlObject = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = fromJson(v);
    }
    return out;
  }
  return stringify(String(value));
}

/** Deep equality as `equals()` and Switch use it; numbers compare by value across Integer/Float (FUNCREF equals). */
export function deepEquals(a: WdlValue, b: WdlValue): boolean {
  if (isNumber(a) && isNumber(b)) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      const x = toJsNumber(a);
      const y = toJsNumber(b);
      if (!Number.isInteger(x) || !Number.isInteger(y)) return false;
      return BigInt(typeof a === 'bigint' ? a : x) === BigInt(typeof b === 'bigint' ? b : y);
    }
    return toJsNumber(a) === toJsNumber(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEquals(v, b[i]!));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEquals(a[k]!, b[k]!))
    );
  }
  return a === b;
}

export function cloneValue<T extends WdlValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneValue(v)) as T;
  if (isObject(value)) {
    const out: WdlObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneValue(v);
    return out as T;
  }
  return value;
}
