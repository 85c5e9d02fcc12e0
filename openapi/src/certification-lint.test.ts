import { certificationRules, jsonPath, lintContract } from './certification-lint';
import type { CertificationRule } from './certification-lint';
import { sentenceCaseProblem, titleCaseProblem } from './label-case';
import { contract } from './load-contract';
import type { SwaggerDocument, SwaggerOperation, SwaggerSchema } from './swagger-document';

type Mutation = (document: SwaggerDocument) => void;

const op = (document: SwaggerDocument, path: string, method: 'get' | 'post' | 'delete'): SwaggerOperation =>
  document.paths[path]![method]!;
const definition = (document: SwaggerDocument, name: string): SwaggerSchema => document.definitions![name]!;
const prop = (document: SwaggerDocument, name: string, property: string): SwaggerSchema =>
  definition(document, name).properties![property]!;

// One bad swagger per rule (some rules have several ways to break them): the mutation, and the JSONPath the finding
// must name.
const cases: [CertificationRule, string, Mutation, string][] = [
  ['swagger-version', 'OpenAPI 3', (d) => void (d.swagger = '3.0'), '$.swagger'],
  ['title-length', 'a 31-character title', (d) => void (d.info.title = 'A'.repeat(31)), '$.info.title'],
  ['title-length', 'no title', (d) => void delete d.info.title, '$.info.title'],
  ['title-forbidden-words', 'the word API', (d) => void (d.info.title = 'Xero API'), '$.info.title'],
  [
    'title-forbidden-words',
    'a product name',
    (d) => void (d.info.title = 'Xero for Power Automate'),
    '$.info.title',
  ],
  [
    'info-description',
    'description equal to title',
    (d) => void (d.info.description = d.info.title),
    '$.info.description',
  ],
  ['info-version', 'no version', (d) => void delete d.info.version, '$.info.version'],
  ['host-format', 'a scheme in the host', (d) => void (d.host = 'https://proxy.example.com'), '$.host'],
  ['base-path', 'a relative base path', (d) => void (d.basePath = 'v1'), '$.basePath'],
  ['schemes', 'no schemes', (d) => void delete d.schemes, '$.schemes'],
  [
    'connector-metadata',
    'no privacy policy',
    (d) => {
      d['x-ms-connector-metadata'] = (d['x-ms-connector-metadata'] as { propertyName: string }[]).filter(
        (entry) => entry.propertyName !== 'Privacy policy',
      );
    },
    '$["x-ms-connector-metadata"]',
  ],
  [
    'operation-id-style',
    'a snake_case operationId',
    (d) => void (op(d, '/v1/tax-rates', 'get').operationId = 'list_tax_rates'),
    '$.paths["/v1/tax-rates"].get.operationId',
  ],
  [
    'operation-id-unique',
    'two operations with one id',
    (d) => void (op(d, '/v1/accounts', 'get').operationId = 'ListTaxRates'),
    '$.paths["/v1/accounts"].get.operationId',
  ],
  [
    'summary-present',
    'no summary',
    (d) => void delete op(d, '/v1/connection', 'get').summary,
    '$.paths["/v1/connection"].get',
  ],
  [
    'summary-length',
    'an 81-character summary',
    (d) => void (op(d, '/v1/connection', 'get').summary = `Get ${'x'.repeat(77)}`),
    '$.paths["/v1/connection"].get.summary',
  ],
  [
    'summary-no-slash',
    'a slash',
    (d) => void (op(d, '/v1/invoices/sync', 'post').summary = 'Create/update invoices'),
    '$.paths["/v1/invoices/sync"].post.summary',
  ],
  [
    'summary-trailing-character',
    'a trailing period',
    (d) => void (op(d, '/v1/tax-rates', 'get').summary = 'List tax rates.'),
    '$.paths["/v1/tax-rates"].get.summary',
  ],
  [
    'summary-sentence-case',
    'Title Case',
    (d) => void (op(d, '/v1/tax-rates', 'get').summary = 'List Tax Rates'),
    '$.paths["/v1/tax-rates"].get.summary',
  ],
  [
    'summary-sentence-case',
    'a lower-case start',
    (d) => void (op(d, '/v1/tax-rates', 'get').summary = 'list tax rates'),
    '$.paths["/v1/tax-rates"].get.summary',
  ],
  [
    'description-present',
    'an operation without description',
    (d) => void delete op(d, '/v1/tax-rates', 'get').description,
    '$.paths["/v1/tax-rates"].get',
  ],
  [
    'description-present',
    'a property without description',
    (d) => void delete prop(d, 'TaxRate', 'taxType').description,
    '$.definitions.TaxRate.properties.taxType',
  ],
  [
    'description-sentence-case',
    'a lower-case description',
    (d) => void (prop(d, 'TaxRate', 'name').description = 'name of the tax rate.'),
    '$.definitions.TaxRate.properties.name.description',
  ],
  [
    'description-differs-from-summary',
    'an operation description repeating the summary',
    (d) => void (op(d, '/v1/tax-rates', 'get').description = 'List tax rates.'),
    '$.paths["/v1/tax-rates"].get.description',
  ],
  [
    'description-differs-from-summary',
    'a property description repeating its x-ms-summary',
    (d) => void (prop(d, 'TaxRate', 'taxType').description = 'Tax type'),
    '$.definitions.TaxRate.properties.taxType.description',
  ],
  [
    'x-ms-summary-present',
    'a property without x-ms-summary',
    (d) => void delete prop(d, 'InvoiceLine', 'quantity')['x-ms-summary'],
    '$.definitions.InvoiceLine.properties.quantity',
  ],
  [
    'x-ms-summary-present',
    'a parameter without x-ms-summary',
    (d) => void delete op(d, '/v1/accounts', 'get').parameters![1]!['x-ms-summary'],
    '$.paths["/v1/accounts"].get.parameters[1]',
  ],
  [
    'x-ms-summary-present',
    'a shared parameter without x-ms-summary',
    (d) => void delete d.parameters!.Organisation!['x-ms-summary'],
    '$.parameters.Organisation',
  ],
  [
    'x-ms-summary-present',
    'a shared definition without x-ms-summary',
    (d) => void delete definition(d, 'PostalAddress')['x-ms-summary'],
    '$.definitions.PostalAddress',
  ],
  [
    'x-ms-summary-title-case',
    'a sentence-case x-ms-summary',
    (d) => void (prop(d, 'InvoiceLine', 'unitPrice')['x-ms-summary'] = 'Price per unit'),
    '$.definitions.InvoiceLine.properties.unitPrice["x-ms-summary"]',
  ],
  [
    'internal-required-default',
    'an internal required parameter without default',
    (d) => {
      const parameter = op(d, '/v1/subscriptions/{subscriptionId}', 'delete').parameters![0]!;
      parameter['x-ms-visibility'] = 'internal';
    },
    '$.paths["/v1/subscriptions/{subscriptionId}"].delete.parameters[0]',
  ],
  [
    'internal-required-default',
    'an internal required property without default',
    (d) => void (prop(d, 'CancelInvoiceRequest', 'invoiceId')['x-ms-visibility'] = 'internal'),
    '$.definitions.CancelInvoiceRequest.properties.invoiceId',
  ],
  [
    'path-parameter-required',
    'an optional path parameter',
    (d) => void (op(d, '/v1/subscriptions/{subscriptionId}', 'delete').parameters![0]!.required = false),
    '$.paths["/v1/subscriptions/{subscriptionId}"].delete.parameters[0].required',
  ],
  [
    'path-parameter-required',
    'an undeclared path segment',
    (d) => void (op(d, '/v1/subscriptions/{subscriptionId}', 'delete').parameters = []),
    '$.paths["/v1/subscriptions/{subscriptionId}"].delete',
  ],
  [
    'response-schema',
    'a 200 response without schema',
    (d) => void delete op(d, '/v1/tax-rates', 'get').responses!['200']!.schema,
    '$.paths["/v1/tax-rates"].get.responses["200"]',
  ],
  [
    'response-schema',
    'no success response',
    (d) => void delete op(d, '/v1/tax-rates', 'get').responses!['200'],
    '$.paths["/v1/tax-rates"].get.responses',
  ],
  [
    'ref-siblings',
    'a description beside $ref',
    (d) => void (prop(d, 'DataverseInvoice', 'customer').description = 'The customer.'),
    '$.definitions.DataverseInvoice.properties.customer',
  ],
  [
    'empty-object-schema',
    'an object without properties',
    (d) => void Object.assign(prop(d, 'InvoiceLine', 'quantity'), { type: 'object' }),
    '$.definitions.InvoiceLine.properties.quantity',
  ],
  [
    'empty-object-schema',
    'an object with an empty properties map',
    (d) => void (definition(d, 'PostalAddress').properties = {}),
    '$.definitions.PostalAddress',
  ],
  [
    'array-duplicate-value',
    'a repeated enum value',
    (d) => void prop(d, 'TaxRate', 'status').enum!.push('ACTIVE'),
    '$.definitions.TaxRate.properties.status.enum[4]',
  ],
  [
    'api-annotation-replacement',
    'a replacement on an operation that is not deprecated',
    (d) =>
      void (op(d, '/v1/tax-rates', 'get')['x-ms-api-annotation'] = {
        replacement: { api: 'dxc', operationId: 'ListTaxRatesV2' },
      }),
    '$.paths["/v1/tax-rates"].get["x-ms-api-annotation"].replacement',
  ],
  [
    'api-annotation-replacement',
    'a replacement without operationId',
    (d) => {
      const operation = op(d, '/v1/tax-rates', 'get');
      operation.deprecated = true;
      operation['x-ms-api-annotation'] = { replacement: { api: 'dxc' } };
    },
    '$.paths["/v1/tax-rates"].get["x-ms-api-annotation"].replacement',
  ],
  [
    'webhook-trigger',
    'no Location header on the 201',
    (d) => void delete op(d, '/v1/subscriptions', 'post').responses!['201']!.headers,
    '$.paths["/v1/subscriptions"].post.responses["201"]',
  ],
  [
    'webhook-trigger',
    'no notification content',
    (d) => void delete d.paths['/v1/subscriptions']!['x-ms-notification-content'],
    '$.paths["/v1/subscriptions"]',
  ],
  [
    'webhook-trigger',
    'no DELETE operation to unsubscribe',
    (d) => void delete d.paths['/v1/subscriptions/{subscriptionId}'],
    '$.paths["/v1/subscriptions"].post',
  ],
  [
    'webhook-trigger',
    'a visible unsubscribe operation',
    (d) => void (op(d, '/v1/subscriptions/{subscriptionId}', 'delete')['x-ms-visibility'] = 'advanced'),
    '$.paths["/v1/subscriptions/{subscriptionId}"].delete',
  ],
  [
    'webhook-trigger',
    'a visible callback URL',
    (d) => void (prop(d, 'SubscriptionRequest', 'callbackUrl')['x-ms-visibility'] = 'advanced'),
    '$.paths["/v1/subscriptions"].post',
  ],
  [
    'webhook-trigger',
    'a trigger that is neither webhook nor polling',
    (d) => void delete prop(d, 'SubscriptionRequest', 'callbackUrl')['x-ms-notification-url'],
    '$.paths["/v1/subscriptions"].post',
  ],
];

