/**
 * What a status catch-up writes back to Dataverse (DESIGN B7, B9): each invoice synced from Dynamics that changed in
 * Xero gets its status and amounts, fully paid ones are set Paid (after their columns: a paid invoice is
 * read-only), their customers get their balances, every change gets one history row keyed by Xero's change time
 * (so the webhook flow and the poll writing the same change leave one row), and the connection row gets the new
 * watermark (created on first contact).
 */
import type { ContactBalance, DataverseBulkWrite, InvoiceStatus } from '@dxc/openapi';
import { bind, bulkWrites, keyLiteral, stamp, target, type Target } from './bulk-write';
import {
  health,
  INVOICE_ACTIVE,
  INVOICE_PAID,
  LIMITS,
  RESYNC_MARGIN_MS,
  syncAction,
  syncResult,
  xeroStatusValue,
} from './dataverse-vocabulary';

/** One invoice synced from Dynamics that changed in Xero, with what the proxy last knew of it. */
export interface InvoiceChange {
  invoiceId: string;
  status: InvoiceStatus;
  previousStatus?: string;
  /** Dataverse was told PAID (so the invoice is Paid there, read-only) and Xero no longer says so. */
  reopen?: boolean;
  customer?: { kind: 'account' | 'contact'; id: string; xeroContactId?: string };
}

/** The organisation as the connection row should show it (written only where the row differs). */
export interface OrganisationFacts {
  tenantId: string;
  name?: string;
  shortCode?: string;
  baseCurrency?: string;
  windowsTimeZone?: string;
}

export interface StatusWriteBackInput {
  changes: readonly InvoiceChange[];
  balances: readonly ContactBalance[];
  /** The connection row as listed (undefined when there is none yet: it is created). */
  connectionRow: Record<string, unknown> | undefined;
  organisation: OrganisationFacts;
  /** The new watermark, when Xero showed anything newer than the row's. */
  watermark?: string;
  now: Date;
}

const money = (n: number | undefined, currency: string | undefined) =>
  `${(n ?? 0).toFixed(2)}${currency ? ` ${currency}` : ''}`;

/** "Payment" when money came in, "Status" otherwise; the details say what Xero now holds, in plain words. */
function describe(change: InvoiceChange): { action: 'Payment' | 'Status'; details: string } {
  const s = change.status;
  const paid = (s.amountPaid ?? 0) > 0 || (s.amountCredited ?? 0) > 0;
  const number = s.invoiceNumber ? `Invoice ${s.invoiceNumber}` : 'The invoice';
  const moved =
    change.previousStatus && change.previousStatus !== s.status
      ? `changed from ${change.previousStatus} to ${s.status}`
      : `is ${s.status}`;
  const amounts = `Amount paid ${money(s.amountPaid, s.currencyCode)}, amount due ${money(s.amountDue, s.currencyCode)}.`;
  const fully =
    s.status === 'PAID'
      ? ` Fully paid${s.fullyPaidOn ? ` on ${s.fullyPaidOn}` : ''}.`
      : change.reopen
        ? ' No longer paid in full: the invoice is active again in Dynamics.'
        : '';
  return {
    action: paid && (s.status === 'PAID' || s.status === 'AUTHORISED') ? 'Payment' : 'Status',
    details: `${number} ${moved} in Xero. ${amounts}${fully}`.slice(0, LIMITS.historyDetails),
  };
}

function connectionTarget(input: StatusWriteBackInput, nowIso: string): Target | undefined {
  const row = input.connectionRow;
  const org = input.organisation;
  const want: Target = {
    ...(input.watermark ? { dxc_statuswatermark: input.watermark } : {}),
    ...(org.name && row?.dxc_tenantname !== org.name ? { dxc_tenantname: org.name } : {}),
    ...(org.shortCode && row?.dxc_shortcode !== org.shortCode ? { dxc_shortcode: org.shortCode } : {}),
    ...(org.baseCurrency && row?.dxc_basecurrency !== org.baseCurrency
      ? { dxc_basecurrency: org.baseCurrency }
      : {}),
    ...(org.windowsTimeZone && row?.dxc_timezone !== org.windowsTimeZone
      ? { dxc_timezone: org.windowsTimeZone }
      : {}),
    ...(row?.dxc_health !== health('Connected') ? { dxc_health: health('Connected') } : {}),
  };
  if (!row) {
    want.dxc_name = org.name ?? org.tenantId;
    want.dxc_tenantid = org.tenantId;
    if (!input.watermark) want.dxc_statuswatermark = nowIso;
  }
  if (!Object.keys(want).length) return undefined;
  return target('dxc_xeroconnection', {
    '@odata.id': `dxc_xeroconnections(dxc_tenantid=${keyLiteral(org.tenantId)})`,
    ...want,
  });
}

