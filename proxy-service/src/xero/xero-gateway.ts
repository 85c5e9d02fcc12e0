/**
 * The one door to Xero. Every Accounting API call goes through `call()`: a fresh token (TokenVault), the
 * organisation's rate budget (RateGovernor), xero-node pointed at the configured endpoints, retries where they are
 * safe, usage and metrics recorded, and Xero's failures turned into ProxyErrors with Xero's own messages kept.
 */
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type {
  AccountingApi,
  Contact as XeroContact,
  Invoice as XeroInvoice,
  Organisation,
  TrackingCategory as XeroTrackingCategory,
} from 'xero-node';
import { ObjectSerializer } from 'xero-node';
import { ProxyError } from '../errors';
import type { ProxyMetrics } from '../metrics';
import type { ConnectionRecord, Store } from '../store/store';
import { DailyLimitReached } from './rate-governor';
import type { RateGovernor } from './rate-governor';
import type { TokenVault } from './token-vault';
import type { XeroClientFactory } from './xero-client-factory';
import { parseXeroFailure } from './xero-failure';
import { creditNoteAsInvoice } from './credit-note-as-invoice';
import type { XeroFailure } from './xero-failure';
import type {
  XeroAllocationPayload,
  XeroContactPayload,
  XeroContactRecord,
  XeroCreditNotePayload,
  XeroInvoicePayload,
  XeroInvoiceRecord,
  XeroItemPayload,
  XeroItemRecord,
} from '../domain/invoices/xero-payloads';
import type { XeroCreditNoteRecord } from '../domain/cancellation/earlier-credit-note';
import { fromCreditNoteWire, toCreditNoteWire } from '../domain/invoices/credit-note-wire';
import type { XeroCreditNoteWireRecord } from '../domain/invoices/credit-note-wire';

/**
 * The sync domain speaks Xero's wire JSON (PascalCase); xero-node takes and returns its own models. Its serializer
 * converts both ways, so the payloads the domain planned are what goes on the wire.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toModel = (collection: string, type: string, elements: readonly unknown[]): any =>
  ObjectSerializer.deserialize({ [collection]: elements }, type);
const toWire = <T>(collection: string, type: string, body: unknown): T[] =>
  ((ObjectSerializer.serialize(body, type) as Record<string, unknown> | undefined)?.[collection] as
    T[] | undefined) ?? [];

export interface XeroCallOptions {
  /** Names the call in logs and metrics, e.g. `getTaxRates`. */
  operation: string;
  /** Reads are retried on 5xx and timeouts; writes never are (they may have happened). */
  read: boolean;
}

export interface XeroResult<T> {
  body: T;
  headers: Record<string, string>;
}

/** 429 retries for the minute/concurrency limits before giving the caller a 429. */
const MAX_RATE_RETRIES = 6;
/** Seconds a daily 429 blocks the org when Xero sends no Retry-After (UNVERIFIED: Xero documents it is sent). */
const DEFAULT_DAY_BLOCK_SECONDS = 3600;

export interface XeroGatewayOptions {
  store: Store;
  vault: TokenVault;
  governor: RateGovernor;
  factory: XeroClientFactory;
  metrics: ProxyMetrics;
  logger: Logger;
  adminUrl: string;
  now?: () => number;
}

function lowerHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (v !== undefined && v !== null && k.toLowerCase() !== 'authorization')
        out[k.toLowerCase()] = String(v);
    }
  }
  return out;
}

/** The error to report when xero-node failed before anything was sent (kept as thrown when it is an Error). */
function localFailure(operation: string, thrown: unknown, failure: XeroFailure): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(`xero-node could not send ${operation}: ${failure.cause ?? 'unknown reason'}`);
}

export class XeroGateway {
  private readonly now: () => number;

  constructor(private readonly o: XeroGatewayOptions) {
    this.now = o.now ?? Date.now;
  }

