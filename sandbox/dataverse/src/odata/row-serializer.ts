import type { ColumnDef, TableDef } from '../schema/schema-types';
import { isLookupRef, type Row, type RowStore } from '../store/row-store';

// A stored row in the Web API's JSON shape (powerapps-docs webapi/query/select-columns.md and
// webapi/query/format-results... "formatted values" / "lookup property data"): lookups as `_x_value`, an
// `@odata.etag`, and, when asked for, the FormattedValue / lookuplogicalname / associatednavigationproperty
// annotations. Formatted values use the en-US user format in UTC (the emulator has no user settings).

export const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
export const LOOKUP_LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
export const ASSOCIATED_NAV = 'Microsoft.Dynamics.CRM.associatednavigationproperty';

export interface SerializeOptions {
  /** Column names as requested (`name`, `_customerid_value`); undefined = every column. */
  select?: string[];
  annotate: (term: string) => boolean;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const h = d.getUTCHours();
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hour12}:${twoDigits(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
}

function formatDate(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return `${m}/${d}/${y}`;
}

const numberFormats = new Map<number, Intl.NumberFormat>();

function formatNumber(n: number, digits: number): string {
  let f = numberFormats.get(digits);
  if (!f) {
    // Building an Intl formatter is costly; one per precision is enough.
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(digits, f);
  }
  return f.format(n);
}

export class RowSerializer {
  constructor(private readonly store: RowStore) {}

  /** Display name of the row a lookup points at (the target's primary name column). */
  primaryName(table: string, id: string): string | null {
    const t = this.store.schema.tables.get(table);
    const row = t ? this.store.get(table, id) : undefined;
    return t && row ? ((row[t.primaryNameColumn] as string | null) ?? null) : null;
  }

  private currencySymbol(row: Row): string {
    const ref = row.transactioncurrencyid;
    const currency = isLookupRef(ref) ? this.store.get('transactioncurrency', ref.id) : undefined;
    if (currency) return String(currency.currencysymbol ?? '');
    const base = this.store.rows('transactioncurrency')[0];
    return base ? String(base.currencysymbol ?? '') : '';
  }

  formatted(c: ColumnDef, value: unknown, row: Row): string | undefined {
    if (value === null || value === undefined) return undefined;
    switch (c.kind) {
      case 'choice':
      case 'state':
      case 'status':
        return c.options?.find((o) => o.value === value)?.label;
      case 'boolean':
        return c.options?.find((o) => o.value === (value ? 1 : 0))?.label;
      case 'money': {
        const n = Number(value);
        const text = `${this.currencySymbol(row)}${formatNumber(Math.abs(n), c.precision ?? 2)}`;
        return n < 0 ? `-${text}` : text;
      }
      case 'decimal':
        return formatNumber(Number(value), c.precision ?? 2);
      case 'integer':
      case 'bigint':
        return formatNumber(Number(value), 0);
      case 'datetime':
        return formatDateTime(String(value));
      case 'date':
        return formatDate(String(value));
      default:
        return undefined;
    }
  }

  serialize(table: TableDef, row: Row, o: SerializeOptions): Record<string, unknown> {
    const out: Record<string, unknown> = { '@odata.etag': `W/"${row.versionnumber}"` };
    const wanted = o.select ? new Set(o.select) : undefined;
    for (const c of table.columns.values()) {
      if (c.kind === 'lookup') {
        const name = `_${c.logicalName}_value`;
        if (wanted && !wanted.has(name)) continue;
        const v = row[c.logicalName];
        if (isLookupRef(v)) {
          const target = c.targets?.find((t) => t.table === v.table);
          if (o.annotate(FORMATTED)) {
            const display = this.primaryName(v.table, v.id);
            if (display !== null) out[`${name}@${FORMATTED}`] = display;
          }
          if (o.annotate(ASSOCIATED_NAV) && target)
            out[`${name}@${ASSOCIATED_NAV}`] = target.navigationProperty;
          if (o.annotate(LOOKUP_LOGICAL_NAME)) out[`${name}@${LOOKUP_LOGICAL_NAME}`] = v.table;
          out[name] = v.id;
        } else {
          out[name] = null;
        }
        continue;
      }
      if (wanted && !wanted.has(c.logicalName) && c.logicalName !== table.primaryIdColumn) continue;
      const v = row[c.logicalName] ?? null;
      if (o.annotate(FORMATTED)) {
        const f = this.formatted(c, v, row);
        if (f !== undefined) out[`${c.logicalName}@${FORMATTED}`] = f;
      }
      out[c.logicalName] = v;
    }
    return out;
  }
}
