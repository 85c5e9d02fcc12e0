/**
 * An invoice line's tracking options (issue 14 §2) → Xero LineItem.Tracking. Xero takes at most two entries per
 * line, one per tracking category (reference/xero-api.md §2); a line naming one category twice is refused here,
 * before any Xero call, naming the field. Whether an option is archived is Xero's to say: its message comes back
 * verbatim as the invoice's error.
 */
import type { InvoiceLine, SyncError } from '@dxc/openapi';
import { syncProblem } from './sync-problem';
import type { XeroLineTrackingPayload } from './xero-payloads';

export type MappedLineTracking =
  { ok: true; tracking: XeroLineTrackingPayload[] } | { ok: false; error: SyncError };

/** `at` is the line's field path (lines[2]), `label` how the user knows it (Line 3). */
export function mapLineTracking(line: InvoiceLine, at: string, label: string): MappedLineTracking {
  const tracking: XeroLineTrackingPayload[] = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of (line.tracking ?? []).entries()) {
    const category = entry.trackingCategoryId.toLowerCase();
    const first = seen.get(category);
    if (first !== undefined) {
      const name = entry.categoryName ? `'${entry.categoryName}'` : entry.trackingCategoryId;
      return {
        ok: false,
        error: syncProblem(
          'invalid_invoice',
          `${label} has two options of the tracking category ${name}; Xero takes one option per category on a ` +
            `line. Clear one of the line's tracking options.`,
          `${at}.tracking[${index}]`,
        ),
      };
    }
    seen.set(category, index);
    tracking.push({
      TrackingCategoryID: entry.trackingCategoryId,
      TrackingOptionID: entry.trackingOptionId,
      ...(entry.categoryName ? { Name: entry.categoryName } : {}),
      ...(entry.optionName ? { Option: entry.optionName } : {}),
    });
  }
  return { ok: true, tracking };
}
