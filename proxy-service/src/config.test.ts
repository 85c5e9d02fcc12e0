import { ConfigError, GRANULAR_SCOPES, loadConfig } from './config';

describe('configuration from the environment', () => {
  test('SANDBOX=true alone is the embedded default: SQLite in ./data, port 3000, granular scopes, sandbox mode', () => {
    const config = loadConfig({ SANDBOX: 'true' }, '/srv/proxy');
    expect(config).toMatchObject({
      sandbox: true,
      port: 3000,
      publicUrl: 'http://localhost:3000',
      store: { kind: 'sqlite', file: '/srv/proxy/data/proxy.db' },
      scopes: GRANULAR_SCOPES,
      logLevel: 'info',
      responseValidation: 'strict',
      rate: { windowMs: 60000, perWindow: 60, maxConcurrent: 5 },
      shutdownGraceMs: 30000,
    });
    expect(config.xeroApp).toBeUndefined();
  });

  test('sandbox mode never starts by accident: without SANDBOX=true, missing Xero credentials are named', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.variable);
      }
    };
    expect(problems({})).toEqual(['XERO_CLIENT_ID', 'XERO_CLIENT_SECRET']);
    expect(problems({ NODE_ENV: 'production', SANDBOX: 'false' })).toEqual([
      'XERO_CLIENT_ID',
      'XERO_CLIENT_SECRET',
    ]);
    // A deployment whose secrets failed to load: every missing one is named, not just the Xero app.
    expect(problems({ DATABASE_URL: 'postgres://db/x' })).toEqual([
      'XERO_CLIENT_ID',
      'XERO_CLIENT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
      'ADMIN_SECRET',
    ]);
    expect(problems({ SANDBOX: 'true', XERO_CLIENT_ID: 'c', XERO_CLIENT_SECRET: 's' })).toEqual(['SANDBOX']);
    expect(problems({ SANDBOX: 'perhaps' })).toEqual(['SANDBOX', 'XERO_CLIENT_ID', 'XERO_CLIENT_SECRET']);
    expect(loadConfig({ XERO_CLIENT_ID: 'c', XERO_CLIENT_SECRET: 's' }).sandbox).toBe(false);
  });

  test('logs are JSON unless asked for pretty (a terminal gets pretty unless NODE_ENV=production)', () => {
    const app = { XERO_CLIENT_ID: 'c', XERO_CLIENT_SECRET: 's' };
    expect(loadConfig({ ...app, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ ...app, LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ ...app, LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    // jest's workers write to a pipe, as a container does.
    expect(loadConfig(app).logFormat).toBe(process.stdout.isTTY ? 'pretty' : 'json');
    expect(loadConfig({ ...app, NODE_ENV: 'production' }).logFormat).toBe('json');
  });

  test('a full production environment is read as given', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://proxy.example.org/',
      DATABASE_URL: 'postgres://proxy@db/proxy',
      XERO_CLIENT_ID: 'client',
      XERO_CLIENT_SECRET: 'secret-value',
      XERO_SCOPES: 'offline_access accounting.transactions accounting.contacts accounting.settings',
      TOKEN_ENCRYPTION_KEY: key,
      ADMIN_SECRET: 'a-long-admin-secret',
    });
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://proxy@db/proxy', schema: 'public' });
    expect(config.xeroApp).toEqual({
      clientId: 'client',
      clientSecret: 'secret-value',
      redirectUri: 'https://proxy.example.org/admin/connect/callback',
    });
    expect(config.scopes).toEqual([
      'offline_access',
      'accounting.transactions',
      'accounting.contacts',
      'accounting.settings',
    ]);
    expect(config.tokenEncryptionKey?.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  test('the error names every bad or missing variable at once, with the reason', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        PUBLIC_URL: 'not a url',
        DATABASE_URL: 'mysql://x',
        XERO_CLIENT_ID: 'client-only',
        XERO_REDIRECT_URI: '/relative',
        TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=',
        ADMIN_SECRET: 'short',
        XERO_IDENTITY_URL: 'identity',
        LOG_LEVEL: 'loud',
        XERO_RATE_PER_WINDOW: '-1',
        SANDBOX_API_KEY: 'guessable',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    const named = problems.map((p) => p.variable).sort();
    expect(named).toEqual(
      [
        'ADMIN_SECRET',
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'PUBLIC_URL',
        'SANDBOX_API_KEY',
        'TOKEN_ENCRYPTION_KEY',
        'XERO_CLIENT_SECRET',
        'XERO_IDENTITY_URL',
        'XERO_RATE_PER_WINDOW',
        'XERO_REDIRECT_URI',
      ].sort(),
    );
    const message = (error as Error).message;
    for (const variable of named) expect(message).toContain(`- ${variable}: `);
    expect(message).toContain('TOKEN_ENCRYPTION_KEY: must be base64 of exactly 32 random bytes');
    expect(message).toContain('XERO_CLIENT_SECRET: is required when the other Xero app credential is set');
  });

  test('several instances on PostgreSQL must share configured secrets, not generate their own', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://db/x', XERO_CLIENT_ID: 'c', XERO_CLIENT_SECRET: 's' }),
    ).toThrow(
      /TOKEN_ENCRYPTION_KEY: is required with DATABASE_URL[\s\S]*ADMIN_SECRET: is required with DATABASE_URL/,
    );
  });

  test('every numeric setting is bounded: a value that would overflow later is refused at start, named', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ SANDBOX: 'true', ...env });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ TOKEN_KEEPALIVE_DAYS: '200000000', WEBHOOK_RETENTION_DAYS: '200000000' })).toEqual([
      { variable: 'TOKEN_KEEPALIVE_DAYS', reason: 'must be a whole number from 1 to 59' },
      { variable: 'WEBHOOK_RETENTION_DAYS', reason: 'must be a whole number from 1 to 3650' },
    ]);
    for (const variable of [
      'XERO_HTTP_TIMEOUT_MS',
      'XERO_RATE_WINDOW_MS',
      'XERO_RATE_PER_WINDOW',
      'XERO_MAX_CONCURRENT',
      'DATABASE_CONNECT_TIMEOUT_MS',
      'DATABASE_STATEMENT_TIMEOUT_MS',
      'HTTP_KEEPALIVE_TIMEOUT_MS',
      'SHUTDOWN_GRACE_SECONDS',
    ]) {
      expect(problems({ [variable]: '99999999999999' }).map((p) => p.variable)).toEqual([variable]);
      expect(problems({ [variable]: '0' }).map((p) => p.variable)).toEqual([variable]);
    }
    expect(
      loadConfig({ SANDBOX: 'true', TOKEN_KEEPALIVE_DAYS: '59', WEBHOOK_RETENTION_DAYS: '3650' }),
    ).toMatchObject({
      keepAliveDays: 59,
      webhookRetentionDays: 3650,
    });
  });

  test('WEBHOOK_BATCH_INTERVAL_SECONDS: 300 by default, 0 to 3600 accepted, anything else refused and named', () => {
    expect(loadConfig({ SANDBOX: 'true' }).webhookBatchIntervalSeconds).toBe(300);
    expect(
      loadConfig({ SANDBOX: 'true', WEBHOOK_BATCH_INTERVAL_SECONDS: '0' }).webhookBatchIntervalSeconds,
    ).toBe(0);
    expect(
      loadConfig({ SANDBOX: 'true', WEBHOOK_BATCH_INTERVAL_SECONDS: '3600' }).webhookBatchIntervalSeconds,
    ).toBe(3600);
    for (const value of ['3601', '-1', '1.5', 'two minutes']) {
      expect(() => loadConfig({ SANDBOX: 'true', WEBHOOK_BATCH_INTERVAL_SECONDS: value })).toThrow(
        'WEBHOOK_BATCH_INTERVAL_SECONDS: must be a whole number from 0 to 3600',
      );
    }
  });

  test('SANDBOX_API_KEY follows the one key format: a 43-character secret, no more, no less', () => {
    const secret = (n: number) => 'a'.repeat(n);
    expect(
      loadConfig({ SANDBOX: 'true', SANDBOX_API_KEY: `dxc_abcd1234_${secret(43)}` }).sandboxApiKey,
    ).toBeDefined();
    for (const length of [20, 42, 44]) {
      expect(() =>
        loadConfig({ SANDBOX: 'true', SANDBOX_API_KEY: `dxc_abcd1234_${secret(length)}` }),
      ).toThrow(/SANDBOX_API_KEY: must be an API key as this proxy issues them/);
    }
  });

  test('HOST must be an address or a host name; PostgreSQL timeouts have defaults that cover a token refresh', () => {
    expect(() => loadConfig({ SANDBOX: 'true', HOST: 'not a host!' })).toThrow(
      /HOST: must be an IP address or a host name/,
    );
    expect(loadConfig({ SANDBOX: 'true', HOST: '::' }).host).toBe('::');
    expect(loadConfig({ SANDBOX: 'true' }).database).toEqual({
      connectTimeoutMs: 5000,
      statementTimeoutMs: 60000,
    });
    expect(loadConfig({ SANDBOX: 'true', XERO_HTTP_TIMEOUT_MS: '30000' }).database.statementTimeoutMs).toBe(
      95000,
    );
    expect(
      loadConfig({ SANDBOX: 'true', DATABASE_STATEMENT_TIMEOUT_MS: '2000' }).database.statementTimeoutMs,
    ).toBe(2000);
    expect(loadConfig({ SANDBOX: 'true' }).httpKeepAliveTimeoutMs).toBe(65000);
  });

  test('security settings: local callbacks opt-in, trusted proxies (none by default), the metrics token', () => {
    expect(loadConfig({ SANDBOX: 'true' })).toMatchObject({
      trustedProxies: [],
      allowPrivateCallbacks: undefined,
    });
    expect(loadConfig({ SANDBOX: 'true' }).metricsToken).toBeUndefined();
    expect(
      loadConfig({
        SANDBOX: 'true',
        WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true',
        TRUSTED_PROXIES: 'loopback, 10.0.0.0/8,fd00::/8 192.0.2.7',
        METRICS_TOKEN: 'a-metrics-token-of-some-length',
      }),
    ).toMatchObject({
      allowPrivateCallbacks: true,
      trustedProxies: ['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7'],
      metricsToken: 'a-metrics-token-of-some-length',
    });
    expect(
      loadConfig({ SANDBOX: 'true', WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'false' }).allowPrivateCallbacks,
    ).toBe(false);
    expect(() =>
      loadConfig({
        SANDBOX: 'true',
        WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'maybe',
        TRUSTED_PROXIES: '2',
        METRICS_TOKEN: 'short',
      }),
    ).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_CALLBACKS: must be true or false[\s\S]*TRUSTED_PROXIES: must be addresses or CIDR ranges[\s\S]*METRICS_TOKEN: must be at least 16 characters/,
    );
    expect(() => loadConfig({ SANDBOX: 'true', TRUSTED_PROXIES: 'proxy.internal' })).toThrow(
      /TRUSTED_PROXIES/,
    );
  });
});
