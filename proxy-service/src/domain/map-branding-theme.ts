import type { BrandingTheme as XeroBrandingTheme } from 'xero-node';
import type { BrandingTheme } from './contract-shapes';
import { omitUndefined } from './map-tax-rate';
import { toDateTime } from './xero-dates';

export function mapBrandingTheme(theme: XeroBrandingTheme): BrandingTheme {
  return omitUndefined({
    brandingThemeId: theme.brandingThemeID ?? '',
    name: theme.name ?? '',
    sortOrder: theme.sortOrder,
    createdAt: toDateTime(theme.createdDateUTC),
  });
}

/** The default theme (SortOrder 0) first, as the contract promises, then by sort order and name. */
export function sortBrandingThemes(themes: BrandingTheme[]): BrandingTheme[] {
  return [...themes].sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.name.localeCompare(b.name));
}
