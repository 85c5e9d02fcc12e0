import { mapTrackingCategories } from '../../domain/map-tracking-category';
import type { ListTrackingCategoriesResponse } from '../../domain/contract-shapes';
import type { OperationHandler } from '../operation';

/** ListTrackingCategories — the organisation's tracking categories with their options, archived ones marked. */
export const listTrackingCategories: OperationHandler = {
  operationId: 'ListTrackingCategories',
  async handle({ connection, services }) {
    const trackingCategories = await services.referenceCache.get(
      connection.tenantId,
      'trackingCategories',
      async () => mapTrackingCategories(await services.gateway.listTrackingCategories(connection)),
    );
    const body: ListTrackingCategoriesResponse = { trackingCategories };
    return { body };
  },
};
