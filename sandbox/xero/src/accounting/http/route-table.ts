/** The shape of one accounting endpoint: method, path, accepted query parameters and a synchronous handler. */
import type { OrganisationBooks } from '../books/organisation-books';
import type { EnvelopeContext, RouteReply } from './xero-replies';
import type { QueryReader } from './request-reading';

export interface RouteRequest extends EnvelopeContext {
  books: OrganisationBooks;
  params: Record<string, string>;
  query: QueryReader;
  body: unknown;
  header(name: string): string | undefined;
}

export interface RouteDefinition {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Express path under /api.xro/2.0, e.g. `/Invoices/:id`. */
  path: string;
  query: readonly string[];
  handle(req: RouteRequest): RouteReply;
}
