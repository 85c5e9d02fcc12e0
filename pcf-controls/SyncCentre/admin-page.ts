/**
 * Where admins reconnect Xero: the proxy's admin portal, `<proxy base URL>/admin` (proxy-service README). The base
 * URL is the solution's environment variable dxc_ProxyBaseUrl (solution/model/components.ts), set when the solution
 * is imported; its current value row overrides the definition's default.
 */
export const PROXY_BASE_URL_VARIABLE = 'dxc_ProxyBaseUrl';

const VALUES = 'environmentvariabledefinition_environmentvariablevalue';

/**
 * One Web API query for the definition and its value (Microsoft's documented pattern for reading an environment
 * variable from client code: expand the one-to-many relationship to environmentvariablevalue).
 * UNVERIFIED: that every user who opens the connection form may read environment variable definitions; when the read
 * is refused the control simply shows no link.
 */
export const PROXY_BASE_URL_QUERY =
  `?$select=schemaname,defaultvalue&$filter=schemaname eq '${PROXY_BASE_URL_VARIABLE}'` +
  `&$expand=${VALUES}($select=value)`;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The admin page URL from the query's rows, or undefined when the variable is missing, empty or not http(s). */
export function adminPageFromRows(rows: readonly Record<string, unknown>[]): string | undefined {
  const definition = rows[0];
  if (!definition) return undefined;
  const values = Array.isArray(definition[VALUES]) ? (definition[VALUES] as Record<string, unknown>[]) : [];
  const base = text(values[0]?.['value']) ?? text(definition['defaultvalue']);
  if (!base) return undefined;
  try {
    const url = new URL(base);
    // Only http(s): the value is typed in by an admin, and a javascript: URL must never be opened.
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}/admin`;
  } catch {
    return undefined;
  }
}
