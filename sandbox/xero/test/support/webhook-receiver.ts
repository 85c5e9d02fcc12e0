/**
 * A real webhook receiver as Xero's docs ask for one: HMAC-SHA256 over the raw body with the webhook key, compared
 * timing-safely; 200 with an empty body for a good signature, 401 for a bad one. Tests can make it fail or hang.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  rawBody: string;
  signatureValid: boolean;
  body: {
    events: Record<string, unknown>[];
    firstEventSequence: number;
    lastEventSequence: number;
    entropy: string;
  };
  answered: number | 'hung';
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedPost[];
  /** What to do with the next POSTs (queue, consumed in order); default 'verify'. */
  script: ('verify' | 'always-200' | 'fail-500' | 'hang')[];
  /** Default behaviour once the script is empty. */
  mode: 'verify' | 'always-200' | 'fail-500' | 'hang';
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startWebhookReceiver(key: string): Promise<WebhookReceiver> {
  const receiver = {
    received: [] as ReceivedPost[],
    script: [],
    mode: 'verify',
  } as unknown as WebhookReceiver;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const expected = createHmac('sha256', key).update(raw).digest();
      const given = Buffer.from(String(req.headers['x-xero-signature'] ?? ''), 'base64');
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      const behaviour = receiver.script.shift() ?? receiver.mode;
      const post: ReceivedPost = {
        rawBody: raw.toString('utf8'),
        signatureValid,
        body: JSON.parse(raw.toString('utf8')),
        answered: 'hung',
      };
      receiver.received.push(post);
      if (behaviour === 'hang') return;
      const status =
        behaviour === 'fail-500' ? 500 : behaviour === 'always-200' ? 200 : signatureValid ? 200 : 401;
      post.answered = status;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xero/webhooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
