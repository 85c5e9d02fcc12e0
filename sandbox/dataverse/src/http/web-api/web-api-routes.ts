import { paths } from './path-patterns';
import { createRow, runBulkAction, unknownCollectionSegment } from './routes/collection-routes';
import { countRows, listRows } from './routes/list-rows';
import {
  associate,
  clearProperty,
  disassociate,
  getProperty,
  methodNotAllowedOnRowPart,
  putProperty,
} from './routes/property-routes';
import { deleteRow, getRow, patchRow } from './routes/row-routes';
import {
  getMetadata,
  getServiceDocument,
  methodNotAllowed,
  refuseBatch,
  unknownSpecialSegment,
  whoAmI,
} from './routes/service-routes';
import { route, type WebApiRoute } from './web-api-route';

/**
 * The OData v4 surface of `/api/data/v9.2`, first match wins. The `*` entries close each path shape with the error
 * Dataverse gives for it, so every request finds a route. Only JSON bodies; `$batch` answers 501.
 */
export const WEB_API_ROUTES: readonly WebApiRoute[] = [
  route('GET', paths.metadata, getMetadata),
  route('*', paths.batch, refuseBatch),
  route('*', paths.anySpecial, unknownSpecialSegment),
  route('GET', paths.serviceRoot, getServiceDocument),
  route('*', paths.serviceRoot, methodNotAllowed),
  route('GET', paths.whoAmI, whoAmI),

  route('GET', paths.collectionCount, countRows),
  route('POST', paths.collectionAction, runBulkAction),
  route('*', paths.collectionSegments, unknownCollectionSegment),
  route('GET', paths.collection, listRows),
  route('POST', paths.collection, createRow),
  route('*', paths.collection, methodNotAllowed),

  route('DELETE', paths.rowReference, disassociate),
  route('PUT', paths.rowReference, associate),
  route('PUT', paths.rowProperty, putProperty),
  route('DELETE', paths.rowProperty, clearProperty),
  route('GET', paths.rowProperty, getProperty),
  route('*', paths.rowSegments, methodNotAllowedOnRowPart),
  route('GET', paths.row, getRow),
  route('PATCH', paths.row, patchRow),
  route('DELETE', paths.row, deleteRow),
  route('*', paths.row, methodNotAllowed),
];
