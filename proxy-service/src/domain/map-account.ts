import type { Account as XeroAccount } from 'xero-node';
import type { Account } from './contract-shapes';
import { omitUndefined } from './map-tax-rate';

/** Xero Account → contract Account. xero-node names the `Class` property `_class` (a reserved word). */
export function mapAccount(account: XeroAccount): Account {
  return omitUndefined({
    accountId: account.accountID ?? '',
    code: account.code || undefined,
    name: account.name ?? '',
    type: String(account.type ?? ''),
    class: account._class === undefined ? undefined : (String(account._class) as Account['class']),
    taxType: account.taxType || undefined,
    status: String(account.status ?? 'ACTIVE') as Account['status'],
    description: account.description || undefined,
  });
}
