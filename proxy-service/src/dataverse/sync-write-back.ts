/**
 * What a SyncInvoices batch writes back to Dataverse (DESIGN B5, B6), as bulk messages the flow sends unchanged:
 * Xero's tax on each line, the customers' Xero contact ids, the invoice columns, one history row per invoice
 * created, updated or failed. Only values that differ from the rows the flow listed are written, and every invoice
 * gets a new resync marker, so the connector's own write is never taken for a user's edit on the next run.
 */
import type { DataverseBulkWrite, InvoiceSyncResult } from '@dxc/openapi';
import { bind, bulkWrites, keyLiteral, sameMoney, stamp, target, type Target } from './bulk-write';
import {
  exportStatus,
  health,
  LIMITS,
  RESYNC_MARGIN_MS,
  syncAction,
  syncResult,
  xeroStatusValue,
} from './dataverse-vocabulary';
import type { Row } from './invoice-rows';

export interface SyncWriteBackInput {
  /** The rows as listed, in request order. */
  rows: readonly Row[];
  /** The result of each row's invoice (by lower-cased invoice id). */
  results: ReadonlyMap<string, InvoiceSyncResult>;
  /** The dxc_xeroconnection row the history is recorded against. */
  connectionRowId?: string | undefined;
  /** The history's connection row per invoice row (each organisation's rows to their own), else connectionRowId. */
  connectionRowIdOf?: (row: Row) => string | undefined;
  /** Organisations that could not be reached in this call: their rows stay ready for the next run. */
  setbacks?: readonly OrganisationSetback[];
  /** The flow's clock (request `now`), or the proxy's. */
  now: Date;
  /** Names this attempt in the history keys: a retried write-back of the same answer updates the same rows. */
  attemptId: string;
}

/**
 * An organisation the call could not reach (several organisations in one call, issue 14). Its invoices keep their
 * export status and resync marker, so the next run takes them again; they only get the reason as their last sync
 * message. A lapsed authorisation also marks the connection row Reconnect needed (the sync then leaves its invoices
 * alone until a status check finds it reachable) with one Failed history row, as the flow does for a one-organisation
 * key.
 */
