/**
 * The proxy's configuration, read once from the environment and validated as a whole: a bad start names every bad
 * or missing variable at once instead of failing on the first.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { API_KEY_FORMAT } from './http/api-keys';

/** Scopes for apps created on or after 2 March 2026, which only get granular scopes (reference/xero-api.md §9). */
export const GRANULAR_SCOPES = [
  'offline_access',
  'accounting.invoices',
  'accounting.payments.read',
  'accounting.contacts',
  'accounting.settings',
];
/** The pre-2026 broad scopes; they stop working in September 2027 (reference/xero-api.md §9). */
export const BROAD_SCOPES = [
  'offline_access',
  'accounting.transactions',
  'accounting.contacts',
  'accounting.settings',
];

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = optionalText.refine((v) => v === undefined || URL.canParse(v), 'must be an absolute URL');

const base64Key = optionalText.refine(
  (v) => v === undefined || (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32),
  'must be base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)',
);

/**
 * A whole number within bounds. Every numeric setting has both: an unbounded one passes validation and fails later
 * (200000000 days overflows a Date in the hourly keep-alive; a timer above 2^31-1 ms fires at once).
 */
const boundedInt = (fallback: number | undefined, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback?.toString() : v.trim()))
    .refine(
      (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max),
      `must be a whole number from ${min} to ${max}`,
    )
    .transform((v) => (v === undefined ? undefined : Number(v)));

/** A listening address: an IP address or a host name (RFC 1123 labels). */
function isHostAddress(v: string): boolean {
  return (
    isIP(v) !== 0 ||
    /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
      v,
    )
  );
}

const listOf = (v: string) => v.split(/[\s,]+/).filter((p) => p !== '');

/** What Express's `trust proxy` understands, minus hop counts (a count trusts whatever sits in front). */
function isProxyAddress(entry: string): boolean {
  return (
    ['loopback', 'linklocal', 'uniquelocal'].includes(entry) ||
    // Four-part IPv4 only: ipaddr.js would also read `2` as 0.0.0.2, which someone meaning a hop count never wants.
    ipaddr.IPv4.isValidFourPartDecimal(entry) ||
    ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) ||
    ipaddr.IPv6.isValid(entry) ||
    ipaddr.IPv6.isValidCIDR(entry)
  );
}

const environmentSchema = z
  .object({
    PORT: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '' ? '3000' : v.trim()))
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, 'must be a port number between 0 and 65535')
      .transform(Number),
    HOST: optionalText.refine(
      (v) => v === undefined || isHostAddress(v),
      'must be an IP address or a host name of this machine (e.g. 0.0.0.0, 127.0.0.1, ::)',
    ),
    PUBLIC_URL: optionalUrl,
    DATABASE_URL: optionalText.refine(
      (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
      'must be a postgres:// or postgresql:// URL',
    ),
    DATABASE_SCHEMA: optionalText.refine(
      (v) => v === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(v),
      'must be a lower-case SQL identifier',
    ),
    DATA_DIR: optionalText,
    XERO_CLIENT_ID: optionalText,
    XERO_CLIENT_SECRET: optionalText,
    XERO_REDIRECT_URI: optionalUrl,
    XERO_SCOPES: optionalText.refine(
      (v) => v === undefined || v.split(/[\s,]+/).every((s) => /^[a-z_.]+$/.test(s)),
      'must be scope names separated by spaces',
    ),
    TOKEN_ENCRYPTION_KEY: base64Key,
    ADMIN_SECRET: optionalText.refine(
      (v) => v === undefined || v.length >= 16,
      'must be at least 16 characters',
    ),
    XERO_WEBHOOK_KEY: optionalText,
    XERO_IDENTITY_URL: optionalUrl,
    XERO_API_URL: optionalUrl,
    SANDBOX_API_KEY: optionalText.refine(
      (v) => v === undefined || API_KEY_FORMAT.test(v),
      'must be an API key as this proxy issues them: dxc_, 8 letters or digits, _, then 43 characters of A-Z a-z 0-9 _ -',
    ),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .optional()
      .transform((v) => v ?? 'info'),
    // strict: a response that breaks the contract is answered 500 (tests, development); log: it is logged and sent
    // (the production default, so a contract slip degrades a field rather than failing a flow).
    RESPONSE_VALIDATION: z.enum(['strict', 'log']).optional(),
    NODE_ENV: optionalText,
    XERO_HTTP_TIMEOUT_MS: boundedInt(15000, 100, 600_000),
    XERO_RATE_WINDOW_MS: boundedInt(60000, 100, 3_600_000),
    XERO_RATE_PER_WINDOW: boundedInt(60, 1, 10_000_000),
    XERO_MAX_CONCURRENT: boundedInt(5, 1, 1000),
    // Xero forgets a refresh token unused for 60 days (reference/xero-api.md §3): a longer period cannot keep it.
    TOKEN_KEEPALIVE_DAYS: boundedInt(7, 1, 59),
    WEBHOOK_RETENTION_DAYS: boundedInt(7, 1, 3650),
    // WhenInvoicesChange: after a batch is delivered, the next one to that flow waits this long (0: no wait).
    WEBHOOK_BATCH_INTERVAL_SECONDS: boundedInt(300, 0, 3600),
    DATABASE_CONNECT_TIMEOUT_MS: boundedInt(5000, 100, 120_000),
    DATABASE_STATEMENT_TIMEOUT_MS: boundedInt(undefined, 1000, 3_600_000),
    // Above the idle timeout of whatever pools connections in front of the proxy (README: "Behind a load balancer").
    HTTP_KEEPALIVE_TIMEOUT_MS: boundedInt(65_000, 1000, 290_000),
    // SIGTERM: requests in flight get this long to finish. Keep the platform's stop timeout above it.
    SHUTDOWN_GRACE_SECONDS: boundedInt(30, 1, 600),
    // Unset: off, except in sandbox mode (sandbox-mode.ts), whose flows call back on this machine.
    WEBHOOK_ALLOW_PRIVATE_CALLBACKS: optionalText
      .refine((v) => v === undefined || /^(true|false|1|0|yes|no)$/i.test(v), 'must be true or false')
      .transform((v) => (v === undefined ? undefined : /^(true|1|yes)$/i.test(v))),
    TRUSTED_PROXIES: optionalText
      .refine(
        (v) => v === undefined || listOf(v).every(isProxyAddress),
        'must be addresses or CIDR ranges (or loopback, linklocal, uniquelocal) separated by commas',
      )
      .transform((v) => (v === undefined ? [] : listOf(v))),
    // Sandbox mode (the Xero emulator in-process) only when asked for: a deployment whose Xero secrets failed to
    // load must stop, not quietly point real Dynamics connections at an emulator. `npm start` asks for it.
    SANDBOX: optionalText
      .refine((v) => v === undefined || /^(true|false|1|0|yes|no)$/i.test(v), 'must be true or false')
      .transform((v) => v !== undefined && /^(true|1|yes)$/i.test(v)),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    METRICS_TOKEN: optionalText.refine(
      (v) => v === undefined || v.length >= 16,
      'must be at least 16 characters',
    ),
  })
  .strip();

