import type { Request, Response } from 'express';
import type { DataverseService } from '../../dataverse-service';
import type { KeySpec } from '../../odata/key-segment';
import type { QueryOptions } from '../../odata/query-options';
import type { TableDef } from '../../schema/schema-types';
import type { Row } from '../../store/row-store';
import type { Preferences } from '../prefer-header';
import type { ParsedPath } from './odata-path';

/** One Web API request, read once (path, Prefer header, query options) before a route is chosen. */
export interface WebApiRequest {
  readonly req: Request;
  readonly res: Response;
  readonly service: DataverseService;
  readonly method: string;
  /** The decoded path after the API root, as the client wrote it (error messages quote it). */
  readonly rawPath: string;
  readonly path: ParsedPath;
  readonly prefs: Preferences;
  readonly opts: QueryOptions;
}

/** A request addressed to an entity set: `accounts`, `accounts/$count`, … */
export interface TableRequest extends WebApiRequest {
  readonly table: TableDef;
}

/** A request addressed to one row: `accounts(<key>)`. The row may not exist (PATCH upserts). */
export interface RowRequest extends TableRequest {
  readonly keySpec: KeySpec;
}

/** A request addressed to a part of an existing row: `accounts(<key>)/name`, `…/parentaccountid/$ref`. */
export interface RowPartRequest extends RowRequest {
  readonly row: Row;
  /** The segments after the key, e.g. `['parentaccountid', '$ref']`. */
  readonly segments: string[];
}
