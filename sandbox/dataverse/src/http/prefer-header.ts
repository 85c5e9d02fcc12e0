// The `Prefer` request header (RFC 7240) as the Web API reads it: return=representation, odata.maxpagesize=<n>,
// odata.include-annotations="<pattern>[,<pattern>]" (powerapps-docs webapi/compose-http-requests-handle-errors.md).
import { errors } from './dataverse-error';

export interface Preferences {
  returnRepresentation: boolean;
  maxPageSize?: number;
  /** Annotation patterns: "*", "Namespace.*", an exact term, or "-term" to exclude. */
  annotations: string[];
}

/** Splits on commas outside double quotes. */
function splitPreferences(header: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    if (header[i] === '"') quoted = !quoted;
    else if (header[i] === ',' && !quoted) {
      out.push(header.slice(start, i));
      start = i + 1;
    }
  }
  out.push(header.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

export function parsePrefer(headers: string | string[] | undefined): Preferences {
  const prefs: Preferences = { returnRepresentation: false, annotations: [] };
  const all = Array.isArray(headers) ? headers : headers ? [headers] : [];
  for (const header of all) {
    for (const pref of splitPreferences(header)) {
      const eq = pref.indexOf('=');
      const name = (eq < 0 ? pref : pref.slice(0, eq)).trim().toLowerCase();
      let value = eq < 0 ? '' : pref.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (name === 'return') prefs.returnRepresentation = value === 'representation';
      else if (name === 'odata.maxpagesize') {
        const n = Number(value);
        if (!Number.isInteger(n) || n <= 0)
          throw errors.badRequest(`Invalid odata.maxpagesize '${value}'.`, '0x80060888');
        prefs.maxPageSize = n;
      } else if (name === 'odata.include-annotations') {
        prefs.annotations.push(
          ...value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        );
      }
    }
  }
  return prefs;
}

export function annotationMatcher(patterns: string[]): (term: string) => boolean {
  return (term) => {
    let included = false;
    for (const p of patterns) {
      const exclude = p.startsWith('-');
      const pattern = exclude ? p.slice(1) : p;
      const hit =
        pattern === '*' ||
        pattern === term ||
        (pattern.endsWith('.*') && term.startsWith(pattern.slice(0, -1)));
      if (hit) {
        if (exclude) return false;
        included = true;
      }
    }
    return included;
  };
}
