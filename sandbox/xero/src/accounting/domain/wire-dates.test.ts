import {
  calendarDateIn,
  dateStringOf,
  msDateNoOffset,
  msDateOfCalendarDate,
  parseCalendarDate,
  parseInstant,
  utcStringOf,
  webhookDateOf,
} from './wire-dates';

describe('Xero wire dates', () => {
  it('writes document dates as MS-JSON at midnight UTC with a DateString companion', () => {
    expect(msDateOfCalendarDate('2018-10-20')).toBe('/Date(1539993600000+0000)/');
    expect(dateStringOf('2026-02-02')).toBe('2026-02-02T00:00:00');
  });

  it('writes instants as the envelope, UpdatedDateUTCString and webhook formats', () => {
    const instant = new Date('2019-03-07T17:59:28.133Z');
    expect(msDateNoOffset(instant)).toBe('/Date(1551981568133)/');
    expect(utcStringOf(instant)).toBe('2019-03-07T17:59:28Z');
    expect(webhookDateOf(instant)).toBe('2019-03-07T17:59:28.133');
  });

  it('reads dates as clients send them and refuses impossible ones', () => {
    expect(parseCalendarDate('2026-02-02')).toBe('2026-02-02');
    expect(parseCalendarDate('2026-02-02T23:30:00+13:00')).toBe('2026-02-02');
    expect(parseCalendarDate('/Date(1539993600000+0000)/')).toBe('2018-10-20');
    expect(parseCalendarDate('2026-02-30')).toBeUndefined();
    expect(parseCalendarDate('next tuesday')).toBeUndefined();
  });

  it('reads If-Modified-Since as ISO (zone-less means UTC), RFC 1123 or MS-JSON', () => {
    expect(parseInstant('2026-01-02T03:04:05')?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(parseInstant('2026-01-02T03:04:05.000Z')?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(parseInstant('Fri, 02 Jan 2026 03:04:05 GMT')?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(parseInstant('/Date(1551981568133+0000)/')?.getTime()).toBe(1551981568133);
    expect(parseInstant('yesterday')).toBeUndefined();
  });

  it("takes 'today' in the organisation's timezone", () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST) but still 30 June in UTC.
    const lateJune = new Date('2026-06-30T23:30:00Z');
    expect(calendarDateIn(lateJune, 'GMTSTANDARDTIME')).toBe('2026-07-01');
    expect(calendarDateIn(lateJune, 'UTC')).toBe('2026-06-30');
    expect(() => calendarDateIn(lateJune, 'MARSSTANDARDTIME')).toThrow(/MARSSTANDARDTIME/);
  });
});
