/**
 * A small express app that mounts the accounting router for one tenant the way the platform does (res.locals
 * tenantId + books after "authentication"), for the accounting suites to run against real HTTP before / without
 * the full emulator. Every JSON response is checked against Xero's OpenAPI spec as it leaves the server.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { TestClock } from '../../clock';
import { BOOKS_LOCAL, TENANT_ID_LOCAL, type XeroWebhookEvent } from '../seam';
import { webhookEventOf } from '../../webhooks/book-change-event';
import { createAccountingRouter } from '../http/accounting-router';
import { OrganisationBooks } from '../books/organisation-books';
import { demoCompanyUk } from '../seeds/demo-company-uk';
import type { OrganisationSeed } from '../seeds/organisation-seed';
import { XeroSpecValidator, type SpecCheck } from './xero-spec-validator';

export interface LocalAccounting {
  url: string;
  basePath: string;
  tenantId: string;
  books: OrganisationBooks;
  clock: TestClock;
  events: XeroWebhookEvent[];
  /** Every response checked against the spec (status, schema, errors). */
  specChecks: SpecCheck[];
  close(): Promise<void>;
}

let sharedValidator: XeroSpecValidator | undefined;

export function specValidator(): XeroSpecValidator {
  sharedValidator ??= new XeroSpecValidator();
  return sharedValidator;
}

export async function startLocalAccounting(
  opts: { seed?: OrganisationSeed; now?: Date } = {},
): Promise<LocalAccounting> {
  const clock = new TestClock();
  clock.set(opts.now ?? new Date('2026-02-02T10:00:00Z'));
  const books = new OrganisationBooks(opts.seed ?? demoCompanyUk(), clock);
  const events: XeroWebhookEvent[] = [];
  // As the emulator does: every committed change of the books, one event each.
  books.onChange((change) => events.push(webhookEventOf(change, books.organisationId)));
  const specChecks: SpecCheck[] = [];
  const validator = specValidator();
  const app = express();
  app.use('/api.xro/2.0', (req, res, next) => {
    if (!/^Bearer \S+/.test(req.get('authorization') ?? '')) {
      res
        .status(401)
        .json({ Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' });
      return;
    }
    const originalJson = res.json.bind(res);
    res.json = (body: unknown) => {
      specChecks.push(validator.check(req.method, req.path, res.statusCode, body));
      return originalJson(body);
    };
    res.locals[TENANT_ID_LOCAL] = books.organisationId;
    res.locals[BOOKS_LOCAL] = books;
    next();
  });
  app.use('/api.xro/2.0', createAccountingRouter({ clock }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    basePath: `${url}/api.xro/2.0`,
    tenantId: books.organisationId,
    books,
    clock,
    events,
    specChecks,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
