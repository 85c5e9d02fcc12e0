import { mapBrandingTheme, sortBrandingThemes } from '../../domain/map-branding-theme';
import type { ListBrandingThemesResponse } from '../../domain/contract-shapes';
import type { OperationHandler } from '../operation';

/** ListBrandingThemes — the organisation's invoice themes, the default (SortOrder 0) first. */
export const listBrandingThemes: OperationHandler = {
  operationId: 'ListBrandingThemes',
  async handle({ connection, services }) {
    const brandingThemes = await services.referenceCache.get(
      connection.tenantId,
      'brandingThemes',
      async () => {
        const result = await services.gateway.call(
          connection,
          { operation: 'getBrandingThemes', read: true },
          (api, tenant) =>
            // https://developer.xero.com/documentation/api/accounting/brandingthemes
            api.getBrandingThemes(tenant),
        );
        return sortBrandingThemes((result.body.brandingThemes ?? []).map(mapBrandingTheme));
      },
    );
    const body: ListBrandingThemesResponse = { brandingThemes };
    return { body };
  },
};
