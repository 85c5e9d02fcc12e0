/**
 * GetInvoiceStatuses with `connections` for a key granted several organisations (issue 14): every organisation the
 * key reaches catches up from its own connection row's watermark (status-catch-up.ts), concurrently and
 * independently, and the answers are joined into one write-back, so a flow run costs the same number of actions
 * whatever the number of organisations. Rows of organisations the key was not granted are ignored.
 *
 * One organisation's failure (outage, rate limit, lapsed authorisation) leaves the others' results whole: its
 * watermark stays where it was, so the next run reads its changes again, and one Failed history row per
 * organisation and day says why (a lapsed authorisation also marks its connection row Reconnect needed). A key
 * granted one organisation keeps the behaviour it always had: the failure fails the call.
 */
import type { DataverseBulkWrite, GetInvoiceStatusesResponse } from '@dxc/openapi';
import { ProxyError } from '../errors';
import { RECONNECT_CODES } from '../domain/describe-connection';
import type { ProxyServices } from '../proxy-services';
import type { ConnectionRecord } from '../store/store';
import { bind, keyLiteral, stamp, target } from './bulk-write';
import { health, LIMITS, syncAction, syncResult } from './dataverse-vocabulary';
import type { Row } from './invoice-rows';
import { catchUpStatuses } from './status-catch-up';

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const slotOf = (w: DataverseBulkWrite) => `${w.entitySet}|${w.message}|${w.key}`;

/**
 * Joins several organisations' write-backs, keeping each one's order of messages: a message goes into the first
 * message of the same kind at or after where that organisation's previous one went, or a new one there. Two
 * organisations never share a row, so joining their targets in one bulk message is safe.
 */
export function joinWriteBacks(lists: readonly DataverseBulkWrite[][]): DataverseBulkWrite[] {
  const joined: DataverseBulkWrite[] = [];
  for (const list of lists) {
    let at = 0;
    for (const write of list) {
      const found = joined.findIndex((w, i) => i >= at && slotOf(w) === slotOf(write));
      if (found >= 0) {
        joined[found] = { ...joined[found]!, targets: [...joined[found]!.targets, ...write.targets] };
        at = found + 1;
      } else {
        joined.splice(at, 0, { ...write, targets: [...write.targets] });
        at += 1;
      }
    }
  }
  return joined;
}

/** What an organisation that could not be reached writes: one Failed history row a day, and its health. */
function setbackWriteBack(
  connection: ConnectionRecord,
  row: Row | undefined,
  error: unknown,
  now: Date,
): DataverseBulkWrite[] {
  const when = stamp(now);
  const code = error instanceof ProxyError ? error.code : 'INTERNAL';
  const reason = error instanceof ProxyError ? error.message : 'the proxy failed unexpectedly';
  const rowId = row?.dxc_xeroconnectionid as string | undefined;
  const eventKey = `catchup:${lower(connection.tenantId)}:${code}:${when.iso.slice(0, 10)}`;
  const writes: DataverseBulkWrite[] = [
    {
      entitySet: 'dxc_synchistories',
      message: 'UpsertMultiple',
      key: 'dxc_eventkey',
      targets: [
        target('dxc_synchistory', {
          '@odata.id': `dxc_synchistories(dxc_eventkey=${keyLiteral(eventKey)})`,
          dxc_name: when.historyName,
          dxc_eventon: when.iso,
          dxc_action: syncAction('Status'),
          dxc_status: syncResult('Failed'),
          dxc_details:
            `Xero changes of ${connection.tenantName} not read: ${reason} The next run reads them.`.slice(
              0,
              LIMITS.historyDetails,
            ),
          ...(rowId ? { 'dxc_ConnectionId@odata.bind': bind('dxc_xeroconnections', rowId) } : {}),
        }),
      ],
    },
  ];
  if (RECONNECT_CODES.has(code))
    writes.push({
      entitySet: 'dxc_xeroconnections',
      message: 'UpsertMultiple',
      key: 'dxc_tenantid',
      targets: [
        target('dxc_xeroconnection', {
          '@odata.id': `dxc_xeroconnections(dxc_tenantid=${keyLiteral(connection.tenantId)})`,
          dxc_health: health('Reconnect needed'),
        }),
      ],
    });
  return writes;
}

export async function catchUpOrganisations(
  services: ProxyServices,
  organisations: readonly ConnectionRecord[],
  rows: Row[],
  now: Date,
): Promise<GetInvoiceStatusesResponse> {
  if (organisations.length === 1) return catchUpStatuses(services, organisations[0]!, rows, now);
  const settled = await Promise.allSettled(
    organisations.map((connection) => catchUpStatuses(services, connection, rows, now)),
  );
  const answers: GetInvoiceStatusesResponse[] = [];
  const writeBacks: DataverseBulkWrite[][] = [];
  settled.forEach((outcome, i) => {
    const connection = organisations[i]!;
    if (outcome.status === 'fulfilled') {
      answers.push(outcome.value);
      writeBacks.push(outcome.value.writeBack ?? []);
      return;
    }
    services.logger.warn(
      { event: 'catch_up_failed', tenantId: connection.tenantId, err: outcome.reason },
      'one organisation could not catch up; the others were written',
    );
    const row = rows.find((r) => lower(r.dxc_tenantid) === lower(connection.tenantId));
    writeBacks.push(setbackWriteBack(connection, row, outcome.reason, now));
  });
  return {
    invoices: answers.flatMap((a) => a.invoices),
    page: 1,
    hasMore: answers.some((a) => a.hasMore),
    // Each organisation's watermark is in its connection row's write-back; there is no single one to answer.
    writeBack: joinWriteBacks(writeBacks),
  };
}
