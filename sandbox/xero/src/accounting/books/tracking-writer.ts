/**
 * Tracking categories and their options (OAS /TrackingCategories; Xero's tracking-categories page): create,
 * rename, archive and restore, delete. Rules the emulator enforces:
 * - at most 2 ACTIVE categories per organisation (a public copy of Xero's tracking-categories page says "Maximum
 *   of 2 tracking categories per organisation"; that archived ones do not count is UNVERIFIED, from Xero's UI);
 * - Name is required, at most 100 characters (OAS maxLength), unique among the organisation's categories and
 *   among a category's options (case-insensitively);
 * - a category or option already used on an invoice or credit note line cannot be deleted, only archived (Xero
 *   Central says this of tracking in use; the wording below is UNVERIFIED);
 * - an ARCHIVED option (or an option of an archived category) stays on the documents that carry it but cannot be
 *   put on new lines (see line-tracking.ts).
 * Deleting marks the record DELETED: Xero answers DELETE with the deleted record, and it disappears from lists.
 */
import { ElementValidationFailure, ResourceNotFound } from '../domain/accounting-errors';
import { isGuid, newId } from '../domain/deterministic-id';
import type {
  TrackingCategoryRecord,
  TrackingOptionRecord,
  TrackingStatus,
  WireObject,
} from '../domain/records';
import { ElementReader } from '../domain/wire-input';
import type { OrganisationBooks } from './organisation-books';

/** Xero allows two active tracking categories per organisation. */
export const MAX_ACTIVE_TRACKING_CATEGORIES = 2;
const NAME_MAX = 100;
const SETTABLE_STATUSES: readonly TrackingStatus[] = ['ACTIVE', 'ARCHIVED'];

// UNVERIFIED wording (Xero's exact text was not found); each names the field and the reason.
export const TOO_MANY_ACTIVE_CATEGORIES = `You can only have ${MAX_ACTIVE_TRACKING_CATEGORIES} active tracking categories. Archive one before adding or restoring another.`;

function readName(
  reader: ElementReader,
  what: string,
  required: boolean,
  errors: string[],
): string | undefined {
  const name = reader.string('Name', NAME_MAX)?.trim();
  if (name === undefined || name === '') {
    if (required || reader.has('Name')) errors.push(`${what} Name is required.`);
    return undefined;
  }
  return name;
}

function activeCategoryCount(books: OrganisationBooks, except?: string): number {
  return books
    .listTrackingCategories()
    .filter((c) => c.status === 'ACTIVE' && c.trackingCategoryId !== except).length;
}

export function findLiveCategory(books: OrganisationBooks, id: string): TrackingCategoryRecord | undefined {
  const category = isGuid(id) ? books.store.trackingCategories.get(id) : undefined;
  return category && category.status !== 'DELETED' ? category : undefined;
}

/** PUT /TrackingCategories (create) and POST /TrackingCategories/{id} (update: Name, Status). */
export function writeTrackingCategory(
  books: OrganisationBooks,
  input: WireObject,
  targetId?: string,
): TrackingCategoryRecord {
  const existing = targetId === undefined ? undefined : findLiveCategory(books, targetId);
  if (targetId !== undefined && !existing) throw new ResourceNotFound(`Tracking category ${targetId}`);
  const reader = new ElementReader(input);
  const errors: string[] = [];
  const name = readName(reader, 'Tracking Category', !existing, errors) ?? existing?.name;
  const status = reader.oneOf('Status', SETTABLE_STATUSES) ?? existing?.status ?? 'ACTIVE';
  if (name !== undefined) {
    const clash = books
      .listTrackingCategories()
      .find(
        (c) =>
          c.status !== 'DELETED' &&
          c.trackingCategoryId !== existing?.trackingCategoryId &&
          c.name.toLowerCase() === name.toLowerCase(),
      );
    if (clash) errors.push(`A tracking category called '${name}' already exists.`); // UNVERIFIED wording
  }
  const becomesActive = status === 'ACTIVE' && existing?.status !== 'ACTIVE';
  if (
    becomesActive &&
    activeCategoryCount(books, existing?.trackingCategoryId) >= MAX_ACTIVE_TRACKING_CATEGORIES
  )
    errors.push(TOO_MANY_ACTIVE_CATEGORIES);
  if (reader.has('Options') && !existing) {
    // Xero creates options through /TrackingCategories/{id}/Options, not inline (OAS createTrackingCategory).
    errors.push(
      'Options cannot be created with the tracking category: add them with PUT /TrackingCategories/{id}/Options.',
    ); // UNVERIFIED
  }
  errors.push(...reader.errors);
  if (errors.length || name === undefined) throw new ElementValidationFailure(errors);
  const record = books.store.trackingCategories.put({
    trackingCategoryId: existing?.trackingCategoryId ?? newId(),
    name,
    status,
    options: existing?.options ?? [],
    updatedDateUtc: books.now(),
  });
  return record;
}

