import { solutionModel, type SolutionModel } from '@dxc/solution';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChangeFeed } from './change-feed';
import { EmulatorClock } from './clock';
import { DataverseService } from './dataverse-service';
import { RequestGate, type ServiceProtectionOptions } from './http/request-gate';
import { API_PATH, createWebApiRouter } from './http/web-api-router';
import { buildSchema } from './schema/build-schema';
import { loadRows, referenceRows, REFERENCE_IDS, snapshotRows, type SeedRows, type Snapshot } from './seed';

export interface DataverseEmulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  host?: string;
  /** When set, every request needs `Authorization: Bearer <token>` (401 otherwise). */
  requireBearerToken?: string;
  /** Service protection limit: 429 with Retry-After past `maxRequests` per window. */
  serviceProtection?: ServiceProtectionOptions;
  /** Rows to load after the reference rows (table logical name → rows; lookups as `x@odata.bind` or ids). */
  seed?: SeedRows;
  /** Skip the reference rows (currencies, price list, user, business unit). */
  withoutReferenceRows?: boolean;
  /** Another solution model (tests); defaults to the project's. */
  model?: SolutionModel;
}

export interface DataverseEmulator {
  /** Base URL of the server (`http://127.0.0.1:<port>`); the Web API is at `${url}/api/data/v9.2`. */
  url: string;
  /** `${url}/api/data/v9.2` */
  apiUrl: string;
  close(): Promise<void>;
  /** Every row of every table, lookups as `_x_value` ids, for assertions. */
  snapshot(): Snapshot;
  /** Loads rows as a seed does (trusted: read-only columns and states may be given). Returns the ids per table. */
  load(rows: SeedRows): Record<string, string[]>;
  changes: ChangeFeed;
  clock: EmulatorClock;
  /** The next `count` requests answer 429 with Retry-After. */
  throttleNext(count: number, retryAfterSeconds?: number): void;
  /** Ids of the reference rows (GBP and USD currencies, price list, user, business unit, organization). */
  ids: typeof REFERENCE_IDS;
  service: DataverseService;
}

export async function startDataverseEmulator(
  options: DataverseEmulatorOptions = {},
): Promise<DataverseEmulator> {
  const schema = buildSchema(options.model ?? solutionModel);
  const clock = new EmulatorClock();
  const service = new DataverseService(schema, clock, {
    userId: REFERENCE_IDS.systemUser,
    businessUnitId: REFERENCE_IDS.businessUnit,
    organizationId: REFERENCE_IDS.organization,
    baseCurrencyId: options.withoutReferenceRows ? undefined : REFERENCE_IDS.gbp,
  });
  if (!options.withoutReferenceRows) loadRows(service, referenceRows());
  if (options.seed) loadRows(service, options.seed);
  const gate = new RequestGate(clock, options.requireBearerToken, options.serviceProtection);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(API_PATH, createWebApiRouter(service, gate));
  app.use((req, res) => {
    res.status(404).json({
      error: {
        code: '',
        message: `No HTTP resource was found that matches the request URI '${req.originalUrl}'.`,
      },
    });
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  // Keep idle connections open longer than clients do (Node's 5 s default lets a client that reuses a connection
  // write into one the server is closing: "other side closed" under load), as the real services and our proxy do.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  return {
    url,
    apiUrl: `${url}${API_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    snapshot: () => snapshotRows(service),
    load: (rows) => loadRows(service, rows),
    changes: service.changes,
    clock,
    throttleNext: (count, retryAfterSeconds = 5) => gate.throttleNext(count, retryAfterSeconds),
    ids: REFERENCE_IDS,
    service,
  };
}