export function statusWriteBack(input: StatusWriteBackInput): DataverseBulkWrite[] {
  const when = stamp(input.now);
  const resyncAfter = stamp(new Date(input.now.getTime() + RESYNC_MARGIN_MS)).iso;
  const connectionRowId = input.connectionRow?.dxc_xeroconnectionid as string | undefined;
  const reopened: Target[] = [];
  const invoices: Target[] = [];
  const paid: Target[] = [];
  const history: Target[] = [];
  for (const change of input.changes) {
    const s = change.status;
    // A payment removed in Xero: the Paid invoice is read-only in Dataverse until it is active again.
    if (change.reopen) reopened.push(target('invoice', { invoiceid: change.invoiceId, ...INVOICE_ACTIVE }));
    invoices.push(
      target('invoice', {
        invoiceid: change.invoiceId,
        dxc_xerostatus: xeroStatusValue(s.status),
        ...(s.amountDue !== undefined ? { dxc_amountdue: s.amountDue } : {}),
        ...(s.amountPaid !== undefined ? { dxc_amountpaid: s.amountPaid } : {}),
        ...(s.invoiceNumber ? { dxc_xeroinvoicenumber: s.invoiceNumber } : {}),
        dxc_resyncafter: resyncAfter,
      }),
    );
    if (s.status === 'PAID') paid.push(target('invoice', { invoiceid: change.invoiceId, ...INVOICE_PAID }));
    const { action, details } = describe(change);
    const eventKey = `xero:${change.invoiceId}:${s.updatedAt ?? when.iso}`;
    history.push(
      target('dxc_synchistory', {
        '@odata.id': `dxc_synchistories(dxc_eventkey=${keyLiteral(eventKey)})`,
        dxc_name: when.historyName,
        dxc_eventon: when.iso,
        dxc_action: syncAction(action),
        dxc_status: syncResult('Successful'),
        dxc_details: details,
        'dxc_InvoiceId@odata.bind': bind('invoices', change.invoiceId),
        ...(connectionRowId
          ? { 'dxc_ConnectionId@odata.bind': bind('dxc_xeroconnections', connectionRowId) }
          : {}),
      }),
    );
  }
  const customers = { accounts: [] as Target[], contacts: [] as Target[] };
  const byXeroId = new Map(input.balances.map((b) => [b.xeroContactId.toLowerCase(), b]));
  const seen = new Set<string>();
  for (const change of input.changes) {
    const c = change.customer;
    const balance = c?.xeroContactId ? byXeroId.get(c.xeroContactId.toLowerCase()) : undefined;
    if (!c || !balance || seen.has(c.id)) continue;
    seen.add(c.id);
    const columns = {
      dxc_amountowed: balance.outstanding,
      dxc_amountoverdue: balance.overdue,
      dxc_balancesyncedon: when.iso,
    };
    if (c.kind === 'account') customers.accounts.push(target('account', { accountid: c.id, ...columns }));
    else customers.contacts.push(target('contact', { contactid: c.id, ...columns }));
  }
  const connection = connectionTarget(input, when.iso);
  // The connection row (its watermark) last: a change is only marked read once everything before it was written.
  return bulkWrites([
    { entitySet: 'invoices', message: 'UpdateMultiple', key: 'invoiceid', targets: reopened },
    { entitySet: 'invoices', message: 'UpdateMultiple', key: 'invoiceid', targets: invoices },
    { entitySet: 'invoices', message: 'UpdateMultiple', key: 'invoiceid', targets: paid },
    { entitySet: 'accounts', message: 'UpdateMultiple', key: 'accountid', targets: customers.accounts },
    { entitySet: 'contacts', message: 'UpdateMultiple', key: 'contactid', targets: customers.contacts },
    { entitySet: 'dxc_synchistories', message: 'UpsertMultiple', key: 'dxc_eventkey', targets: history },
    {
      entitySet: 'dxc_xeroconnections',
      message: 'UpsertMultiple',
      key: 'dxc_tenantid',
      targets: connection ? [connection] : [],
    },
  ]);
}
