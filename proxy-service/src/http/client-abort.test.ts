/**
 * A client that hangs up in the middle of its upload is routine (a flow cancelled, a network blip), not a proxy
 * failure: it is logged at info, without an error or a stack trace.
 */
import net from 'node:net';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
beforeAll(async () => {
  h = await startHarness();
  ({ apiKey } = await h.connect());
});
afterAll(async () => h?.close());

interface LogLine {
  level: number;
  req?: { id?: string };
  msg?: string;
  event?: string;
  err?: unknown;
}

const linesOf = (requestId: string): LogLine[] =>
  h.logs.map((l) => JSON.parse(l) as LogLine).filter((l) => l.req?.id === requestId);

/** Sends the headers and part of a 100 kB body, then closes the connection (after `waitMs`, or at once). */
async function abortUpload(requestId: string, path: string, waitMs: number): Promise<void> {
  const { hostname, port } = new URL(h.url);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nX-Api-Key: ${apiKey}\r\nX-Request-Id: ${requestId}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"settings":{',
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, waitMs);
    });
    socket.on('error', reject);
  });
  // The proxy logs the request once it has noticed the hang-up.
  while (!linesOf(requestId).some((l) => /aborted/.test(l.msg ?? ''))) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

test.each([
  ['while the body is being read', 'abort-reading', 200],
  ['right after the headers', 'abort-at-once', 0],
])('an upload abandoned %s is logged at info, with no warning or error', async (_when, id, waitMs) => {
  await abortUpload(id, '/v1/invoices/sync', waitMs);
  const lines = linesOf(id);
  expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  expect(lines.some((l) => l.level === 30 && /aborted/.test(l.msg ?? ''))).toBe(true);
});
