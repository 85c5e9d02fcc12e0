/**
 * SyncInvoices with `rows`: the listed Dataverse rows are mapped (invoice-rows.ts), each goes to the Xero
 * organisation its connection row names (issue 14: one flow run serves every organisation), the sendable ones go
 * through the one exactly-once sync (invoice-sync-service.ts) per organisation, the others fail alone without
 * touching Xero, and the answer carries every result in row order plus the write-back for Dataverse
 * (sync-write-back.ts).
 *
 * Organisations are independent within one call: each is synced concurrently in its own queue, with its own ledger,
 * lease and rate budget. When the key reaches several organisations, one organisation's failure (outage, rate limit,
 * lapsed authorisation) never fails the call: its rows come back "not sent yet" and are left ready for the next run
 * (a lapsed authorisation also marks its connection row Reconnect needed), while the other organisations' results
 * are written as usual. A key granted one organisation keeps the behaviour it always had: such a failure fails the
 * call, and the flow's Catch records it.
 */
import { randomUUID } from 'node:crypto';
import type { InvoiceSyncResult, SyncInvoicesResponse } from '@dxc/openapi';
import { ProxyError } from '../errors';
import { RECONNECT_CODES } from '../domain/describe-connection';
import type { InvoiceSyncService } from '../orchestration/invoice-sync-service';
import type { ConnectionRecord } from '../store/store';
import { connectionOfRow, mapInvoiceRow, type MappedInvoiceRow, type Row } from './invoice-rows';
import { syncWriteBack, type OrganisationSetback } from './sync-write-back';

type Sendable = Extract<MappedInvoiceRow, { ok: true }>;

function failed(invoiceId: string, message: string): InvoiceSyncResult {
  return { invoiceId, outcome: 'failed', message, errors: [{ code: 'invalid_invoice', message }] };
}

const lower = (v: string | undefined) => v?.toLowerCase();

/**
 * The organisation of each row among those this key reaches. A row whose connection does not name its tenant (not
 * expanded) is taken to be the organisation's when the key reaches exactly one. Within an organisation, one batch
 * serves one Xero connection row: rows of a second connection row of the same organisation wait for the next run.
 */
function routeRows(
  mapped: MappedInvoiceRow[],
  organisations: readonly ConnectionRecord[],
): { mapped: MappedInvoiceRow[]; groups: Map<ConnectionRecord, Sendable[]> } {
  const byTenant = new Map(organisations.map((c) => [c.tenantId.toLowerCase(), c]));
  const only = organisations.length === 1 ? organisations[0] : undefined;
  const firstRowOf = new Map<ConnectionRecord, string>();
  const groups = new Map<ConnectionRecord, Sendable[]>();
  const refuse = (m: Sendable, problem: string): MappedInvoiceRow => ({
    ok: false,
    row: m.row,
    invoiceId: m.invoice.invoiceId,
    connection: m.connection,
    problem,
  });
  const routed = mapped.map((m): MappedInvoiceRow => {
    if (!m.ok) return m;
    const tenant = lower(m.connection.tenantId);
    const organisation = tenant ? byTenant.get(tenant) : only;
    if (!organisation)
      return refuse(
        m,
        tenant
          ? `Not sent: the invoice's Xero connection is organisation ${m.connection.tenantId}, but this connector's key reaches ${organisations.map((c) => c.tenantName ?? c.tenantId).join(', ')}.`
          : "Not sent: the invoice's Xero connection row does not name its organisation (expand dxc_ConnectionId with dxc_tenantid), and this connector's key reaches several.",
      );
    const rowId = firstRowOf.get(organisation) ?? m.connection.rowId;
    firstRowOf.set(organisation, rowId);
    if (m.connection.rowId !== rowId)
      return refuse(
        m,
        'Not sent in this batch: a batch carries the invoices of one Xero connection row; the next run sends it.',
      );
    groups.set(organisation, [...(groups.get(organisation) ?? []), m]);
    return m;
  });
  return { mapped: routed, groups };
}

