import type {
  TrackingCategory as XeroTrackingCategory,
  TrackingOption as XeroTrackingOption,
} from 'xero-node';
import type { TrackingCategory, TrackingOption } from './contract-shapes';

// Xero lists DELETED categories and options nowhere, but its status enum has the value; anything not ARCHIVED is
// treated as ACTIVE so the import never hides an option Xero still accepts.
const statusOf = (status: unknown): 'ACTIVE' | 'ARCHIVED' =>
  String(status) === 'ARCHIVED' ? 'ARCHIVED' : 'ACTIVE';
const byName = <T extends { name: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => a.name.localeCompare(b.name));

function mapTrackingOption(option: XeroTrackingOption): TrackingOption {
  return {
    trackingOptionId: option.trackingOptionID ?? '',
    name: option.name ?? '',
    status: statusOf(option.status),
  };
}

/** Xero TrackingCategory → contract TrackingCategory, its options by name. */
export function mapTrackingCategory(category: XeroTrackingCategory): TrackingCategory {
  return {
    trackingCategoryId: category.trackingCategoryID ?? '',
    name: category.name ?? '',
    status: statusOf(category.status),
    options: byName(
      (category.options ?? []).filter((o) => String(o.status) !== 'DELETED').map(mapTrackingOption),
    ),
  };
}

/** The categories as the contract lists them: DELETED ones left out, by name. */
export function mapTrackingCategories(categories: XeroTrackingCategory[]): TrackingCategory[] {
  return byName(categories.filter((c) => String(c.status) !== 'DELETED').map(mapTrackingCategory));
}
