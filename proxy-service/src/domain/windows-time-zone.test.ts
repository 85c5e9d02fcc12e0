/** Every time zone name in Xero's own OpenAPI spec becomes a Windows id that Power Automate (and CLDR) know. */
import fs from 'node:fs';
import { findIana } from 'windows-iana';
import { parse } from 'yaml';
import { referenceSpec } from '../../../scripts/reference-specs';
import { windowsTimeZoneOf } from './windows-time-zone';

const SPEC = referenceSpec('xero', 'xero_accounting.yaml');

function xeroTimeZoneNames(): string[] {
  const spec = parse(fs.readFileSync(SPEC, 'utf8')) as {
    components: { schemas: { TimeZone: { enum: string[] } } };
  };
  return spec.components.schemas.TimeZone.enum;
}

test("every name of Xero's TimeZone enum maps to a Windows id with an IANA zone", () => {
  const names = xeroTimeZoneNames();
  expect(names.length).toBeGreaterThan(100);
  const unmapped = names.filter((name) => {
    const windows = windowsTimeZoneOf(name);
    return !windows || findIana(windows).length === 0;
  });
  expect(unmapped).toEqual([]);
});

test.each([
  ['GMTSTANDARDTIME', 'GMT Standard Time'],
  ['NEWZEALANDSTANDARDTIME', 'New Zealand Standard Time'],
  ['CENTRALSTANDARDTIME(MEXICO)', 'Central Standard Time (Mexico)'],
  ['UTC+12', 'UTC+12'],
  ['UTC11', 'UTC-11'],
  ['KAMCHATKASTANDARDTIME', 'Russia Time Zone 11'],
])('%s → %s', (xero, windows) => {
  expect(windowsTimeZoneOf(xero)).toBe(windows);
});

test('an unknown or missing name gives nothing (the flow then falls back to UTC)', () => {
  expect(windowsTimeZoneOf('MARSSTANDARDTIME')).toBeUndefined();
  expect(windowsTimeZoneOf(undefined)).toBeUndefined();
});