/** What an organisation that could not be reached answers for each of its rows: not sent, left for the next run. */
function notSentYet(m: Sendable, organisation: ConnectionRecord, error: unknown): InvoiceSyncResult {
  const reason =
    error instanceof ProxyError ? error.message : 'the proxy failed unexpectedly while sending it';
  const message = `Not sent yet: Xero organisation ${organisation.tenantName} could not be reached (${reason}); the next run sends it.`;
  const code = error instanceof ProxyError ? error.code.toLowerCase() : 'internal';
  return { invoiceId: m.invoice.invoiceId, outcome: 'failed', message, errors: [{ code, message }] };
}

/** One organisation's part of a call: what Xero's sync answered, or why it failed whole. */
export type OrganisationRun = { response: SyncInvoicesResponse } | { error: string; total: number };

export async function syncInvoiceRows(
  sync: InvoiceSyncService,
  reach: ConnectionRecord | readonly ConnectionRecord[],
  rows: Row[],
  now: Date,
  /** Told each organisation's own outcome as it ends (the admin portal's sync activity); never fails the call. */
  onOrganisationRun?: (organisation: ConnectionRecord, outcome: OrganisationRun) => Promise<void>,
): Promise<SyncInvoicesResponse> {
  const organisations = Array.isArray(reach) ? reach : [reach as ConnectionRecord];
  const { mapped, groups } = routeRows(rows.map(mapInvoiceRow), organisations);
  const results = new Map<string, InvoiceSyncResult>();
  const setbacks: OrganisationSetback[] = [];
  const outcomes = await Promise.allSettled(
    [...groups].map(async ([organisation, sendable]) => {
      try {
        const answer = await sync.sync(organisation, {
          settings: sendable[0]!.connection.settings,
          invoices: sendable.map((m) => m.invoice),
        });
        for (const r of answer.results) results.set(r.invoiceId.toLowerCase(), r);
        await onOrganisationRun?.(organisation, { response: answer });
      } catch (error) {
        if (!(error instanceof ProxyError && error.code === 'STORE_UNAVAILABLE'))
          await onOrganisationRun?.(organisation, {
            error: (error as Error).message,
            total: sendable.length,
          });
        throw error;
      }
    }),
  );
  [...groups].forEach(([organisation, sendable], i) => {
    const outcome = outcomes[i]!;
    if (outcome.status === 'fulfilled') return;
    // Unchanged for a key of one organisation: its failure is the call's (the flow's Catch records it).
    if (organisations.length === 1) throw outcome.reason;
    for (const m of sendable)
      results.set(m.invoice.invoiceId.toLowerCase(), notSentYet(m, organisation, outcome.reason));
    setbacks.push({
      connectionRowId: sendable[0]!.connection.rowId,
      invoiceIds: sendable.map((m) => m.invoice.invoiceId.toLowerCase()),
      reconnectNeeded: outcome.reason instanceof ProxyError && RECONNECT_CODES.has(outcome.reason.code),
      message: results.get(sendable[0]!.invoice.invoiceId.toLowerCase())!.message,
    });
  });
  for (const m of mapped) if (!m.ok) results.set(m.invoiceId, failed(m.invoiceId, m.problem));
  const ordered = mapped.map((m) => results.get(m.ok ? m.invoice.invoiceId : m.invoiceId)!);
  const count = (o: InvoiceSyncResult['outcome']) => ordered.filter((r) => r.outcome === o).length;
  const fallbackRowId = mapped.find((m) => m.connection)?.connection?.rowId;
  return {
    summary: {
      total: ordered.length,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      failed: count('failed'),
    },
    results: ordered,
    writeBack: syncWriteBack({
      rows,
      results,
      connectionRowIdOf: (row) => connectionOfRow(row)?.rowId ?? fallbackRowId,
      setbacks,
      now,
      attemptId: randomUUID(),
    }),
  };
}
