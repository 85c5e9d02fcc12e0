import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** Starts `app` listening; resolves with the server and its base URL (no trailing slash). */
export async function listen(
  app: Express,
  port: number,
  bindHost: string,
): Promise<{ server: Server; baseUrl: string }> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, bindHost, () => resolve(s));
    s.once('error', reject);
  });
  // Keep idle connections open longer than clients do (Node's 5 s default lets a client that reuses a connection
  // write into one the server is closing: "other side closed" under load), as the real services and our proxy do.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, baseUrl: `http://${host}:${address.port}` };
}
