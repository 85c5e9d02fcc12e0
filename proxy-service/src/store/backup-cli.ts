/**
 * `npm run backup -w proxy-service -- <file>` (in a production install: `node app/backup.js <file>`): an online
 * backup of the SQLite store in DATA_DIR while the proxy runs. Exit 0 with what was written, 1 when the backup
 * failed, 64 for a wrong command line, 78 when the store is PostgreSQL (back that up with pg_dump).
 */
import path from 'node:path';
import { BackupError, backupSqliteStore } from './sqlite-backup';

async function run(): Promise<number> {
  const [target, ...rest] = process.argv.slice(2);
  if (!target || rest.length > 0 || target.startsWith('-')) {
    process.stderr.write('Usage: backup <file>   (DATA_DIR says where proxy.db is; default ./data)\n');
    return 64; // EX_USAGE
  }
  if ((process.env.DATABASE_URL ?? '').trim() !== '') {
    process.stderr.write('DATABASE_URL is set: the store is PostgreSQL; back it up with pg_dump instead.\n');
    return 78; // EX_CONFIG
  }
  const source = path.join(path.resolve(process.env.DATA_DIR?.trim() || './data'), 'proxy.db');
  try {
    const done = await backupSqliteStore(source, path.resolve(target));
    process.stdout.write(
      `Backed up ${done.source} to ${done.target} (${done.pages} pages, ${done.bytes} bytes)\n`,
    );
    process.stdout.write(
      'Keep token-encryption.key (or TOKEN_ENCRYPTION_KEY) with it: without the key the tokens cannot be opened.\n',
    );
    return 0;
  } catch (error) {
    process.stderr.write(`Backup failed: ${error instanceof BackupError ? error.message : String(error)}\n`);
    return 1;
  }
}

void run().then((code) => process.exit(code));