describe('certification lint', () => {
  it('finds nothing wrong with the contract as committed', () => {
    expect(lintContract(structuredClone(contract))).toEqual([]);
  });

  it.each(cases)('%s: flags %s', (rule, _what, mutate, path) => {
    const document = structuredClone(contract) as SwaggerDocument;
    mutate(document);
    const findings = lintContract(document);
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule, path })]));
    for (const finding of findings) expect(finding.message).not.toBe('');
  });

  it('has a failing example for every rule it checks', () => {
    const tested = new Set(cases.map(([rule]) => rule));
    expect(Object.keys(certificationRules).filter((rule) => !tested.has(rule as CertificationRule))).toEqual(
      [],
    );
  });

  it('accepts a polling trigger without webhook parts', () => {
    const document = structuredClone(contract) as SwaggerDocument;
    delete prop(document, 'SubscriptionRequest', 'callbackUrl')['x-ms-notification-url'];
    op(document, '/v1/subscriptions', 'post')['x-ms-trigger-metadata'] = { kind: 'query', mode: 'polling' };
    op(document, '/v1/subscriptions/batched', 'post')['x-ms-trigger-metadata'] = {
      kind: 'query',
      mode: 'polling',
    };
    expect(lintContract(document).filter((finding) => finding.rule === 'webhook-trigger')).toEqual([]);
  });

  describe('case rules', () => {
    it.each([
      ['Create or update invoices in Xero', undefined],
      ['Get the Xero organisation of this connection', undefined],
      ['Get invoice statuses by ID', undefined],
      ['Get Invoice statuses', 'Invoice'],
      ['get invoice statuses', 'start'],
    ])('sentence case of "%s"', (text, problem) => {
      const found = sentenceCaseProblem(text);
      if (problem === undefined) expect(found).toBeUndefined();
      else expect(found).toContain(problem);
    });

    it.each([
      ['Kinds of Change', undefined],
      ['Is Write-In', undefined],
      ['Xero Invoice ID', undefined],
      ['Price per unit', 'unit'],
      ['Write-in Product', 'in'],
    ])('Title Case of "%s"', (text, problem) => {
      const found = titleCaseProblem(text);
      if (problem === undefined) expect(found).toBeUndefined();
      else expect(found).toContain(`"${problem}"`);
    });
  });

  it('writes JSONPaths that quote segments which are not identifiers', () => {
    expect(jsonPath(['paths', '/v1/x', 'get', 'responses', '200', 'headers', 'Retry-After', 0])).toBe(
      '$.paths["/v1/x"].get.responses["200"].headers["Retry-After"][0]',
    );
  });
});
