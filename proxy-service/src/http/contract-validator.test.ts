import { listOperations } from '@dxc/openapi';
import { seedInvoice, settings } from '../domain/invoices/test-support/batch-fixtures';
import { isRepresentableDateTime } from '../field-problems';
import { ContractValidator, sharedContractValidator } from './contract-validator';
import { operationHandlers } from './routes/operation-handlers';

describe('the proxy follows the contract (openapi/dxc-xero.swagger.yaml)', () => {
  const validator = new ContractValidator();

  test('every proxy in a process shares one compiled validator, which knows every operation', () => {
    const shared = sharedContractValidator();
    expect(sharedContractValidator()).toBe(shared);
    expect(shared.routes.map((r) => r.operationId)).toEqual(validator.routes.map((r) => r.operationId));
  });

  test('every contract operation has exactly one handler, and no handler serves an unknown operation', () => {
    const contractIds = listOperations()
      .map((o) => o.operationId)
      .sort();
    expect(operationHandlers.map((h) => h.operationId).sort()).toEqual(contractIds);
    expect(validator.routes.map((r) => r.operationId).sort()).toEqual(contractIds);
  });

  test('routes take method and path from the contract', () => {
    expect(validator.route('DeleteSubscription')).toMatchObject({
      method: 'delete',
      expressPath: '/v1/subscriptions/:subscriptionId',
      successStatus: 204,
    });
    expect(validator.route('WhenAnInvoiceChanges').successStatus).toBe(201);
  });

  test('responses are checked against the schema of their status', () => {
    const good = {
      taxRates: [{ name: 'Standard 20%', taxType: 'OUTPUT2', status: 'ACTIVE', effectiveRate: 20 }],
    };
    expect(validator.validateResponse('ListTaxRates', 200, good)).toEqual([]);
    expect(
      validator.validateResponse('ListTaxRates', 200, { taxRates: [{ name: 'x', status: 'GONE' }] }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'response.taxRates[0].taxType', reason: 'is required' },
        {
          field: 'response.taxRates[0].status',
          reason: 'must be one of "ACTIVE", "DELETED", "ARCHIVED", "PENDING"',
        },
      ]),
    );
    expect(validator.validateResponse('ListTaxRates', 418, good)).toEqual([
      { field: 'status', reason: '418 is not a declared response' },
    ]);
    expect(validator.validateResponse('DeleteSubscription', 204, undefined)).toEqual([]);
  });

  test('query parameters are coerced and checked; unknown operations are refused', () => {
    expect(
      validator.validateRequest('ListAccounts', { body: undefined, query: { class: 'REVENUE' }, params: {} }),
    ).toEqual([]);
    expect(() => validator.validateRequest('Nope', { body: undefined, query: {}, params: {} })).toThrow(
      /Unknown/,
    );
  });

  test('a leap second is a valid RFC 3339 time that no Date can hold: refused, naming the field', () => {
    expect(isRepresentableDateTime('2016-12-31T23:59:59Z')).toBe(true);
    expect(isRepresentableDateTime('2016-12-31T23:59:60Z')).toBe(false);
    const details = validator.validateRequest('GetInvoiceStatuses', {
      body: { modifiedSince: '2016-12-31T23:59:60Z' },
      query: {},
      params: {},
    });
    expect(details).toEqual([
      {
        field: 'body.modifiedSince',
        reason: expect.stringMatching(/^must be a valid date-time .*no leap second/),
      },
    ]);
  });

  test('text with a lone surrogate is refused, naming the field; well-formed astral text passes', () => {
    const batch = (productNumber: string) => {
      const seed = seedInvoice();
      return {
        settings: settings(),
        invoices: [{ ...seed, lines: [{ ...seed.lines[0]!, productNumber }, ...seed.lines.slice(1)] }],
      };
    };
    const ok = validator.validateRequest('SyncInvoices', { body: batch('PRD-😀'), query: {}, params: {} });
    expect(ok).toEqual([]);
    const bad = validator.validateRequest('SyncInvoices', { body: batch('\ud800'), query: {}, params: {} });
    expect(bad).toEqual([
      {
        field: 'body.invoices[0].lines[0].productNumber',
        reason: 'must be well-formed Unicode text (it holds a lone surrogate)',
      },
    ]);
  });
});
