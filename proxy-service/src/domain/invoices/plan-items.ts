/**
 * B3: which lines can name a Xero item (ItemCode = Dataverse product number), in stages like the contacts:
 * 1. `planItemLookup`: codes already known cost nothing; the rest go into ONE GET /Items. Xero does not page
 *    items, so when the OR-clause would pass the URL budget the lookup reads the whole item list instead: it stays
 *    one call either way.
 * 2. `planItemCreation`: codes Xero lacks are created in ONE call when the connection creates products;
 *    otherwise their lines go without ItemCode (the invoice still syncs, and its message says so).
 * 3. `settleItemCreation`: an item Xero refuses only costs its lines the ItemCode.
 */
import type { DataverseInvoice, InvoiceLine, SyncSettings } from '@dxc/openapi';
import { chunkWhereClauses } from './where-clause';
import type { XeroItemPayload, XeroItemRecord } from './xero-payloads';

/** Xero Item.Code and LineItem.ItemCode are at most 30 characters (reference/xero-api.md §4). */
export const ITEM_CODE_MAX = 30;
/** Xero Item.Name is at most 50 characters. */
export const ITEM_NAME_MAX = 50;

export interface ItemLookupPlan {
  /** Lower-cased code → code as Xero spells it, for codes known before the batch. */
  known: Record<string, string>;
  /** Codes to look up, each once, in order of first appearance. */
  unknown: string[];
  /** Absent: no lookup needed. `where` absent: read every item (the clause would be too long). */
  lookup?: { where?: string };
}

export interface ItemCreationPlan {
  resolved: Record<string, string>;
  /** Lower-cased code → why its lines go without ItemCode. */
  withoutItem: Record<string, string>;
  found: string[];
  creating: string[];
  toCreate: XeroItemPayload[];
}

export interface ItemResolution {
  /** Lower-cased code → Xero's spelling, for every code lines may use. */
  resolved: Record<string, string>;
  withoutItem: Record<string, string>;
  /** Codes found or created by this batch (worth remembering in the store). */
  learned: string[];
}

const key = (code: string): string => code.trim().toLowerCase();

/** The product number a line would use as ItemCode, or undefined for write-ins and lines without a product. */
export function productCodeOf(line: InvoiceLine): string | undefined {
  if (line.isWriteIn) return undefined;
  const code = line.productNumber?.trim();
  return code ? code : undefined;
}

export function isUsableItemCode(code: string): boolean {
  return code.length <= ITEM_CODE_MAX;
}

export function planItemLookup(
  invoices: readonly DataverseInvoice[],
  knownCodes: readonly string[] = [],
): ItemLookupPlan {
  const known: Record<string, string> = {};
  for (const code of knownCodes) known[key(code)] = code;
  const unknown = new Map<string, string>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      const code = productCodeOf(line);
      if (!code || !isUsableItemCode(code) || known[key(code)] || unknown.has(key(code))) continue;
      unknown.set(key(code), code);
    }
  }
  const codes = [...unknown.values()];
  const plan: ItemLookupPlan = { known, unknown: codes };
  if (codes.length) {
    const chunks = chunkWhereClauses('Code', codes);
    plan.lookup = chunks.length === 1 ? { where: chunks[0] } : {};
  }
  return plan;
}

/** Cuts a product name to Xero's 50 characters at a word boundary when one is near, marking the cut. */
export function itemNameFor(name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (clean.length <= ITEM_NAME_MAX) return clean;
  const room = clean.slice(0, ITEM_NAME_MAX - 1);
  const space = room.lastIndexOf(' ');
  return `${(space >= 30 ? room.slice(0, space) : room).trimEnd()}…`;
}

/** The first sales line and the first purchase line of each code, in one pass over the batch. */
function firstLinesByCode(
  invoices: readonly DataverseInvoice[],
): Map<string, { sale?: InvoiceLine; purchase?: InvoiceLine }> {
  const byCode = new Map<string, { sale?: InvoiceLine; purchase?: InvoiceLine }>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      const code = productCodeOf(line);
      if (!code) continue;
      const entry = byCode.get(key(code)) ?? {};
      if (invoice.invoiceType === 'ACCPAY') entry.purchase ??= line;
      else entry.sale ??= line;
      byCode.set(key(code), entry);
    }
  }
  return byCode;
}

