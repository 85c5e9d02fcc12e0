import { DateTime, type DurationLikeObject } from 'luxon';
import { DateFormatError, formatTimestamp } from '../dotnet-date-format';
import type { CallContext } from '../evaluator';
import {
  fromDate,
  ianaZone,
  parseTimestamp,
  ticksOf,
  utcToWall,
  wallToUtc,
  type Timestamp,
} from '../timestamp';
import { normalizeInteger, type WdlValue } from '../values';
import { define, fail, num, optStr, str, type FunctionDefinition } from './args';

/**
 * Date and time functions (FUNCREF "Date and time functions"; flow-runner.md §2.6). Every result is a string in the
 * .NET "o" format unless a format is given; time zones are Windows IDs mapped to IANA.
 */

function timestampArg(ctx: CallContext, args: WdlValue[], index: number): Timestamp {
  const text = str(ctx, args, index);
  const ts = parseTimestamp(text);
  if (!ts) {
    fail(
      ctx,
      `expects its ${index === 0 ? 'first' : 'second'} parameter to be a string that contains a time. The provided value '${text}' is not a valid time in ISO 8601 format.`,
    );
  }
  return ts;
}

function format(ctx: CallContext, ts: Timestamp, fmt: string | undefined, locale?: string): string {
  try {
    return formatTimestamp(ts, fmt, locale);
  } catch (e) {
    if (e instanceof DateFormatError) {
      return fail(
        ctx,
        `was given a format that is not valid: ${e.message} The format must be a .NET date and time format string.`,
      );
    }
    throw e;
  }
}

function zone(ctx: CallContext, id: string): string {
  const iana = ianaZone(id);
  if (!iana) {
    fail(
      ctx,
      `was given the time zone '${id}', which is not a valid Windows time zone ID (for example 'Pacific Standard Time').`,
    );
  }
  return iana;
}

const units: Record<string, keyof DurationLikeObject> = {
  second: 'seconds',
  minute: 'minutes',
  hour: 'hours',
  day: 'days',
  week: 'weeks',
  month: 'months',
  year: 'years',
};

function unitOf(ctx: CallContext, unit: string): keyof DurationLikeObject {
  const u = units[unit.toLowerCase()];
  if (!u)
    fail(
      ctx,
      `was given the time unit '${unit}'; it must be one of Second, Minute, Hour, Day, Week, Month, Year.`,
    );
  return u;
}

const fixedUnitMs: Partial<Record<keyof DurationLikeObject, number>> = {
  seconds: 1000,
  minutes: 60000,
  hours: 3600000,
  days: 86400000,
  weeks: 604800000,
};

function shift(ctx: CallContext, ts: Timestamp, amount: number, unit: keyof DurationLikeObject): Timestamp {
  const ms = fixedUnitMs[unit];
  if (ms !== undefined) {
    // .NET AddDays(1.5) adds 36 hours; the wall time is UTC-based, so fixed lengths are exact. Sub-millisecond
    // remainders go into the 100-ns ticks.
    const total = amount * ms;
    const whole = Math.trunc(total);
    let subTicks = ts.subTicks + Math.round((total - whole) * 10000);
    const carry = Math.floor(subTicks / 10000);
    subTicks -= carry * 10000;
    return { ...ts, wall: ts.wall.plus({ milliseconds: whole + carry }), subTicks };
  }
  // .NET AddMonths/AddYears take whole numbers and clamp to the month's end, as luxon does.
  if (!Number.isInteger(amount)) fail(ctx, `expects a whole number of ${unit}; '${amount}' is not one.`);
  return { ...ts, wall: ts.wall.plus({ [unit]: amount }) };
}

function adder(name: string, unit: keyof DurationLikeObject): FunctionDefinition {
  return define(name, 2, 3, (args, ctx) =>
    format(ctx, shift(ctx, timestampArg(ctx, args, 0), num(ctx, args, 1), unit), optStr(ctx, args, 2)),
  );
}

function startOf(name: string, unit: 'day' | 'hour' | 'month'): FunctionDefinition {
  return define(name, 1, 2, (args, ctx) => {
    const ts = timestampArg(ctx, args, 0);
    return format(ctx, { ...ts, wall: ts.wall.startOf(unit), subTicks: 0 }, optStr(ctx, args, 1));
  });
}

function timeSpan(totalTicks: bigint): string {
  const negative = totalTicks < 0n;
  let t = negative ? -totalTicks : totalTicks;
  const fraction = t % 10000000n;
  t /= 10000000n;
  const seconds = t % 60n;
  t /= 60n;
  const minutes = t % 60n;
  t /= 60n;
  const hours = t % 24n;
  const days = t / 24n;
  const p = (v: bigint) => v.toString().padStart(2, '0');
  return `${negative ? '-' : ''}${days > 0n ? `${days}.` : ''}${p(hours)}:${p(minutes)}:${p(seconds)}${
    fraction > 0n ? `.${fraction.toString().padStart(7, '0')}` : ''
  }`;
}