  async call<T>(
    connection: ConnectionRecord,
    options: XeroCallOptions,
    send: (api: AccountingApi, tenantId: string) => Promise<{ response: { headers?: unknown }; body: T }>,
  ): Promise<XeroResult<T>> {
    if (connection.status === 'ReconnectNeeded') throw this.o.vault.reconnectNeeded(connection);
    const attempt = () => this.attempt(connection, options, send);
    // AbortError only tells p-retry to stop; callers get what it wraps, writes (never retried) included.
    if (!options.read)
      return attempt().catch((e: unknown) => {
        throw e instanceof AbortError ? e.originalError : e;
      });
    return pRetry(attempt, {
      retries: 2,
      minTimeout: 250,
      factor: 3,
      randomize: true,
      onFailedAttempt: (error) =>
        this.o.logger.warn(
          {
            event: 'xero_retry',
            operation: options.operation,
            tenantId: connection.tenantId,
            attempt: error.attemptNumber,
          },
          'retrying a failed Xero read',
        ),
    });
  }

  /** One logical attempt: handles 401 (refresh once) and minute/concurrency 429s (wait, go again) inside. */
  private async attempt<T>(
    connection: ConnectionRecord,
    options: XeroCallOptions,
    send: (api: AccountingApi, tenantId: string) => Promise<{ response: { headers?: unknown }; body: T }>,
  ): Promise<XeroResult<T>> {
    const tenant = connection.tenantId;
    let current = connection;
    let staleVersion: number | undefined;
    let authRetried = false;
    let rateRetries = 0;
    for (;;) {
      const { token, version } = await this.o.vault.accessToken(current, staleVersion).catch((e: unknown) => {
        throw e instanceof ProxyError ? new AbortError(e) : e;
      });
      let failure: XeroFailure;
      try {
        const result = await this.o.governor.run(tenant, () =>
          this.o.factory.within(() => send(this.o.factory.forAccessToken(token).accountingApi, tenant)),
        );
        const headers = lowerHeaders(result.response.headers);
        this.observe(connection, options.operation, 'ok', headers);
        return { body: result.body, headers };
      } catch (thrown) {
        if (thrown instanceof DailyLimitReached)
          throw new AbortError(this.dailyLimit(connection, thrown.retryAfterSeconds));
        failure = parseXeroFailure(thrown);
        if (failure.status === 0 && !failure.network) {
          // Nothing reached Xero: the proxy could not build the request. That is our failure, not Xero's: no
          // retry, no "Xero could not be reached"; the error mapping logs it with the request id.
          this.o.metrics.xeroCalls.inc({ tenant, operation: options.operation, outcome: 'not_sent' });
          throw new AbortError(localFailure(options.operation, thrown, failure));
        }
      }
      const outcome =
        failure.status === 429
          ? 'rate_limited'
          : failure.status === 0
            ? 'network_error'
            : failure.status >= 500
              ? 'server_error'
              : 'client_error';
      this.observe(connection, options.operation, outcome, failure.headers);

      if (failure.status === 401 && !authRetried) {
        // The token may have expired early by Xero's clock, or been rotated elsewhere: refresh once, then retry.
        authRetried = true;
        staleVersion = version;
        current = (await this.o.store.getConnection(connection.id)) ?? current;
        continue;
      }
      if (failure.status === 429) {
        if (failure.rateLimitProblem === 'day') {
          const seconds = failure.retryAfterSeconds ?? DEFAULT_DAY_BLOCK_SECONDS;
          this.o.governor.blockForDay(tenant, seconds);
          this.o.logger.warn(
            { event: 'xero_daily_limit', tenantId: tenant, retryAfter: seconds },
            'daily limit reached',
          );
          throw new AbortError(this.dailyLimit(connection, seconds));
        }
        const seconds = failure.retryAfterSeconds ?? 1;
        this.o.governor.pause(tenant, seconds);
        rateRetries += 1;
        if (rateRetries <= MAX_RATE_RETRIES) continue;
        throw new AbortError(
          new ProxyError('XERO_RATE_LIMITED', 429, 'Xero is busy for this organisation; try again shortly.', {
            retryAfterSeconds: Math.max(1, Math.ceil(seconds)),
          }),
        );
      }
      const error = this.toProxyError(connection, failure);
      const retryable = failure.status === 0 || failure.status >= 500;
      throw retryable ? error : new AbortError(error);
    }
  }

