/**
 * Where a WhenAnInvoiceChanges callback may point. The proxy POSTs every invoice change of an organisation to the
 * callback URL a caller gave it, so an unchecked URL would let any API key make the proxy send requests into its
 * own network (cloud metadata at 169.254.169.254, admin ports on loopback, private services).
 *
 * - By default only https to public unicast addresses (ipaddr.js's "unicast" range: everything not loopback,
 *   private, link-local, unique-local, carrier-grade NAT, reserved, multicast…). Power Automate's callback URLs
 *   are https on public hosts (`*.logic.azure.com`; UNVERIFIED offline, the reference notes show no callback URL),
 *   so production loses nothing.
 * - With `allowPrivate` (WEBHOOK_ALLOW_PRIVATE_CALLBACKS, on in sandbox mode) http and loopback, private,
 *   unique-local and carrier-grade NAT addresses are allowed too, for flows running on the same machine or
 *   network. Link-local (cloud metadata), unspecified, multicast and broadcast addresses stay refused.
 * - A user name or password in the URL is always refused: Power Automate never sends one, and it would be sent
 *   as an Authorization header to whatever host the URL names.
 * - Host names are checked after DNS resolution, on every connection: `lookup` below is given to the socket, so
 *   the address that was checked is the address connected to (a name that re-binds to a private address between
 *   the subscription and a delivery is refused at the delivery).
 */
import dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** ipaddr.js ranges that `allowPrivate` opens (besides public unicast, always allowed). */
const LOCAL_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** Resolves a host name to every address it has (tests give names of their own). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: HostResolver = (hostname) => dns.promises.lookup(hostname, { all: true });

/** The callback URL or its address is not allowed; `reason` completes "body.callbackUrl …". */
export class CallbackRefused extends Error {
  constructor(readonly reason: string) {
    super(`the address is not allowed: ${reason}`);
    this.name = 'CallbackRefused';
  }
}

export interface CallbackAddressPolicyOptions {
  allowPrivate: boolean;
  resolve?: HostResolver;
}

export class CallbackAddressPolicy {
  readonly allowPrivate: boolean;
  private readonly resolve: HostResolver;

  constructor(options: CallbackAddressPolicyOptions) {
    this.allowPrivate = options.allowPrivate;
    this.resolve = options.resolve ?? systemResolver;
  }

  /** The ipaddr.js range of `address` when it may not be connected to, undefined when it may. */
  forbiddenRange(address: string): string | undefined {
    if (!ipaddr.isValid(address)) return 'not an IP address';
    // process(): an IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
    const range = ipaddr.process(address).range();
    if (range === 'unicast') return undefined;
    if (this.allowPrivate && LOCAL_RANGES.has(range)) return undefined;
    return range;
  }

  /** Checks what can be checked without DNS; throws CallbackRefused, else returns the parsed URL. */
  checkUrl(text: string): URL {
    if (!URL.canParse(text)) throw new CallbackRefused('must be an absolute URL with a host');
    const url = new URL(text);
    const schemes = this.allowPrivate ? ['https:', 'http:'] : ['https:'];
    if (!schemes.includes(url.protocol)) {
      throw new CallbackRefused(
        this.allowPrivate
          ? 'must use https or http'
          : 'must use https (http only with WEBHOOK_ALLOW_PRIVATE_CALLBACKS)',
      );
    }
    if (url.hostname === '') throw new CallbackRefused('must be an absolute URL with a host');
    if (url.username !== '' || url.password !== '')
      throw new CallbackRefused('must not contain a user name or password');
    const host = hostOf(url);
    // Node's sockets never give a literal address to `lookup`: it is judged here.
    if (ipaddr.isValid(host)) this.judge(host, [host]);
    return url;
  }

  /** checkUrl, then every address the host resolves to (at subscription time, for a clear 400 early). */
  async check(text: string): Promise<URL> {
    const url = this.checkUrl(text);
    const host = hostOf(url);
    if (ipaddr.isValid(host)) return url;
    let addresses: LookupAddress[];
    try {
      addresses = await this.resolve(host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'no answer';
      throw new CallbackRefused(`must name a host that resolves (${host}: ${code})`);
    }
    this.judge(
      host,
      addresses.map((a) => a.address),
    );
    return url;
  }

  /**
   * A socket `lookup` that resolves the name, refuses it when any of its addresses is not allowed, and hands
   * the socket only addresses it checked.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname)
      .then((all) => {
        this.judge(
          hostname,
          all.map((a) => a.address),
        );
        const usable = all.filter((a) => !options.family || a.family === options.family);
        if (usable.length === 0)
          throw Object.assign(new Error(`${hostname} has no IPv${options.family} address`), {
            code: 'ENOTFOUND',
          });
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };

  /** Throws CallbackRefused naming the first address of `host` that may not be reached. */
  private judge(host: string, addresses: string[]): void {
    for (const address of addresses) {
      const range = this.forbiddenRange(address);
      if (range === undefined) continue;
      const what = address === host ? address : `${host} (${address})`;
      throw new CallbackRefused(`must reach a public address, but ${what} is ${range}`);
    }
  }
}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
