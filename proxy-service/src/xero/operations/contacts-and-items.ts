/**
 * Contact and item operations (https://developer.xero.com/documentation/api/accounting/contacts,
 * https://developer.xero.com/documentation/api/accounting/items): the look-ups and creates invoice sync plans, and
 * the balances read.
 */
import type { Contact as XeroContact } from 'xero-node';
import type { ConnectionRecord } from '../../store/store';
import type {
  XeroContactPayload,
  XeroContactRecord,
  XeroItemPayload,
  XeroItemRecord,
} from '../../domain/invoices/xero-payloads';
import type { XeroCaller } from '../xero-caller';
import { toModel, toWire } from '../wire-models';

/**
 * GET /Contacts by ids, the paged list, which is where Xero puts Balances (reference/xero-api.md §3); one page as
 * large as the ids asked for (at least Xero's default 100).
 */
export async function listContactsWithBalances(
  xero: XeroCaller,
  connection: ConnectionRecord,
  ids: string[],
): Promise<XeroContact[]> {
  const pageSize = Math.max(100, ids.length);
  const r = await xero.call(
    connection,
    { operation: 'getContacts', read: true, answer: 'Contacts' },
    (api, tenant) =>
      api.getContacts(tenant, undefined, undefined, undefined, ids, 1, true, false, undefined, pageSize),
  );
  return r.body.contacts ?? [];
}

/** GET /Contacts?where=…&includeArchived=true */
export async function lookupContacts(
  xero: XeroCaller,
  connection: ConnectionRecord,
  where: string,
): Promise<XeroContactRecord[]> {
  const r = await xero.call(
    connection,
    { operation: 'getContacts', read: true, answer: 'Contacts' },
    (api, tenant) => api.getContacts(tenant, undefined, where, undefined, undefined, undefined, true),
  );
  return toWire('Contacts', 'Contacts', r.body);
}

/** GET /Items (with a where clause, or the whole unpaged list). */
export async function lookupItems(
  xero: XeroCaller,
  connection: ConnectionRecord,
  where?: string,
): Promise<XeroItemRecord[]> {
  const r = await xero.call(
    connection,
    { operation: 'getItems', read: true, answer: 'Items' },
    (api, tenant) => api.getItems(tenant, undefined, where),
  );
  return toWire('Items', 'Items', r.body);
}

/** PUT /Contacts?summarizeErrors=false */
export async function createContacts(
  xero: XeroCaller,
  connection: ConnectionRecord,
  contacts: readonly XeroContactPayload[],
  idempotencyKey: string,
): Promise<XeroContactRecord[]> {
  const r = await xero.call(
    connection,
    { operation: 'createContacts', read: false, answer: 'Contacts written' },
    (api, tenant) =>
      api.createContacts(tenant, toModel('Contacts', 'Contacts', contacts), false, idempotencyKey),
  );
  return toWire('Contacts', 'Contacts', r.body);
}

/** PUT /Items?summarizeErrors=false */
export async function createItems(
  xero: XeroCaller,
  connection: ConnectionRecord,
  items: readonly XeroItemPayload[],
  idempotencyKey: string,
): Promise<XeroItemRecord[]> {
  const r = await xero.call(
    connection,
    { operation: 'createItems', read: false, answer: 'Items written' },
    (api, tenant) =>
      api.createItems(tenant, toModel('Items', 'Items', items), false, undefined, idempotencyKey),
  );
  return toWire('Items', 'Items', r.body);
}