  private dailyLimit(connection: ConnectionRecord, seconds: number): ProxyError {
    return new ProxyError(
      'XERO_DAILY_LIMIT',
      429,
      `Xero's daily call limit for "${connection.tenantName}" is used up; the proxy will accept calls again in about ` +
        `${Math.ceil(seconds / 60)} minutes.`,
      { retryAfterSeconds: Math.max(1, Math.ceil(seconds)) },
    );
  }

  private observe(
    connection: ConnectionRecord,
    operation: string,
    outcome: string,
    headers: Record<string, string>,
  ): void {
    const tenant = connection.tenantId;
    this.o.metrics.xeroCalls.inc({ tenant, operation, outcome });
    this.o.governor.observe(tenant, headers);
    this.o.metrics.observeRateHeaders(tenant, headers);
    const num = (h: string) =>
      headers[h] !== undefined && Number.isFinite(Number(headers[h])) ? Number(headers[h]) : undefined;
    const rateHeaders = {
      dayRemaining: num('x-daylimit-remaining'),
      minuteRemaining: num('x-minlimit-remaining'),
      appMinuteRemaining: num('x-appminlimit-remaining'),
    };
    const hasHeaders = Object.values(rateHeaders).some((v) => v !== undefined);
    const nowIso = new Date(this.now()).toISOString();
    // Usage bookkeeping must never fail or slow the call it describes.
    void this.o.store
      .recordUsage(tenant, nowIso.slice(0, 10), {
        calls: 1,
        rateLimited: outcome === 'rate_limited' ? 1 : 0,
        headers: hasHeaders ? { ...rateHeaders, at: nowIso } : undefined,
      })
      .catch((e: unknown) => this.o.logger.warn({ err: e }, 'could not record usage'));
    void this.o.store.touchConnection(connection.id, nowIso).catch(() => undefined);
  }

  toProxyError(connection: ConnectionRecord, f: XeroFailure): ProxyError {
    const said = f.messages.length > 0 ? ` Xero said: ${f.messages.join('; ')}` : '';
    switch (true) {
      case f.status === 400:
        return new ProxyError('XERO_VALIDATION', 400, `Xero refused the request.${said}`, {
          details: f.elementMessages.flatMap((e) =>
            e.messages.map((m) => ({ field: `elements[${e.index}]`, reason: m })),
          ),
        });
      case f.status === 401:
      case f.status === 403:
        return new ProxyError(
          'XERO_FORBIDDEN',
          403,
          `Xero refused access to "${connection.tenantName}" (the organisation may have been disconnected, or the ` +
            `user who connected it lost access). Reconnect it at ${this.o.adminUrl}.${said}`,
        );
      case f.status === 404:
        return new ProxyError('XERO_NOT_FOUND', 404, `Xero could not find what was asked for.${said}`);
      case f.status === 0:
        return new ProxyError(
          'XERO_UNAVAILABLE',
          503,
          f.timedOut
            ? 'Xero did not answer in time; try again shortly.'
            : 'Xero could not be reached; try again shortly.',
          { retryAfterSeconds: 30 },
        );
      case f.status === 503:
        return new ProxyError('XERO_UNAVAILABLE', 503, `Xero is temporarily unavailable.${said}`, {
          retryAfterSeconds: 60,
        });
      default:
        return new ProxyError('XERO_ERROR', 502, `Xero answered with an error (HTTP ${f.status}).${said}`);
    }
  }

  // --- Invoice sync and cancellation (sync/invoices, sync/cancellation, orchestration/) -------------------------
  // Writes send summarizeErrors=false (one element's refusal fails only itself, HTTP 200) and the content-derived
  // Idempotency-Key the domain planned (reference/xero-api.md §2).

