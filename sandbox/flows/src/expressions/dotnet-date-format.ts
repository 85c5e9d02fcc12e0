import type { Timestamp } from './timestamp';

/**
 * .NET date and time format strings (learn.microsoft.com/dotnet/standard/base-types/standard-date-and-time-format-strings
 * and .../custom-date-and-time-format-strings), which every WDL date function uses. Standard one-letter formats are
 * expanded with en-US patterns; culture-invariant ones (o, r, s, u) work for any locale. Day and month names of other
 * locales come from Intl.
 */
export class DateFormatError extends Error {}

const enUsStandard: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
};
const invariantStandard: Record<string, string> = {
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
};

const enMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const enDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function isEnglish(locale: string): boolean {
  return /^en(-|$)/i.test(locale) || locale === '';
}

function names(locale: string, ts: Timestamp, what: 'month' | 'weekday', width: 'long' | 'short'): string {
  const js = new Date(Date.UTC(ts.wall.year, ts.wall.month - 1, ts.wall.day));
  if (isEnglish(locale)) {
    const full = what === 'month' ? enMonths[ts.wall.month - 1]! : enDays[js.getUTCDay()]!;
    return width === 'long' ? full : full.slice(0, 3);
  }
  try {
    const text = new Intl.DateTimeFormat(locale, { [what]: width, timeZone: 'UTC' }).format(js);
    return text.replace(/\.$/, '');
  } catch {
    throw new DateFormatError(`Culture '${locale}' is not supported.`);
  }
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

export function formatTimestamp(ts: Timestamp, format: string | undefined, locale = 'en-US'): string {
  let pattern = format === undefined || format === '' ? 'o' : format;
  let value = ts;
  if (pattern.length === 1) {
    const invariant = invariantStandard[pattern];
    const english = enUsStandard[pattern];
    if (invariant) {
      pattern = invariant;
      if ('rRu'.includes(format!)) value = { ...ts, kind: 'utc' };
    } else if (english) {
      if (!isEnglish(locale)) {
        throw new DateFormatError(
          `The standard format '${pattern}' for culture '${locale}' is not supported by the flow runner (only en-* cultures).`,
        );
      }
      pattern = english;
    } else {
      throw new DateFormatError(
        `The format '${pattern}' is not a valid .NET standard date and time format string.`,
      );
    }
  }
  return formatCustom(value, pattern, locale);
}

function formatCustom(ts: Timestamp, pattern: string, locale: string): string {
  const w = ts.wall;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'" || c === '"') {
      const end = pattern.indexOf(c, i + 1);
      if (end < 0)
        throw new DateFormatError(`Cannot find a matching quote character for the character '${c}'.`);
      out += pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= pattern.length)
        throw new DateFormatError('Invalid escape at the end of the format string.');
      out += pattern[i + 1];
      i += 2;
      continue;
    }
    if (c === '%') {
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    i += n;
    switch (c) {
      case 'y':
        out += n <= 2 ? pad(w.year % 100, n) : pad(w.year, n);
        break;
      case 'M':
        out += n <= 2 ? pad(w.month, n) : names(locale, ts, 'month', n === 3 ? 'short' : 'long');
        break;
      case 'd':
        out += n <= 2 ? pad(w.day, n) : names(locale, ts, 'weekday', n === 3 ? 'short' : 'long');
        break;
      case 'h':
        out += pad(w.hour % 12 === 0 ? 12 : w.hour % 12, Math.min(n, 2));
        break;
      case 'H':
        out += pad(w.hour, Math.min(n, 2));
        break;
      case 'm':
        out += pad(w.minute, Math.min(n, 2));
        break;
      case 's':
        out += pad(w.second, Math.min(n, 2));
        break;
      case 'f':
      case 'F': {
        if (n > 7)
          throw new DateFormatError('Input string was not in a correct format: too many fraction digits.');
        const digits = (pad(w.millisecond, 3) + pad(ts.subTicks, 4)).slice(0, n);
        if (c === 'f') {
          out += digits;
        } else {
          const trimmed = digits.replace(/0+$/, '');
          if (trimmed === '' && out.endsWith('.')) out = out.slice(0, -1);
          out += trimmed;
        }
        break;
      }
      case 't': {
        const am = w.hour < 12;
        const text = isEnglish(locale) ? (am ? 'AM' : 'PM') : '';
        out += n === 1 ? text.slice(0, 1) : text;
        break;
      }
      case 'K':
        out += ts.kind === 'utc' ? 'Z' : '';
        break;
      case 'z':
        // The runtime's local zone is UTC, so unspecified times format as +00:00 too.
        out += n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
        break;
      case 'g':
        out += 'A.D.';
        break;
      case ':':
        out += ':'.repeat(n);
        break;
      case '/':
        out += '/'.repeat(n);
        break;
      default:
        out += c.repeat(n);
    }
  }
  return out;
}
