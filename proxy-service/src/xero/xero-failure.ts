/**
 * xero-node rejects in three shapes (reference/xero-api.md §11): AccountingApi methods with a JSON *string*
 * `{response:{statusCode, body, headers}}`; XeroClient token/connection paths with a redacted axios error object;
 * openid-client paths with OPError/RPError. This turns any of them into one typed XeroFailure, keeping Xero's
 * validation messages and dropping everything that could carry a token.
 */
export interface XeroFailure {
  /** HTTP status from Xero; 0 when no response arrived (network error, timeout). */
  status: number;
  /** OAuth error code from the token endpoint (`invalid_grant`, `invalid_client`, …). */
  oauthError?: string;
  /** `X-Rate-Limit-Problem` on a 429: `minute`, `day`, `concurrent`, `appminute` (values beyond minute/day UNVERIFIED). */
  rateLimitProblem?: string;
  retryAfterSeconds?: number;
  /** Xero's own messages: ValidationErrors of every element, or the Detail/Message of the body. */
  messages: string[];
  /** Index of the element each validation message belongs to (for batch calls). */
  elementMessages: { index: number; messages: string[] }[];
  timedOut: boolean;
  /**
   * True only when the request left the proxy and no answer came back (refused, reset, timed out, DNS). A status 0
   * that is not a network failure is the proxy's own error (xero-node could not build the request, e.g. an
   * unrepresentable date or text): it must not be reported as "Xero could not be reached", nor retried.
   */
  network: boolean;
  /** With status 0: what went wrong, in the thrower's words (never a token: xero-node redacts its errors). */
  cause?: string;
  headers: Record<string, string>;
}

type Loose = Record<string, unknown>;

function asObject(v: unknown): Loose | undefined {
  return v !== null && typeof v === 'object' ? (v as Loose) : undefined;
}

function lowerHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const obj = asObject(raw);
  if (!obj) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined && v !== null && k.toLowerCase() !== 'authorization')
      out[k.toLowerCase()] = String(v);
  }
  return out;
}

function messagesFromBody(body: unknown): Pick<XeroFailure, 'messages' | 'elementMessages'> {
  const elementMessages: XeroFailure['elementMessages'] = [];
  const messages: string[] = [];
  if (typeof body === 'string') {
    if (body.trim() !== '') messages.push(body.trim().slice(0, 500));
    return { messages, elementMessages };
  }
  const obj = asObject(body);
  if (!obj) return { messages, elementMessages };
  const elements = Array.isArray(obj.Elements) ? obj.Elements : [];
  elements.forEach((element, index) => {
    const errors = asObject(element)?.ValidationErrors;
    const list = Array.isArray(errors)
      ? errors.map((e) => String(asObject(e)?.Message ?? '')).filter((m) => m !== '')
      : [];
    if (list.length > 0) {
      elementMessages.push({ index, messages: list });
      messages.push(...list);
    }
  });
  if (messages.length === 0) {
    for (const key of ['Detail', 'Message', 'error_description', 'error', 'Title']) {
      if (typeof obj[key] === 'string' && obj[key] !== '') {
        messages.push(String(obj[key]));
        break;
      }
    }
  }
  return { messages, elementMessages };
}

function retryAfter(headers: Record<string, string>): number | undefined {
  const raw = headers['retry-after'];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Error codes of Node, axios and undici that mean the network, not the request, failed. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * The same failures as they survive in a message: xero-node's AccountingApi keeps only axios's message (not its
 * code), and openid-client words its own timeout.
 */
const NETWORK_MESSAGE =
  /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|ENETDOWN)\b|socket hang up|other side closed|timeout of \d+ms exceeded|outgoing request timed out|Network Error|Client network socket disconnected/i;

export function parseXeroFailure(thrown: unknown): XeroFailure {
  let status = 0;
  let body: unknown;
  let headers: Record<string, string> = {};
  let oauthError: string | undefined;
  let timedOut = false;
  let sent = false;

  let value: unknown = thrown;
  if (typeof thrown === 'string') {
    try {
      value = JSON.parse(thrown);
    } catch {
      value = { message: thrown };
    }
  }
  const obj = asObject(value) ?? {};
  const response = asObject(obj.response);
  if (response) {
    status = Number(response.statusCode ?? response.status ?? 0) || 0;
    body = response.body ?? response.data ?? obj.body;
    headers = lowerHeaders(response.headers);
    // xero-node's ApiError keeps the request's method only when axios had created the request (it went out).
    sent = typeof asObject(response.request)?.method === 'string';
  } else if (typeof obj.error === 'string') {
    // openid-client OPError: the token endpoint's JSON error.
    oauthError = obj.error;
    status = Number(asObject(obj.response)?.statusCode ?? 400);
    body = { error: obj.error, error_description: obj.error_description };
  } else {
    body = typeof obj.message === 'string' ? obj.message : undefined;
  }
  const bodyObj = asObject(body);
  if (!oauthError && bodyObj && typeof bodyObj.error === 'string') oauthError = bodyObj.error;
  const code = String(obj.code ?? '');
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String(body ?? obj.message ?? ''))) {
    timedOut = status === 0;
  }
  const said = String(body ?? obj.message ?? '');
  const network = status === 0 && (sent || timedOut || NETWORK_CODES.has(code) || NETWORK_MESSAGE.test(said));
  return {
    status,
    oauthError,
    rateLimitProblem: headers['x-rate-limit-problem']?.toLowerCase(),
    retryAfterSeconds: retryAfter(headers),
    ...messagesFromBody(status === 0 ? undefined : body),
    timedOut,
    network,
    ...(status === 0 && said !== '' ? { cause: said.slice(0, 500) } : {}),
    headers,
  };
}
