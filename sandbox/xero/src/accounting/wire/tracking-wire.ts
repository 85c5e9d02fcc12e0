/** Tracking categories and options in Xero's wire shape (OAS TrackingCategory / TrackingOption and examples). */
import type { TrackingCategoryRecord, TrackingOptionRecord, WireObject } from '../domain/records';

export function trackingOptionToWire(option: TrackingOptionRecord): WireObject {
  return {
    TrackingOptionID: option.trackingOptionId,
    Name: option.name,
    Status: option.status,
    // As the OAS examples of the Options endpoints show them.
    HasValidationErrors: false,
    IsDeleted: option.status === 'DELETED',
    IsArchived: option.status === 'ARCHIVED',
    IsActive: option.status === 'ACTIVE',
  };
}

/** `includeArchived` keeps ARCHIVED options (Xero: "Categories and options with a status of ARCHIVED"). */
export function trackingCategoryToWire(
  category: TrackingCategoryRecord,
  opts: { includeArchived: boolean },
): WireObject {
  return {
    Name: category.name,
    Status: category.status,
    TrackingCategoryID: category.trackingCategoryId,
    Options: category.options
      .filter((o) => o.status === 'ACTIVE' || (opts.includeArchived && o.status === 'ARCHIVED'))
      .map(trackingOptionToWire),
  };
}
