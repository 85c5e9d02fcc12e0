import { dateValue, formatDateTime, formatMoney, formatMoneyMagnitude, textValue } from '../shared/format';
import type { IInputs } from './generated/ManifestTypes';

/**
 * What the card says about the customer's balance:
 * - `notInXero`: no Xero contact id, so no balance can exist yet;
 * - `notSynced`: in Xero, but the balance sync has not written an amount owed (empty is not zero);
 * - `nothingOwed`: the amount owed is exactly zero;
 * - `owing`: a positive amount owed;
 * - `inCredit`: a negative amount owed (the customer overpaid or holds a credit note), shown as a positive credit.
 */
export type BalanceState = 'notInXero' | 'notSynced' | 'nothingOwed' | 'owing' | 'inCredit';

export interface BalanceModel {
  state: BalanceState;
  /** The amount owed as Xero has it (negative when in credit), in the record's currency. */
  owed?: string;
  /** The credit without its minus sign, when `inCredit`. */
  credit?: string;
  overdue?: string;
  /** Whole percent of the amount owed that is overdue (0–100), when the amount owed is positive. */
  overduePercent?: number;
  hasOverdue: boolean;
  syncedOn?: string;
}

/** Overdue as a whole percentage of owed; a stale overdue above owed (syncs out of step) caps at 100. */
export function overdueShare(
  owed: number | null | undefined,
  overdue: number | null | undefined,
): number | undefined {
  if (typeof owed !== 'number' || !Number.isFinite(owed) || owed <= 0) return undefined;
  const due = typeof overdue === 'number' && Number.isFinite(overdue) ? Math.max(overdue, 0) : 0;
  return Math.min(100, Math.round((due / owed) * 100));
}

export function balanceState(inXero: boolean, owed: number | null | undefined): BalanceState {
  if (!inXero) return 'notInXero';
  if (typeof owed !== 'number' || !Number.isFinite(owed)) return 'notSynced';
  if (owed > 0) return 'owing';
  return owed < 0 ? 'inCredit' : 'nothingOwed';
}

export function readBalance(parameters: IInputs, formatting: ComponentFramework.Formatting): BalanceModel {
  const symbol = textValue(parameters.currencySymbol);
  const syncedOn = dateValue(parameters.balanceSyncedOn);
  const owedRaw = parameters.amountOwed?.raw;
  const overdueRaw = parameters.amountOverdue?.raw;
  const state = balanceState(textValue(parameters.xeroContactId) !== undefined, owedRaw);
  return {
    state,
    owed: formatMoney(formatting, parameters.amountOwed, symbol),
    credit:
      state === 'inCredit' ? formatMoneyMagnitude(formatting, parameters.amountOwed, symbol) : undefined,
    overdue: formatMoney(formatting, parameters.amountOverdue, symbol),
    overduePercent: overdueShare(owedRaw, overdueRaw),
    hasOverdue: typeof overdueRaw === 'number' && overdueRaw > 0,
    syncedOn: syncedOn ? formatDateTime(formatting, syncedOn) : undefined,
  };
}