/** Rules across variables; checked on the raw values so they are reported together with per-variable problems. */
function crossVariableProblems(env: NodeJS.ProcessEnv): { variable: string; reason: string }[] {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: { variable: string; reason: string }[] = [];
  if (set('XERO_CLIENT_ID') !== set('XERO_CLIENT_SECRET')) {
    problems.push({
      variable: set('XERO_CLIENT_ID') ? 'XERO_CLIENT_SECRET' : 'XERO_CLIENT_ID',
      reason: 'is required when the other Xero app credential is set',
    });
  }
  const sandbox = /^(true|1|yes)$/i.test((env.SANDBOX ?? '').trim());
  if (sandbox && set('XERO_CLIENT_ID')) {
    problems.push({
      variable: 'SANDBOX',
      reason:
        'cannot be true while XERO_CLIENT_ID is set: choose the built-in Xero emulator or your Xero app',
    });
  }
  if (!sandbox && !set('XERO_CLIENT_ID') && !set('XERO_CLIENT_SECRET')) {
    // Both named, so a deployment whose secrets did not load says exactly what is missing.
    for (const name of ['XERO_CLIENT_ID', 'XERO_CLIENT_SECRET']) {
      problems.push({
        variable: name,
        reason: 'is required (your Xero app), unless SANDBOX=true runs the built-in Xero emulator instead',
      });
    }
  }
  if (set('DATABASE_URL') && !sandbox) {
    // Several instances share one database: each must use the same secrets, so they cannot be generated per instance.
    for (const name of ['TOKEN_ENCRYPTION_KEY', 'ADMIN_SECRET']) {
      if (!set(name)) problems.push({ variable: name, reason: 'is required with DATABASE_URL' });
    }
  }
  return problems;
}

