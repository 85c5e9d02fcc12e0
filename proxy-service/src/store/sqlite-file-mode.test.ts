/** The SQLite database is readable by the proxy's user only, however its folder and file came to exist. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from './sqlite-store';
import { newConnection } from '../test-support/store-backends';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the SQLite file mode', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-mode-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** Opens the store, writes a row (so the WAL files exist), and answers the modes of the three files. */
  const openAndWrite = async (file: string) => {
    const store = new SqliteStore(file);
    try {
      await store.migrate();
      await store.upsertConnection(newConnection(), new Date().toISOString());
      return [file, `${file}-wal`, `${file}-shm`].map(modeOf);
    } finally {
      await store.close();
    }
  };

  test('a new database in a folder that already exists is 0600, and so are its WAL files', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    expect(await openAndWrite(path.join(dir, 'proxy.db'))).toEqual([0o600, 0o600, 0o600]);
  });

  test('a database an older proxy left 0644 is tightened to 0600', async () => {
    const file = path.join(tempDir(), 'proxy.db');
    await openAndWrite(file);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o644);
    expect(modeOf(file)).toBe(0o644);
    expect(await openAndWrite(file)).toEqual([0o600, 0o600, 0o600]);
  });

  test('a data folder the store creates is 0700', async () => {
    const dir = path.join(tempDir(), 'data');
    await openAndWrite(path.join(dir, 'proxy.db'));
    expect(modeOf(dir)).toBe(0o700);
  });
});
