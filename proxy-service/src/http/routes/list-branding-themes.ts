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
      async () =>
        sortBrandingThemes((await services.gateway.listBrandingThemes(connection)).map(mapBrandingTheme)),
    );
    const body: ListBrandingThemesResponse = { brandingThemes };
    return { body };
  },
};
