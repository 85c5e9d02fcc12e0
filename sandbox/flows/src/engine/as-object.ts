/** A value as a plain object to read properties from; anything else (an array, a scalar, null) reads as `{}`. */
export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
