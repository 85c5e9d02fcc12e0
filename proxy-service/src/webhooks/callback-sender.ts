/**
 * The one HTTP call to a flow's callback: a POST through node:http(s) whose socket resolves the host with the
 * address policy's `lookup`, so every delivery resolves the name again and connects only to an address that was
 * checked. No connection is reused (each delivery is judged afresh) and redirects are never followed: a 3xx is an
 * answer like any other non-2xx.
 */
import http from 'node:http';
import https from 'node:https';
import type { CallbackAddressPolicy } from './callback-address-policy';

export interface CallbackAnswer {
  status: number;
  /** The Retry-After header, as sent. */
  retryAfter: string | null;
}

export interface CallbackPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Resolves with the callback's status; rejects when it cannot be reached, is refused, or times out. */
export function postToCallback(policy: CallbackAddressPolicy, post: CallbackPost): Promise<CallbackAnswer> {
  let url: URL;
  try {
    url = policy.checkUrl(post.url);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const client = url.protocol === 'https:' ? https : http;
  const body = Buffer.from(post.body, 'utf8');
  return new Promise<CallbackAnswer>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined = undefined;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const request = client.request(url, {
      method: 'POST',
      headers: { ...post.headers, 'Content-Length': String(body.length) },
      lookup: policy.lookup,
      agent: false,
    });
    // One deadline for the whole exchange, as AbortSignal.timeout gave fetch before.
    timer = setTimeout(() => {
      const timeout = new Error(`no answer within ${post.timeoutMs} ms`);
      timeout.name = 'TimeoutError';
      settle(() => reject(timeout));
      request.destroy(timeout);
    }, post.timeoutMs);
    request.once('error', (error) => settle(() => reject(error)));
    request.once('response', (response) => {
      const answer = {
        status: response.statusCode ?? 0,
        retryAfter: (response.headers['retry-after'] as string | undefined) ?? null,
      };
      // The body is not needed; it is read to the end so the exchange completes.
      response.resume();
      response.once('end', () => settle(() => resolve(answer)));
      response.once('error', (error) => settle(() => reject(error)));
      response.once('close', () =>
        settle(() => reject(new Error('the connection closed before the answer ended'))),
      );
    });
    request.end(body);
  });
}
