import { createLogger, scrubSecrets } from './logger';

describe('log redaction', () => {
  test('secret-named properties, bearer tokens, API keys and OAuth query values are scrubbed', () => {
    const line = JSON.stringify({
      tokens: { access_token: 'eyJhbGciOi.abc.def', refreshToken: 'r-123456789' },
      header: 'Authorization: Bearer eyJhbGciOi.abc.def',
      key: 'X-Api-Key dxc_AbCdEfGh_0123456789012345678901234567890123456789012',
      url: '/admin/connect/callback?code=abc123&state=xyz789',
      client_secret: 'sandbox-secret',
    });
    const out = scrubSecrets(line);
    for (const secret of [
      'eyJhbGciOi',
      'r-123456789',
      '0123456789012345678901234567890123456789012',
      'abc123',
      'xyz789',
      'sandbox-secret',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(JSON.parse(out).url).toBe('/admin/connect/callback?code=[redacted]&state=[redacted]');
  });

  test('known secret values are removed wherever they appear, even inside messages', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      knownSecrets: () => ['super-secret-admin-value'],
      destination: { write: (l: string) => void lines.push(l) },
    });
    logger.info({ note: 'the admin secret is super-secret-admin-value' }, 'oops super-secret-admin-value');
    logger.info({ req: { headers: { authorization: 'Basic abc', 'x-api-key': 'k' } } }, 'request');
    expect(lines.join('')).not.toContain('super-secret-admin-value');
    expect(JSON.parse(lines[1]!).req.headers).toEqual({
      authorization: '[redacted]',
      'x-api-key': '[redacted]',
    });
  });
});
