import { contract, operationParameters, type SwaggerDocument, type SwaggerSchema } from '@dxc/openapi';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
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

export async function startProxyWebhookTrigger(
  flow: LoadedFlow,
  options: ProxyWebhookTriggerOptions,
): Promise<ProxyWebhookTrigger> {
  const { config, onRun, document = contract, refuseNotification, ...given } = options;
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

  const runs: RunResult[] = [];
  const pending = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let sequence = 0;
  const gate = new TriggerRunGate(triggerRunLimit(flow));
  const secretPath = `/callbacks/${randomUUID()}`;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method !== 'POST' || url.pathname !== secretPath) {
        res
          .writeHead(404, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'NotFound', message: 'No such callback.' } }));
        return;
      }
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        res
          .writeHead(400, { 'Content-Type': 'application/json' })
          .end(
            JSON.stringify({ error: { code: 'InvalidJson', message: 'The notification body is not JSON.' } }),
          );
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const refusal = refuseNotification?.({ headers, body });
      if (refusal !== undefined) {
        if (!Number.isInteger(refusal) || refusal < 400 || refusal > 599) {
          // settled() reports it: a 500 alone would only look like a flaky callback to the sender.
          failures.push(
            new FlowConfigurationError(
              `refuseNotification answered ${refusal}; it must be an HTTP error status (400-599) or undefined.`,
            ),
          );
          res.writeHead(500).end();
          return;
        }
        res.writeHead(refusal, { 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            error: {
              code: 'NotificationRefused',
              message: `The trigger refused this notification (${refusal}).`,
            },
          }),
        );
        return;
      }
      const index = sequence++;
      const work = gate
        .run(() =>
          runFlow(flow, {
            ...runOptions,
            seed: (runOptions.seed ?? 1) + index,
            trigger: { headers, body },
          }),
        )
        .then(
          (run) => {
            runs[index] = run;
            onRun?.(run);
          },
          (e: unknown) => {
            failures.push(e);
          },
        );
      pending.add(work);
      void work.finally(() => pending.delete(work));
      // Power Automate accepts the notification before the run finishes.
      res.writeHead(202).end();
    })().catch(() => {
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
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${secretPath}`;

  let subscription: HttpAnswer;
  try {
    const parameters = {
      ...trigger.parameters,
      [notificationUrlProperty(operationId, document)]: callbackUrl,
    };
    subscription = await sendHttp(buildProxyRequest(operationId, parameters, connection, document));
  } catch (e) {
    await close();
    if (e instanceof ProxyRequestError) throw new FlowConfigurationError(e.message);
    throw e;
  }
  const location = subscription.headers.location;
  if (subscription.statusCode !== 201 || !location) {
    await close();
    const detail = JSON.stringify(subscription.body ?? '');
    throw new WebhookSubscriptionError(
      `Subscribing the trigger ${operationId} at the proxy answered ${subscription.statusCode}${location ? '' : ' without a Location header'}: ${detail}`,
      subscription,
    );
  }
  const deleteUrl = new URL(location, connection.baseUrl.replace(/\/?$/, '/')).toString();
  let stopped: Promise<HttpAnswer> | undefined;
  return {
    callbackUrl,
    location,
    subscription,
    runs,
    async settled() {
      while (pending.size) await Promise.all([...pending]);
      if (failures.length) throw failures[0];
      return runs.filter((r) => r !== undefined);
    },
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
          await Promise.allSettled([...pending]);
        }
      })();
      return stopped;
    },
  };
}
