import type { WdlValue } from './values';

/**
 * The storage of an Array variable that "Append to array variable" grows. Copying the array on every append and
 * keeping each copy in the run history (the action's outputs show the variable after the append) costs the square
 * of the number of appends in time and memory. Here the variable owns one buffer that only ever grows, and every
 * value handed out (to the history, to `variables()`) is an immutable view of the buffer's first `length` items: a
 * snapshot in O(1) that later appends cannot change, because positions below `length` are never written again.
 *
 * A view is a Proxy over an empty array with the array's own prototype, so `Array.isArray`, indexing, `length`,
 * iteration, spreading, the Array methods and `JSON.stringify` all behave as on a plain array. Writing to a view
 * throws: WDL values are never changed in place. (`util.inspect` shows a view's empty target; use `toPlainJson`.)
 */
export class AppendOnlyArray {
  private buffer: WdlValue[];
  /** False while the buffer is the value the variable was set to: somebody else may hold it, copy before a push. */
  private owned = false;
  private current: WdlValue[] | undefined;

  constructor(initial: readonly WdlValue[]) {
    this.buffer = initial as WdlValue[];
  }

  /** The variable's value now: the initial array until the first append, then a view of the buffer. */
  get value(): WdlValue[] {
    if (!this.owned) return this.buffer;
    this.current ??= prefixView(this.buffer, this.buffer.length);
    return this.current;
  }

  /** Appends one item and returns the new value (a view that stays as it is whatever is appended later). */
  append(item: WdlValue): WdlValue[] {
    if (!this.owned) {
      this.buffer = Array.from(this.buffer);
      this.owned = true;
    }
    this.buffer.push(item);
    this.current = undefined;
    return this.value;
  }
}

interface ViewSource {
  buffer: readonly WdlValue[];
  length: number;
}

const sources = new WeakMap<object, ViewSource>();

/** The buffer and length behind a view, or undefined for any other value (history serialisation links views). */
export function prefixViewSource(value: unknown): ViewSource | undefined {
  return typeof value === 'object' && value !== null ? sources.get(value) : undefined;
}

function arrayIndex(key: string | symbol): number | undefined {
  if (typeof key !== 'string' || key === '' || (key.length > 1 && key[0] === '0')) return undefined;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1 ? n : undefined;
}

function immutable(): never {
  throw new TypeError('A value of the flow run cannot be changed in place.');
}

/** An immutable array of the first `length` items of `buffer`, which must never change below `length`. */
export function prefixView(buffer: readonly WdlValue[], length: number): WdlValue[] {
  const handler: ProxyHandler<WdlValue[]> = {
    get(target, key, receiver) {
      if (key === 'length') return length;
      const i = arrayIndex(key);
      if (i !== undefined) return i < length ? buffer[i] : undefined;
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const i = arrayIndex(key);
      if (i !== undefined) return i < length;
      return Reflect.has(target, key);
    },
    ownKeys() {
      const keys: string[] = [];
      for (let i = 0; i < length; i++) keys.push(String(i));
      keys.push('length');
      return keys;
    },
    getOwnPropertyDescriptor(_target, key) {
      if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
      const i = arrayIndex(key);
      if (i === undefined || i >= length) return undefined;
      return { value: buffer[i], writable: false, enumerable: true, configurable: true };
    },
    set: immutable,
    defineProperty: immutable,
    deleteProperty: immutable,
    setPrototypeOf: immutable,
  };
  const view = new Proxy<WdlValue[]>([], handler);
  sources.set(view, { buffer, length });
  return view;
}
