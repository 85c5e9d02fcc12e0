/**
 * Sends generated requests to a real proxy and checks what the contract promises for each answer: nothing ≥ 500
 * while Xero and the database are up, every 4xx a `{code, message, details}` body, and no write to Xero caused
 * by a request the proxy refused. Shared by the CI-sized property test and bench/fuzz.
 */
import type { Harness } from '@dxc/proxy-service/testing';
import type { FuzzRequest } from './contract-requests';

export interface FuzzTarget {
  url: string;
  apiKey: string;
  /** Writes Xero has seen so far (sequential requests: the difference across one belongs to it). */
  xeroWrites(): Promise<number>;
  timeoutMs: number;
}

export interface FuzzOutcome {
  request: FuzzRequest;
  /** HTTP status, or 0 when no answer came (`hang`: none within the time limit). */
  status: number;
  hang: boolean;
  /** Writes to Xero during a request answered 4xx. */
  rejectedWrites: number;
  problems: string[];
}

/**
 * Xero writes counted at both ends: the emulator's book changes (every created or updated invoice and contact)
 * and the proxy's calls to Xero that are not reads (items, credit notes, allocations included).
 */
export function fuzzTarget(h: Harness, apiKey: string, timeoutMs = 30_000): FuzzTarget {
  return {
    url: h.url,
    apiKey,
    timeoutMs,
    async xeroWrites() {
      const calls = await h.proxy.services.metrics.xeroCalls.get();
      const proxyWrites = calls.values
        .filter((v) => !String(v.labels.operation ?? '').startsWith('get'))
        .reduce((sum, v) => sum + v.value, 0);
      return h.emulator.webhooks.emittedEvents.length + proxyWrites;
    },
  };
}

function isErrorBody(body: unknown): boolean {
  const b = body as { code?: unknown; message?: unknown; details?: unknown } | null;
  return (
    b !== null &&
    typeof b === 'object' &&
    typeof b.code === 'string' &&
    typeof b.message === 'string' &&
    Array.isArray(b.details)
  );
}

export async function sendFuzzRequest(target: FuzzTarget, request: FuzzRequest): Promise<FuzzOutcome> {
  const headers: Record<string, string> = {};
  if (request.auth === 'valid') headers['X-Api-Key'] = target.apiKey;
  if (request.auth === 'unknown') headers['X-Api-Key'] = `dxc_unknown1_${'A'.repeat(43)}`;
  if (request.contentType) headers['Content-Type'] = request.contentType;
  const writesBefore = await target.xeroWrites();
  const outcome: FuzzOutcome = { request, status: 0, hang: false, rejectedWrites: 0, problems: [] };
  let body: unknown;
  try {
    const res = await fetch(`${target.url}${request.url}`, {
      method: request.method,
      headers,
      body: request.body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    outcome.status = res.status;
    const text = await res.text();
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
  } catch (error) {
    outcome.hang = (error as Error).name === 'TimeoutError';
    outcome.problems.push(outcome.hang ? 'no answer in time' : `no answer: ${(error as Error).message}`);
    return outcome;
  }
  const said = () => JSON.stringify(body)?.slice(0, 300);
  if (outcome.status >= 500) outcome.problems.push(`answered ${outcome.status}: ${said()}`);
  if (outcome.status >= 400 && outcome.status < 500) {
    if (!isErrorBody(body))
      outcome.problems.push(`${outcome.status} without {code, message, details}: ${said()}`);
    outcome.rejectedWrites = (await target.xeroWrites()) - writesBefore;
    if (outcome.rejectedWrites > 0)
      outcome.problems.push(`${outcome.status} after ${outcome.rejectedWrites} write(s) to Xero: ${said()}`);
  }
  return outcome;
}
