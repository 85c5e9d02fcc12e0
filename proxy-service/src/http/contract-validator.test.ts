import { listOperations } from '@dxc/openapi';
import { ContractValidator } from './contract-validator';
import { operationHandlers } from './routes/operation-handlers';

describe('the proxy follows the contract (openapi/dxc-xero.swagger.yaml)', () => {
  const validator = new ContractValidator();

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
});
