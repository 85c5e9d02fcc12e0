/**
 * One HTTP exchange of a connector, with Node's fetch. The answer is what an OpenApiConnection action's outputs
 * hold: status code, headers (lower-case names) and the body parsed as JSON when the server says it is JSON.
 * A connection failure throws, which the engine counts as a retryable connectivity error.
 */
export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** JSON-serialised unless it is a string. */
  body?: unknown;
}

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export async function sendHttp(request: HttpRequest): Promise<HttpAnswer> {
  const headers = { ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD') {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
  }
  let res: Response;
  try {
    res = await fetch(request.url, { method: request.method, headers, body, redirect: 'manual' });
  } catch (e) {
    // fetch says only "fetch failed"; the cause (ECONNREFUSED …) is what tells a user the sandbox is not running.
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `Cannot reach ${new URL(request.url).origin} (${request.method}): ${cause?.code ?? cause?.message ?? (e as Error).message}`,
    );
  }
  const text = await res.text();
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    // Hop-by-hop headers belong to this socket, not to the answer a connector hands to the flow.
    if (!hopByHop.has(name)) responseHeaders[name] = value;
  });
  let parsed: unknown = text === '' ? undefined : text;
  if (text !== '' && /json/i.test(res.headers.get('content-type') ?? '')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { statusCode: res.status, headers: responseHeaders, body: parsed };
}
