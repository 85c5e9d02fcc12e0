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

  test('no response at all (network error) is status 0, and a network failure', () => {
    expect(
      parseXeroFailure(JSON.stringify({ response: { statusCode: 0, body: 'socket hang up' } })),
    ).toMatchObject({ status: 0, network: true });
    expect(parseXeroFailure(new Error('connect ECONNREFUSED'))).toMatchObject({ status: 0, network: true });
    const reset = Object.assign(new Error('read failed'), { code: 'ECONNRESET' });
    expect(parseXeroFailure(reset)).toMatchObject({ status: 0, network: true });
    // xero-node's ApiError of a request that went out (axios made it) and got no answer.
    const sent = { statusCode: 0, body: 'anything', request: { method: 'GET', url: { host: 'x' } } };
    expect(parseXeroFailure(JSON.stringify({ response: sent }))).toMatchObject({ network: true });
    expect(
      parseXeroFailure(JSON.stringify({ response: { statusCode: 0, body: 'timeout of 15000ms exceeded' } })),
    ).toMatchObject({ network: true, timedOut: true });
  });

  test("the proxy's own failure to build a call is status 0 but not a network failure", () => {
    expect(parseXeroFailure(new RangeError('Invalid time value'))).toMatchObject({
      status: 0,
      network: false,
      cause: 'Invalid time value',
    });
    expect(parseXeroFailure(new URIError('URI malformed'))).toMatchObject({ network: false });
    // xero-node's ApiError when axios failed before creating a request (no method recorded).
    const unsent = {
      statusCode: 0,
      body: 'Invalid character in header content ["If-Modified-Since"]',
      request: {},
    };
    expect(parseXeroFailure(JSON.stringify({ response: unsent }))).toMatchObject({ network: false });
  });
});
