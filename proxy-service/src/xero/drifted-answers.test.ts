/**
 * A Xero answer that drifted from Xero's spec fails loudly, through the real stack: the proxy and xero-node talk to
 * the Xero emulator through a small forwarder that rewrites one kind of answer the way a drifting Xero would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

type Tamper = (answer: Record<string, unknown[]>) => void;

/** Forwards every call to `target`; JSON answers to a path starting with a key of `tampers` are rewritten. */
async function startForwarder(target: () => string, tampers: Map<string, Tamper>) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
      ) as Record<string, string>;
      const body = ['GET', 'HEAD'].includes(req.method!) ? undefined : Buffer.concat(chunks);
      void fetch(`${target()}${req.url}`, { method: req.method, headers, body }).then(async (answer) => {
        let text = await answer.text();
        const tamper = [...tampers].find(([prefix]) => req.url!.startsWith(prefix))?.[1];
        if (tamper && answer.ok) {
          const json = JSON.parse(text) as Record<string, unknown[]>;
          tamper(json);
          text = JSON.stringify(json);
        }
        const relayed = [...answer.headers].filter(
          ([k]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k),
        );
        res.writeHead(answer.status, Object.fromEntries(relayed));
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const tampers = new Map<string, Tamper>();
let forwarder: Awaited<ReturnType<typeof startForwarder>>;
let h: Harness;
let apiKey: string;

beforeAll(async () => {
  let emulatorUrl = '';
  forwarder = await startForwarder(() => emulatorUrl, tampers);
  h = await startHarness({ env: { XERO_API_URL: forwarder.url } });
  emulatorUrl = h.emulator.url;
  ({ apiKey } = await h.connect());
});
afterAll(async () => {
  await h?.close();
  await forwarder?.close();
});
afterEach(() => tampers.clear());

test('tax rates without their names are refused as XERO_ERROR naming getTaxRates and the field', async () => {
  tampers.set('/api.xro/2.0/TaxRates', (answer) => {
    for (const rate of answer.TaxRates as Record<string, unknown>[]) delete rate.Name;
  });
  const res = await h.call('GET', '/v1/tax-rates', { apiKey });
  expect(res.status).toBe(502);
  expect(res.body).toMatchObject({
    code: 'XERO_ERROR',
    message: expect.stringContaining("Xero's answer to getTaxRates"),
    details: expect.arrayContaining([{ field: 'TaxRates[0].Name', reason: 'is missing' }]),
  });
  expect((res.body as { message: string }).message).toContain('TaxRates[0].Name is missing');
});

test('an account id that is not text is refused, not passed on half-read', async () => {
  tampers.set('/api.xro/2.0/Accounts', (answer) => {
    (answer.Accounts![0] as Record<string, unknown>).AccountID = 42;
  });
  const res = await h.call('GET', '/v1/accounts', { apiKey });
  expect(res.status).toBe(502);
  expect(res.body).toMatchObject({
    code: 'XERO_ERROR',
    details: [{ field: 'Accounts[0].AccountID', reason: 'must be string' }],
  });
});

test('fields Xero adds are not drift: the answer is read as before', async () => {
  tampers.set('/api.xro/2.0/BrandingThemes', (answer) => {
    for (const theme of answer.BrandingThemes as Record<string, unknown>[]) theme.SomethingNew = { x: [1] };
  });
  const res = await h.call('GET', '/v1/branding-themes', { apiKey });
  expect(res.status).toBe(200);
  expect((res.body as { brandingThemes: unknown[] }).brandingThemes.length).toBeGreaterThan(0);
});
