/**
 * The generic call behind every gateway operation: the proxy's own failure to build a Xero call is neither retried
 * nor answered "Xero could not be reached", and Xero's refusal of a write reaches the caller as itself.
 */
import { ProxyError } from '../errors';
import type { ConnectionRecord } from '../store/store';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';
import { XeroCaller } from './xero-caller';

jest.setTimeout(120_000);

let h: Harness;
let connection: ConnectionRecord;
let xero: XeroCaller;

beforeAll(async () => {
  h = await startHarness();
  ({ connection } = await h.connect());
  xero = new XeroCaller(h.proxy.services);
});
afterAll(async () => h?.close());

test('a call xero-node cannot even build fails once, as itself: no retry, not "Xero could not be reached"', async () => {
  let attempts = 0;
  const failure = xero.call(connection, { operation: 'getInvoices', read: true }, async () => {
    attempts += 1;
    throw new RangeError('Invalid time value');
  });
  await expect(failure).rejects.toThrow(RangeError);
  expect(attempts).toBe(1);
});

test("Xero's refusal of a write reaches the caller as the ProxyError it is", async () => {
  const refused = xero.call(connection, { operation: 'updateOrCreateInvoices', read: false }, async () => {
    throw JSON.stringify({ response: { statusCode: 404, body: { Message: 'gone' }, headers: {} } });
  });
  await expect(refused).rejects.toBeInstanceOf(ProxyError);
  await expect(refused).rejects.toMatchObject({ code: 'XERO_NOT_FOUND', status: 404 });
});
