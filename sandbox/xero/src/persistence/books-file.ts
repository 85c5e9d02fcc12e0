/**
 * Keeps an emulator's accounting books in one JSON file, so a sandbox that restarts (the proxy's `npm start`, the
 * demo) still has the invoices its ledger points at: otherwise the proxy's store remembers Xero ids that the fresh
 * emulator no longer holds, and a re-sync answers "unchanged" for an invoice Xero lost.
 *
 * Deliberately generic: it saves every record table of every organisation's books (whatever tables the accounting
 * module grows), not a hand-picked list. Identity state (tokens, connections) is not kept: sandbox mode reconnects
 * through the consent flow on every start. Writes are atomic (temp file + rename) and happen after each committed
 * invoice or contact change and on close().
 */
import fs from 'node:fs';
import path from 'node:path';
import type { XeroEmulator } from '../emulator';

const FORMAT = 'dxc-xero-emulator-books';
const VERSION = 1;

interface Table {
  values(): unknown[];
  put(record: unknown): unknown;
}

interface BooksSnapshot {
  format: typeof FORMAT;
  version: number;
  savedAt: string;
  /** tenant id → table name → records */
  organisations: Record<string, Record<string, unknown[]>>;
}

export interface PersistedBooks {
  /** Path of the JSON file. */
  readonly file: string;
  /** How many records were loaded at start (0 for a new file). */
  readonly loaded: number;
  /** Writes the books now. */
  save(): void;
  /** Writes the books one last time and stops following changes. */
  close(): void;
}

export class BooksFileError extends Error {}

/** The record tables of one organisation's books (OrganisationBooks.store), checked at run time. */
function tablesOf(emulator: XeroEmulator, tenantId: string): Record<string, Table> {
  const store = (emulator.books(tenantId) as unknown as { store?: Record<string, Table> }).store;
  if (!store || typeof store !== 'object')
    throw new BooksFileError(`the books of organisation ${tenantId} have no record tables to persist`);
  return store;
}

/** Dates (createdDateUtc, updatedDateUtc…) survive the round trip as `{"$date": ISO}`. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const date = (value as { $date?: unknown }).$date;
    if (keys.length === 1 && typeof date === 'string') return new Date(date);
  }
  return value;
}

function readSnapshot(file: string): BooksSnapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'), reviver);
  } catch (error) {
    throw new BooksFileError(
      `${file} is not readable JSON (${(error as Error).message}); delete it to start with fresh books`,
    );
  }
  const snapshot = parsed as Partial<BooksSnapshot>;
  if (
    snapshot?.format !== FORMAT ||
    snapshot.version !== VERSION ||
    typeof snapshot.organisations !== 'object'
  ) {
    throw new BooksFileError(
      `${file} is not a version ${VERSION} ${FORMAT} file; delete it to start with fresh books`,
    );
  }
  return snapshot as BooksSnapshot;
}

function restore(emulator: XeroEmulator, file: string, snapshot: BooksSnapshot): number {
  const known = new Set(emulator.organisations.map((o) => o.tenantId));
  let count = 0;
  for (const [tenantId, tables] of Object.entries(snapshot.organisations)) {
    if (!known.has(tenantId)) {
      throw new BooksFileError(
        `${file} holds books of organisation ${tenantId}, which this emulator does not have; ` +
          'delete the file to start with fresh books',
      );
    }
    const store = tablesOf(emulator, tenantId);
    for (const [name, records] of Object.entries(tables)) {
      const table = store[name];
      if (!table || !Array.isArray(records)) {
        throw new BooksFileError(
          `${file}: organisation ${tenantId} has a table '${name}' these books do not know; ` +
            'delete the file to start with fresh books',
        );
      }
      for (const record of records) table.put(record);
      count += records.length;
    }
  }
  return count;
}

function snapshotOf(emulator: XeroEmulator): BooksSnapshot {
  const organisations: BooksSnapshot['organisations'] = {};
  for (const { tenantId } of emulator.organisations) {
    const tables: Record<string, unknown[]> = {};
    for (const [name, table] of Object.entries(tablesOf(emulator, tenantId))) tables[name] = table.values();
    organisations[tenantId] = tables;
  }
  return { format: FORMAT, version: VERSION, savedAt: new Date().toISOString(), organisations };
}

/**
 * Loads the books from `file` when it exists (before any request reaches the emulator), then keeps the file up to
 * date. Throws BooksFileError, naming the file, when it cannot be used.
 */
export function persistBooks(emulator: XeroEmulator, file: string): PersistedBooks {
  const existing = readSnapshot(file);
  const loaded = existing ? restore(emulator, file, existing) : 0;
  fs.mkdirSync(path.dirname(file), { recursive: true });

  const save = () => {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(snapshotOf(emulator), replacer));
    fs.renameSync(temp, file);
  };
  // One write per burst of changes (a batch of 50 invoices is 50 change reports in one turn of the event loop).
  let pending: NodeJS.Immediate | undefined;
  const onChange = () => {
    pending ??= setImmediate(() => {
      pending = undefined;
      save();
    });
  };
  const unsubscribe = emulator.organisations.map((o) => emulator.books(o.tenantId).onChange(onChange));
  let closed = false;
  return {
    file,
    loaded,
    save,
    close() {
      if (closed) return;
      closed = true;
      if (pending) clearImmediate(pending);
      for (const stop of unsubscribe) stop();
      save();
    },
  };
}