  /**
   * GET /Invoices changed after `since` (If-Modified-Since), oldest change first, archived (voided, deleted) too, one
   * page of `pageSize` (https://developer.xero.com/documentation/api/accounting/invoices#get-invoices).
   */
  async listInvoicesModifiedSince(
    connection: ConnectionRecord,
    since: Date,
    page: number,
    pageSize: number,
  ): Promise<{ invoices: XeroInvoice[]; pageCount?: number }> {
    const r = await this.call(connection, { operation: 'getInvoices', read: true }, (api, tenant) =>
      api.getInvoices(
        tenant,
        since,
        undefined,
        'UpdatedDateUTC ASC',
        undefined,
        undefined,
        undefined,
        undefined,
        page,
        true,
        undefined,
        undefined,
        undefined,
        pageSize,
      ),
    );
    return { invoices: r.body.invoices ?? [], pageCount: r.body.pagination?.pageCount };
  }

  /**
   * GET /CreditNotes changed after `since` (If-Modified-Since), oldest change first, one page of `pageSize`, in the
   * Invoice model the status readers take (credit-note-as-invoice.ts)
   * (https://developer.xero.com/documentation/api/accounting/creditnotes#get-creditnotes).
   */
  async listCreditNotesModifiedSince(
    connection: ConnectionRecord,
    since: Date,
    page: number,
    pageSize: number,
  ): Promise<{ invoices: XeroInvoice[]; pageCount?: number }> {
    const r = await this.call(connection, { operation: 'getCreditNotes', read: true }, (api, tenant) =>
      api.getCreditNotes(tenant, since, undefined, 'UpdatedDateUTC ASC', page, 4, pageSize),
    );
    return {
      invoices: (r.body.creditNotes ?? []).map(creditNoteAsInvoice),
      pageCount: r.body.pagination?.pageCount,
    };
  }

  /** GET /CreditNotes?where=CreditNoteID==Guid(…) OR …, in the Invoice model the status readers take. */
  async listCreditNotesWhere(connection: ConnectionRecord, where: string): Promise<XeroInvoice[]> {
    const r = await this.call(connection, { operation: 'getCreditNotes', read: true }, (api, tenant) =>
      api.getCreditNotes(tenant, undefined, where, undefined, undefined, 4),
    );
    return (r.body.creditNotes ?? []).map(creditNoteAsInvoice);
  }

  /**
   * GET /Contacts by ids, the paged list, which is where Xero puts Balances (reference/xero-api.md §3); one page as
   * large as the ids asked for (at least Xero's default 100).
   */
  async listContactsWithBalances(connection: ConnectionRecord, ids: string[]): Promise<XeroContact[]> {
    const pageSize = Math.max(100, ids.length);
    const r = await this.call(connection, { operation: 'getContacts', read: true }, (api, tenant) =>
      api.getContacts(tenant, undefined, undefined, undefined, ids, 1, true, false, undefined, pageSize),
    );
    return r.body.contacts ?? [];
  }

  /** GET /Organisation: the organisation this connection reaches. */
  async getOrganisation(connection: ConnectionRecord): Promise<Organisation | undefined> {
    const r = await this.call(connection, { operation: 'getOrganisations', read: true }, (api, tenant) =>
      api.getOrganisations(tenant),
    );
    return r.body.organisations?.[0];
  }

  /**
   * GET /TrackingCategories?includeArchived=true: active and archived categories, each with its options (archived
   * ones too), so the import can mark what can no longer be picked
   * (https://developer.xero.com/documentation/api/accounting/trackingcategories).
   */
  async listTrackingCategories(connection: ConnectionRecord): Promise<XeroTrackingCategory[]> {
    const r = await this.call(connection, { operation: 'getTrackingCategories', read: true }, (api, tenant) =>
      api.getTrackingCategories(tenant, undefined, undefined, true),
    );
    return r.body.trackingCategories ?? [];
  }

  /** GET /Contacts?where=…&includeArchived=true */
  async lookupContacts(connection: ConnectionRecord, where: string): Promise<XeroContactRecord[]> {
    const r = await this.call(connection, { operation: 'getContacts', read: true }, (api, tenant) =>
      api.getContacts(tenant, undefined, where, undefined, undefined, undefined, true),
    );
    return toWire('Contacts', 'Contacts', r.body);
  }

