/**
 * Xero's JSON dates: MS-JSON `/Date(1539993600000+0000)/` for every date and timestamp, plus `DateString`-style
 * companions (`2018-10-20T00:00:00`, no zone) and `UpdatedDateUTCString` (ISO with Z), per the OAS examples
 * (reference/xero-api.md section 2). Document dates are calendar dates in the organisation's timezone; we keep
 * them as `YYYY-MM-DD` strings so no timezone arithmetic can shift them.
 */

export type CalendarDate = string; // YYYY-MM-DD

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `/Date(ms+0000)/` for a calendar date (midnight UTC, as Xero serialises document dates). */
export function msDateOfCalendarDate(date: CalendarDate): string {
  return `/Date(${Date.parse(`${date}T00:00:00Z`)}+0000)/`;
}

/** `/Date(ms+0000)/` for an instant. */
export function msDateOfInstant(instant: Date): string {
  return `/Date(${instant.getTime()}+0000)/`;
}

/** The envelope's `DateTimeUTC` has no offset suffix in Xero's examples: `/Date(1551981658323)/`. */
export function msDateNoOffset(instant: Date): string {
  return `/Date(${instant.getTime()})/`;
}

/** `2026-02-02T00:00:00`: the `DateString` / `DueDateString` companion. */
export function dateStringOf(date: CalendarDate): string {
  return `${date}T00:00:00`;
}

/** `2019-03-07T17:59:28Z`: `UpdatedDateUTCString` (seconds precision, as the OAS example). */
export function utcStringOf(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/**
 * Reads a document date as clients send it: `YYYY-MM-DD` (xero-node), an ISO timestamp (the date part is taken
 * as written), or MS-JSON. Returns undefined when the text is not a date.
 */
export function parseCalendarDate(value: unknown): CalendarDate | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const ms = MS_DATE.exec(text);
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  const iso = ISO_DATE.exec(text);
  if (!iso) return undefined;
  const [, y, m, d] = iso;
  const candidate = `${y}-${m}-${d}`;
  const check = new Date(`${candidate}T00:00:00Z`);
  return !Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === candidate
    ? candidate
    : undefined;
}

/** Reads an instant (If-Modified-Since header, ISO or RFC 1123 or MS-JSON). */
export function parseInstant(value: string): Date | undefined {
  const ms = MS_DATE.exec(value.trim());
  if (ms) return new Date(Number(ms[1]));
  // Xero treats a zone-less timestamp as UTC; Date.parse would read it as local time.
  const text = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim())
    ? `${value.trim()}Z`
    : value;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : new Date(parsed);
}

/** Xero's timezone names (OAS TimeZone enum) for the organisations we seed, mapped to IANA zones. */
const IANA_ZONES: Record<string, string> = {
  GMTSTANDARDTIME: 'Europe/London',
  GREENWICHSTANDARDTIME: 'Etc/GMT',
  UTC: 'UTC',
  NEWZEALANDSTANDARDTIME: 'Pacific/Auckland',
  AUSEASTERNSTANDARDTIME: 'Australia/Sydney',
  EASTERNSTANDARDTIME: 'America/New_York',
  PACIFICSTANDARDTIME: 'America/Los_Angeles',
  WEUROPESTANDARDTIME: 'Europe/Berlin',
  ROMANCESTANDARDTIME: 'Europe/Paris',
};

export function ianaZoneOf(xeroTimezone: string): string {
  const zone = IANA_ZONES[xeroTimezone.toUpperCase()];
  if (!zone) throw new Error(`Timezone '${xeroTimezone}' is not one the emulator maps to an IANA zone`);
  return zone;
}

/** The calendar date of an instant in a Xero timezone ("today" for the organisation). */
export function calendarDateIn(instant: Date, xeroTimezone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ianaZoneOf(xeroTimezone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Webhook `eventDateUtc`: ISO without the trailing Z (reference/xero-api.md section 10). */
export function webhookDateOf(instant: Date): string {
  return instant.toISOString().slice(0, -1);
}
