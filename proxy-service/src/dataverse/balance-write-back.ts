/**
 * GetContactBalances with `customers` (the full refresh, DESIGN B9): the accounts and contacts rows as the flow
 * listed them, their Xero balances, and the one bulk message per table that stores the balances that changed.
 */
import type { ContactBalance, DataverseBulkWrite } from '@dxc/openapi';
import { bulkWrites, sameMoney, stamp, target, type Target } from './bulk-write';
import type { Row } from './invoice-rows';

const lower = (v: unknown) => String(v ?? '').toLowerCase();

/** The Xero contact ids of the rows (each once), in row order. */
export function xeroContactIdsOf(rows: readonly Row[]): string[] {
  return [...new Set(rows.map((r) => lower(r.dxc_xerocontactid)).filter((id) => id !== ''))];
}

export function balanceWriteBack(
  rows: readonly Row[],
  balances: readonly ContactBalance[],
  now: Date,
): DataverseBulkWrite[] {
  const byId = new Map(balances.map((b) => [lower(b.xeroContactId), b]));
  const syncedOn = stamp(now).iso;
  const accounts: Target[] = [];
  const contacts: Target[] = [];
  for (const row of rows) {
    const balance = byId.get(lower(row.dxc_xerocontactid));
    if (!balance) continue;
    if (
      sameMoney(row.dxc_amountowed, balance.outstanding) &&
      sameMoney(row.dxc_amountoverdue, balance.overdue)
    )
      continue;
    const columns = {
      dxc_amountowed: balance.outstanding,
      dxc_amountoverdue: balance.overdue,
      dxc_balancesyncedon: syncedOn,
    };
    if (typeof row.accountid === 'string')
      accounts.push(target('account', { accountid: row.accountid, ...columns }));
    else if (typeof row.contactid === 'string')
      contacts.push(target('contact', { contactid: row.contactid, ...columns }));
  }
  return bulkWrites([
    { entitySet: 'accounts', message: 'UpdateMultiple', key: 'accountid', targets: accounts },
    { entitySet: 'contacts', message: 'UpdateMultiple', key: 'contactid', targets: contacts },
  ]);
}
