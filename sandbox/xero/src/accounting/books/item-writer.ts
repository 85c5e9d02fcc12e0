/**
 * Items (reference/xero-api.md section 4): Code required, at most 30 characters and unique; sales and purchase
 * details validated against the chart of accounts and tax rates. Tracked inventory is not modelled (501).
 */
import {
  ElementValidationFailure,
  NotImplementedByEmulator,
  ResourceNotFound,
} from '../domain/accounting-errors';
import { isGuid, newId } from '../domain/deterministic-id';
import { roundTo } from '../domain/money';
import type { ItemDetails, ItemRecord, WireObject } from '../domain/records';
import { ElementReader } from '../domain/wire-input';
import type { WriteMode, WriteOutcome } from './document-writer';
import type { OrganisationBooks } from './organisation-books';

export function duplicateItemCodeMessage(code: string): string {
  // The OAS example reads "Price List Item with Code ''abc'' already exists"; the doubled quotes are a YAML
  // artefact, so single quotes are used here (UNVERIFIED against the live API).
  return `Price List Item with Code '${code}' already exists`;
}

function locate(
  books: OrganisationBooks,
  reader: ElementReader,
  mode: WriteMode,
  target?: string,
): ItemRecord | undefined {
  if (mode === 'update') {
    const found = target ? books.findItem(target) : undefined;
    if (!found) throw new ResourceNotFound(`Item ${target ?? ''}`);
    return found;
  }
  const id = reader.string('ItemID');
  if (id !== undefined && mode === 'upsert') {
    const found = isGuid(id) ? books.findItem(id) : undefined;
    if (!found)
      throw new ElementValidationFailure(['An existing Item with the specified ItemID could not be found']); // UNVERIFIED
    return found;
  }
  const code = reader.string('Code');
  if (mode === 'upsert' && code) return books.findItemByCode(code);
  return undefined;
}

function readDetails(
  books: OrganisationBooks,
  reader: ElementReader,
  key: string,
  unitDp: 2 | 4,
  errors: string[],
): ItemDetails | undefined {
  const details = reader.object(key);
  if (!details) return undefined;
  const r = new ElementReader(details);
  if (r.has('COGSAccountCode')) {
    throw new NotImplementedByEmulator(
      `${key}.COGSAccountCode: tracked inventory items are not supported by the emulator`,
    );
  }
  const unitPrice = r.number('UnitPrice');
  const accountCode = r.string('AccountCode');
  const taxType = r.string('TaxType');
  if (accountCode !== undefined) {
    const account = books.findAccountByCode(accountCode);
    if (!account || account.status !== 'ACTIVE' || account.type === 'BANK') {
      errors.push(`Account code '${accountCode}' is not a valid code for this document.`);
    }
  }
  if (taxType !== undefined && books.findTaxRate(taxType)?.status !== 'ACTIVE') {
    errors.push(`The TaxType code ${taxType} does not exist or cannot be used for this type of transaction.`);
  }
  errors.push(...r.errors.map((e) => `${key}.${e}`));
  return {
    unitPrice: unitPrice === undefined ? undefined : roundTo(unitPrice, unitDp),
    accountCode,
    taxType,
  };
}

export function writeItem(
  books: OrganisationBooks,
  input: WireObject,
  mode: WriteMode,
  unitDp: 2 | 4,
  target?: string,
): WriteOutcome<ItemRecord> {
  const reader = new ElementReader(input);
  if (reader.has('InventoryAssetAccountCode')) {
    throw new NotImplementedByEmulator(
      'InventoryAssetAccountCode: tracked inventory items are not supported by the emulator',
    );
  }
  const existing = locate(books, reader, mode, target);
  const errors: string[] = [];
  const code = reader.string('Code', 30)?.trim() ?? existing?.code;
  const codeTooLong = reader.errors.some((e) => e.startsWith('Code '));
  if (!code && !codeTooLong) errors.push('Item Code must be specified.'); // UNVERIFIED wording; Code is required (OAS Item)
  if (code) {
    const clash = books.findItemByCode(code);
    if (clash && clash.itemId !== existing?.itemId) errors.push(duplicateItemCodeMessage(code));
  }
  const isSold = reader.boolean('IsSold') ?? existing?.isSold ?? true;
  const isPurchased = reader.boolean('IsPurchased') ?? existing?.isPurchased ?? true;
  const salesDetails = readDetails(books, reader, 'SalesDetails', unitDp, errors) ?? existing?.salesDetails;
  const purchaseDetails =
    readDetails(books, reader, 'PurchaseDetails', unitDp, errors) ?? existing?.purchaseDetails;
  const name = reader.string('Name', 50) ?? existing?.name;
  const description = reader.string('Description', 4000) ?? existing?.description;
  const purchaseDescription = reader.string('PurchaseDescription', 4000) ?? existing?.purchaseDescription;
  errors.push(...reader.errors);
  if (errors.length || !code) throw new ElementValidationFailure(errors);
  const record = books.store.items.put({
    itemId: existing?.itemId ?? newId(),
    code,
    name,
    description,
    purchaseDescription,
    isSold,
    isPurchased,
    // Setting IsSold / IsPurchased to false clears the matching details (reference/xero-api.md section 4).
    salesDetails: isSold ? salesDetails : undefined,
    purchaseDetails: isPurchased ? purchaseDetails : undefined,
    updatedDateUtc: books.now(),
  });
  return { record, created: !existing, warnings: [] };
}
