/**
 * The proxy's own failures are not Xero's: a request Xero could never accept is a 400 naming the field (nothing is
 * sent). A failure to build a Xero call, neither retried nor answered "Xero could not be reached", is tested in
 * xero/xero-caller.test.ts.
 */
import type { ConnectionRecord } from '../store/store';
import { seedInvoice, settings } from '../domain/invoices/test-support/batch-fixtures';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

let h: Harness;
let apiKey: string;
let connection: ConnectionRecord;

beforeAll(async () => {
  h = await startHarness();
  ({ apiKey, connection } = await h.connect());
});
afterAll(async () => h?.close());

const xeroCalls = (): number => h.emulator.limits.usage(connection.tenantId)[0]?.total ?? 0;

describe("the proxy's errors are labelled as its own", () => {
  test('a leap second in modifiedSince is a 400 naming the field, and Xero is not called', async () => {
    const before = xeroCalls();
    const res = await h.call('POST', '/v1/invoices/status', {
      apiKey,
      body: { modifiedSince: '2016-12-31T23:59:60Z' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'body.modifiedSince', reason: expect.stringContaining('no leap second') }],
    });
    expect(res.headers.get('retry-after')).toBeNull();
    expect(xeroCalls()).toBe(before);
  });

  test('a product number with a lone surrogate is a 400 naming that line, and Xero is not called', async () => {
    const seed = seedInvoice();
    const invoice = {
      ...seed,
      lines: [{ ...seed.lines[0]!, productNumber: '\ud800' }, ...seed.lines.slice(1)],
    };
    const before = xeroCalls();
    // JSON.stringify writes the lone surrogate as the escape `\ud800`, exactly what a client can send.
    const res = await h.call('POST', '/v1/invoices/sync', {
      apiKey,
      body: { settings: settings(), invoices: [invoice] },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      {
        field: 'body.invoices[0].lines[0].productNumber',
        reason: 'must be well-formed Unicode text (it holds a lone surrogate)',
      },
    ]);
    expect(xeroCalls()).toBe(before);
  });
});
