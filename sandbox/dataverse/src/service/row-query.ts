import { errors } from '../http/dataverse-error';
import {
  compareValues,
  columnValueType,
  compileFilter,
  resolveNavigation,
  resolveProperty,
  type FilterEnvironment,
} from '../odata/filter-evaluator';
import type { ExpandItem, QueryOptions } from '../odata/query-options';
import type { RowSerializer } from '../odata/row-serializer';
import type { Schema, TableDef } from '../schema/schema-types';
import { isLookupRef, type LookupRef, type Row, type RowStore } from '../store/row-store';

/** Reads for the Web API: `$select` checks, `$filter` and `$orderby`, and rows serialized with `$expand`. */
export class RowQuery {
  constructor(
    private readonly schema: Schema,
    private readonly store: RowStore,
    private readonly serializer: RowSerializer,
    private readonly filterEnv: FilterEnvironment,
  ) {}

  /** Validates `$select` names against `table` (lookups only as `_x_value`). */
  checkSelect(table: TableDef, select: string[] | undefined): void {
    for (const s of select ?? []) {
      if (!resolveProperty(table, s)) throw errors.propertyNotFound(s, table.logicalName);
    }
  }

  /** Filters and orders the rows of `table` (and `base` if given, e.g. the related rows of an expand). */
  select(table: TableDef, opts: QueryOptions, base?: Row[]): Row[] {
    this.checkSelect(table, opts.select);
    let rows = base ?? this.store.rows(table.logicalName);
    if (opts.filter !== undefined) {
      const predicate = compileFilter(opts.filter, table, this.filterEnv);
      rows = rows.filter(predicate);
    }
    if (opts.orderby) {
      const keys = opts.orderby.map((o) => {
        const p = resolveProperty(table, o.property);
        if (!p) throw errors.propertyNotFound(o.property, table.logicalName);
        const type = columnValueType(p.column);
        const get = (r: Row) => {
          const v = r[p.column.logicalName];
          return isLookupRef(v) ? v.id : (v ?? null);
        };
        return { get, type, descending: o.descending };
      });
      rows = [...rows].sort((a, b) => {
        for (const k of keys) {
          const x = k.get(a);
          const y = k.get(b);
          // SQL Server sorts nulls first in ascending order.
          const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : compareValues(k.type, x, y);
          if (c !== 0) return k.descending ? -c : c;
        }
        return 0;
      });
    }
    return rows;
  }

  /** Serializes rows with `$select` and `$expand` applied. */
  shape(
    table: TableDef,
    rows: Row[],
    opts: QueryOptions,
    annotate: (t: string) => boolean,
  ): Record<string, unknown>[] {
    const expands = (opts.expand ?? []).map((e) => this.planExpand(table, e));
    return rows.map((r) => {
      const out = this.serializer.serialize(table, r, { select: opts.select, annotate });
      for (const x of expands) out[x.name] = x.render(r, annotate);
      return out;
    });
  }

  private planExpand(
    table: TableDef,
    item: ExpandItem,
  ): { name: string; render: (r: Row, annotate: (t: string) => boolean) => unknown } {
    const single = resolveNavigation(table, item.navigation);
    if (single) {
      const target = this.schema.tables.get(single.target)!;
      const o = item.options;
      if (o.filter !== undefined || o.orderby || o.top !== undefined) {
        throw errors.queryError(
          `Only $select and $expand are supported on the single-valued navigation property '${item.navigation}'.`,
        );
      }
      this.checkSelect(target, o.select);
      const nested = (o.expand ?? []).map((e) => this.planExpand(target, e));
      return {
        name: item.navigation,
        render: (r, annotate) => {
          const ref = r[single.column.logicalName];
          if (!isLookupRef(ref) || ref.table !== target.logicalName) return null;
          const row = this.store.get(target.logicalName, ref.id);
          if (!row) return null;
          const out = this.serializer.serialize(target, row, { select: o.select, annotate });
          for (const x of nested) out[x.name] = x.render(row, annotate);
          return out;
        },
      };
    }
    const coll = table.collectionNavigations.find((n) => n.name === item.navigation);
    if (!coll) throw errors.propertyNotFound(item.navigation, table.logicalName);
    const child = this.schema.tables.get(coll.table)!;
    this.checkSelect(child, item.options.select);
    // Validate the nested options once, before any row is rendered.
    this.select(child, item.options, []);
    return {
      name: item.navigation,
      render: (r, annotate) => {
        const id = r[table.primaryIdColumn] as string;
        const related = this.store
          .referencing(coll.table, coll.column, id)
          .filter((x) => (x[coll.column] as LookupRef).table === table.logicalName);
        let rows = this.select(child, item.options, related);
        if (item.options.top !== undefined) rows = rows.slice(0, item.options.top);
        return this.shape(child, rows, { ...item.options, expand: item.options.expand }, annotate);
      },
    };
  }
}
