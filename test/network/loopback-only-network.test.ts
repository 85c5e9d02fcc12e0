import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promises as fs } from 'node:fs';
import { hostsNamedBy, isLoopbackHost, REFUSED_CODE } from '../../scripts/jest/loopback-only-network';

// The guard is installed by jest.base.js for every project (this file only imports the pure parts), so these tests
// exercise it as every other test meets it, and fail if it is ever unregistered.

function connectionError(socket: net.Socket): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but the guard should have refused')));
    socket.once('error', resolve);
  });
}

async function listenOn(server: net.Server, where: net.ListenOptions): Promise<void> {
  await new Promise<void>((resolve) => server.listen(where, resolve));
}

describe('tests can reach only this machine', () => {
  it('refuses net.connect to a public address, naming the host', async () => {
    const error = await connectionError(net.connect(443, '93.184.216.34'));
    expect(error.code).toBe(REFUSED_CODE);
    expect(error.message).toContain('93.184.216.34:443');
  });

  it('refuses tls.connect to api.xero.com before any DNS lookup', async () => {
    const error = await connectionError(
      tls.connect({ host: 'api.xero.com', port: 443, servername: 'api.xero.com' }),
    );
    expect(error.code).toBe(REFUSED_CODE);
    expect(error.message).toContain('api.xero.com:443');
  });

  it('refuses an https request to Xero the way a refused connection fails', async () => {
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const request = https.get('https://api.xero.com/api.xro/2.0/Organisation', () =>
        reject(new Error('answered, but the guard should have refused')),
      );
      request.once('error', resolve);
    });
    expect(error.code).toBe(REFUSED_CODE);
    expect(error.message).toContain('api.xero.com:443');
  });

  it("judges a connection with the test's own resolver by the address it resolves to", async () => {
    const server = net.createServer((socket) => socket.end());
    await listenOn(server, { port: 0, host: '127.0.0.1' });
    try {
      const { port } = server.address() as net.AddressInfo;
      const resolvingTo =
        (address: string): net.LookupFunction =>
        (_hostname, options, callback) =>
          options.all
            ? (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
                { address, family: 4 },
              ])
            : callback(null, address, 4);
      const local = net.connect({ host: 'callback.test', port, lookup: resolvingTo('127.0.0.1') });
      await new Promise<void>((resolve, reject) => {
        local.once('connect', () => resolve());
        local.once('error', reject);
      });
      local.destroy();
      const error = await connectionError(
        net.connect({ host: 'rebind.test', port, lookup: resolvingTo('203.0.113.5') }),
      );
      expect(error.code).toBe(REFUSED_CODE);
      expect(error.message).toContain('rebind.test (203.0.113.5)');
    } finally {
      server.close();
    }
  });

  it('lets an http request to a server on 127.0.0.1 through', async () => {
    const server = http.createServer((_req, res) => res.end('local'));
    await listenOn(server, { port: 0, host: '127.0.0.1' });
    try {
      const { port } = server.address() as net.AddressInfo;
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get(`http://localhost:${port}/`, { family: 4 }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve(text));
          })
          .once('error', reject);
      });
      expect(body).toBe('local');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('lets a Unix socket through', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loopback-guard-'));
    const socketPath = path.join(dir, 'guard.sock');
    const server = net.createServer((socket) => socket.end('unix'));
    await listenOn(server, { path: socketPath });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        let received = '';
        net
          .connect(socketPath)
          .on('data', (chunk: Buffer) => (received += chunk.toString()))
          .on('end', () => resolve(received))
          .once('error', reject);
      });
      expect(text).toBe('unix');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    'localhost',
    '127.0.0.1',
    '127.8.9.10',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    'app.localhost',
    '0.0.0.0',
  ])('counts %s as this machine', (host) => expect(isLoopbackHost(host)).toBe(true));

  it('allows the database host TEST_DATABASE_URL names, and nothing from a missing or broken URL', () => {
    expect(hostsNamedBy('postgres://dxc@postgres:5432/test')).toEqual(['postgres']);
    expect(hostsNamedBy('postgres://dxc@[fd00::5]:5432/test')).toEqual(['fd00::5']);
    expect(hostsNamedBy(undefined)).toEqual([]);
    expect(hostsNamedBy('not a url')).toEqual([]);
  });

  it.each([
    'api.xero.com',
    '10.0.0.5',
    '192.168.1.2',
    '8.8.8.8',
    '2001:db8::1',
    'localhost.example.com',
    '128.0.0.1',
  ])('counts %s as the network', (host) => expect(isLoopbackHost(host)).toBe(false));
});