  /** GET /Items (with a where clause, or the whole unpaged list). */
  async lookupItems(connection: ConnectionRecord, where?: string): Promise<XeroItemRecord[]> {
    const r = await this.call(connection, { operation: 'getItems', read: true }, (api, tenant) =>
      api.getItems(tenant, undefined, where),
    );
    return toWire('Items', 'Items', r.body);
  }

  /** PUT /Contacts?summarizeErrors=false */
  async createContacts(
    connection: ConnectionRecord,
    contacts: readonly XeroContactPayload[],
    idempotencyKey: string,
  ): Promise<XeroContactRecord[]> {
    const r = await this.call(connection, { operation: 'createContacts', read: false }, (api, tenant) =>
      api.createContacts(tenant, toModel('Contacts', 'Contacts', contacts), false, idempotencyKey),
    );
    return toWire('Contacts', 'Contacts', r.body);
  }

  /** PUT /Items?summarizeErrors=false */
  async createItems(
    connection: ConnectionRecord,
    items: readonly XeroItemPayload[],
    idempotencyKey: string,
  ): Promise<XeroItemRecord[]> {
    const r = await this.call(connection, { operation: 'createItems', read: false }, (api, tenant) =>
      api.createItems(tenant, toModel('Items', 'Items', items), false, undefined, idempotencyKey),
    );
    return toWire('Items', 'Items', r.body);
  }

  /**
   * PUT /Invoices?summarizeErrors=false&unitdp=4: creates only. Xero refuses an element whose sales invoice number
   * is taken ("Invoice # must be unique.") where POST would update the invoice holding that number.
   */
  async createInvoices(
    connection: ConnectionRecord,
    invoices: readonly XeroInvoicePayload[],
    idempotencyKey: string,
  ): Promise<XeroInvoiceRecord[]> {
    const r = await this.call(connection, { operation: 'createInvoices', read: false }, (api, tenant) =>
      api.createInvoices(tenant, toModel('Invoices', 'Invoices', invoices), false, 4, idempotencyKey),
    );
    return toWire('Invoices', 'Invoices', r.body);
  }

  /** POST /Invoices?summarizeErrors=false&unitdp=4: updates of invoices named by their InvoiceID. */
  async writeInvoices(
    connection: ConnectionRecord,
    invoices: readonly XeroInvoicePayload[],
    idempotencyKey: string,
  ): Promise<XeroInvoiceRecord[]> {
    const r = await this.call(
      connection,
      { operation: 'updateOrCreateInvoices', read: false },
      (api, tenant) =>
        api.updateOrCreateInvoices(
          tenant,
          toModel('Invoices', 'Invoices', invoices),
          false,
          4,
          idempotencyKey,
        ),
    );
    return toWire('Invoices', 'Invoices', r.body);
  }

  /**
   * GET /Invoices filtered by ids, numbers or contacts (archived included, so deleted and voided ones are found),
   * one page of up to 1,000 (Xero's maximum page size).
   */
  async findInvoices(
    connection: ConnectionRecord,
    filter: { ids?: string[]; invoiceNumbers?: string[]; contactIds?: string[] },
  ): Promise<XeroInvoiceRecord[]> {
    const r = await this.call(connection, { operation: 'getInvoices', read: true }, (api, tenant) =>
      api.getInvoices(
        tenant,
        undefined,
        undefined,
        undefined,
        filter.ids,
        filter.invoiceNumbers,
        filter.contactIds,
        undefined,
        1,
        true,
        undefined,
        4,
        undefined,
        1000,
      ),
    );
    return toWire('Invoices', 'Invoices', r.body);
  }

