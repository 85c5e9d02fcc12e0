import { stringify, toPlainJson, type WdlValue } from '../../expressions/values';
import { asObject } from '../as-object';
import type { ConnectorResponse } from '../connectors';
import { invalidTemplate, RunAbort } from '../run-errors';
import { handle, type ActionHandler } from './action-handler';
import { applyResponse, callWithRetries } from './outbound-call';

/** The request's URL: `uri` with `queries` added; only an absolute URI will do. */
function requestUrl(name: string, inputs: Record<string, unknown>): URL {
  const uri = String(inputs.uri ?? '');
  try {
    const url = new URL(uri);
    for (const [k, v] of Object.entries(asObject(inputs.queries)))
      url.searchParams.set(k, stringify(v as WdlValue));
    return url;
  } catch {
    throw invalidTemplate(`Action '${name}': uri '${uri}' is not an absolute URI.`);
  }
}

/** The request's headers and body: a body that is not text is sent as JSON (with that Content-Type unless given). */
function requestContent(inputs: Record<string, unknown>, method: string) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(inputs.headers))) headers[k] = stringify(v as WdlValue);
  let body: string | undefined;
  if (inputs.body !== undefined && method !== 'GET' && method !== 'HEAD') {
    body =
      typeof inputs.body === 'string' ? inputs.body : JSON.stringify(toPlainJson(inputs.body as WdlValue));
    if (
      typeof inputs.body !== 'string' &&
      !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
    ) {
      headers['Content-Type'] = 'application/json';
    }
  }
  return { headers, body };
}

async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<ConnectorResponse> {
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => (responseHeaders[k] = v));
  let parsed: unknown = text;
  if (/json/i.test(res.headers.get('content-type') ?? '') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { statusCode: res.status, headers: responseHeaders, body: text === '' ? undefined : parsed };
}

/** HTTP (ACTREF Http): a real request, offline only to the local hosts the run allows. */
export const httpActions: ActionHandler[] = [
  handle('Http', async (run, { name, action, frame, record }) => {
    const inputs = asObject(run.evaluate(action.inputs, frame, name));
    const url = requestUrl(name, inputs);
    const allowed = run.options.httpHosts ?? ['127.0.0.1', 'localhost', '[::1]'];
    if (!allowed.includes(url.hostname)) {
      throw new RunAbort(
        `Http action to host '${url.hostname}'`,
        name,
        `The flow runner only calls 127.0.0.1/localhost offline; action '${name}' calls '${url.hostname}'.`,
      );
    }
    record.inputs = inputs as WdlValue;
    const method = String(inputs.method ?? 'GET').toUpperCase();
    const { headers, body } = requestContent(inputs, method);
    applyResponse(
      record,
      await callWithRetries(run, inputs.retryPolicy, () => send(url, method, headers, body)),
    );
  }),
];
