/**
 * Tracking on invoice and credit-note lines (OAS LineItemTracking: TrackingCategoryID or Name, with
 * TrackingOptionID or Option). Each entry must name a tracking category of the organisation and one of its
 * options; at most two entries per line (OAS LineItem.Tracking), one per category. A category or option that is
 * archived cannot be put on a line, though a line that already carries it keeps it when the document is edited.
 * Xero's own wording for these refusals was not found (searched Xero's docs, SDK issues and public code): the
 * messages below are UNVERIFIED and name the category, the option and the reason.
 */
import type { LineTrackingRecord, TrackingCategoryRecord, WireObject } from '../domain/records';
import { ElementReader } from '../domain/wire-input';
import { findLiveCategory } from './tracking-writer';
import type { OrganisationBooks } from './organisation-books';

export const MAX_TRACKING_PER_LINE = 2;

export const TOO_MANY_TRACKING_MESSAGE = `A line item can have at most ${MAX_TRACKING_PER_LINE} tracking categories.`;

export function archivedOptionMessage(category: string, option: string): string {
  return `The tracking option '${option}' of the tracking category '${category}' is archived and cannot be used.`;
}

export function archivedCategoryMessage(category: string): string {
  return `The tracking category '${category}' is archived and cannot be used.`;
}

export function unknownCategoryMessage(category: string): string {
  return `The tracking category '${category}' does not exist.`;
}

export function unknownOptionMessage(category: string, option: string): string {
  return `'${option}' is not an option of the tracking category '${category}'.`;
}

function findCategory(
  books: OrganisationBooks,
  id: string | undefined,
  name: string | undefined,
): TrackingCategoryRecord | undefined {
  if (id !== undefined) return findLiveCategory(books, id);
  const lower = name!.trim().toLowerCase();
  const named = books
    .listTrackingCategories()
    .filter((c) => c.status !== 'DELETED' && c.name.toLowerCase() === lower);
  return named.find((c) => c.status === 'ACTIVE') ?? named[0];
}

/** Resolves a line's Tracking entries; problems go to `errors`. `kept` is what the line carried before. */
export function resolveLineTracking(
  books: OrganisationBooks,
  entries: WireObject[],
  kept: LineTrackingRecord[],
  errors: string[],
): LineTrackingRecord[] {
  if (entries.length > MAX_TRACKING_PER_LINE) {
    errors.push(TOO_MANY_TRACKING_MESSAGE);
    return [];
  }
  const resolved: LineTrackingRecord[] = [];
  for (const entry of entries) {
    const r = new ElementReader(entry);
    const categoryId = r.string('TrackingCategoryID');
    const categoryName = r.string('Name', 100);
    const optionId = r.string('TrackingOptionID');
    const optionName = r.string('Option', 100);
    errors.push(...r.errors);
    if (categoryId === undefined && !categoryName?.trim()) {
      errors.push('Each tracking entry on a line item needs a TrackingCategoryID or a Name.'); // UNVERIFIED
      continue;
    }
    const category = findCategory(books, categoryId, categoryName);
    if (!category) {
      errors.push(unknownCategoryMessage(categoryName ?? categoryId!));
      continue;
    }
    if (optionId === undefined && !optionName?.trim()) {
      errors.push(
        `The tracking category '${category.name}' on a line item needs a TrackingOptionID or an Option.`,
      ); // UNVERIFIED
      continue;
    }
    const live = category.options.filter((o) => o.status !== 'DELETED');
    const option =
      optionId !== undefined
        ? live.find((o) => o.trackingOptionId.toLowerCase() === optionId.toLowerCase())
        : (live.find(
            (o) => o.status === 'ACTIVE' && o.name.toLowerCase() === optionName!.trim().toLowerCase(),
          ) ?? live.find((o) => o.name.toLowerCase() === optionName!.trim().toLowerCase()));
    if (!option) {
      errors.push(unknownOptionMessage(category.name, optionName ?? optionId!));
      continue;
    }
    if (resolved.some((t) => t.trackingCategoryId === category.trackingCategoryId)) {
      errors.push(`A line item can use the tracking category '${category.name}' only once.`); // UNVERIFIED
      continue;
    }
    const alreadyOnLine = kept.some(
      (t) =>
        t.trackingCategoryId === category.trackingCategoryId &&
        t.trackingOptionId === option.trackingOptionId,
    );
    if (!alreadyOnLine && category.status !== 'ACTIVE') {
      errors.push(archivedCategoryMessage(category.name));
      continue;
    }
    if (!alreadyOnLine && option.status !== 'ACTIVE') {
      errors.push(archivedOptionMessage(category.name, option.name));
      continue;
    }
    resolved.push({
      trackingCategoryId: category.trackingCategoryId,
      trackingOptionId: option.trackingOptionId,
      name: category.name,
      option: option.name,
    });
  }
  return resolved;
}
