/**
 * A PostgreSQL that stops answering (network stall, overloaded server) must not hold requests for minutes: the
 * proxy runs behind a TCP relay to 127.0.0.1:5432 that can be stalled. /readyz reports the database down, calls
 * that need it answer 503 STORE_UNAVAILABLE (not "Xero"), /healthz stays up, and all recover when it answers again.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness, TEST_PG_URL } from '../test-support/proxy-harness';

jest.setTimeout(180_000);

/** Forwards TCP to PostgreSQL; `stall()` stops moving bytes (both ways, new connections too) until `resume()`. */
async function stallableRelay(target: URL) {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let stalled = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (stalled) pair.forEach((s) => s.pause());
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stall() {
      stalled = true;
      // Unpiped and paused: nothing read is passed on, and nothing more is read.
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    resume() {
      stalled = false;
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.resume();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) pair.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

let h: Harness;
let relay: Awaited<ReturnType<typeof stallableRelay>>;
afterAll(async () => {
  relay?.resume();
  await h?.close();
  await relay?.close();
});

test('a stalled database: /readyz answers 503, calls answer 503 STORE_UNAVAILABLE, /healthz 200; then recovery', async () => {
  const target = new URL(TEST_PG_URL);
  relay = await stallableRelay(target);
  const viaRelay = new URL(TEST_PG_URL);
  viaRelay.host = `127.0.0.1:${relay.port}`;
  h = await startHarness({
    store: 'postgres',
    env: {
      DATABASE_URL: viaRelay.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      DATABASE_STATEMENT_TIMEOUT_MS: '3000',
    },
  });
  const { apiKey } = await h.connect();
  expect((await h.call('GET', '/readyz')).status).toBe(200);

  relay.stall();
  const ready = await h.call('GET', '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body.checks).toMatchObject({ store: expect.stringMatching(/^failed: /), xero: 'ok' });

  const call = await h.call('GET', '/v1/connection', { apiKey });
  expect(call.status).toBe(503);
  expect(call.body).toMatchObject({
    code: 'STORE_UNAVAILABLE',
    message: expect.stringContaining('database'),
  });
  expect(Number(call.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await h.call('GET', '/healthz')).status).toBe(200);

  relay.resume();
  // Connections that timed out were dropped; fresh ones work (first attempts may still meet a stale one).
  let recovered = await h.call('GET', '/v1/connection', { apiKey });
  for (let i = 0; i < 10 && recovered.status !== 200; i += 1) {
    recovered = await h.call('GET', '/v1/connection', { apiKey });
  }
  expect(recovered.status).toBe(200);
  expect((await h.call('GET', '/readyz')).status).toBe(200);
});