function parseWithLocale(
  ctx: CallContext,
  text: string,
  locale: string | undefined,
  fmt: string | undefined,
): Timestamp {
  if (fmt !== undefined) {
    // Supports the numeric custom specifiers (yyyy, MM, M, dd, d, HH, H, hh, h, mm, ss, fff, tt); anything else stops.
    const luxonFormat = fmt.replace(/yyyy|MM|M|dd|d|HH|H|hh|h|mm|ss|fffffff|fff|tt|'[^']*'/g, (token) => {
      const map: Record<string, string> = {
        yyyy: 'yyyy',
        MM: 'MM',
        M: 'M',
        dd: 'dd',
        d: 'd',
        HH: 'HH',
        H: 'H',
        hh: 'hh',
        h: 'h',
        mm: 'mm',
        ss: 'ss',
        fff: 'SSS',
        tt: 'a',
      };
      if (token.startsWith("'")) return token;
      const mapped = map[token];
      if (!mapped) fail(ctx, `was given the format '${fmt}', which the flow runner cannot parse with.`);
      return mapped;
    });
    const parsed = DateTime.fromFormat(text, luxonFormat, { zone: 'utc', locale: locale ?? 'en-US' });
    if (!parsed.isValid) fail(ctx, `could not parse '${text}' with the format '${fmt}'.`);
    return { wall: parsed, subTicks: 0, kind: 'unspecified' };
  }
  const iso = parseTimestamp(text);
  if (iso && /^\d{4}-/.test(text.trim())) return iso;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  const dayFirst = locale !== undefined && !/^en-us$/i.test(locale) && !/^en$/i.test(locale);
  if (m) {
    const [a, b] = [+m[1]!, +m[2]!];
    const wall = DateTime.fromObject(
      {
        year: +m[3]!,
        month: dayFirst ? b : a,
        day: dayFirst ? a : b,
        hour: +(m[4] ?? 0),
        minute: +(m[5] ?? 0),
        second: +(m[6] ?? 0),
      },
      { zone: 'utc' },
    );
    if (wall.isValid) return { wall, subTicks: 0, kind: 'unspecified' };
  }
  if (iso) return iso;
  return fail(ctx, `could not parse '${text}' as a date and time${locale ? ` in culture '${locale}'` : ''}.`);
}

export const dateTimeFunctions: FunctionDefinition[] = [
  define('utcNow', 0, 1, (args, ctx) => format(ctx, fromDate(ctx.now()), optStr(ctx, args, 0))),
  adder('addDays', 'days'),
  adder('addHours', 'hours'),
  adder('addMinutes', 'minutes'),
  adder('addSeconds', 'seconds'),
  define('addToTime', 3, 4, (args, ctx) =>
    format(
      ctx,
      shift(ctx, timestampArg(ctx, args, 0), num(ctx, args, 1), unitOf(ctx, str(ctx, args, 2))),
      optStr(ctx, args, 3),
    ),
  ),
  define('subtractFromTime', 3, 4, (args, ctx) =>
    format(
      ctx,
      shift(ctx, timestampArg(ctx, args, 0), -num(ctx, args, 1), unitOf(ctx, str(ctx, args, 2))),
      optStr(ctx, args, 3),
    ),
  ),
  define('getFutureTime', 2, 3, (args, ctx) =>
    format(
      ctx,
      shift(ctx, fromDate(ctx.now()), num(ctx, args, 0), unitOf(ctx, str(ctx, args, 1))),
      optStr(ctx, args, 2),
    ),
  ),
  define('getPastTime', 2, 3, (args, ctx) =>
    format(
      ctx,
      shift(ctx, fromDate(ctx.now()), -num(ctx, args, 0), unitOf(ctx, str(ctx, args, 1))),
      optStr(ctx, args, 2),
    ),
  ),
  define('formatDateTime', 1, 3, (args, ctx) =>
    format(ctx, timestampArg(ctx, args, 0), optStr(ctx, args, 1), optStr(ctx, args, 2)),
  ),
  define('parseDateTime', 1, 3, (args, ctx) =>
    format(ctx, parseWithLocale(ctx, str(ctx, args, 0), optStr(ctx, args, 1), optStr(ctx, args, 2)), 'o'),
  ),
  startOf('startOfDay', 'day'),
  startOf('startOfHour', 'hour'),
  startOf('startOfMonth', 'month'),
  define('convertFromUtc', 2, 3, (args, ctx) => {
    const ts = timestampArg(ctx, args, 0);
    return format(ctx, utcToWall({ ...ts, kind: 'utc' }, zone(ctx, str(ctx, args, 1))), optStr(ctx, args, 2));
  }),
  define('convertToUtc', 2, 3, (args, ctx) => {
    const ts = timestampArg(ctx, args, 0);
    const source = zone(ctx, str(ctx, args, 1));
    const utc = ts.kind === 'utc' ? ts : wallToUtc(ts, source);
    return format(ctx, utc, optStr(ctx, args, 2));
  }),
  define('convertTimeZone', 3, 4, (args, ctx) => {
    const ts = timestampArg(ctx, args, 0);
    const source = zone(ctx, str(ctx, args, 1));
    const target = zone(ctx, str(ctx, args, 2));
    const utc = ts.kind === 'utc' ? ts : wallToUtc(ts, source);
    return format(ctx, utcToWall(utc, target), optStr(ctx, args, 3));
  }),
  define('dayOfWeek', 1, 1, (args, ctx) => timestampArg(ctx, args, 0).wall.weekday % 7),
  define('dayOfMonth', 1, 1, (args, ctx) => timestampArg(ctx, args, 0).wall.day),
  define('dayOfYear', 1, 1, (args, ctx) => timestampArg(ctx, args, 0).wall.ordinal),
  define('ticks', 1, 1, (args, ctx) => normalizeInteger(ticksOf(timestampArg(ctx, args, 0)))),
  define('dateDifference', 2, 2, (args, ctx) =>
    timeSpan(ticksOf(timestampArg(ctx, args, 1)) - ticksOf(timestampArg(ctx, args, 0))),
  ),
];
