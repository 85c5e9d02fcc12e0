import {
  contract,
  getDefinitionSchema,
  getOperation,
  getParametersSchema,
  getRequestBodySchema,
  getResponseSchema,
  getSuccessStatus,
  toJsonSchema,
} from './load-contract';

describe('load-contract', () => {
  it('exposes the parsed contract, frozen so no consumer can change it for the others', () => {
    expect(contract.swagger).toBe('2.0');
    expect(Object.isFrozen(contract.paths)).toBe(true);
    expect(() => {
      (contract.info as { title: string }).title = 'changed';
    }).toThrow(TypeError);
  });

  it('finds an operation by operationId with its method and path', () => {
    const found = getOperation('DeleteSubscription');
    expect(found).toMatchObject({
      method: 'delete',
      path: '/v1/subscriptions/{subscriptionId}',
      expressPath: '/v1/subscriptions/:subscriptionId',
    });
  });

  it('names the known operations when asked for an unknown one', () => {
    expect(() => getOperation('SyncInvoice')).toThrow(
      /no operation "SyncInvoice" \(known: GetConnection, .*SyncInvoices/,
    );
  });

  it('gives request and response bodies as plain JSON Schema: refs inlined, x-ms extensions gone', () => {
    const request = getRequestBodySchema('CancelInvoice')!;
    expect(request).toMatchObject({
      type: 'object',
      required: ['invoiceId', 'policy'],
      properties: { policy: { type: 'string', enum: ['CreditNote', 'Void', 'Nothing'] } },
    });
    expect(JSON.stringify(getResponseSchema('SyncInvoices'))).not.toMatch(/"x-|\$ref/);
    const response = getResponseSchema('SyncInvoices') as {
      properties: { results: { items: { properties: Record<string, unknown> } } };
    };
    expect(response.properties.results.items.properties).toHaveProperty('outcome');
  });

  it('returns no body schema for operations without a body or a 204 answer', () => {
    expect(getRequestBodySchema('GetConnection')).toBeUndefined();
    expect(getResponseSchema('DeleteSubscription')).toBeUndefined();
    expect(getSuccessStatus('DeleteSubscription')).toBe(204);
    expect(getSuccessStatus('WhenAnInvoiceChanges')).toBe(201);
  });

  it('refuses a status code the operation does not declare', () => {
    expect(() => getResponseSchema('GetConnection', 418)).toThrow(
      'Operation GetConnection declares no 418 response',
    );
  });

  it('gathers query and path parameters into one object schema', () => {
    expect(getParametersSchema('ListAccounts', 'query')).toMatchObject({
      type: 'object',
      properties: {
        class: { type: 'string', enum: expect.arrayContaining(['REVENUE']) },
        type: { type: 'string' },
      },
    });
    expect(getParametersSchema('DeleteSubscription', 'path')).toEqual({
      type: 'object',
      properties: { subscriptionId: expect.objectContaining({ type: 'string', format: 'uuid' }) },
      required: ['subscriptionId'],
    });
  });

  it('hands out copies that callers may change', () => {
    const schema = getDefinitionSchema('TaxRate') as { required: string[] };
    schema.required.push('anything');
    expect(getDefinitionSchema('TaxRate')).not.toHaveProperty(
      'required',
      expect.arrayContaining(['anything']),
    );
  });

  it('refuses references outside #/definitions and self-references', () => {
    expect(() => toJsonSchema({ $ref: 'other.yaml#/Thing' })).toThrow('Only local #/definitions/ references');
    const looping = {
      ...contract,
      definitions: { Node: { type: 'object', properties: { next: { $ref: '#/definitions/Node' } } } },
    };
    expect(() => toJsonSchema({ $ref: '#/definitions/Node' }, looping)).toThrow(/refers to itself/);
  });
});
