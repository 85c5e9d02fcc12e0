/**
 * Xero names an organisation's time zone with its own enum (OAS `TimeZone`: NEWZEALANDSTANDARDTIME, UTC+12, UTC11,
 * CENTRALSTANDARDTIME(MEXICO)…), which is Windows' time zone id upper-cased without spaces. Power Automate's
 * date functions (convertFromUtc) take the Windows id itself, so the proxy hands flows that: with it a flow can tell
 * "today in the organisation's time zone" (B1) on Power Automate's own clock.
 */
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';

/** Xero's spelling of a Windows id: upper case, no spaces or brackets, and no minus (UTC-11 is UTC11; UTC+12 keeps its plus). */
const squash = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9+]/g, '');

const WINDOWS_BY_XERO_NAME = new Map<string, string>(
  WINDOWS_TO_IANA_MAP.map((entry) => [squash(entry.windowsName), entry.windowsName]),
);

/**
 * Two of Xero's names are Windows ids that Windows has since retired (CLDR no longer lists them); these are the
 * current ids for the same offsets and places (UNVERIFIED: Xero does not document which places its names cover).
 */
const RETIRED: Record<string, string> = {
  KAMCHATKASTANDARDTIME: 'Russia Time Zone 11',
  MIDATLANTICSTANDARDTIME: 'UTC-02',
};

/** The Windows time zone id for Xero's name, or undefined when the name is unknown. */
export function windowsTimeZoneOf(xeroTimeZone: string | undefined): string | undefined {
  if (!xeroTimeZone) return undefined;
  const key = squash(xeroTimeZone);
  return RETIRED[key] ?? WINDOWS_BY_XERO_NAME.get(key);
}
