/**
 * A test may open sockets to this machine only; jest.base.js installs this for every project through
 * refuse-network.setup.ts. If a URL rewrite breaks and a test's xero-node client reaches for api.xero.com (or any
 * other real host), the connection fails at once with an error naming the host, instead of quietly calling Xero or
 * hanging on a sandbox without a network. Unix sockets (PostgreSQL may use one) and every loopback address stay open.
 * Child processes and chromium are separate processes and are not affected.
 *
 * Patching net.Socket.prototype.connect covers net.connect, tls.connect (a TLSSocket is a net.Socket) and every http
 * or https agent, since they all end up there.
 */
import net from 'node:net';

export const REFUSED_CODE = 'ERR_TEST_NETWORK_REFUSED';

const INSTALLED = Symbol.for('dxc.loopbackOnlyNetwork');

/** True for names and addresses that can only mean this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  // Connecting to the unspecified address reaches this machine (tests connect to what `listen()` reported).
  if (h === '0.0.0.0' || h === '::') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h) || /^(0+:){7}0*1$/.test(h);
  return false;
}

type Lookup = (hostname: string, options: object, callback: (...answer: unknown[]) => void) => void;
type ConnectTarget =
  { kind: 'path' } | { kind: 'host'; host: string; port: unknown; options?: { lookup?: Lookup } };

// Socket#connect takes (options[, cb]), (port[, host][, cb]), (path[, cb]), or, from net.connect and the http agents,
// one internal array whose first element is the options.
function targetOf(args: unknown[]): ConnectTarget {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    const options = first as { path?: unknown; host?: unknown; port?: unknown };
    if (typeof options.path === 'string' && options.path !== '') return { kind: 'path' };
    return {
      kind: 'host',
      host: typeof options.host === 'string' ? options.host : 'localhost',
      port: options.port,
      options: options as { lookup?: Lookup },
    };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { kind: 'path' };
  return { kind: 'host', host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

function refusal(host: string, port: unknown): Error {
  return Object.assign(
    new Error(
      `tests may only connect to this machine: refused a connection to ${host}:${String(port)} ` +
        '(scripts/jest/loopback-only-network.ts); point the client at an emulator on 127.0.0.1',
    ),
    { code: REFUSED_CODE, host },
  );
}

/**
 * `alsoAllowed`: hosts a test environment names on purpose (the PostgreSQL of TEST_DATABASE_URL may be a service
 * container), matched exactly and case-insensitively.
 */
export function installLoopbackOnlyNetwork(alsoAllowed: readonly string[] = []): void {
  const allowed = new Set(alsoAllowed.map((h) => h.toLowerCase()));
  const proto = net.Socket.prototype as net.Socket & { [INSTALLED]?: true };
  // jest runs setup files once per test file in the same worker process; patch the shared core module once.
  if (proto[INSTALLED]) return;
  const original = proto.connect as (this: net.Socket, ...args: unknown[]) => net.Socket;
  const guarded = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const target = targetOf(args);
    if (target.kind === 'path' || isLoopbackHost(target.host) || allowed.has(target.host.toLowerCase()))
      return original.apply(this, args);
    const error = refusal(target.host, target.port);
    // A test that brings its own resolver (a name mapped to 127.0.0.1, as the callback address policy's tests do)
    // is judged by the address its resolver gives, not by the name; without one, no DNS lookup is made at all.
    const lookup = target.options?.lookup;
    if (typeof lookup === 'function') {
      target.options!.lookup = (hostname, options, callback) =>
        lookup(hostname, options, (err: unknown, address: unknown, family: unknown) => {
          if (err) return callback(err);
          const addresses = Array.isArray(address)
            ? (address as { address: string }[]).map((a) => a.address)
            : [String(address)];
          if (addresses.every(isLoopbackHost)) return callback(null, address, family);
          callback(refusal(`${target.host} (${addresses.join(', ')})`, target.port));
        });
      return original.apply(this, args);
    }
    // Fail the way a refused connection fails, on the socket's 'error' event, so callers see it where they expect.
    process.nextTick(() => this.destroy(error));
    return this;
  };
  Object.defineProperty(proto, 'connect', { value: guarded, writable: true, configurable: true });
  Object.defineProperty(proto, INSTALLED, { value: true });
}

/** The host of a URL such as TEST_DATABASE_URL, or none when it is unset or not a URL. */
export function hostsNamedBy(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const { hostname } = new URL(url);
    return hostname ? [hostname.replace(/^\[|\]$/g, '')] : [];
  } catch {
    return [];
  }
}
