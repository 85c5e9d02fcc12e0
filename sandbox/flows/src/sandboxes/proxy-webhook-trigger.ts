import { contract, operationParameters, type SwaggerDocument, type SwaggerSchema } from '@dxc/openapi';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoadedFlow } from '../engine/definition';
import type { RunResult } from '../engine/run-history';
import { FlowConfigurationError, runFlow, type RunOptions } from '../engine/runner';
import { describeTrigger } from '../engine/triggers';
import { sendHttp, type HttpAnswer } from '../connectors/http-request';
import {
  apiKeyHeader,
  buildProxyRequest,
  findOperation,
  ProxyRequestError,
} from '../connectors/proxy-connector';
import { proxyConnection, sandboxConnector, type SandboxRunConfiguration } from './sandbox-connector';
import { TriggerRunGate, triggerRunLimit } from './trigger-run-gate';

/**
 * A webhook trigger of our custom connector (WhenAnInvoiceChanges, OpenApiConnectionWebhook) as Power Automate
 * runs it (power-platform.md §2.2): the runner serves a callback URL on 127.0.0.1, subscribes at the proxy by
 * calling the trigger operation with that URL in the body property marked `x-ms-notification-url`, starts one run
 * per notification POSTed to the callback (answering 202), and on stop sends DELETE to the `Location` the
 * subscription answered with.
 */
export interface ProxyWebhookTrigger {
  /** The URL the proxy posts notifications to. */
  readonly callbackUrl: string;
  /** The Location header of the subscription (its DELETE address). */
  readonly location: string;
  /** The subscription answer (status, headers, body). */
  readonly subscription: HttpAnswer;
  readonly runs: RunResult[];
  /** Resolves when every run started so far has finished. */
  settled(): Promise<RunResult[]>;
  /** Unsubscribes (DELETE Location) and stops the callback server; returns the DELETE answer. */
  stop(): Promise<HttpAnswer>;
}

/** A notification as the callback received it (header names lower-case). */
export interface WebhookNotification {
  headers: Record<string, string>;
  body: unknown;
}

export interface ProxyWebhookTriggerOptions extends RunOptions {
  config: SandboxRunConfiguration;
  onRun?: (run: RunResult) => void;
  document?: SwaggerDocument;
  /**
   * Answers a notification with this status (a 4xx or 5xx) instead of accepting it, and starts no run: plays
   * Power Automate throttling (429) or briefly unavailable (503), to see the sender retry; 404 or 410 is what
   * Power Automate answers for a removed flow. Undefined accepts it.
   */
  refuseNotification?: (notification: WebhookNotification) => number | undefined;
}

export class WebhookSubscriptionError extends Error {
  constructor(
    message: string,
    readonly answer?: HttpAnswer,
  ) {
    super(message);
    this.name = 'WebhookSubscriptionError';
  }
}

/** The name of the body property marked `x-ms-notification-url` in the trigger operation's body schema. */
export function notificationUrlProperty(operationId: string, document: SwaggerDocument = contract): string {
  const found = findOperation(operationId, document);
  if (!found) throw new FlowConfigurationError(`The custom connector has no operation '${operationId}'.`);
  const body = operationParameters(found, document).find((p) => p.in === 'body');
  let schema: SwaggerSchema | undefined = body?.schema;
  while (schema?.$ref) schema = document.definitions?.[schema.$ref.replace('#/definitions/', '')];
  const property = Object.entries(schema?.properties ?? {}).find(
    ([, s]) => s['x-ms-notification-url'] === true,
  );
  if (!body || !property) {
    throw new FlowConfigurationError(
      `The operation '${operationId}' has no body property marked x-ms-notification-url, so it is not a webhook trigger.`,
    );
  }
  return `${body.name}/${property[0]}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answerJson(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ error: { code, message } }));
}

/** The runs the callback starts: at most as many at a time as the flow allows, each with its own seed. */
class NotificationRuns {
  readonly runs: RunResult[] = [];
  readonly pending = new Set<Promise<void>>();
  readonly failures: unknown[] = [];
  private sequence = 0;
  private readonly gate: TriggerRunGate;

  constructor(
    private readonly flow: LoadedFlow,
    private readonly runOptions: RunOptions,
    private readonly onRun?: (run: RunResult) => void,
  ) {
    this.gate = new TriggerRunGate(triggerRunLimit(flow));
  }

  start(notification: WebhookNotification): void {
    const index = this.sequence++;
    const work = this.gate
      .run(() =>
        runFlow(this.flow, {
          ...this.runOptions,
          seed: (this.runOptions.seed ?? 1) + index,
          trigger: notification,
        }),
      )
      .then(
        (run) => {
          this.runs[index] = run;
          this.onRun?.(run);
        },
        (e: unknown) => {
          this.failures.push(e);
        },
      );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  async settled(): Promise<RunResult[]> {
    while (this.pending.size) await Promise.all([...this.pending]);
    if (this.failures.length) throw this.failures[0];
    return this.runs.filter((r) => r !== undefined);
  }
}

/**
 * Answers a POST to the callback: 202 and a run per JSON notification, or the status refuseNotification chose; 404
 * for any other request, 400 for a body that is not JSON.
 */
async function answerNotification(
  req: IncomingMessage,
  res: ServerResponse,
  secretPath: string,
  runs: NotificationRuns,
  refuseNotification: ProxyWebhookTriggerOptions['refuseNotification'],
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'POST' || url.pathname !== secretPath) {
    answerJson(res, 404, 'NotFound', 'No such callback.');
    return;
  }
  const text = await readBody(req);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    answerJson(res, 400, 'InvalidJson', 'The notification body is not JSON.');
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const refusal = refuseNotification?.({ headers, body });
  if (refusal !== undefined) {
    if (!Number.isInteger(refusal) || refusal < 400 || refusal > 599) {
      // settled() reports it: a 500 alone would only look like a flaky callback to the sender.
      runs.failures.push(
        new FlowConfigurationError(
          `refuseNotification answered ${refusal}; it must be an HTTP error status (400-599) or undefined.`,
        ),
      );
      res.writeHead(500).end();
      return;
    }
    answerJson(res, refusal, 'NotificationRefused', `The trigger refused this notification (${refusal}).`);
    return;
  }
  runs.start({ headers, body });
  // Power Automate accepts the notification before the run finishes.
  res.writeHead(202).end();
}

/** The callback server on 127.0.0.1 (a random port and a secret path). */
async function startCallbackServer(runs: NotificationRuns, options: ProxyWebhookTriggerOptions) {
  const secretPath = `/callbacks/${randomUUID()}`;
  const server: Server = createServer((req, res) => {
    void answerNotification(req, res, secretPath, runs, options.refuseNotification).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${secretPath}`, close };
}