export interface ProxyConfig {
  port: number;
  host: string;
  /** Where users reach the proxy; used for the admin page link in errors and the OAuth redirect. */
  publicUrl: string;
  store: { kind: 'postgres'; url: string; schema: string } | { kind: 'sqlite'; file: string };
  dataDir: string;
  /** SANDBOX=true: the proxy starts the Xero emulator in-process and uses its demo app (sandbox-mode.ts). */
  sandbox: boolean;
  /** Absent in sandbox mode until sandbox-mode.ts fills in the emulator's demo app. */
  xeroApp?: { clientId: string; clientSecret: string; redirectUri: string };
  scopes: string[];
  tokenEncryptionKey?: Buffer;
  adminSecret?: string;
  webhookKey?: string;
  xeroIdentityUrl?: string;
  xeroApiUrl?: string;
  sandboxApiKey?: string;
  logLevel: string;
  /** pretty: one readable line per entry (a terminal, `npm start`); json: one JSON object per line (production). */
  logFormat: 'json' | 'pretty';
  responseValidation: 'strict' | 'log';
  xeroHttpTimeoutMs: number;
  rate: { windowMs: number; perWindow: number; maxConcurrent: number };
  keepAliveDays: number;
  /** Settled webhook events and notifications are kept this long (well above Xero's 24 h of redeliveries). */
  webhookRetentionDays: number;
  /** WhenInvoicesChange: after a batch is delivered, the next one to the same flow waits this long. */
  webhookBatchIntervalSeconds: number;
  /** PostgreSQL: connecting (and waiting for a pooled connection); statements and idle transactions. */
  database: { connectTimeoutMs: number; statementTimeoutMs: number };
  /** How long an idle keep-alive connection of a client stays open. */
  httpKeepAliveTimeoutMs: number;
  /** On SIGTERM, how long requests in flight may take before their connections are cut. */
  shutdownGraceMs: number;
  /**
   * WhenAnInvoiceChanges callbacks may use http and private or loopback addresses. Unset means off, but sandbox
   * mode turns it on (its flows run on this machine).
   */
  allowPrivateCallbacks?: boolean;
  /** Express `trust proxy`: the reverse proxies whose X-Forwarded-For is believed. Empty: none. */
  trustedProxies: string[];
  /** Bearer token that /metrics requires; without it /metrics is off. */
  metricsToken?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from `env` (process.env by default); throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ProxyConfig {
  const parsed = environmentSchema.safeParse(env);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          variable: String(issue.path[0] ?? '(environment)'),
          reason: issue.code === 'invalid_type' ? 'is required' : issue.message,
        }))),
    ...crossVariableProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const port = e.PORT;
  // PORT=0 (any free port): main.ts fills in the port it was given before anything uses the URL.
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const dataDir = path.resolve(cwd, e.DATA_DIR ?? './data');
  return {
    port,
    host: e.HOST ?? '0.0.0.0',
    publicUrl,
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA ?? 'public' }
      : { kind: 'sqlite', file: path.join(dataDir, 'proxy.db') },
    dataDir,
    sandbox: e.SANDBOX,
    xeroApp:
      e.XERO_CLIENT_ID && e.XERO_CLIENT_SECRET
        ? {
            clientId: e.XERO_CLIENT_ID,
            clientSecret: e.XERO_CLIENT_SECRET,
            redirectUri: e.XERO_REDIRECT_URI ?? `${publicUrl}/admin/connect/callback`,
          }
        : undefined,
    scopes: e.XERO_SCOPES ? e.XERO_SCOPES.split(/[\s,]+/) : GRANULAR_SCOPES,
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY ? Buffer.from(e.TOKEN_ENCRYPTION_KEY, 'base64') : undefined,
    adminSecret: e.ADMIN_SECRET,
    webhookKey: e.XERO_WEBHOOK_KEY,
    xeroIdentityUrl: e.XERO_IDENTITY_URL?.replace(/\/+$/, ''),
    xeroApiUrl: e.XERO_API_URL?.replace(/\/+$/, ''),
    sandboxApiKey: e.SANDBOX_API_KEY,
    logLevel: e.LOG_LEVEL,
    // A person reads a terminal; everything else (a container, a log shipper, a test's pipe) gets JSON.
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY && e.NODE_ENV !== 'production' ? 'pretty' : 'json'),
    responseValidation: e.RESPONSE_VALIDATION ?? (e.NODE_ENV === 'production' ? 'log' : 'strict'),
    xeroHttpTimeoutMs: e.XERO_HTTP_TIMEOUT_MS!,
    rate: {
      windowMs: e.XERO_RATE_WINDOW_MS!,
      perWindow: e.XERO_RATE_PER_WINDOW!,
      maxConcurrent: e.XERO_MAX_CONCURRENT!,
    },
    keepAliveDays: e.TOKEN_KEEPALIVE_DAYS!,
    webhookRetentionDays: e.WEBHOOK_RETENTION_DAYS!,
    webhookBatchIntervalSeconds: e.WEBHOOK_BATCH_INTERVAL_SECONDS!,
    database: {
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS!,
      // A token refresh holds its row lock across up to three Xero calls, and another instance's statement waits
      // for that lock: the default leaves room for them.
      statementTimeoutMs:
        e.DATABASE_STATEMENT_TIMEOUT_MS ?? Math.max(60_000, 3 * e.XERO_HTTP_TIMEOUT_MS! + 5_000),
    },
    httpKeepAliveTimeoutMs: e.HTTP_KEEPALIVE_TIMEOUT_MS!,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS! * 1000,
    allowPrivateCallbacks: e.WEBHOOK_ALLOW_PRIVATE_CALLBACKS,
    trustedProxies: e.TRUSTED_PROXIES,
    metricsToken: e.METRICS_TOKEN,
  };
}
