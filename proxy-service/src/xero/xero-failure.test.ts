import { parseXeroFailure } from './xero-failure';

describe('parseXeroFailure (xero-node rejection shapes, reference/xero-api.md §11)', () => {
  test('an AccountingApi JSON-string rejection with a ValidationException keeps every element message', () => {
    const thrown = JSON.stringify({
      response: {
        statusCode: 400,
        body: {
          ErrorNumber: 10,
          Type: 'ValidationException',
          Message: 'A validation exception occurred',
          Elements: [
            { ValidationErrors: [{ Message: 'Account code 999 is not a valid code' }] },
            { ValidationErrors: [] },
            {
              ValidationErrors: [{ Message: 'Contact name must be unique' }, { Message: 'Date is required' }],
            },
          ],
        },
        headers: { 'x-daylimit-remaining': '4990', authorization: 'Bearer secret' },
        request: { headers: {} },
      },
    });
    const f = parseXeroFailure(thrown);
    expect(f.status).toBe(400);
    expect(f.messages).toEqual([
      'Account code 999 is not a valid code',
      'Contact name must be unique',
      'Date is required',
    ]);
    expect(f.elementMessages).toEqual([
      { index: 0, messages: ['Account code 999 is not a valid code'] },
      { index: 2, messages: ['Contact name must be unique', 'Date is required'] },
    ]);
    expect(f.headers).toEqual({ 'x-daylimit-remaining': '4990' });
  });

  test('a 429 carries the limit that was hit and Retry-After', () => {
    const f = parseXeroFailure(
      JSON.stringify({
        response: {
          statusCode: 429,
          body: '',
          headers: { 'retry-after': '37', 'x-rate-limit-problem': 'Minute' },
        },
      }),
    );
    expect(f).toMatchObject({ status: 429, rateLimitProblem: 'minute', retryAfterSeconds: 37, messages: [] });
  });

  test('openid-client OPError invalid_grant and axios-style token errors both give the OAuth error code', () => {
    expect(parseXeroFailure({ error: 'invalid_grant', error_description: 'stale' })).toMatchObject({
      oauthError: 'invalid_grant',
    });
    expect(
      parseXeroFailure({ response: { status: 400, data: { error: 'invalid_client' }, headers: {} } }),
    ).toMatchObject({ status: 400, oauthError: 'invalid_client' });
  });

  test('no response at all (network error) is status 0', () => {
    expect(
      parseXeroFailure(JSON.stringify({ response: { statusCode: 0, body: 'socket hang up' } })).status,
    ).toBe(0);
    expect(parseXeroFailure(new Error('connect ECONNREFUSED')).status).toBe(0);
  });
});