/** DELETE /TrackingCategories/{id}: only when no document line uses it. */
export function deleteTrackingCategory(books: OrganisationBooks, id: string): TrackingCategoryRecord {
  const category = findLiveCategory(books, id);
  if (!category) throw new ResourceNotFound(`Tracking category ${id}`);
  if (books.isTrackingInUse(category.trackingCategoryId)) {
    throw new ElementValidationFailure([
      `The tracking category '${category.name}' is used on transactions and cannot be deleted. Archive it instead.`,
    ]); // UNVERIFIED wording
  }
  return books.store.trackingCategories.put({ ...category, status: 'DELETED', updatedDateUtc: books.now() });
}

/** PUT /TrackingCategories/{id}/Options (create) and POST …/Options/{optionId} (update: Name, Status). */
export function writeTrackingOption(
  books: OrganisationBooks,
  categoryId: string,
  input: WireObject,
  optionId?: string,
): TrackingOptionRecord {
  const category = findLiveCategory(books, categoryId);
  if (!category) throw new ResourceNotFound(`Tracking category ${categoryId}`);
  const existing =
    optionId === undefined
      ? undefined
      : category.options.find(
          (o) => o.status !== 'DELETED' && o.trackingOptionId.toLowerCase() === optionId.toLowerCase(),
        );
  if (optionId !== undefined && !existing) throw new ResourceNotFound(`Tracking option ${optionId}`);
  const reader = new ElementReader(input);
  const errors: string[] = [];
  const name = readName(reader, 'Tracking Option', !existing, errors) ?? existing?.name;
  const status = reader.oneOf('Status', SETTABLE_STATUSES) ?? existing?.status ?? 'ACTIVE';
  if (name !== undefined) {
    const clash = category.options.find(
      (o) =>
        o.status !== 'DELETED' &&
        o.trackingOptionId !== existing?.trackingOptionId &&
        o.name.toLowerCase() === name.toLowerCase(),
    );
    if (clash)
      errors.push(`The tracking category '${category.name}' already has an option called '${name}'.`); // UNVERIFIED
  }
  errors.push(...reader.errors);
  if (errors.length || name === undefined) throw new ElementValidationFailure(errors);
  const option: TrackingOptionRecord = {
    trackingOptionId: existing?.trackingOptionId ?? newId(),
    name,
    status,
  };
  books.store.trackingCategories.put({
    ...category,
    options: existing
      ? category.options.map((o) => (o.trackingOptionId === existing.trackingOptionId ? option : o))
      : [...category.options, option],
    updatedDateUtc: books.now(),
  });
  return option;
}

/** DELETE /TrackingCategories/{id}/Options/{optionId}: only when no document line uses it. */
export function deleteTrackingOption(
  books: OrganisationBooks,
  categoryId: string,
  optionId: string,
): TrackingOptionRecord {
  const category = findLiveCategory(books, categoryId);
  const option = category?.options.find(
    (o) => o.status !== 'DELETED' && o.trackingOptionId.toLowerCase() === optionId.toLowerCase(),
  );
  if (!category || !option) throw new ResourceNotFound(`Tracking option ${optionId}`);
  if (books.isTrackingInUse(category.trackingCategoryId, option.trackingOptionId)) {
    throw new ElementValidationFailure([
      `The tracking option '${option.name}' is used on transactions and cannot be deleted. Archive it instead.`,
    ]); // UNVERIFIED wording
  }
  const deleted: TrackingOptionRecord = { ...option, status: 'DELETED' };
  books.store.trackingCategories.put({
    ...category,
    options: category.options.map((o) => (o === option ? deleted : o)),
    updatedDateUtc: books.now(),
  });
  return deleted;
}
