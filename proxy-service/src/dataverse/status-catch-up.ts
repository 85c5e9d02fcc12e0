/**
 * GetInvoiceStatuses with `connections`: everything that changed in Xero since the connection row's watermark, as
 * Dataverse write-back. One Xero call per 100 changed invoices (If-Modified-Since, oldest first), one per 100
 * customers whose balance may have moved, none for the organisation while the row is complete; so an idle run
 * costs one Xero call, whatever the number of open invoices (issue 12: cost independent of size).
 *
 * Only invoices synced from Dynamics (the ledger knows them) are written; the proxy's own writes seen again (same
 * UpdatedDateUTC as its last write left, or a cancellation it made) are not news and are left out, so a sync never
 * comes back as a "Status" history row. Writing a change twice is harmless: history rows are keyed by Xero's change
 * time, so the webhook flow and the poll catching the same change leave one row.
 */
import type { Contact as XeroContact, Invoice as XeroInvoice, Organisation } from 'xero-node';
import type { GetInvoiceStatusesResponse, InvoiceStatus } from '@dxc/openapi';
import { catchUpLedger } from '../orchestration/xero-invoice-state';
import { isOwnWrite } from '../webhooks/own-write';
import { sameReportedState } from '../domain/invoices/sync-ledger';
import type { InvoiceLedgerRecord } from '../store/invoice-ledger/invoice-ledger-store';
import type { ProxyServices } from '../proxy-services';
import type { ConnectionRecord } from '../store/store';
import { describeConnection } from '../domain/describe-connection';
import { mapContactBalance } from '../domain/map-contact-balance';
import { mapInvoiceStatus } from '../domain/map-invoice-status';
import { chunkOrClauses, guidClause } from '../domain/invoices/where-clause';
import type { Row } from './invoice-rows';
import { statusWriteBack, type InvoiceChange } from './status-write-back';

/**
 * Invoices per page of the change read: Xero allows up to 1,000 (reference/xero-api.md §2, 3P); 200 reads a busy
 * 5-minute batch of payments in one call while keeping each answer a few hundred KB.
 */
const PAGE_SIZE = 200;
/** Pages per call: 2,000 changes per flow run; more wait for the next run (hasMore), the watermark keeps its place. */
const MAX_PAGES = 10;
/**
 * The watermark moves a whole second at a time (Dataverse keeps seconds): past MAX_PAGES the read goes on, up to
 * this, until it leaves the second it started in, or every run would read the same 2,000 changes of a busy second.
 */
const MAX_PAGES_IN_ONE_SECOND = 50;
/**
 * Contacts per balance read: the IDs filter with a page of the same size (Xero allows pages up to 1,000, 3P). 150
 * GUIDs keep the query string near 5.6 KB, under common 8 KB request-line limits (Xero's own limit: UNVERIFIED).
 */
const CONTACTS_PER_CALL = 150;
/** How long after a second has passed (by the proxy's clock) Xero can have nothing more to show in it. */
const SETTLED_AFTER_MS = 60_000;
/** A connection row without a watermark catches up on the last day, not the organisation's whole history. */
const FIRST_LOOK_BACK_MS = 24 * 3_600_000;

const lower = (v: unknown) => String(v ?? '').toLowerCase();

/** Dataverse was already given this state (by the sync, or an earlier catch-up that read the same change). */
function alreadyReported(record: InvoiceLedgerRecord, status: InvoiceStatus): boolean {
  return !!record.entry.reported && sameReportedState(record.entry.reported, status);
}

type ChangeReader = (
  connection: ConnectionRecord,
  since: Date,
  page: number,
  pageSize: number,
) => Promise<{ invoices: XeroInvoice[]; pageCount?: number }>;