export interface OrganisationSetback {
  connectionRowId: string;
  /** Lower-cased invoice ids. */
  invoiceIds: readonly string[];
  reconnectNeeded: boolean;
  message: string;
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();

/** `column: value` when the row does not already hold it. */
function changed(row: Row, column: string, value: unknown, money = false): Target {
  if (value === undefined) return {};
  const current = row[column];
  const same = money ? sameMoney(current, value) : lower(current) === lower(value) && current !== undefined;
  return same ? {} : { [column]: value };
}

function invoiceColumns(row: Row, result: InvoiceSyncResult, now: string, resyncAfter: string): Target {
  const message = result.message.slice(0, LIMITS.lastSyncMessage);
  const common = {
    dxc_exportedon: now,
    dxc_resyncafter: resyncAfter,
    ...changed(row, 'dxc_lastsyncmessage', message),
  };
  if (result.outcome === 'failed')
    return { ...changed(row, 'dxc_exportstatus', exportStatus('Failed')), ...common };
  return {
    ...changed(row, 'dxc_exportstatus', exportStatus('Yes')),
    ...changed(row, 'dxc_xeroinvoiceid', result.xeroInvoiceId),
    ...changed(row, 'dxc_xeroinvoicenumber', result.invoiceNumber),
    ...changed(row, 'dxc_xerostatus', result.status ? xeroStatusValue(result.status) : undefined),
    ...changed(row, 'dxc_xerourl', result.url),
    ...changed(row, 'dxc_amountdue', result.amountDue, true),
    ...changed(row, 'dxc_amountpaid', result.amountPaid, true),
    ...changed(row, 'dxc_onlineinvoiceurl', result.onlineInvoiceUrl),
    ...common,
  };
}

function lineTaxTargets(row: Row, result: InvoiceSyncResult): Target[] {
  if (result.outcome !== 'created' && result.outcome !== 'updated') return [];
  const details = Array.isArray(row.invoice_details) ? (row.invoice_details as Row[]) : [];
  const stored = new Map(details.map((d) => [lower(d.invoicedetailid), d.tax]));
  return (result.lines ?? [])
    .filter((l) => l.taxAmount !== undefined && !sameMoney(stored.get(lower(l.lineId)), l.taxAmount))
    .map((l) => target('invoicedetail', { invoicedetailid: l.lineId, tax: l.taxAmount }));
}

function historyTarget(
  row: Row,
  result: InvoiceSyncResult,
  input: SyncWriteBackInput,
  when: { iso: string; historyName: string },
): Target | undefined {
  if (result.outcome === 'unchanged') return undefined;
  const invoiceId = lower(row.invoiceid);
  const eventKey = `sync:${invoiceId}:${input.attemptId}`;
  const wasInXero = !!String(row.dxc_xeroinvoiceid ?? '').trim();
  const action =
    result.outcome === 'created' || (result.outcome === 'failed' && !wasInXero) ? 'Create' : 'Update';
  return target('dxc_synchistory', {
    '@odata.id': `dxc_synchistories(dxc_eventkey=${keyLiteral(eventKey)})`,
    dxc_name: when.historyName,
    dxc_eventon: when.iso,
    dxc_action: syncAction(action),
    dxc_status: syncResult(result.outcome === 'failed' ? 'Failed' : 'Successful'),
    dxc_details: result.message.slice(0, LIMITS.historyDetails),
    'dxc_InvoiceId@odata.bind': bind('invoices', invoiceId),
    ...connectionBind(input.connectionRowIdOf?.(row) ?? input.connectionRowId),
  });
}

/**
 * "Emailed" (with the date) or "Email failed: <reason>" when this call emailed the invoice from Xero or tried to
 * (issue 14 §4). The sent row's key names only the invoice: an invoice is emailed once, so it has one such row
 * however often the write-back is retried; each refusal is its own row.
 */
function emailHistoryTarget(
  row: Row,
  result: InvoiceSyncResult,
  input: SyncWriteBackInput,
  when: { iso: string; historyName: string },
): Target | undefined {
  if (!result.email) return undefined;
  const invoiceId = lower(row.invoiceid);
  const sent = result.email.outcome === 'sent';
  const eventKey = sent ? `email:${invoiceId}` : `email-failed:${invoiceId}:${input.attemptId}`;
  return target('dxc_synchistory', {
    '@odata.id': `dxc_synchistories(dxc_eventkey=${keyLiteral(eventKey)})`,
    dxc_name: when.historyName,
    dxc_eventon: stamp(new Date(result.email.at)).iso,
    dxc_action: syncAction('Email'),
    dxc_status: syncResult(sent ? 'Successful' : 'Failed'),
    dxc_details: result.email.message.slice(0, LIMITS.historyDetails),
    'dxc_InvoiceId@odata.bind': bind('invoices', invoiceId),
    ...connectionBind(input.connectionRowIdOf?.(row) ?? input.connectionRowId),
  });
}

const connectionBind = (rowId: string | undefined) =>
  rowId ? { 'dxc_ConnectionId@odata.bind': bind('dxc_xeroconnections', rowId) } : {};

/** The Xero contact id to store on the invoice's account or contact, when it differs from the stored one. */
function customerTarget(
  row: Row,
  result: InvoiceSyncResult,
): { set: 'accounts' | 'contacts'; t: Target } | undefined {
  const customerId = lower(row._customerid_value);
  if (!customerId || !result.xeroContactId || result.outcome === 'failed') return undefined;
  const isContact = row['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] === 'contact';
  const expanded = (isContact ? row.customerid_contact : row.customerid_account) as Row | undefined;
  if (lower(expanded?.dxc_xerocontactid) === lower(result.xeroContactId)) return undefined;
  return isContact
    ? {
        set: 'contacts',
        t: target('contact', { contactid: customerId, dxc_xerocontactid: result.xeroContactId }),
      }
    : {
        set: 'accounts',
        t: target('account', { accountid: customerId, dxc_xerocontactid: result.xeroContactId }),
      };
}

export function syncWriteBack(input: SyncWriteBackInput): DataverseBulkWrite[] {
  const when = stamp(input.now);
  const resyncAfter = stamp(new Date(input.now.getTime() + RESYNC_MARGIN_MS)).iso;
  const lines: Target[] = [];
  const invoices: Target[] = [];
  const history: Target[] = [];
  const customers = { accounts: new Map<string, Target>(), contacts: new Map<string, Target>() };
  const setBack = new Set((input.setbacks ?? []).flatMap((s) => s.invoiceIds));
  const reconnect: Target[] = [];
  for (const s of input.setbacks ?? []) {
    if (!s.reconnectNeeded) continue;
    reconnect.push(
      target('dxc_xeroconnection', {
        dxc_xeroconnectionid: s.connectionRowId,
        dxc_health: health('Reconnect needed'),
      }),
    );
    history.push(
      target('dxc_synchistory', {
        '@odata.id': `dxc_synchistories(dxc_eventkey=${keyLiteral(`reconnect:${s.connectionRowId}:${input.attemptId}`)})`,
        dxc_name: when.historyName,
        dxc_eventon: when.iso,
        dxc_action: syncAction('Create'),
        dxc_status: syncResult('Failed'),
        dxc_details: s.message.slice(0, LIMITS.historyDetails),
        ...connectionBind(s.connectionRowId),
      }),
    );
  }
  for (const row of input.rows) {
    const invoiceId = lower(row.invoiceid);
    const result = input.results.get(invoiceId);
    if (!result) continue;
    if (setBack.has(invoiceId)) {
      const message = changed(row, 'dxc_lastsyncmessage', result.message.slice(0, LIMITS.lastSyncMessage));
      if (Object.keys(message).length) invoices.push(target('invoice', { invoiceid: invoiceId, ...message }));
      continue;
    }
    lines.push(...lineTaxTargets(row, result));
    const customer = customerTarget(row, result);
    if (customer) customers[customer.set].set(lower(row._customerid_value), customer.t);
    invoices.push(
      target('invoice', { invoiceid: invoiceId, ...invoiceColumns(row, result, when.iso, resyncAfter) }),
    );
    const h = historyTarget(row, result, input, when);
    if (h) history.push(h);
    const emailed = emailHistoryTarget(row, result, input, when);
    if (emailed) history.push(emailed);
  }
  // Lines first: their tax moves the invoice totals (and modifiedon); the invoice's own write then comes after.
  return bulkWrites([
    { entitySet: 'invoicedetails', message: 'UpdateMultiple', key: 'invoicedetailid', targets: lines },
    {
      entitySet: 'accounts',
      message: 'UpdateMultiple',
      key: 'accountid',
      targets: [...customers.accounts.values()],
    },
    {
      entitySet: 'contacts',
      message: 'UpdateMultiple',
      key: 'contactid',
      targets: [...customers.contacts.values()],
    },
    { entitySet: 'invoices', message: 'UpdateMultiple', key: 'invoiceid', targets: invoices },
    { entitySet: 'dxc_synchistories', message: 'UpsertMultiple', key: 'dxc_eventkey', targets: history },
    {
      entitySet: 'dxc_xeroconnections',
      message: 'UpdateMultiple',
      key: 'dxc_xeroconnectionid',
      targets: reconnect,
    },
  ]);
}
