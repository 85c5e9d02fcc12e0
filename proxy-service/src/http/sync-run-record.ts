/**
 * Turns what a SyncInvoices call answered (or the error it failed with) into the run the sync activity page lists,
 * and records it. Recording is a side note: a store that cannot take it is logged, and the flow still gets its
 * answer.
 */
import { randomUUID } from 'node:crypto';
import type { SyncInvoicesResponse } from '@dxc/openapi';
import type { Logger } from 'pino';
import type { Store } from '../store/store';

/** Named through the store, not imported from the portal: http/ does not depend on pages/. */
type SyncRunRecord = Parameters<Store['syncActivity']['recordSyncRun']>[0];

/** Runs older than this are forgotten when the organisation's next run is recorded. */
export const SYNC_RUN_RETENTION_MS = 30 * 86_400_000;
/** A message longer than this is cut: the page shows it, the flow's history row has it whole. */
const MESSAGE_LIMIT = 500;

const cut = (message: string) =>
  message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT - 1)}…` : message;

export type SyncRunOutcome = { response: SyncInvoicesResponse } | { error: string; total: number };

export function syncRunOf(tenantId: string, outcome: SyncRunOutcome, finishedAt: string): SyncRunRecord {
  const base = { id: randomUUID(), tenantId, finishedAt };
  if ('error' in outcome)
    return {
      ...base,
      total: outcome.total,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: outcome.total,
      failures: [],
      error: cut(outcome.error),
    };
  const { summary, results } = outcome.response;
  return {
    ...base,
    ...summary,
    failures: results
      .filter((r) => r.outcome === 'failed')
      .map((r) => ({
        invoiceId: r.invoiceId,
        ...(r.invoiceNumber ? { invoiceNumber: r.invoiceNumber } : {}),
        message: cut(r.message),
      })),
    error: null,
  };
}

export async function recordSyncRun(
  store: Store,
  log: Logger,
  tenantId: string,
  outcome: SyncRunOutcome,
  now: number,
): Promise<void> {
  try {
    await store.syncActivity.recordSyncRun(
      syncRunOf(tenantId, outcome, new Date(now).toISOString()),
      new Date(now - SYNC_RUN_RETENTION_MS).toISOString(),
    );
  } catch (error) {
    log.warn({ err: error, event: 'sync_run_not_recorded' }, 'the sync run could not be recorded');
  }
}
