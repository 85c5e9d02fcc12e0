/**
 * Structured JSON logs (pino). Secrets are removed twice: by key (pino's redact paths for headers we know carry
 * them) and, as a last line of defence, from every finished line (known secret values, bearer tokens, API keys and
 * any JSON property whose name says it is a secret), so a secret nested somewhere unexpected still never leaves.
 */
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

const REDACTED = '[redacted]';

const SECRET_PROPERTY =
  /"(access_?token|refresh_?token|id_?token|accessToken|refreshToken|idToken|client_?secret|clientSecret|code_?verifier|codeVerifier|password|secret|adminSecret|apiKey|api_key|token)"\s*:\s*"(?:[^"\\]|\\.)*"/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const API_KEY = /\bdxc_[A-Za-z0-9]{8}_[A-Za-z0-9_-]+/g;
// OAuth authorization codes and states travel in the callback's query string.
const OAUTH_QUERY = /([?&](code|state|code_verifier|refresh_token|access_token)=)[^&"\s]+/g;

/** Scrubs one serialised log line; exported for tests and for text that leaves the process another way. */
export function scrubSecrets(line: string, knownSecrets: readonly string[] = []): string {
  let out = line
    .replace(SECRET_PROPERTY, (_m, key: string) => `"${key}":"${REDACTED}"`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(API_KEY, 'dxc_' + REDACTED)
    .replace(OAUTH_QUERY, `$1${REDACTED}`);
  for (const secret of knownSecrets) {
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out;
}

export interface LoggerOptions {
  level: string;
  /** Values that must never be printed (client secret, admin secret, webhook key, encryption key…). */
  knownSecrets?: () => readonly string[];
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const known = options.knownSecrets ?? (() => []);
  return pino(
    {
      level: options.level,
      base: { service: 'dxc-proxy' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          'headers.authorization',
          'headers.Authorization',
        ],
        censor: REDACTED,
      },
      hooks: { streamWrite: (line) => scrubSecrets(line, known()) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