  /** GET /Invoices/{id}; undefined when Xero does not know the id. */
  async getInvoice(connection: ConnectionRecord, invoiceId: string): Promise<XeroInvoiceRecord | undefined> {
    try {
      const r = await this.call(connection, { operation: 'getInvoice', read: true }, (api, tenant) =>
        api.getInvoice(tenant, invoiceId, 4),
      );
      return toWire<XeroInvoiceRecord>('Invoices', 'Invoices', r.body)[0];
    } catch (error) {
      if (error instanceof ProxyError && error.code === 'XERO_NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** POST /Invoices/{id} with a new Status (DELETED for drafts, VOIDED for approved): Xero has no DELETE verb. */
  async setInvoiceStatus(
    connection: ConnectionRecord,
    write: { InvoiceID: string; Status: 'DELETED' | 'VOIDED' },
    idempotencyKey: string,
  ): Promise<XeroInvoiceRecord | undefined> {
    const r = await this.call(connection, { operation: 'updateInvoice', read: false }, (api, tenant) =>
      api.updateInvoice(
        tenant,
        write.InvoiceID,
        toModel('Invoices', 'Invoices', [write]),
        undefined,
        idempotencyKey,
      ),
    );
    return toWire<XeroInvoiceRecord>('Invoices', 'Invoices', r.body)[0];
  }

  /**
   * PUT /CreditNotes?summarizeErrors=false&unitdp=4: credit notes raised from Dynamics 365 (invoice-shaped in the
   * domain; renamed both ways by credit-note-wire.ts). Creates only, like PUT /Invoices.
   */
  async createCreditNotes(
    connection: ConnectionRecord,
    creditNotes: readonly XeroInvoicePayload[],
    idempotencyKey: string,
  ): Promise<XeroInvoiceRecord[]> {
    const r = await this.call(connection, { operation: 'createCreditNotes', read: false }, (api, tenant) =>
      api.createCreditNotes(
        tenant,
        toModel('CreditNotes', 'CreditNotes', creditNotes.map(toCreditNoteWire)),
        false,
        4,
        idempotencyKey,
      ),
    );
    return toWire<XeroCreditNoteWireRecord>('CreditNotes', 'CreditNotes', r.body).map(fromCreditNoteWire);
  }

  /** POST /CreditNotes?summarizeErrors=false&unitdp=4: updates of credit notes named by their CreditNoteID. */
  async updateCreditNotes(
    connection: ConnectionRecord,
    creditNotes: readonly XeroInvoicePayload[],
    idempotencyKey: string,
  ): Promise<XeroInvoiceRecord[]> {
    const r = await this.call(
      connection,
      { operation: 'updateOrCreateCreditNotes', read: false },
      (api, tenant) =>
        api.updateOrCreateCreditNotes(
          tenant,
          toModel('CreditNotes', 'CreditNotes', creditNotes.map(toCreditNoteWire)),
          false,
          4,
          idempotencyKey,
        ),
    );
    return toWire<XeroCreditNoteWireRecord>('CreditNotes', 'CreditNotes', r.body).map(fromCreditNoteWire);
  }

  /**
   * GET /CreditNotes?where=… for credit notes raised from Dynamics 365, read back in the pipeline's invoice shape
   * (lines included: Xero lists lines on paged reads only, so page 1 of up to 1,000) so a lost create can be
   * recognised by its fingerprint.
   */
  async findCreditNotesAsDocuments(
    connection: ConnectionRecord,
    where: string,
  ): Promise<XeroInvoiceRecord[]> {
    const r = await this.call(connection, { operation: 'getCreditNotes', read: true }, (api, tenant) =>
      api.getCreditNotes(tenant, undefined, where, undefined, 1, 4, 1000),
    );
    return toWire<XeroCreditNoteWireRecord>('CreditNotes', 'CreditNotes', r.body).map(fromCreditNoteWire);
  }

  /** POST /CreditNotes/{id} with a new Status (DELETED for drafts, VOIDED for approved, unallocated notes). */
  async setCreditNoteStatus(
    connection: ConnectionRecord,
    write: { CreditNoteID: string; Status: 'DELETED' | 'VOIDED' },
    idempotencyKey: string,
  ): Promise<void> {
    await this.call(connection, { operation: 'updateCreditNote', read: false }, (api, tenant) =>
      api.updateCreditNote(
        tenant,
        write.CreditNoteID,
        toModel('CreditNotes', 'CreditNotes', [write]),
        undefined,
        idempotencyKey,
      ),
    );
  }

  /** PUT /CreditNotes (one note); its ValidationErrors come back as a 400 ProxyError. */
  async createCreditNote(
    connection: ConnectionRecord,
    creditNote: XeroCreditNotePayload,
    idempotencyKey: string,
  ): Promise<{ CreditNoteID?: string; CreditNoteNumber?: string; Total?: number } | undefined> {
    const r = await this.call(connection, { operation: 'createCreditNotes', read: false }, (api, tenant) =>
      api.createCreditNotes(
        tenant,
        toModel('CreditNotes', 'CreditNotes', [creditNote]),
        true,
        4,
        idempotencyKey,
      ),
    );
    return toWire<{ CreditNoteID?: string; CreditNoteNumber?: string; Total?: number }>(
      'CreditNotes',
      'CreditNotes',
      r.body,
    )[0];
  }

  /** GET /CreditNotes/{id} with its allocations; undefined when Xero does not know it. */
  async getCreditNote(
    connection: ConnectionRecord,
    creditNoteId: string,
  ): Promise<XeroCreditNoteRecord | undefined> {
    try {
      const r = await this.call(connection, { operation: 'getCreditNote', read: true }, (api, tenant) =>
        api.getCreditNote(tenant, creditNoteId, 4),
      );
      return toWire<XeroCreditNoteRecord>('CreditNotes', 'CreditNotes', r.body)[0];
    } catch (error) {
      if (error instanceof ProxyError && error.code === 'XERO_NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** GET /CreditNotes?where=… (Xero lists voided and deleted notes too; callers skip them). */
  async findCreditNotes(connection: ConnectionRecord, where: string): Promise<XeroCreditNoteRecord[]> {
    const r = await this.call(connection, { operation: 'getCreditNotes', read: true }, (api, tenant) =>
      api.getCreditNotes(tenant, undefined, where, undefined, undefined, 4),
    );
    return toWire<XeroCreditNoteRecord>('CreditNotes', 'CreditNotes', r.body);
  }

  /** PUT /CreditNotes/{id}/Allocations (Xero cannot allocate a note when it creates it). */
  async allocateCreditNote(
    connection: ConnectionRecord,
    creditNoteId: string,
    allocation: XeroAllocationPayload,
    idempotencyKey: string,
  ): Promise<void> {
    await this.call(connection, { operation: 'createCreditNoteAllocation', read: false }, (api, tenant) =>
      api.createCreditNoteAllocation(
        tenant,
        creditNoteId,
        toModel('Allocations', 'Allocations', [allocation]),
        true,
        idempotencyKey,
      ),
    );
  }

  // --- Online invoice link and email from Xero (issue 14 §3, §4; orchestration/deliver-authorised-invoices.ts) ---

  /**
   * GET /Invoices/{id}/OnlineInvoice: the page where the customer views and pays an approved sales invoice
   * (https://developer.xero.com/documentation/api/accounting/invoices#get-online-invoice; not for drafts).
   */
  async getOnlineInvoiceUrl(connection: ConnectionRecord, invoiceId: string): Promise<string | undefined> {
    const r = await this.call(connection, { operation: 'getOnlineInvoice', read: true }, (api, tenant) =>
      api.getOnlineInvoice(tenant, invoiceId),
    );
    return toWire<{ OnlineInvoiceUrl?: string }>('OnlineInvoices', 'OnlineInvoices', r.body)[0]
      ?.OnlineInvoiceUrl;
  }

  /**
   * POST /Invoices/{id}/Email (body `{}`, 204): Xero emails the invoice to its contact
   * (https://developer.xero.com/documentation/api/accounting/invoices#emailing-an-invoice). A write: never
   * retried here; the caller's Idempotency-Key makes its own retry safe within Xero's 6 minutes.
   */
  async emailInvoice(connection: ConnectionRecord, invoiceId: string, idempotencyKey: string): Promise<void> {
    // 204 No Content: xero-node leaves `body` out.
    await this.call(connection, { operation: 'emailInvoice', read: false }, async (api, tenant) => {
      const { response } = await api.emailInvoice(tenant, invoiceId, {}, idempotencyKey);
      return { response, body: undefined };
    });
  }
}
