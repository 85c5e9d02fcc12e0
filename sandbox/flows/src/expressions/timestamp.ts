import { DateTime, FixedOffsetZone } from 'luxon';
import { findIana } from 'windows-iana';

/**
 * A .NET DateTime as the date/time functions see it: a wall-clock instant (held in a UTC-zoned luxon DateTime), the
 * 100-ns ticks below the millisecond luxon keeps, and the .NET `Kind` — `utc` (renders `Z` for `K`) or `unspecified`
 * (no offset: FUNCREF `formatDateTime('03/15/2018')` gives '2018-03-15T00:00:00.0000000', and `convertFromUtc`
 * results carry no offset).
 */
export interface Timestamp {
  wall: DateTime;
  subTicks: number;
  kind: 'utc' | 'unspecified';
}

const iso =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const us =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(AM|PM)?)?\s*(Z)?$/i;

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  fraction: string | undefined,
  offset: string | undefined,
): Timestamp | undefined {
  const f = (fraction ?? '').padEnd(7, '0');
  const ms = Number(f.slice(0, 3));
  const subTicks = Number(f.slice(3, 7));
  let wall = DateTime.fromObject(
    { year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms },
    { zone: 'utc' },
  );
  if (!wall.isValid) return undefined;
  if (offset === undefined) return { wall, subTicks, kind: 'unspecified' };
  if (offset.toUpperCase() !== 'Z') {
    // An explicit offset is converted to UTC [unverified: the runtime may keep the offset].
    const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
    const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
    wall = DateTime.fromObject(wall.toObject(), { zone: FixedOffsetZone.instance(minutes) }).setZone('utc');
  }
  return { wall, subTicks, kind: 'utc' };
}

export function parseTimestamp(text: string): Timestamp | undefined {
  const t = text.trim();
  let m = iso.exec(t);
  if (m) {
    return build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7], m[8]);
  }
  m = us.exec(t);
  if (m) {
    let hour = +(m[4] ?? 0);
    if (m[8]) hour = (hour % 12) + (m[8].toUpperCase() === 'PM' ? 12 : 0);
    return build(+m[3]!, +m[1]!, +m[2]!, hour, +(m[5] ?? 0), +(m[6] ?? 0), m[7], m[9]);
  }
  const rfc = DateTime.fromHTTP(t, { zone: 'utc' });
  if (rfc.isValid) return { wall: rfc.setZone('utc'), subTicks: 0, kind: 'utc' };
  return undefined;
}

export function fromDate(date: Date): Timestamp {
  return { wall: DateTime.fromJSDate(date, { zone: 'utc' }), subTicks: 0, kind: 'utc' };
}

/** Windows time zone ID (what Power Automate accepts) to an IANA zone, via the `windows-iana` mapping (CLDR data). */
export function ianaZone(windowsId: string): string | undefined {
  if (/^(UTC|Coordinated Universal Time)$/i.test(windowsId)) return 'UTC';
  const found = findIana(windowsId);
  return found?.[0];
}

/** Reads the wall time as local time in `zone` and returns the UTC instant. */
export function wallToUtc(ts: Timestamp, zone: string): Timestamp {
  const local = DateTime.fromObject(ts.wall.toObject(), { zone });
  return { wall: local.setZone('utc'), subTicks: ts.subTicks, kind: 'utc' };
}

/** The local wall time in `zone` of a UTC instant, as an unspecified-kind timestamp. */
export function utcToWall(ts: Timestamp, zone: string): Timestamp {
  const local = ts.wall.setZone(zone);
  const { year, month, day, hour, minute, second, millisecond } = local;
  return {
    wall: DateTime.fromObject({ year, month, day, hour, minute, second, millisecond }, { zone: 'utc' }),
    subTicks: ts.subTicks,
    kind: 'unspecified',
  };
}

const epochTicks = 621355968000000000n;

export function ticksOf(ts: Timestamp): bigint {
  return epochTicks + BigInt(ts.wall.toMillis()) * 10000n + BigInt(ts.subTicks);
}
