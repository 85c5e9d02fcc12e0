/**
 * The embedded default store: one SQLite file (better-sqlite3, WAL mode). Synchronous driver, async interface.
 * Its reads and writes are SqlStore's; here: opening the file, migrating, and the token refresh lease.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqlInvoiceLedger } from './invoice-ledger/sql-invoice-ledger';
import { AdminNoticeTables } from './portal/admin-notices';
import { AdminSessionTables } from './portal/admin-sessions';
import { SyncActivityTables } from './portal/sync-activity';
import { SqlWebhookStore } from './webhooks/sql-webhook-store';
import { WorkLeaseTables } from './work-lease-tables';
import { connectionFromRow } from './connection-rows';
import { MIGRATIONS } from './migrations';
import { isSqliteBusy, retryingWhenBusy, SQLITE_BUSY_TIMEOUT_MS, untilNotBusy } from './sqlite-busy';
import { sqliteStoreDatabase } from './sql/store-database';
import { SqlStore, writeTokens } from './sql-store';
import type { ConnectionRecord, TokenWrite } from './store';

type Row = Record<string, unknown>;

/** How long a refresh lease is valid; longer than any refresh call (Xero HTTP timeout) so it never lapses mid-refresh. */
const LEASE_MS = 60_000;
const LEASE_POLL_MS = 25;
const LEASE_WAIT_MS = 70_000;

/**
 * The database holds sealed tokens, API key hashes and the invoice ledger: readable by the proxy's user only.
 * The file is created 0600 before SQLite opens it (SQLite creates its -wal and -shm files with the database's
 * mode), and a file an older proxy left 0644 is tightened, whether or not the folder already existed.
 */
function ownerOnly(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') ownerOnly(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: no fsync per commit (a power cut may lose the last commits, never corrupts the file). Usage
  // counters and last-used stamps are written on every call; token writes are rare and retried by Xero's grace.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process holding the write lock: SQLite waits only briefly (it blocks the event loop meanwhile);
  // longer waits are asynchronous (sqlite-busy.ts).
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return db;
}

export class SqliteStore extends SqlStore {
  readonly kind = 'sqlite' as const;
  private readonly sqlite: Database.Database;

  private readonly waits: { count: number };

  constructor(file: string) {
    const sqlite = openDatabase(file);
    const waits = { count: 0 };
    const counted = () => void (waits.count += 1);
    const database = sqliteStoreDatabase(sqlite);
    super(database, {
      webhooks: retryingWhenBusy(new SqlWebhookStore(database), counted),
      invoiceLedger: retryingWhenBusy(new SqlInvoiceLedger(database), counted),
      leases: retryingWhenBusy(new WorkLeaseTables(database), counted),
      adminSessions: new AdminSessionTables(database),
      adminNotices: retryingWhenBusy(new AdminNoticeTables(database), counted),
      syncActivity: retryingWhenBusy(new SyncActivityTables(database), counted),
    });
    this.sqlite = sqlite;
    this.waits = waits;
    // Every method is one statement or one transaction, so one that failed busy can run again whole; the refresh
    // lock runs a Xero call between its statements and retries its own.
    return retryingWhenBusy(this, counted, ['withRefreshLock']);
  }

  /** How often a call found the database locked by another process and waited (without blocking). */
  get waitsForLock(): number {
    return this.waits.count;
  }

  async migrate(): Promise<void> {
    this.sqlite.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)',
    );
    const apply = this.sqlite.transaction(() => {
      const done = new Set(
        (this.sqlite.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) =>
          Number(r.version),
        ),
      );
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        this.sqlite.exec(m.sqlite);
        this.sqlite
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, new Date().toISOString());
      }
    });
    apply.immediate();
  }

  /**
   * A lease on the connection row (an open SQLite write transaction cannot span the refresh's await), claimed by
   * one conditional UPDATE. Each claim has its own owner token: the lease is not re-entrant, so two refreshes in
   * this process serialise too.
   */
  async withRefreshLock(
    connectionId: string,
    refresh: (current: ConnectionRecord) => Promise<TokenWrite | null>,
  ): Promise<ConnectionRecord> {
    const owner = randomUUID();
    const claim = async (now: Date): Promise<boolean> => {
      const claimed = await this.db
        .updateTable('connections')
        .set({
          refresh_lock_owner: owner,
          refresh_lock_until: new Date(now.getTime() + LEASE_MS).toISOString(),
        })
        .where('id', '=', connectionId)
        .where((eb) =>
          eb.or([
            eb('refresh_lock_owner', 'is', null),
            eb('refresh_lock_until', 'is', null),
            eb('refresh_lock_until', '<=', now.toISOString()),
          ]),
        )
        .executeTakeFirst();
      if (claimed.numUpdatedRows > 0n) return true;
      if (!(await this.getConnection(connectionId))) throw new Error(`Connection ${connectionId} not found`);
      return false;
    };
    const deadline = Date.now() + LEASE_WAIT_MS;
    const claimed = async () => {
      try {
        return await claim(new Date());
      } catch (error) {
        if (isSqliteBusy(error)) return false; // another process is writing: poll again, without blocking
        throw error;
      }
    };
    while (!(await claimed())) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for the token refresh lock of ${connectionId}`);
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
    }
    try {
      const current = (await this.getConnection(connectionId))!;
      const write = await refresh(current);
      if (write) await untilNotBusy(() => writeTokens(this.db, connectionId, write));
    } finally {
      await untilNotBusy(() =>
        this.db
          .updateTable('connections')
          .set({ refresh_lock_owner: null, refresh_lock_until: null })
          .where('id', '=', connectionId)
          .where('refresh_lock_owner', '=', owner)
          .execute(),
      );
    }
    return connectionFromRow(
      await this.db
        .selectFrom('connections')
        .selectAll()
        .where('id', '=', connectionId)
        .executeTakeFirstOrThrow(),
    );
  }
}
