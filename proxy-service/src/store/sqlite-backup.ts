/**
 * Online backup of the SQLite store: SQLite's backup API (through better-sqlite3's `backup()`) copies a consistent
 * snapshot page by page while the proxy keeps serving and writing; copying proxy.db with `cp` while it runs can
 * catch it between a write and its WAL checkpoint. Restore is the reverse with the proxy stopped (docs/deployment.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupOutcome {
  source: string;
  target: string;
  pages: number;
  bytes: number;
}

/** Copies the store at `source` to `target` (a new file, owner-only: it holds the sealed Xero tokens). */
export async function backupSqliteStore(source: string, target: string): Promise<BackupOutcome> {
  if (!fs.existsSync(source)) throw new BackupError(`no store to back up: ${source} does not exist`);
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists; choose a new file`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // Another process writing (the proxy) may hold the lock for a moment; wait for it like the proxy does.
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(target);
    fs.chmodSync(target, 0o600);
    const check = new Database(target, { readonly: true });
    try {
      const result = check.pragma('integrity_check', { simple: true });
      if (result !== 'ok')
        throw new BackupError(`the copy in ${target} failed SQLite's integrity check: ${String(result)}`);
    } finally {
      check.close();
    }
    return { source, target, pages: totalPages, bytes: fs.statSync(target).size };
  } finally {
    db.close();
  }
}
