import { mapTaxRate } from '../../domain/map-tax-rate';
import type { ListTaxRatesResponse } from '../../domain/contract-shapes';
import type { OperationHandler } from '../operation';

/** ListTaxRates — every tax rate of the organisation (B10, first step of the reference import). */
export const listTaxRates: OperationHandler = {
  operationId: 'ListTaxRates',
  async handle({ connection, services }) {
    const taxRates = await services.referenceCache.get(connection.tenantId, 'taxRates', async () =>
      (await services.gateway.listTaxRates(connection)).map(mapTaxRate),
    );
    const body: ListTaxRatesResponse = { taxRates };
    return { body };
  },
};