/** The flow's trigger, which must be a webhook trigger of the custom connector, and the runs' options. */
function webhookTrigger(flow: LoadedFlow, options: ProxyWebhookTriggerOptions) {
  const { config, onRun: _onRun, document = contract, refuseNotification: _refuse, ...given } = options;
  // The runs use the same run configuration: its environment variables and, unless told otherwise, its connections.
  const runOptions: RunOptions = {
    ...given,
    environmentVariables: given.environmentVariables ?? config.environmentVariables,
    connector: given.connector ?? sandboxConnector(config),
  };
  const trigger = describeTrigger(flow, runOptions);
  const operationId = trigger.operationId;
  const operation = operationId ? findOperation(operationId, document) : undefined;
  if (trigger.type !== 'OpenApiConnectionWebhook' || !operationId || !operation?.operation['x-ms-trigger']) {
    throw new FlowConfigurationError(
      `The flow '${flow.name}' does not start with a webhook trigger of the custom connector (its trigger is '${trigger.name}', ${trigger.type}${operationId ? ` ${operationId}` : ''}).`,
    );
  }
  const connection = proxyConnection(config, {
    connectionName: trigger.connectionName ?? '',
    connectionReferenceLogicalName: trigger.connectionReferenceLogicalName,
    actionName: trigger.name,
  });
  return { runOptions, trigger, operationId, connection, document };
}

/** Subscribes at the proxy: the trigger operation with the callback URL; a 201 with a Location is a subscription. */
async function subscribe(
  { trigger, operationId, connection, document }: ReturnType<typeof webhookTrigger>,
  callbackUrl: string,
): Promise<{ subscription: HttpAnswer; location: string }> {
  let subscription: HttpAnswer;
  try {
    const parameters = {
      ...trigger.parameters,
      [notificationUrlProperty(operationId, document)]: callbackUrl,
    };
    subscription = await sendHttp(buildProxyRequest(operationId, parameters, connection, document));
  } catch (e) {
    if (e instanceof ProxyRequestError) throw new FlowConfigurationError(e.message);
    throw e;
  }
  const location = subscription.headers.location;
  if (subscription.statusCode !== 201 || !location) {
    const detail = JSON.stringify(subscription.body ?? '');
    throw new WebhookSubscriptionError(
      `Subscribing the trigger ${operationId} at the proxy answered ${subscription.statusCode}${location ? '' : ' without a Location header'}: ${detail}`,
      subscription,
    );
  }
  return { subscription, location };
}

export async function startProxyWebhookTrigger(
  flow: LoadedFlow,
  options: ProxyWebhookTriggerOptions,
): Promise<ProxyWebhookTrigger> {
  const webhook = webhookTrigger(flow, options);
  const { connection, document } = webhook;
  const runs = new NotificationRuns(flow, webhook.runOptions, options.onRun);
  const { callbackUrl, close } = await startCallbackServer(runs, options);
  let subscribed: Awaited<ReturnType<typeof subscribe>>;
  try {
    subscribed = await subscribe(webhook, callbackUrl);
  } catch (e) {
    await close();
    throw e;
  }
  const { subscription, location } = subscribed;
  const deleteUrl = new URL(location, connection.baseUrl.replace(/\/?$/, '/')).toString();
  let stopped: Promise<HttpAnswer> | undefined;
  return {
    callbackUrl,
    location,
    subscription,
    runs: runs.runs,
    settled: () => runs.settled(),
    stop() {
      stopped ??= (async () => {
        try {
          return await sendHttp({
            method: 'DELETE',
            url: deleteUrl,
            headers: { Accept: 'application/json', [apiKeyHeader(document)]: connection.apiKey },
          });
        } finally {
          await close();
          await Promise.allSettled([...runs.pending]);
        }
      })();
      return stopped;
    },
  };
}
