import type { TaxRate as XeroTaxRate } from 'xero-node';
import type { TaxRate } from './contract-shapes';

/** Xero TaxRate → contract TaxRate (reference/xero-api.md §7). */
export function mapTaxRate(rate: XeroTaxRate): TaxRate {
  return omitUndefined({
    name: rate.name ?? '',
    taxType: rate.taxType ?? '',
    effectiveRate: rate.effectiveRate,
    status: String(rate.status ?? 'ACTIVE') as TaxRate['status'],
    canApplyToRevenue: rate.canApplyToRevenue,
    canApplyToExpenses: rate.canApplyToExpenses,
  });
}

export function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