function itemPayloadFor(
  code: string,
  lines: { sale?: InvoiceLine; purchase?: InvoiceLine },
  settings: Pick<SyncSettings, 'defaultSalesAccountCode' | 'defaultPurchaseAccountCode'>,
): XeroItemPayload {
  const { sale, purchase } = lines;
  const first = sale ?? purchase;
  const fullName = first?.productName?.trim() || code;
  const payload: XeroItemPayload = { Code: code, Name: itemNameFor(fullName) };
  if (sale) {
    payload.Description = fullName;
    payload.SalesDetails = tradeDetails(sale, settings.defaultSalesAccountCode);
  }
  if (purchase) {
    payload.PurchaseDescription = fullName;
    payload.PurchaseDetails = tradeDetails(purchase, settings.defaultPurchaseAccountCode);
  }
  return payload;
}

function tradeDetails(
  line: InvoiceLine,
  defaultAccount: string | undefined,
): XeroItemPayload['SalesDetails'] {
  const details: NonNullable<XeroItemPayload['SalesDetails']> = {};
  if (line.unitPrice !== undefined) details.UnitPrice = line.unitPrice;
  const account = line.accountCode || defaultAccount;
  if (account) details.AccountCode = account;
  if (line.taxType) details.TaxType = line.taxType;
  return details;
}

export function planItemCreation(
  lookup: ItemLookupPlan,
  found: readonly XeroItemRecord[],
  invoices: readonly DataverseInvoice[],
  settings: Pick<SyncSettings, 'createProducts' | 'defaultSalesAccountCode' | 'defaultPurchaseAccountCode'>,
): ItemCreationPlan {
  const inXero = new Map<string, string>();
  for (const item of found) if (item.Code) inXero.set(key(item.Code), item.Code);
  const linesByCode = lookup.unknown.length ? firstLinesByCode(invoices) : new Map();
  const plan: ItemCreationPlan = {
    resolved: { ...lookup.known },
    withoutItem: {},
    found: [],
    creating: [],
    toCreate: [],
  };
  for (const code of lookup.unknown) {
    const xeroCode = inXero.get(key(code));
    if (xeroCode) {
      plan.resolved[key(code)] = xeroCode;
      plan.found.push(xeroCode);
    } else if (settings.createProducts) {
      plan.creating.push(code);
      plan.toCreate.push(itemPayloadFor(code, linesByCode.get(key(code)) ?? {}, settings));
    } else {
      plan.withoutItem[key(code)] =
        `Product ${code} is not an item in Xero and creating products is turned off, so its line was sent ` +
        "without an item code. Turn on 'Create new products' on the Xero connection or create the item in Xero.";
    }
  }
  return plan;
}

export function settleItemCreation(
  creation: ItemCreationPlan,
  created: readonly XeroItemRecord[],
): ItemResolution {
  const resolved = { ...creation.resolved };
  const withoutItem = { ...creation.withoutItem };
  const learned = [...creation.found];
  creation.creating.forEach((code, index) => {
    const element = created.find((i) => i.Code && key(i.Code) === key(code)) ?? created[index];
    const refused =
      !element ||
      element.StatusAttributeString === 'ERROR' ||
      element.HasErrors === true ||
      (element.ValidationErrors?.length ?? 0) > 0;
    if (!refused && element.Code) {
      resolved[key(code)] = element.Code;
      learned.push(element.Code);
    } else {
      const reason =
        (element?.ValidationErrors ?? []).map((e) => e.Message).join(' ') || 'no item came back.';
      withoutItem[key(code)] =
        `Xero could not create item ${code}: ${reason} Its line was sent without an item code.`;
    }
  });
  return { resolved, withoutItem, learned };
}

/** How a line's product resolves: an ItemCode to send, or a note saying why there is none. */
export function itemCodeForLine(
  line: InvoiceLine,
  items: Pick<ItemResolution, 'resolved' | 'withoutItem'>,
): { itemCode?: string; note?: string } {
  const code = productCodeOf(line);
  if (!code) return {};
  if (!isUsableItemCode(code)) {
    return {
      note: `Product number ${code} is longer than Xero's ${ITEM_CODE_MAX} characters for an item code, so its line was sent without an item code.`,
    };
  }
  const resolved = items.resolved[key(code)];
  if (resolved) return { itemCode: resolved };
  return {
    note:
      items.withoutItem[key(code)] ??
      `Product ${code} was not found in Xero; its line was sent without an item code.`,
  };
}