async function readChangedInvoices(
  services: ProxyServices,
  connection: ConnectionRecord,
  since: Date,
  list: ChangeReader = (...args) => services.gateway.listInvoicesModifiedSince(...args),
): Promise<{ read: XeroInvoice[]; hasMore: boolean }> {
  const read: XeroInvoice[] = [];
  const sinceSecond = Math.floor(since.getTime() / 1000);
  const stillInFirstSecond = () =>
    read.every((x) => Math.floor(Date.parse(mapInvoiceStatus(x).updatedAt ?? '') / 1000) <= sinceSecond);
  for (let page = 1; page <= MAX_PAGES || (page <= MAX_PAGES_IN_ONE_SECOND && stillInFirstSecond()); page++) {
    const { invoices, pageCount } = await list(connection, since, page, PAGE_SIZE);
    read.push(...invoices);
    const more = pageCount !== undefined ? page < pageCount : invoices.length >= PAGE_SIZE;
    if (!more) return { read, hasMore: false };
  }
  return { read, hasMore: true };
}

/** Credit notes of ours that the invoices just read list as applied, and the notes' list did not bring. */
async function readAppliedCreditNotes(
  services: ProxyServices,
  connection: ConnectionRecord,
  invoices: readonly XeroInvoice[],
  notesRead: readonly XeroInvoice[],
): Promise<XeroInvoice[]> {
  const already = new Set(notesRead.map((n) => lower(n.invoiceID)));
  const applied = [
    ...new Set(
      invoices.flatMap((x) => (x.creditNotes ?? []).map((c) => lower(c.creditNoteID))).filter((id) => id),
    ),
  ].filter((id) => !already.has(id));
  if (!applied.length) return [];
  const ours = (await services.store.invoiceLedger.findLedgerByXeroIds(connection.tenantId, applied))
    .filter((r) => r.entry.documentType)
    .map((r) => guidClause('CreditNoteID', r.entry.xeroInvoiceId))
    .filter((c): c is string => !!c);
  const read: XeroInvoice[] = [];
  for (const where of chunkOrClauses(ours))
    read.push(...(await services.gateway.listCreditNotesWhere(connection, where)));
  return read;
}

async function readBalances(services: ProxyServices, connection: ConnectionRecord, ids: string[]) {
  const contacts: XeroContact[] = [];
  for (let i = 0; i < ids.length; i += CONTACTS_PER_CALL)
    contacts.push(
      ...(await services.gateway.listContactsWithBalances(connection, ids.slice(i, i + CONTACTS_PER_CALL))),
    );
  return contacts.map((c) => mapContactBalance(c, connection.baseCurrency));
}

/** Organisation details for the connection row, read from Xero only when the row lacks them (cached 15 min). */
async function organisationFacts(
  services: ProxyServices,
  connection: ConnectionRecord,
  row: Row | undefined,
) {
  const complete = row && row.dxc_shortcode && row.dxc_basecurrency && row.dxc_timezone && row.dxc_tenantname;
  let organisation: Organisation | undefined;
  if (!complete)
    organisation = await services.organisationCache.get(connection.tenantId, 'organisation', () =>
      services.gateway.getOrganisation(connection),
    );
  const described = describeConnection({
    connection,
    organisation,
    dailyCallLimit: services.dailyCallLimit,
    adminUrl: services.adminUrl,
  });
  return {
    tenantId: connection.tenantId,
    name: described.organisationName,
    shortCode: described.shortCode,
    baseCurrency: described.baseCurrency,
    windowsTimeZone: described.windowsTimeZone ?? (row?.dxc_timezone as string | undefined),
  };
}

