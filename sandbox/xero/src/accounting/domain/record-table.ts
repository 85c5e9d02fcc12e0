/**
 * Keyed record storage with an undo journal. With summarizeErrors on, Xero saves nothing when any element of a
 * batch fails, yet later elements must see earlier ones (two new invoices with one number clash). So a batch
 * runs for real inside a transaction and, on failure, the journal restores every replaced record.
 */
export class UndoJournal {
  private entries: Array<() => void> | undefined;

  get active(): boolean {
    return this.entries !== undefined;
  }

  record(undo: () => void): void {
    this.entries?.push(undo);
  }

  /** Runs `work`; if it reports failure (returns false or throws) every change made inside is undone. */
  transaction<T>(work: () => { commit: boolean; value: T }): T {
    if (this.entries) throw new Error('Nested transactions are not supported');
    this.entries = [];
    try {
      const outcome = work();
      if (!outcome.commit) this.undoAll();
      return outcome.value;
    } catch (error) {
      this.undoAll();
      throw error;
    } finally {
      this.entries = undefined;
    }
  }

  private undoAll(): void {
    const entries = this.entries ?? [];
    for (let i = entries.length - 1; i >= 0; i--) entries[i]!();
  }
}

export class RecordTable<T> {
  private readonly rows = new Map<string, T>();
  /** Moves on every change (and every undo), so derived indexes know when to rebuild. */
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  constructor(
    private readonly journal: UndoJournal,
    private readonly keyOf: (record: T) => string,
  ) {}

  get(id: string): T | undefined {
    return this.rows.get(id.toLowerCase());
  }

  put(record: T): T {
    const key = this.keyOf(record).toLowerCase();
    const previous = this.rows.get(key);
    this.journal.record(() => {
      if (previous === undefined) this.rows.delete(key);
      else this.rows.set(key, previous);
      this.changes++;
    });
    this.rows.set(key, record);
    this.changes++;
    return record;
  }

  delete(id: string): boolean {
    const key = id.toLowerCase();
    const previous = this.rows.get(key);
    if (previous === undefined) return false;
    this.journal.record(() => {
      this.rows.set(key, previous);
      this.changes++;
    });
    this.rows.delete(key);
    this.changes++;
    return true;
  }

  values(): T[] {
    return [...this.rows.values()];
  }

  get size(): number {
    return this.rows.size;
  }
}

/** A value derived from tables, rebuilt only when one of them changed since it was last computed. */
export class DerivedIndex<V> {
  private cached: { key: string; value: V } | undefined;

  constructor(
    private readonly tables: Array<{ version: number }>,
    private readonly build: () => V,
  ) {}

  get(): V {
    const key = this.tables.map((t) => t.version).join(':');
    if (this.cached?.key !== key) this.cached = { key, value: this.build() };
    return this.cached.value;
  }
}

/** A journaled counter (next invoice number and the like). */
export class Counter {
  private value: number;

  constructor(
    private readonly journal: UndoJournal,
    start: number,
  ) {
    this.value = start;
  }

  peek(): number {
    return this.value;
  }

  next(): number {
    const previous = this.value;
    this.journal.record(() => {
      this.value = previous;
    });
    this.value += 1;
    return previous;
  }
}
