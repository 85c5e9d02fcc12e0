/**
 * The callback address policy and the delivery call, against real HTTP servers on 127.0.0.1. Host names of our own
 * (`*.test`) are answered by a resolver the test gives the policy, so a name can move between a public and a
 * loopback address as a DNS rebinding attack would; no request ever leaves this machine.
 */
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { CallbackAddressPolicy, CallbackRefused } from './callback-address-policy';
import { postToCallback } from './callback-sender';

jest.setTimeout(30_000);

const strict = new CallbackAddressPolicy({ allowPrivate: false });
const local = new CallbackAddressPolicy({ allowPrivate: true });

const refusal = (policy: CallbackAddressPolicy, url: string): string | undefined => {
  try {
    policy.checkUrl(url);
    return undefined;
  } catch (error) {
    if (error instanceof CallbackRefused) return error.reason;
    throw error;
  }
};

/** A resolver answering from a table the test changes as it goes. */
function resolverOf(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, asked };
}

interface Receiver {
  port: number;
  requests: { method: string; url: string; body: string }[];
  answer: (res: ServerResponse) => void;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    port: 0,
    requests: [],
    answer: (res) => void res.writeHead(202).end(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      receiver.requests.push({ method: req.method!, url: req.url!, body });
      receiver.answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  const close = receiver.close;
  receiver.close = () => {
    server.closeAllConnections();
    return close();
  };
  return receiver;
}

describe('callback URLs the proxy refuses', () => {
  test.each([
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/iam/', /169\.254\.169\.254 is linkLocal/],
    ['loopback', 'https://127.0.0.1:8443/cb', /127\.0\.0\.1 is loopback/],
    ['loopback written as one number', 'https://2130706433/cb', /127\.0\.0\.1 is loopback/],
    ['private 10/8', 'https://10.1.2.3/cb', /10\.1\.2\.3 is private/],
    ['private 192.168/16', 'https://192.168.0.10/cb', /is private/],
    ['unspecified', 'https://0.0.0.0/cb', /is unspecified/],
    ['IPv6 loopback', 'https://[::1]/cb', /::1 is loopback/],
    ['IPv6 unique local', 'https://[fd00::1]/cb', /is uniqueLocal/],
    ['IPv4-mapped metadata', 'https://[::ffff:169.254.169.254]/cb', /is linkLocal/],
    ['http', 'http://93.184.215.14/cb', /must use https/],
    ['a user and password', 'https://user:pass@93.184.215.14/cb', /must not contain a user name or password/],
    ['no host (http://)', 'http://', /must be an absolute URL with a host/],
    ['no host (https://)', 'https://', /must be an absolute URL with a host/],
    ['not http at all', 'ftp://93.184.215.14/x', /must use https/],
  ])('%s: %s', (_what, url, reason) => {
    expect(refusal(strict, url)).toMatch(reason);
  });

  test('a public https address is allowed as it is', () => {
    expect(refusal(strict, 'https://93.184.215.14/workflows/abc?sig=x')).toBeUndefined();
    expect(refusal(strict, 'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/cb')).toBeUndefined();
  });

  test('the local opt-in allows http, loopback and private ranges, never link-local or credentials', () => {
    expect(refusal(local, 'http://127.0.0.1:8080/cb')).toBeUndefined();
    expect(refusal(local, 'http://10.0.0.7/cb')).toBeUndefined();
    expect(refusal(local, 'https://[::1]/cb')).toBeUndefined();
    expect(refusal(local, 'http://169.254.169.254/latest/meta-data/')).toMatch(/is linkLocal/);
    expect(refusal(local, 'http://0.0.0.0/cb')).toMatch(/is unspecified/);
    expect(refusal(local, 'http://user:pw@127.0.0.1/cb')).toMatch(/user name or password/);
    expect(refusal(local, 'ftp://127.0.0.1/cb')).toMatch(/must use https or http/);
  });
});

describe('host names are judged by every address they resolve to', () => {
  const { resolve } = resolverOf({
    'flows.test': ['93.184.215.14'],
    'metadata.test': ['169.254.169.254'],
    'mixed.test': ['93.184.215.14', '10.0.0.8'],
    'localhost.test': ['::1'],
  });
  const policy = new CallbackAddressPolicy({ allowPrivate: false, resolve });

  test('a name with public addresses only is accepted', async () => {
    await expect(policy.check('https://flows.test/cb')).resolves.toBeInstanceOf(URL);
  });

  test.each([
    ['metadata.test', /metadata\.test \(169\.254\.169\.254\) is linkLocal/],
    ['mixed.test', /mixed\.test \(10\.0\.0\.8\) is private/],
    ['localhost.test', /localhost\.test \(::1\) is loopback/],
    ['nowhere.test', /must name a host that resolves \(nowhere\.test: ENOTFOUND\)/],
  ])('%s is refused', async (host, reason) => {
    await expect(policy.check(`https://${host}/cb`)).rejects.toMatchObject({
      reason: expect.stringMatching(reason),
    });
  });

  test('the real resolver: localhost is loopback', async () => {
    await expect(strict.check('https://localhost:8443/cb')).rejects.toMatchObject({
      reason: expect.stringMatching(/localhost \(127\.0\.0\.1\) is loopback|localhost \(::1\) is loopback/),
    });
  });
});

describe('delivery resolves again and connects only to the address it checked', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => receiver.close());

