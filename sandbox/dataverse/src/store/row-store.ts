import { randomUUID } from 'node:crypto';
import type { Schema, TableDef } from '../schema/schema-types';

/** A lookup value as stored: the target row's id and table (polymorphic lookups need the table). */
export interface LookupRef {
  id: string;
  table: string;
}

/** A row keyed by column logical names; lookups hold a `LookupRef` or null. */
export type Row = Record<string, unknown>;

export const isLookupRef = (v: unknown): v is LookupRef =>
  typeof v === 'object' && v !== null && typeof (v as LookupRef).id === 'string';

/** In-memory tables. Rows keep insertion order, which is the emulator's order when `$orderby` is absent. */
export class RowStore {
  private readonly tables = new Map<string, Map<string, Row>>();
  private version = 1000;
  /** Undo journal of the open transaction: the first previous state of every row it touched. */
  private journal: Map<string, { table: string; id: string; before: Row | undefined }> | undefined;

  constructor(readonly schema: Schema) {
    for (const t of schema.tables.keys()) this.tables.set(t, new Map());
  }

  table(name: string): TableDef {
    const t = this.schema.tables.get(name);
    if (!t) throw new Error(`unknown table ${name}`);
    return t;
  }

  rows(table: string): Row[] {
    return [...(this.tables.get(table)?.values() ?? [])];
  }

  get(table: string, id: string): Row | undefined {
    return this.tables.get(table)?.get(id.toLowerCase());
  }

  has(table: string, id: string): boolean {
    return this.tables.get(table)?.has(id.toLowerCase()) ?? false;
  }

  nextVersion(): number {
    return ++this.version;
  }

  newId(): string {
    return randomUUID();
  }

  put(table: string, row: Row): void {
    const t = this.table(table);
    const id = String(row[t.primaryIdColumn]).toLowerCase();
    this.remember(table, id);
    this.tables.get(table)!.set(id, row);
  }

  remove(table: string, id: string): void {
    this.remember(table, id.toLowerCase());
    this.tables.get(table)?.delete(id.toLowerCase());
  }

  private remember(table: string, id: string): void {
    const key = `${table}/${id}`;
    if (this.journal && !this.journal.has(key))
      this.journal.set(key, { table, id, before: this.tables.get(table)?.get(id) });
  }

  /** Rows of `table` whose lookup `column` points at `id`. */
  referencing(table: string, column: string, id: string): Row[] {
    const lower = id.toLowerCase();
    return this.rows(table).filter((r) => {
      const v = r[column];
      return isLookupRef(v) && v.id === lower;
    });
  }

  /**
   * Starts an all-or-nothing unit of work; returns `{ commit, rollback }`. Rows are replaced, never mutated in
   * place, so remembering the previous object of each touched row is enough to undo. Rows deleted and restored go to
   * the end of the insertion order (the order without $orderby is unspecified anyway).
   */
  begin(): { commit: () => void; rollback: () => void } {
    if (this.journal) throw new Error('RowStore: a transaction is already open');
    const journal = new Map<string, { table: string; id: string; before: Row | undefined }>();
    this.journal = journal;
    const version = this.version;
    return {
      commit: () => {
        this.journal = undefined;
      },
      rollback: () => {
        this.journal = undefined;
        for (const { table, id, before } of [...journal.values()].reverse()) {
          const rows = this.tables.get(table)!;
          if (before === undefined) rows.delete(id);
          else rows.set(id, before);
        }
        this.version = version;
      },
    };
  }
}
