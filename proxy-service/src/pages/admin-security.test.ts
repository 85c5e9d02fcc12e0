/**
 * The admin portal's defences over real HTTP: a cookie that is not ours signs nobody in, signing out ends the
 * session on every instance sharing the store, and the sign-in throttle keys on the real client (X-Forwarded-For
 * only from TRUSTED_PROXIES) and lets the right secret in again once a short lockout has passed.
 */
import { loadConfig } from '../config';
import { createProxy } from '../create-proxy';
import type { Proxy } from '../create-proxy';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  html: string;
  cookie?: string;
  retryAfter: string | null;
}

async function send(
  base: string,
  method: string,
  pathname: string,
  options: { cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${base}${pathname}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...options.headers,
    },
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
  });
  return {
    status: response.status,
    html: await response.text(),
    cookie: response.headers.get('set-cookie')?.split(';')[0],
    retryAfter: response.headers.get('retry-after'),
  };
}

const csrfOf = (html: string) => /name="_csrf"\s+value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('admin sessions', () => {
  let h: Harness;
  let other: Proxy | undefined;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  const signIn = async (base = h.url) => {
    const login = await send(base, 'POST', '/admin/login', { form: { secret: h.env.ADMIN_SECRET! } });
    expect(login.status).toBe(303);
    const cookie = login.cookie!;
    const home = await send(base, 'GET', '/admin', { cookie });
    expect(home.status).toBe(200);
    return { cookie, csrf: csrfOf(home.html) };
  };

  test('a cookie that is not valid percent-encoding is treated as signed out, not a 500', async () => {
    const cookie = 'dxc_admin=%E0%A4%A';
    const page = await send(h.url, 'GET', '/admin', { cookie });
    expect(page.status).toBe(401);
    expect(page.html).toContain('Sign in');
    const form = await send(h.url, 'POST', '/admin/logout', { cookie, form: { _csrf: 'x' } });
    expect(form.status).toBe(401);
  });

  test('a cookie captured before signing out no longer works, not even to create an API key', async () => {
    const { connection } = await h.connect();
    const { cookie, csrf } = await signIn();
    const keysBefore = (await h.proxy.services.store.listApiKeys(connection.id)).length;

    const out = await send(h.url, 'POST', '/admin/logout', { cookie, form: { _csrf: csrf } });
    expect(out.status).toBe(303);

    expect((await send(h.url, 'GET', '/admin', { cookie })).status).toBe(401);
    const replay = await send(h.url, 'POST', `/admin/connections/${connection.id}/keys`, {
      cookie,
      form: { _csrf: csrf, label: 'stolen' },
    });
    expect(replay.status).toBe(401);
    expect(replay.html).not.toContain('dxc_');
    expect(await h.proxy.services.store.listApiKeys(connection.id)).toHaveLength(keysBefore);
  });

  test('signing out at one instance ends the session at another sharing the store', async () => {
    other = await createProxy({
      config: loadConfig(h.env),
      keepAlive: false,
      logDestination: { write: (line: string) => void h.logs.push(line) },
    });
    const otherUrl = await other.listen(0, '127.0.0.1');
    const { cookie, csrf } = await signIn(h.url);
    expect((await send(otherUrl, 'GET', '/admin', { cookie })).status).toBe(200);
    expect((await send(otherUrl, 'POST', '/admin/logout', { cookie, form: { _csrf: csrf } })).status).toBe(
      303,
    );
    expect((await send(h.url, 'GET', '/admin', { cookie })).status).toBe(401);
    // Another session of the same admin is untouched.
    const second = await signIn(h.url);
    expect((await send(otherUrl, 'GET', '/admin', { cookie: second.cookie })).status).toBe(200);
  });
});

describe('sign-in throttle with the default (no trusted proxies)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ followEmulatorClock: true });
  });
  afterAll(async () => h?.close());

  test('a new X-Forwarded-For on every try does not make a new client', async () => {
    for (let i = 1; i <= 5; i += 1) {
      const wrong = await send(h.url, 'POST', '/admin/login', {
        form: { secret: `guess-${i}-xxxxxxxxxxxx` },
        headers: { 'X-Forwarded-For': `198.51.100.${i}` },
      });
      expect(wrong.status).toBe(401);
    }
    const sixth = await send(h.url, 'POST', '/admin/login', {
      form: { secret: h.env.ADMIN_SECRET! },
      headers: { 'X-Forwarded-For': '198.51.100.99' },
    });
    expect(sixth.status).toBe(429);
  });

  test('after the lockout has passed the right secret works again; lockouts then grow', async () => {
    // The client is locked out by the test before: for one minute (the first lockout).
    const locked = await send(h.url, 'POST', '/admin/login', { form: { secret: h.env.ADMIN_SECRET! } });
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(60);
    await h.emulator.advanceClock(61_000);
    expect(
      (await send(h.url, 'POST', '/admin/login', { form: { secret: h.env.ADMIN_SECRET! } })).status,
    ).toBe(303);

    // The right secret cleared the record: five more wrong ones lock for a minute again, then two.
    const failFive = async () => {
      for (let i = 0; i < 5; i += 1)
        expect(
          (await send(h.url, 'POST', '/admin/login', { form: { secret: `wrong-${i}-xxxxxxxxxxxx` } })).status,
        ).toBe(401);
    };
    await failFive();
    const first = await send(h.url, 'POST', '/admin/login', { form: { secret: 'anything-xxxxxxxxxxxx' } });
    expect(Number(first.retryAfter)).toBeLessThanOrEqual(60);
    await h.emulator.advanceClock(61_000);
    await failFive();
    const second = await send(h.url, 'POST', '/admin/login', { form: { secret: h.env.ADMIN_SECRET! } });
    expect(second.status).toBe(429);
    expect(Number(second.retryAfter)).toBeGreaterThan(60);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(120);
  });
});

describe('sign-in throttle behind a trusted reverse proxy (TRUSTED_PROXIES=loopback)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TRUSTED_PROXIES: 'loopback' } });
  });
  afterAll(async () => h?.close());

  test("one client's wrong guesses do not lock out the admin at another address", async () => {
    const guesser = { 'X-Forwarded-For': '203.0.113.9' };
    for (let i = 0; i < 5; i += 1)
      await send(h.url, 'POST', '/admin/login', {
        form: { secret: `guess-${i}-xxxxxxxxxxxx` },
        headers: guesser,
      });
    expect(
      (await send(h.url, 'POST', '/admin/login', { form: { secret: h.env.ADMIN_SECRET! }, headers: guesser }))
        .status,
    ).toBe(429);
    const admin = await send(h.url, 'POST', '/admin/login', {
      form: { secret: h.env.ADMIN_SECRET! },
      headers: { 'X-Forwarded-For': '192.0.2.44' },
    });
    expect(admin.status).toBe(303);
  });
});