  const post = (policy: CallbackAddressPolicy, url: string) =>
    postToCallback(policy, {
      url,
      headers: { 'Content-Type': 'application/json' },
      body: '{"hello":1}',
      timeoutMs: 10_000,
    });

  test('a name that re-binds to loopback after the subscription was accepted is refused at delivery', async () => {
    const table: Record<string, string[]> = { 'rebind.test': ['93.184.215.14'] };
    const { resolve, asked } = resolverOf(table);
    const policy = new CallbackAddressPolicy({ allowPrivate: false, resolve });
    // Subscribing: the name is public.
    await expect(policy.check(`https://rebind.test:${receiver.port}/cb`)).resolves.toBeInstanceOf(URL);
    // Then the name's owner points it at this machine.
    table['rebind.test'] = ['127.0.0.1'];
    await expect(post(policy, `https://rebind.test:${receiver.port}/cb`)).rejects.toThrow(
      /not allowed: must reach a public address, but rebind\.test \(127\.0\.0\.1\) is loopback/,
    );
    expect(asked).toEqual(['rebind.test', 'rebind.test']);
    expect(receiver.requests).toEqual([]);
  });

  test('the socket connects to the address the policy resolved and checked (with the local opt-in)', async () => {
    // callback.test exists only in this resolver: reaching the receiver proves the checked answer was used.
    const { resolve } = resolverOf({ 'callback.test': ['127.0.0.1'] });
    const policy = new CallbackAddressPolicy({ allowPrivate: true, resolve });
    await expect(post(policy, `http://callback.test:${receiver.port}/cb?sig=s`)).resolves.toEqual({
      status: 202,
      retryAfter: null,
    });
    expect(receiver.requests).toEqual([{ method: 'POST', url: '/cb?sig=s', body: '{"hello":1}' }]);
  });

  test('a literal loopback address is refused before any connection', async () => {
    await expect(post(strict, `http://127.0.0.1:${receiver.port}/cb`)).rejects.toBeInstanceOf(
      CallbackRefused,
    );
    await expect(post(strict, `https://127.0.0.1:${receiver.port}/cb`)).rejects.toThrow(
      /127\.0\.0\.1 is loopback/,
    );
    expect(receiver.requests).toEqual([]);
  });

  test('a redirect is an answer, never followed', async () => {
    const elsewhere = await startReceiver();
    try {
      receiver.answer = (res) =>
        void res
          .writeHead(307, { Location: `http://127.0.0.1:${elsewhere.port}/stolen`, 'Retry-After': '5' })
          .end();
      await expect(post(local, `http://127.0.0.1:${receiver.port}/cb`)).resolves.toEqual({
        status: 307,
        retryAfter: '5',
      });
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  test('a callback that never answers times out', async () => {
    receiver.answer = () => undefined;
    await expect(
      postToCallback(local, {
        url: `http://127.0.0.1:${receiver.port}/cb`,
        headers: {},
        body: '{}',
        timeoutMs: 300,
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
