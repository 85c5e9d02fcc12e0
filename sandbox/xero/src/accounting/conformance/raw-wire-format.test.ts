/**
 * What xero-node hides: raw status codes, bodies and refusals of the accounting router over plain HTTP, and the
 * vendored spec's integrity.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { startLocalAccounting, type LocalAccounting } from '../test-support/local-accounting-app';
import { SPEC_PATH } from '../test-support/xero-spec-validator';

let app: LocalAccounting;

beforeAll(async () => {
  app = await startLocalAccounting();
});

afterAll(async () => {
  await app.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.basePath}${path}`, {
    method,
    headers: {
      authorization: 'Bearer test',
      'content-type': 'application/json',
      accept: 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    text,
    json: json as Record<string, unknown> & { [k: string]: unknown },
    type: response.headers.get('content-type') ?? '',
  };
}

describe('raw wire format', () => {
  it('accepts a bare single element as well as the wrapped collection, and a {} body on GET', async () => {
    const bare = await call('PUT', '/Contacts', { Name: 'Bare Body Ltd' });
    expect(bare.status).toBe(200);
    expect((bare.json.Contacts as Array<{ Name: string }>)[0]!.Name).toBe('Bare Body Ltd');
    // xero-node sends `{}` as the body of every GET; fetch cannot, so this one goes through node:http.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${app.basePath}/Contacts`,
        { method: 'GET', headers: { authorization: 'Bearer test', 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(200);
  });

  it('routes case-insensitively, as Xero does', async () => {
    expect((await call('GET', '/organisation')).status).toBe(200);
    const currencies = await call('GET', '/Currencies');
    expect((currencies.json.Currencies as Array<{ Code: string }>).map((c) => c.Code)).toContain('GBP');
    expect((await call('GET', '/TaxRates/NOPE')).status).toBe(404);
    expect((await call('GET', '/BrandingThemes/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('answers unknown endpoints and query parameters with a 501 naming them', async () => {
    const quotes = await call('GET', '/Quotes');
    expect(quotes.status).toBe(501);
    expect(quotes.json).toMatchObject({ Status: 501, Detail: expect.stringContaining('GET /Quotes') });
    const param = await call('GET', '/Invoices?foo=bar');
    expect(param.status).toBe(501);
    expect(param.json.Detail).toMatch(/query parameter 'foo' is not supported on GET \/Invoices\/?/);
    const pdf = await call('GET', '/Invoices/INV-0001', undefined, { accept: 'application/pdf' });
    expect(pdf.status).toBe(501);
  });

  it('refuses bodies that are not JSON, not parseable, empty or too large', async () => {
    const xml = await call('PUT', '/Contacts', '<Contacts><Contact><Name>X</Name></Contact></Contacts>', {
      'content-type': 'application/xml',
    });
    expect(xml.status).toBe(501);
    const broken = await call('PUT', '/Contacts', '{"Contacts": [');
    expect(broken).toMatchObject({
      status: 400,
      json: { ErrorNumber: 14, Type: 'PostDataInvalidException' },
    });
    const empty = await call('PUT', '/Invoices', { Invoices: [] });
    expect(empty).toMatchObject({ status: 400, json: { ErrorNumber: 17, Type: 'NoDataProcessedException' } });
    const huge = await call('PUT', '/Contacts', { Contacts: [{ Name: 'x'.repeat(3_700_000) }] });
    expect(huge.status).toBe(413);
  });

  it('gives the plain-text 404 for unknown ids and numbers', async () => {
    const missing = await call('GET', '/Contacts/NO-SUCH-NUMBER');
    expect(missing).toMatchObject({ status: 404, text: "The resource you're looking for cannot be found" });
    expect(missing.type).toMatch(/text\/plain/);
    expect(
      (await call('POST', '/Invoices/00000000-0000-4000-8000-000000000000', { Reference: 'x' })).status,
    ).toBe(404);
  });

  it('marks contact failures with HasValidationErrors when summarizeErrors=false', async () => {
    await call('PUT', '/Contacts', { Name: 'Twice Named' });
    const result = await call('PUT', '/Contacts?summarizeErrors=false', {
      Contacts: [{ Name: 'Twice Named' }, { Name: 'Once Named' }],
    });
    expect(result.status).toBe(200);
    expect(result.json.Contacts).toMatchObject([
      { Name: 'Twice Named', HasValidationErrors: true, StatusAttributeString: 'ERROR' },
      { Name: 'Once Named', StatusAttributeString: 'OK' },
    ]);
  });

  it("resolves line tracking by name to the organisation's category and option ids, and refuses more than two", async () => {
    const region = app.books.seedTrackingCategory({ name: 'Region', options: ['North'] });
    const contact = (await call('PUT', '/Contacts', { Name: 'Tracked' })).json.Contacts as Array<{
      ContactID: string;
    }>;
    const tracking = [{ Name: 'Region', Option: 'North' }];
    const ok = await call('PUT', '/Invoices', {
      Type: 'ACCREC',
      Contact: { ContactID: contact[0]!.ContactID },
      LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 1, AccountCode: '200', Tracking: tracking }],
    });
    const invoice = (ok.json.Invoices as Array<Record<string, unknown>>)[0]!;
    expect(invoice.StatusAttributeString).toBe('OK');
    expect((invoice.LineItems as Array<{ Tracking: unknown }>)[0]!.Tracking).toEqual([
      {
        Name: 'Region',
        Option: 'North',
        TrackingCategoryID: region.trackingCategoryId,
        TrackingOptionID: region.options[0]!.trackingOptionId,
      },
    ]);
    const three = await call('PUT', '/Invoices', {
      Type: 'ACCREC',
      Contact: { ContactID: contact[0]!.ContactID },
      LineItems: [{ Description: 'x', Tracking: [tracking[0], tracking[0], tracking[0]] }],
    });
    expect(three.status).toBe(400);
  });

  it('updates one invoice per POST /Invoices/{id}, and PUT never overwrites an existing id', async () => {
    const contact = (await call('PUT', '/Contacts', { Name: 'One At A Time' })).json.Contacts as Array<{
      ContactID: string;
    }>;
    const created = (
      await call('PUT', '/Invoices', {
        Type: 'ACCREC',
        Contact: { ContactID: contact[0]!.ContactID },
        LineItems: [{ Description: 'x' }],
      })
    ).json.Invoices as Array<{ InvoiceID: string }>;
    const id = created[0]!.InvoiceID;
    const two = await call('POST', `/Invoices/${id}`, { Invoices: [{ Reference: 'a' }, { Reference: 'b' }] });
    expect(two).toMatchObject({ status: 400, json: { Type: 'PostDataInvalidException' } });
    const put = await call('PUT', '/Invoices', {
      InvoiceID: id,
      Type: 'ACCREC',
      Contact: { ContactID: contact[0]!.ContactID },
      LineItems: [],
    });
    expect(put.status).toBe(400);
    const unknownPost = await call('POST', '/Invoices', {
      InvoiceID: '00000000-0000-4000-8000-000000000001',
      Type: 'ACCREC',
      LineItems: [],
    });
    expect(JSON.stringify(unknownPost.json)).toMatch(
      /An existing Invoice with the specified InvoiceID could not be found/,
    );
  });

  it('deletes an item and removes a credit note allocation', async () => {
    const item = (await call('PUT', '/Items', { Code: 'TEMP-1' })).json.Items as Array<{ ItemID: string }>;
    expect((await call('DELETE', `/Items/${item[0]!.ItemID}`)).status).toBe(204);
    expect((await call('GET', `/Items/${item[0]!.ItemID}`)).status).toBe(404);
    const contact = (await call('PUT', '/Contacts', { Name: 'Allocation Undo' })).json.Contacts as Array<{
      ContactID: string;
    }>;
    const contactRef = { ContactID: contact[0]!.ContactID };
    const invoice = (
      (
        await call('PUT', '/Invoices', {
          Type: 'ACCREC',
          Contact: contactRef,
          Status: 'AUTHORISED',
          DueDate: '2026-03-01',
          LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
        })
      ).json.Invoices as Array<{ InvoiceID: string }>
    )[0]!;
    const note = (
      (
        await call('PUT', '/CreditNotes', {
          Type: 'ACCRECCREDIT',
          Contact: contactRef,
          Status: 'AUTHORISED',
          LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode: '200' }],
        })
      ).json.CreditNotes as Array<{ CreditNoteID: string }>
    )[0]!;
    const allocation = (
      (
        await call('PUT', `/CreditNotes/${note.CreditNoteID}/Allocations`, {
          Allocations: [{ Invoice: { InvoiceID: invoice.InvoiceID }, Amount: 12, Date: '2026-02-02' }],
        })
      ).json.Allocations as Array<{ AllocationID: string }>
    )[0]!;
    expect(
      ((await call('GET', `/Invoices/${invoice.InvoiceID}`)).json.Invoices as Array<{ Status: string }>)[0]!
        .Status,
    ).toBe('PAID');
    const removed = await call(
      'DELETE',
      `/CreditNotes/${note.CreditNoteID}/Allocations/${allocation.AllocationID}`,
    );
    expect(removed.json).toMatchObject({ AllocationID: allocation.AllocationID, IsDeleted: true });
    expect(
      (
        (await call('GET', `/Invoices/${invoice.InvoiceID}`)).json.Invoices as Array<{
          Status: string;
          AmountDue: number;
        }>
      )[0],
    ).toMatchObject({ Status: 'AUTHORISED', AmountDue: 12 });
  });

  it("uses the vendored, unmodified copy of Xero's spec", () => {
    const sha = createHash('sha256').update(readFileSync(SPEC_PATH)).digest('hex');
    expect(sha).toBe('140f64f8e6bd2d8524b8ffdbffd08589d417efa5466ba57bfa04939a69ff6db8');
  });

  it('sends only spec-valid JSON', () => {
    expect(app.specChecks.filter((c) => c.errors.length > 0)).toEqual([]);
  });
});
