/**
 * The proxy keeps an idle client connection longer than the clients and load balancers in front of it do, so a
 * reused connection is never closed under a request (Node's 5 s default made clients see "other side closed").
 */
import http from 'node:http';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

function get(
  agent: http.Agent,
  path: string,
): Promise<{ status: number; keepAlive?: string; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${h.url}${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          keepAlive: String(res.headers['keep-alive']),
          socket: req.socket,
        }),
      );
    });
    req.on('error', reject);
  });
}

test('idle connections are kept 65 s (announced to clients), and one idle past Node’s 5 s default is reused', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(agent, '/healthz');
    expect(first).toMatchObject({ status: 200, keepAlive: 'timeout=65' });
    // The scenario itself: the connection sits idle longer than Node's default keep-alive.
    await new Promise((r) => setTimeout(r, 6000));
    const second = await get(agent, '/healthz');
    expect(second.status).toBe(200);
    expect(second.socket).toBe(first.socket);
  } finally {
    agent.destroy();
  }
});
