import { ProxyError } from '../../errors';
import { checkXeroAnswer } from './xero-answer-check';

const failure = (run: () => void): ProxyError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ProxyError) return error;
    throw error;
  }
  throw new Error('expected the answer to be refused');
};

describe("Xero's answers are checked for the fields the proxy reads", () => {
  test('an answer with what we read, and more, passes: new fields, new status values and nulls are not drift', () => {
    expect(() =>
      checkXeroAnswer('getInvoices', 'Invoices', {
        Invoices: [
          { InvoiceID: 'a', Status: 'SOMETHING_NEW', Total: 10, FullyPaidOnDate: null, Shiny: { x: 1 } },
        ],
        pagination: { pageCount: 1, itemCount: 1 },
        Warnings: [],
      }),
    ).not.toThrow();
  });

  test('a read whose element lacks its id fails as XERO_ERROR naming the operation and the field', () => {
    const error = failure(() =>
      checkXeroAnswer('getInvoices', 'Invoices', { Invoices: [{ Status: 'PAID' }] }),
    );
    expect(error).toMatchObject({ code: 'XERO_ERROR', status: 502 });
    expect(error.message).toContain('getInvoices');
    expect(error.message).toContain('Invoices[0].InvoiceID is missing');
    expect(error.details).toEqual([{ field: 'Invoices[0].InvoiceID', reason: 'is missing' }]);
  });

  test('a field we read with the wrong type fails, nested ones too', () => {
    const total = failure(() =>
      checkXeroAnswer('getInvoices', 'Invoices', { Invoices: [{ InvoiceID: 'a', Total: '10.00' }] }),
    );
    expect(total.details).toEqual([{ field: 'Invoices[0].Total', reason: 'must be number' }]);
    const option = failure(() =>
      checkXeroAnswer('getTrackingCategories', 'TrackingCategories', {
        TrackingCategories: [{ TrackingCategoryID: 't', Name: 'Region', Options: [{ TrackingOptionID: 7 }] }],
      }),
    );
    expect(option.details).toEqual([
      { field: 'TrackingCategories[0].Options[0].Name', reason: 'is missing' },
      { field: 'TrackingCategories[0].Options[0].TrackingOptionID', reason: 'must be string' },
    ]);
  });

  test("a write's answer may hold a refused element without ids, but not lose its collection", () => {
    const refused = { HasErrors: true, ValidationErrors: [{ Message: 'Invoice # must be unique.' }] };
    expect(() =>
      checkXeroAnswer('createInvoices', 'Invoices written', { Invoices: [refused] }),
    ).not.toThrow();
    const lost = failure(() => checkXeroAnswer('createInvoices', 'Invoices written', { Elements: [] }));
    expect(lost.details).toEqual([{ field: 'Invoices', reason: 'is missing' }]);
  });

  test('an answer that is not an object at all fails', () => {
    const error = failure(() => checkXeroAnswer('getTaxRates', 'TaxRates', '<html>gateway</html>'));
    expect(error.message).toContain('getTaxRates');
    expect(error.message).toContain('the answer must be object');
  });
});
