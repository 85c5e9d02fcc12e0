import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { referenceSpec } from '../../scripts/reference-specs';
import { lintContract } from './certification-lint';
import {
  connectorDefinitionSchemaFile,
  readJsoncFile,
  validateConnectorDefinition,
} from './connector-definition-schema';
import { operationIds } from './index';
import {
  contract,
  getDefinitionSchema,
  getOperation,
  getRequestBodySchema,
  getResponse,
  getResponseSchema,
  listOperations,
  operationParameters,
} from './load-contract';
import type { SwaggerSchema } from './swagger-document';

const sharedSchemas = referenceSpec('power-platform-connectors');

function copy<T>(value: T): T {
  return structuredClone(value);
}

describe('the connector contract', () => {
  it('has exactly the operations of the design, at the agreed methods and paths', () => {
    const found = listOperations().map(
      ({ operationId, method, path: route }) => `${operationId} ${method} ${route}`,
    );
    expect(found).toEqual([
      'GetConnection get /v1/connection',
      'ListOrganisations get /v1/organisations',
      'ListTaxRates get /v1/tax-rates',
      'ListAccounts get /v1/accounts',
      'ListBrandingThemes get /v1/branding-themes',
      'ListTrackingCategories get /v1/tracking-categories',
      'SyncInvoices post /v1/invoices/sync',
      'CancelInvoice post /v1/invoices/cancel',
      'GetInvoiceStatuses post /v1/invoices/status',
      'GetContactBalances post /v1/contacts/balances',
      'WhenAnInvoiceChanges post /v1/subscriptions',
      'WhenInvoicesChange post /v1/subscriptions/batched',
      'DeleteBatchedSubscription delete /v1/subscriptions/batched/{subscriptionId}',
      'DeleteSubscription delete /v1/subscriptions/{subscriptionId}',
    ]);
    expect(listOperations().map((operation) => operation.operationId)).toEqual([...operationIds]);
  });

  it('is valid Swagger 2.0 for swagger-parser', async () => {
    await expect(SwaggerParser.validate(copy(contract) as never)).resolves.toBeDefined();
  });

  it("conforms to Microsoft's connector definition schema (Swagger 2.0 + x-ms-* extensions)", () => {
    expect(validateConnectorDefinition(copy(contract))).toEqual([]);
  });

  it('is refused by that schema when an x-ms extension is malformed (the check can fail)', () => {
    const broken = copy(contract);
    broken.paths['/v1/subscriptions']!.post!['x-ms-trigger'] = 'sometimes';
    broken.paths['/v1/connection']!.get!['x-ms-visibility'] = 'hidden';
    const problems = validateConnectorDefinition(broken);
    expect(problems.join('\n')).toMatch(/x-ms-trigger|must be equal to one of the allowed values/);
    expect(problems.length).toBeGreaterThan(0);
  });

  it('uses a vendored schema whose content equals the upstream copy in ../shared (when present)', () => {
    const upstream = path.join(sharedSchemas, 'apiDefinition.swagger.schema.json');
    if (!fs.existsSync(upstream)) {
      console.warn(
        `${upstream} is absent: only the vendored copy ${connectorDefinitionSchemaFile} is checked`,
      );
      expect(fs.existsSync(connectorDefinitionSchemaFile)).toBe(true);
      return;
    }
    expect(isDeepStrictEqual(readJsoncFile(upstream), readJsoncFile(connectorDefinitionSchemaFile))).toBe(
      true,
    );
  });

  it('exports a named type for every definition from src/index.ts', () => {
    const index = fs.readFileSync(path.join(__dirname, 'index.ts'), 'utf8');
    const missing = Object.keys(contract.definitions!).filter(
      (name) => !index.includes(`Schemas['${name}']`),
    );
    expect(missing).toEqual([]);
  });

  it('passes the certification lint', () => {
    expect(lintContract(copy(contract))).toEqual([]);
  });

  it('has a title of at most 30 characters and authenticates with an X-Api-Key header', () => {
    expect(contract.info.title!.length).toBeLessThanOrEqual(30);
    expect(contract.securityDefinitions).toEqual({
      api_key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    });
    expect(contract.security).toEqual([{ api_key: [] }]);
    expect(contract.schemes).toEqual(['https']);
  });

  it('answers every operation with the Error body on 400, 401, 403, 404, 409, 429, 500, 502 and 503', () => {
    const errorSchema = getDefinitionSchema('Error');
    for (const { operationId } of listOperations()) {
      for (const status of [400, 401, 403, 404, 409, 429, 500, 502, 503]) {
        expect({ operationId, status, schema: getResponseSchema(operationId, status) }).toEqual({
          operationId,
          status,
          schema: errorSchema,
        });
      }
      expect(getResponse(operationId, 429).headers?.['Retry-After']).toMatchObject({ type: 'integer' });
    }
  });

  it('has no object schema without properties anywhere', () => {
    const empty: string[] = [];
    const visit = (value: unknown, at: string): void => {
      if (Array.isArray(value)) return value.forEach((item, index) => visit(item, `${at}[${index}]`));
      if (value === null || typeof value !== 'object') return;
      const node = value as SwaggerSchema;
      if (node.type === 'object' && Object.keys(node.properties ?? {}).length === 0) empty.push(at);
      for (const [key, child] of Object.entries(node)) visit(child, `${at}.${key}`);
    };
    visit(contract, '$');
    expect(empty).toEqual([]);
  });

  describe('limits', () => {
    const property = (definition: string, name: string): SwaggerSchema =>
      contract.definitions![definition]!.properties![name]!;

    it.each([
      ['SyncInvoicesRequest', 'invoices', 50],
      ['GetInvoiceStatusesRequest', 'xeroInvoiceIds', 50],
      ['GetContactBalancesRequest', 'xeroContactIds', 50],
      ['DataverseInvoice', 'lines', 200],
    ])('%s.%s holds at most %i items', (definition, name, max) => {
      expect(property(definition, name).maxItems).toBe(max);
    });

    it.each([
      // Xero's own limits (Xero OpenAPI 16.1.0, reference/xero-api.md).
      ['InvoiceLine', 'productNumber', 30],
      ['InvoiceLine', 'accountCode', 10],
      ['InvoiceLine', 'description', 4000],
      ['InvoiceCustomer', 'name', 255],
      ['InvoiceCustomer', 'accountNumber', 50],
      ['DataverseInvoice', 'invoiceNumber', 255],
      ['DataverseInvoice', 'reference', 255],
      ['DataverseInvoice', 'currencyCode', 3],
      ['SyncSettings', 'defaultSalesAccountCode', 10],
      ['SyncSettings', 'defaultPurchaseAccountCode', 10],
      ['ContactBalance', 'contactNumber', 50],
      ['PostalAddress', 'postalCode', 50],
    ])('%s.%s is at most %i characters', (definition, name, max) => {
      expect(property(definition, name).maxLength).toBe(max);
    });
  });

  describe('request validation with the JSON Schema the loader derives', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
    const validateSync = ajv.compile(getRequestBodySchema('SyncInvoices')!);
    const invoice = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
      invoiceId: '2f6b8a52-3a1e-4f7e-9d1c-0b1f6c3e7a10',
      invoiceNumber: 'INV-01001',
      invoiceType: 'ACCREC',
      currencyCode: 'NZD',
      lineAmountTypes: 'Exclusive',
      customer: { kind: 'account', id: '6c1f8f6e-8d8c-4a4e-9a57-3f0e2d1b9c11', name: 'Fourth Coffee' },
      lines: [
        {
          lineId: '0b3d2d7e-6d3c-4c1e-8f1a-1e2d3c4b5a69',
          productNumber: 'COFFEE-1KG',
          quantity: 2,
          unitPrice: 19.95,
          accountCode: '200',
          taxType: 'OUTPUT2',
        },
      ],
      ...overrides,
    });

    it('accepts a realistic batch', () => {
      expect(validateSync({ settings: { defaultStatus: 'AUTHORISED' }, invoices: [invoice()] })).toBe(true);
    });

    it('refuses 51 invoices, naming the field', () => {
      const invoices = Array.from({ length: 51 }, () => invoice());
      expect(validateSync({ settings: {}, invoices })).toBe(false);
      expect(validateSync.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ instancePath: '/invoices', keyword: 'maxItems' })]),
      );
    });

    it('refuses an item code longer than Xero accepts and a customer that is neither account nor contact', () => {
      const bad = invoice({
        customer: { kind: 'lead', id: '6c1f8f6e-8d8c-4a4e-9a57-3f0e2d1b9c11', name: 'X' },
        lines: [{ lineId: '0b3d2d7e-6d3c-4c1e-8f1a-1e2d3c4b5a69', productNumber: 'P'.repeat(31) }],
      });
      expect(validateSync({ settings: {}, invoices: [bad] })).toBe(false);
      const paths = validateSync.errors!.map((error) => `${error.instancePath} ${error.keyword}`);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/invoices/0/customer/kind enum',
          '/invoices/0/lines/0/productNumber maxLength',
        ]),
      );
    });

    it('refuses a Dataverse invoice id that is not a uuid', () => {
      expect(validateSync({ settings: {}, invoices: [invoice({ invoiceId: 'INV-1' })] })).toBe(false);
      expect(validateSync.errors![0]).toMatchObject({
        instancePath: '/invoices/0/invoiceId',
        keyword: 'format',
      });
    });
  });

  describe('Power Automate niceties', () => {
    it('points every x-ms-dynamic-values at an operation whose response has the named collection and fields', () => {
      const found: string[] = [];
      const visit = (value: unknown): void => {
        if (Array.isArray(value)) return value.forEach(visit);
        if (value === null || typeof value !== 'object') return;
        const node = value as Record<string, unknown>;
        const dynamic = node['x-ms-dynamic-values'] as Record<string, unknown> | undefined;
        if (dynamic) {
          const operationId = dynamic.operationId as string;
          const response = getResponseSchema(operationId) as { properties: Record<string, JsonLike> };
          const collection = response.properties[dynamic['value-collection'] as string];
          expect(collection?.type).toBe('array');
          expect(collection?.items?.properties).toHaveProperty(dynamic['value-path'] as string);
          expect(collection?.items?.properties).toHaveProperty(dynamic['value-title'] as string);
          const parameters = (dynamic.parameters ?? {}) as Record<string, unknown>;
          const targetParameters = operationParameters(getOperation(operationId));
          const declared = targetParameters.map((p) => p.name);
          // A value is a literal, or `{parameter: name}`: the caller's own parameter of that name (the organisation).
          const reference = (v: unknown) => (v as { parameter?: string } | null)?.parameter;
          for (const [name, literal] of Object.entries(parameters)) {
            expect(declared).toContain(name);
            const parameter = targetParameters.find((p) => p.name === name)!;
            if (reference(literal)) expect(reference(literal)).toBe('organisation');
            else if (parameter.enum) expect(parameter.enum).toContain(literal);
          }
          // The x-ms-dynamic-list twin names the same list.
          const list = node['x-ms-dynamic-list'] as Record<string, unknown> | undefined;
          expect(list).toEqual({
            operationId,
            ...(dynamic.parameters
              ? {
                  parameters: Object.fromEntries(
                    Object.entries(parameters).map(([name, literal]) => [
                      name,
                      reference(literal) ? { parameterReference: reference(literal) } : { value: literal },
                    ]),
                  ),
                }
              : {}),
            itemsPath: dynamic['value-collection'],
            itemValuePath: dynamic['value-path'],
            itemTitlePath: dynamic['value-title'],
          });
          found.push(`${operationId}:${dynamic['value-path'] as string}`);
        }
        Object.values(node).forEach(visit);
      };
      type JsonLike = { type?: string; items?: { properties?: Record<string, unknown> } };
      visit(contract.definitions);
      visit(contract.parameters);
      expect(found.sort()).toEqual([
        'ListAccounts:code',
        'ListAccounts:code',
        'ListAccounts:code',
        'ListBrandingThemes:brandingThemeId',
        'ListOrganisations:tenantId',
        'ListTaxRates:taxType',
      ]);
    });

    it('declares the webhook trigger as Power Automate expects', () => {
      const { operation, pathItem } = getOperation('WhenAnInvoiceChanges');
      expect(operation['x-ms-trigger']).toBe('single');
      const created = getResponse('WhenAnInvoiceChanges', 201);
      expect(created.headers?.Location).toMatchObject({ type: 'string' });
      const callback = contract.definitions!.SubscriptionRequest!.properties!.callbackUrl!;
      expect(callback).toMatchObject({ 'x-ms-notification-url': true, 'x-ms-visibility': 'internal' });
      expect(contract.definitions!.SubscriptionRequest!.required).toContain('callbackUrl');
      expect(pathItem['x-ms-notification-content']).toEqual({
        description: expect.any(String),
        schema: { $ref: '#/definitions/InvoiceChangedEvent' },
      });
      const event = getDefinitionSchema('InvoiceChangedEvent') as { properties: Record<string, unknown> };
      expect(Object.keys(event.properties)).toEqual(
        expect.arrayContaining([
          'eventId',
          'tenantId',
          'xeroInvoiceId',
          'invoiceNumber',
          'invoiceId',
          'status',
          'amountDue',
          'amountPaid',
          'total',
          'currencyCode',
          'fullyPaidOn',
          'updatedAt',
          'eventType',
        ]),
      );
      const unsubscribe = getOperation('DeleteSubscription');
      expect(unsubscribe.operation['x-ms-visibility']).toBe('internal');
      expect(getResponseSchema('DeleteSubscription', 204)).toBeUndefined();
    });

    it('lists the certification metadata the connector needs', () => {
      const metadata = contract['x-ms-connector-metadata'] as { propertyName: string }[];
      expect(metadata.map((entry) => entry.propertyName)).toEqual([
        'Website',
        'Privacy policy',
        'Categories',
      ]);
    });
  });
});
