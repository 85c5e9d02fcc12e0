/**
 * /TrackingCategories endpoints (OAS getTrackingCategories, createTrackingCategory, updateTrackingCategory,
 * deleteTrackingCategory, createTrackingOptions, updateTrackingOptions, deleteTrackingOptions). Lists leave out
 * ARCHIVED categories and options unless `includeArchived=true`, and DELETED ones always; a single GET by id
 * returns the category whatever its status (the OAS example shows a DELETED one).
 */
import {
  deleteTrackingCategory,
  deleteTrackingOption,
  writeTrackingCategory,
  writeTrackingOption,
} from '../books/tracking-writer';
import { ResourceNotFound } from '../domain/accounting-errors';
import { isGuid } from '../domain/deterministic-id';
import { applyList } from '../query/list-query';
import { trackingCategoryListSpec } from '../query/entity-fields';
import { trackingCategoryToWire, trackingOptionToWire } from '../wire/tracking-wire';
import { elementsOf, singleElement } from './request-reading';
import type { RouteDefinition, RouteRequest } from './route-table';
import { batchReply, envelope, notFound, type RouteReply } from './xero-replies';

function requireCategory(req: RouteRequest): void {
  if (!req.books.findTrackingCategory(req.params.id!))
    throw new ResourceNotFound(`Tracking category ${req.params.id}`);
}

/** A one-element write that answers like Xero's other writes: the record, or a 400 ValidationException. */
function writeOne<T>(
  req: RouteRequest,
  collection: 'TrackingCategories' | 'Options',
  singular: 'TrackingCategory' | 'TrackingOption',
  write: (element: Record<string, unknown>) => T,
  toWire: (value: T) => Record<string, unknown>,
): RouteReply {
  const results = req.books.writeBatch(singleElement(req.body, collection, singular), true, (el) => ({
    record: write(el),
    created: true,
    warnings: [],
  }));
  return batchReply(req, collection, results, true, toWire, undefined);
}

export const trackingCategoryRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/TrackingCategories',
    query: ['where', 'order', 'includeArchived'],
    handle: (req) => {
      const includeArchived = req.query.bool('includeArchived') ?? false;
      const visible = req.books
        .listTrackingCategories()
        .filter((c) => c.status === 'ACTIVE' || (includeArchived && c.status === 'ARCHIVED'));
      const { items } = applyList(visible, trackingCategoryListSpec(), {
        where: req.query.string('where'),
        order: req.query.string('order'),
      });
      return envelope(
        req,
        'TrackingCategories',
        items.map((c) => trackingCategoryToWire(c, { includeArchived })),
      );
    },
  },
  {
    method: 'GET',
    path: '/TrackingCategories/:id',
    query: [],
    handle: (req) => {
      const id = req.params.id!;
      const category = isGuid(id) ? req.books.store.trackingCategories.get(id) : undefined;
      if (!category) return notFound();
      return envelope(req, 'TrackingCategories', [
        trackingCategoryToWire(category, { includeArchived: true }),
      ]);
    },
  },
  // PUT creates (xero-node createTrackingCategory sends one bare TrackingCategory). Xero's POST /TrackingCategories
  // is not in the OAS, so it is left to the 501 of unknown endpoints.
  {
    method: 'PUT',
    path: '/TrackingCategories',
    query: [],
    handle: (req) =>
      writeOne(
        req,
        'TrackingCategories',
        'TrackingCategory',
        (el) => writeTrackingCategory(req.books, el),
        (c) => trackingCategoryToWire(c, { includeArchived: true }),
      ),
  },
  {
    method: 'POST',
    path: '/TrackingCategories/:id',
    query: [],
    handle: (req) => {
      requireCategory(req);
      return writeOne(
        req,
        'TrackingCategories',
        'TrackingCategory',
        (el) => writeTrackingCategory(req.books, el, req.params.id),
        (c) => trackingCategoryToWire(c, { includeArchived: true }),
      );
    },
  },
  {
    method: 'DELETE',
    path: '/TrackingCategories/:id',
    query: [],
    handle: (req) => {
      requireCategory(req);
      const results = req.books.writeBatch([{}], true, () => ({
        record: deleteTrackingCategory(req.books, req.params.id!),
        created: false,
        warnings: [],
      }));
      return batchReply(
        req,
        'TrackingCategories',
        results,
        true,
        (c) => trackingCategoryToWire(c, { includeArchived: true }),
        undefined,
      );
    },
  },
  {
    method: 'PUT',
    path: '/TrackingCategories/:id/Options',
    query: [],
    handle: (req) => {
      requireCategory(req);
      // xero-node createTrackingOptions sends one bare TrackingOption; `{Options:[…]}` adds several at once.
      const results = req.books.writeBatch(elementsOf(req.body, 'Options', 'TrackingOption'), true, (el) => ({
        record: writeTrackingOption(req.books, req.params.id!, el),
        created: true,
        warnings: [],
      }));
      return batchReply(req, 'Options', results, true, trackingOptionToWire, undefined);
    },
  },
  {
    method: 'POST',
    path: '/TrackingCategories/:id/Options/:optionId',
    query: [],
    handle: (req) => {
      requireCategory(req);
      return writeOne(
        req,
        'Options',
        'TrackingOption',
        (el) => writeTrackingOption(req.books, req.params.id!, el, req.params.optionId),
        trackingOptionToWire,
      );
    },
  },
  {
    method: 'DELETE',
    path: '/TrackingCategories/:id/Options/:optionId',
    query: [],
    handle: (req) => {
      requireCategory(req);
      const results = req.books.writeBatch([{}], true, () => ({
        record: deleteTrackingOption(req.books, req.params.id!, req.params.optionId!),
        created: false,
        warnings: [],
      }));
      return batchReply(req, 'Options', results, true, trackingOptionToWire, undefined);
    },
  },
];
