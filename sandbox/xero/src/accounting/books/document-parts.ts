/**
 * The parts invoices and credit notes share: who the contact is, the lines with their tax, the currency and the
 * branding theme. Messages quoted from Xero are marked with their source in reference/xero-api.md; the rest are
 * marked UNVERIFIED (Xero's exact text was not captured) and name the field and the reason.
 */
import { isGuid } from '../domain/deterministic-id';
import { computeLine, type ComputedLine } from '../domain/line-totals';
import type {
  ContactRecord,
  DocumentStatus,
  LineAmountTypes,
  LineItemRecord,
  WireObject,
} from '../domain/records';
import { ElementReader } from '../domain/wire-input';
import { newId } from '../domain/deterministic-id';
import { accountClassOf, type AccountSeed, type TaxRateSeed } from '../seeds/organisation-seed';
import { resolveLineTracking } from './line-tracking';
import type { OrganisationBooks } from './organisation-books';

/** Verbatim from the OAS example (reference/xero-api.md section 2). */
export const CONTACT_IDENTIFY_MESSAGE =
  'The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber';

/**
 * Finds the document's contact as Xero does: by ContactID, else ContactNumber, else Name among active contacts;
 * an unknown Name creates a new contact (Xero creates contacts named on documents).
 */
export function resolveDocumentContact(
  books: OrganisationBooks,
  contactInput: WireObject | undefined,
  errors: string[],
): ContactRecord | undefined {
  if (!contactInput) {
    errors.push(CONTACT_IDENTIFY_MESSAGE);
    return undefined;
  }
  const reader = new ElementReader(contactInput);
  const contactId = reader.string('ContactID');
  const contactNumber = reader.string('ContactNumber');
  const name = reader.string('Name');
  errors.push(...reader.errors);
  if (contactId) {
    const found = isGuid(contactId) ? books.findContact(contactId) : undefined;
    // UNVERIFIED wording, modelled on Xero's "An existing Credit Note with the specified CreditNoteID could not be found".
    if (!found) errors.push(`An existing Contact with the specified ContactID could not be found`);
    return found;
  }
  if (contactNumber) {
    const found = books.findContactByNumber(contactNumber);
    if (found) return found;
  }
  if (name && name.trim()) {
    return books.findActiveContactByName(name) ?? books.createContactFromDocument(name.trim(), contactNumber);
  }
  if (contactNumber) {
    // Creating the contact needs a name; Xero's contact validation says exactly this (xeroizer#380).
    errors.push('Contact Name cannot be empty.');
    return undefined;
  }
  errors.push(CONTACT_IDENTIFY_MESSAGE);
  return undefined;
}

export interface LineContext {
  /** Sales documents (ACCREC, ACCRECCREDIT) take item sales details and revenue-side tax rates. */
  sales: boolean;
  discountsAllowed: boolean;
  lineAmountTypes: LineAmountTypes;
  unitDp: 2 | 4;
  status: DocumentStatus;
  existingLines: LineItemRecord[];
}

export interface BuiltLines {
  lines: LineItemRecord[];
  computed: ComputedLine[];
  warnings: string[];
}

