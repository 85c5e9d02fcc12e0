import { dateValue, formatDateTime, formatMoney, textValue } from '../shared/format';
import type { IInputs } from './generated/ManifestTypes';

export interface BalanceModel {
  /** A Xero contact id is stored: the customer exists in Xero. */
  inXero: boolean;
  owed?: string;
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

export function readBalance(parameters: IInputs, formatting: ComponentFramework.Formatting): BalanceModel {
  const symbol = textValue(parameters.currencySymbol);
  const syncedOn = dateValue(parameters.balanceSyncedOn);
  const overdueRaw = parameters.amountOverdue?.raw;
  return {
    inXero: textValue(parameters.xeroContactId) !== undefined,
    owed: formatMoney(formatting, parameters.amountOwed, symbol),
    overdue: formatMoney(formatting, parameters.amountOverdue, symbol),
    overduePercent: overdueShare(parameters.amountOwed?.raw, overdueRaw),
    hasOverdue: typeof overdueRaw === 'number' && overdueRaw > 0,
    syncedOn: syncedOn ? formatDateTime(formatting, syncedOn) : undefined,
  };
}