export async function catchUpStatuses(
  services: ProxyServices,
  connection: ConnectionRecord,
  rows: Row[],
  now: Date,
): Promise<GetInvoiceStatusesResponse> {
  const row = rows.find((r) => lower(r.dxc_tenantid) === lower(connection.tenantId));
  const stored = typeof row?.dxc_statuswatermark === 'string' ? Date.parse(row.dxc_statuswatermark) : NaN;
  // No watermark (first contact, or an admin cleared it to read again): the last day, everything re-written.
  const rereadAll = Number.isNaN(stored);
  const since = new Date(rereadAll ? services.now() - FIRST_LOOK_BACK_MS : stored);
  const readAt = new Date(services.now()).toISOString();
  const invoicesRead = await readChangedInvoices(services, connection, since);
  // Credit notes raised from Dynamics 365 live on /CreditNotes. Read that list only while one awaits approval in
  // Xero, so idle runs keep their one call; an approved note changes when it is allocated, which changes its invoice
  // too, so the notes an invoice just read lists (CreditNotes[]) are read by id, at a cost only when that happens.
  // Past a full invoice read, the notes wait for the next run (the watermark follows the invoices).
  const notesRead =
    !invoicesRead.hasMore &&
    (await services.store.invoiceLedger.holdsUnapprovedCreditNotes(connection.tenantId))
      ? await readChangedInvoices(services, connection, since, (...args) =>
          services.gateway.listCreditNotesModifiedSince(...args),
        )
      : { read: [] as XeroInvoice[], hasMore: false };
  const appliedNotes = await readAppliedCreditNotes(services, connection, invoicesRead.read, notesRead.read);
  const read = [...invoicesRead.read, ...notesRead.read, ...appliedNotes];
  const hasMore = invoicesRead.hasMore || notesRead.hasMore;

  const ids = read.map((x) => x.invoiceID).filter((id): id is string => !!id);
  const records = ids.length
    ? await services.store.invoiceLedger.findLedgerByXeroIds(connection.tenantId, ids)
    : [];
  const byXeroId = new Map(records.map((r) => [lower(r.entry.xeroInvoiceId), r]));
  const changes: InvoiceChange[] = [];
  for (const x of read) {
    const record = byXeroId.get(lower(x.invoiceID));
    if (!record) continue;
    const status = { ...mapInvoiceStatus(x), invoiceId: record.invoiceId };
    if (isOwnWrite(record, { updatedAt: status.updatedAt, status: status.status })) continue;
    // Xero's If-Modified-Since ties at the watermark (and two flows may read one change): not written twice.
    if (!rereadAll && alreadyReported(record, status)) continue;
    const customer = record.entry.customer;
    changes.push({
      invoiceId: record.invoiceId,
      status,
      ...(record.entry.status ? { previousStatus: record.entry.status } : {}),
      ...(record.entry.reported?.status === 'PAID' && status.status !== 'PAID' ? { reopen: true } : {}),
      ...(customer
        ? { customer: { ...customer, xeroContactId: x.contact?.contactID ?? record.entry.xeroContactId } }
        : {}),
    });
  }
  // The ledger takes what Xero showed (after the previous statuses were read for the history's words).
  if (read.length)
    await catchUpLedger(
      services.store.invoiceLedger,
      connection.tenantId,
      read,
      readAt,
      new Date(services.now()).toISOString(),
    );

  const contactIds = [
    ...new Set(changes.map((c) => c.customer?.xeroContactId).filter((id): id is string => !!id)),
  ];
  const balances = contactIds.length ? await readBalances(services, connection, contactIds) : [];
  // Dataverse keeps date-times to the second: the watermark is the last change's second (the changes of that
  // second are read once more next time, and left out as already reported).
  // A list cut short bounds the watermark, so what it did not reach is read next time.
  const bounding = notesRead.hasMore ? notesRead.read : read;
  const latestMs = Math.max(
    ...bounding.map((x) => Date.parse(mapInvoiceStatus(x).updatedAt ?? '')).filter((t) => !Number.isNaN(t)),
  );
  let latestSecond = Number.isFinite(latestMs) ? Math.floor(latestMs / 1000) * 1000 : NaN;
  // Read long after that second ended, with nothing left unread: nothing more can appear in it, so the next read
  // starts after it instead of reading its changes once more (a minute absorbs the two clocks' difference).
  if (!hasMore && Date.parse(readAt) - latestSecond >= SETTLED_AFTER_MS) latestSecond += 1000;
  const latest =
    latestSecond > since.getTime() ? new Date(latestSecond).toISOString().replace('.000Z', 'Z') : undefined;
  await services.store.invoiceLedger.markReported(
    connection.tenantId,
    changes.map((c) => ({
      invoiceId: c.invoiceId,
      state: { status: c.status.status, amountDue: c.status.amountDue, amountPaid: c.status.amountPaid },
    })),
    new Date(services.now()).toISOString(),
  );
  const writeBack = statusWriteBack({
    changes,
    balances,
    connectionRow: row,
    organisation: await organisationFacts(services, connection, row),
    ...(latest ? { watermark: latest } : {}),
    now,
  });
  return {
    invoices: changes.map((c) => c.status),
    page: 1,
    hasMore,
    ...(latest ? { watermark: latest } : {}),
    writeBack,
  };
}