export function buildLines(
  books: OrganisationBooks,
  inputs: WireObject[],
  ctx: LineContext,
  errors: string[],
): BuiltLines {
  const lines: LineItemRecord[] = [];
  const computed: ComputedLine[] = [];
  const warnings: string[] = [];
  const existingById = new Map(ctx.existingLines.map((l) => [l.lineItemId.toLowerCase(), l]));
  inputs.forEach((input) => {
    const r = new ElementReader(input);
    const lineErrors: string[] = [];
    const sentId = r.string('LineItemID');
    const existingLine = sentId ? existingById.get(sentId.toLowerCase()) : undefined;
    const lineItemId = existingLine?.lineItemId ?? newId();
    let description = r.string('Description', 4000);
    let unitAmount = r.number('UnitAmount');
    const quantity = r.number('Quantity');
    let accountCode = r.string('AccountCode');
    const accountId = r.string('AccountID');
    let taxType = r.string('TaxType');
    const itemCode = r.string('ItemCode');
    const discountRate = r.number('DiscountRate');
    const discountAmount = r.number('DiscountAmount');
    const trackingInput = r.objects('Tracking') ?? [];

    if (itemCode !== undefined) {
      const item = books.findItemByCode(itemCode);
      if (!item) {
        lineErrors.push(`Item code '${itemCode}' is not valid.`); // UNVERIFIED wording
      } else {
        // ItemCode lines pick up the item's defaults for whatever the line leaves out.
        const details = ctx.sales ? item.salesDetails : item.purchaseDetails;
        description ??= ctx.sales ? item.description : (item.purchaseDescription ?? item.description);
        unitAmount ??= details?.unitPrice;
        accountCode ??= details?.accountCode;
        taxType ??= details?.taxType;
      }
    }
    if (accountCode === undefined && accountId !== undefined) {
      const byId = isGuid(accountId) ? books.findAccount(accountId) : undefined;
      if (!byId) lineErrors.push(`AccountID '${accountId}' is not a valid account for this document.`); // UNVERIFIED
      accountCode = byId?.code;
    }
    const account = accountCode !== undefined ? books.findAccountByCode(accountCode) : undefined;
    if (
      accountCode !== undefined &&
      (!account || account.status !== 'ACTIVE' || account.type === 'BANK' || account.systemAccount)
    ) {
      // Verbatim Xero text [ISSUE:XeroAPI/Xero-NetStandard#364]. Bank and system accounts cannot take lines.
      lineErrors.push(`Account code '${accountCode}' is not a valid code for this document.`);
    }
    if (ctx.lineAmountTypes === 'NoTax') taxType = 'NONE';
    taxType ??= account?.taxType ?? 'NONE';
    const rate = books.findTaxRate(taxType);
    const taxError = lineTaxTypeError(taxType, rate, account, ctx.sales);
    if (taxError) lineErrors.push(taxError);
    if (!ctx.discountsAllowed && (discountRate !== undefined || discountAmount !== undefined)) {
      // Xero: DiscountRate/DiscountAmount are for ACCREC invoices and quotes only (OAS LineItem). UNVERIFIED wording.
      lineErrors.push(
        'Discounts (DiscountRate, DiscountAmount) are only allowed on sales invoices (ACCREC).',
      );
    }
    const tracking = resolveLineTracking(books, trackingInput, existingLine?.tracking ?? [], lineErrors);
    lineErrors.push(...r.errors);
    const figures = computeLine(
      {
        quantity,
        unitAmount,
        lineAmount: r.number('LineAmount'),
        discountRate,
        discountAmount,
        taxAmount: r.number('TaxAmount'),
      },
      rate?.rate ?? 0,
      ctx.lineAmountTypes,
      ctx.unitDp,
    );
    if ('errors' in figures) lineErrors.push(...figures.errors);
    else if (
      figures.lineAmount !== 0 &&
      accountCode === undefined &&
      ctx.status !== 'DRAFT' &&
      ctx.status !== 'DELETED'
    ) {
      lineErrors.push(
        'An AccountCode is required on every line item with an amount before the document can be approved.',
      ); // UNVERIFIED
    }
    const amountGiven = quantity !== undefined || unitAmount !== undefined || r.has('LineAmount');
    if (!amountGiven && !description) {
      // OAS LineItem.Description: a description-only line needs a Description of at least 1 character.
      lineErrors.push(
        'Description needs to be at least 1 char long on a line item without a quantity or amount.',
      );
    }
    if (lineErrors.length || 'errors' in figures) {
      errors.push(...lineErrors);
      return;
    }
    computed.push(figures);
    lines.push({
      lineItemId,
      description,
      quantity: figures.quantity,
      unitAmount: figures.unitAmount,
      itemCode,
      accountCode: account?.code ?? accountCode,
      accountId: account?.accountId,
      taxType,
      taxAmount: figures.taxAmount,
      lineAmount: figures.lineAmount,
      discountRate,
      discountAmount,
      tracking,
    });
  });
  return { lines, computed, warnings };
}

