/**
 * Money in the record's currency. The platform's `formatted` value of a Currency column is already in the record's
 * currency, so it is used unless a currency symbol or ISO code was configured (then formatCurrency with that symbol).
 */
export function formatMoney(
  formatting: ComponentFramework.Formatting,
  amount: ComponentFramework.PropertyTypes.NumberProperty | undefined,
  currencySymbol: string | undefined,
): string | undefined {
  const raw = amount?.raw;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return undefined;
  const precision = currencyPrecision(amount);
  const symbol = currencySymbol?.trim();
  if (symbol) return formatting.formatCurrency(raw, precision, symbol);
  if (amount?.formatted) return amount.formatted;
  return formatting.formatCurrency(raw, precision);
}

/**
 * The size of an amount without its sign, in the record's currency (a credit of -150 reads "£150.00"). The platform's
 * `formatted` value follows the user's negative-number format, which may be `-£150.00`, `£-150.00`, `(£150.00)` or
 * `£150.00-`; none of those signs is part of a currency symbol or a number, so they are removed rather than
 * formatting the magnitude again without knowing the record's currency symbol.
 */
export function formatMoneyMagnitude(
  formatting: ComponentFramework.Formatting,
  amount: ComponentFramework.PropertyTypes.NumberProperty | undefined,
  currencySymbol: string | undefined,
): string | undefined {
  if (!amount || typeof amount.raw !== 'number' || !Number.isFinite(amount.raw)) return undefined;
  const symbol = currencySymbol?.trim();
  if (symbol || !amount.formatted) {
    return formatMoney(formatting, { ...amount, raw: Math.abs(amount.raw), formatted: '' }, symbol);
  }
  return amount.formatted
    .replace(/[-\u2212()]/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function currencyPrecision(amount: ComponentFramework.PropertyTypes.NumberProperty | undefined): number {
  const precision = (amount?.attributes as { Precision?: unknown } | undefined)?.Precision;
  return typeof precision === 'number' && precision >= 0 && precision <= 10 ? precision : 2;
}

/** A Date from a DateTime property, or undefined when empty or invalid. */
export function dateValue(
  property: ComponentFramework.PropertyTypes.DateTimeProperty | undefined,
): Date | undefined {
  const raw = property?.raw as unknown;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : raw;
  if (typeof raw === 'string' && raw) {
    const parsed = new Date(raw);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  return undefined;
}

/** Date and time in the user's format (short date plus time). */
export function formatDateTime(formatting: ComponentFramework.Formatting, value: Date): string {
  return formatting.formatDateShort(value, true);
}

/** Trimmed text of a string property, or undefined when empty. */
export function textValue(
  property: ComponentFramework.PropertyTypes.StringProperty | undefined,
): string | undefined {
  const raw = property?.raw;
  return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
}