/** Why a line's tax type cannot be used, or undefined when it can. Wording from [ISSUE:Xero-Java#336]. */
function lineTaxTypeError(
  taxType: string,
  rate: TaxRateSeed | undefined,
  account: AccountSeed | undefined,
  sales: boolean,
): string | undefined {
  if (taxRateUsable(rate, sales, account ? accountClassOf(account.type) : undefined)) return undefined;
  if (rate && rate.status === 'ACTIVE' && account) {
    return `The TaxType code '${taxType}' cannot be used with account code '${account.code}'.`;
  }
  return `The TaxType code ${taxType} does not exist or cannot be used for this type of transaction.`;
}

function taxRateUsable(
  rate: TaxRateSeed | undefined,
  sales: boolean,
  accountClass: string | undefined,
): boolean {
  if (!rate || rate.status !== 'ACTIVE') return false;
  switch (accountClass) {
    case 'REVENUE':
      return rate.canApplyToRevenue;
    case 'EXPENSE':
      return rate.canApplyToExpenses;
    case 'ASSET':
      return rate.canApplyToAssets;
    case 'LIABILITY':
      return rate.canApplyToLiabilities;
    case 'EQUITY':
      return rate.canApplyToEquity;
    default:
      return sales ? rate.canApplyToRevenue : rate.canApplyToExpenses;
  }
}

/** Existing lines as input, so an update without LineItems recomputes them (e.g. LineAmountTypes changed). */
export function linesAsInput(lines: LineItemRecord[]): WireObject[] {
  return lines.map((l) => ({
    LineItemID: l.lineItemId,
    Description: l.description,
    Quantity: l.lineAmount === 0 && l.quantity === undefined ? undefined : l.quantity,
    UnitAmount: l.unitAmount,
    ItemCode: l.itemCode,
    AccountCode: l.accountCode,
    TaxType: l.taxType,
    DiscountRate: l.discountRate,
    DiscountAmount: l.discountAmount,
    Tracking: l.tracking.map((t) => ({
      TrackingCategoryID: t.trackingCategoryId,
      TrackingOptionID: t.trackingOptionId,
    })),
  }));
}

export function resolveCurrency(
  books: OrganisationBooks,
  reader: ElementReader,
  existing: { currencyCode: string; currencyRate: number } | undefined,
  errors: string[],
): { currencyCode: string; currencyRate: number } {
  const code = reader.string('CurrencyCode')?.toUpperCase() ?? existing?.currencyCode ?? books.baseCurrency;
  const sentRate = reader.number('CurrencyRate');
  if (code === books.baseCurrency) return { currencyCode: code, currencyRate: 1 };
  const defaultRate = books.seed.foreignCurrencies[code];
  if (defaultRate === undefined) {
    errors.push(`The currency code '${code}' is not enabled for this organisation.`); // UNVERIFIED wording
    return { currencyCode: code, currencyRate: 1 };
  }
  if (sentRate !== undefined && sentRate <= 0) errors.push('CurrencyRate must be greater than zero.');
  const unchanged = existing && existing.currencyCode === code;
  return { currencyCode: code, currencyRate: sentRate ?? (unchanged ? existing.currencyRate : defaultRate) };
}

export function resolveBrandingTheme(
  books: OrganisationBooks,
  reader: ElementReader,
  existing: string | undefined,
  errors: string[],
): string | undefined {
  const sent = reader.string('BrandingThemeID');
  if (sent === undefined) return existing;
  const theme = isGuid(sent)
    ? books.seed.brandingThemes.find((t) => t.brandingThemeId.toLowerCase() === sent.toLowerCase())
    : undefined;
  if (!theme) errors.push(`BrandingThemeID '${sent}' is not a branding theme of this organisation.`); // UNVERIFIED
  return theme?.brandingThemeId;
}
