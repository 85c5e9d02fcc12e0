/**
 * The online backup copies a consistent store while it is open and being written, and refuses what would lose data
 * (no store, or a target that already exists) with a message naming the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from './open-store';
import { BackupError, backupSqliteStore } from './sqlite-backup';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-backup-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const state = (n: number) => ({
  state: `state-${n}`,
  purpose: 'authorize' as const,
  sealedPayload: `sealed-${n}`,
  expiresAt: '2999-01-01T00:00:00.000Z',
});

test('a backup taken while the store is open and writing restores every committed row', async () => {
  const file = path.join(dir, 'proxy.db');
  const store = await openStore({ store: { kind: 'sqlite', file } });
  try {
    for (let n = 0; n < 200; n += 1) await store.saveOAuthState(state(n));
    // Writes keep coming while the backup runs; the copy holds at least every row committed before it started.
    const writing = (async () => {
      for (let n = 200; n < 400; n += 1) await store.saveOAuthState(state(n));
    })();
    const target = path.join(dir, 'backups', 'copy.db');
    const outcome = await backupSqliteStore(file, target);
    await writing;
    expect(outcome.pages).toBeGreaterThan(0);
    expect((fs.statSync(target).mode & 0o777).toString(8)).toBe('600');

    const restored = await openStore({ store: { kind: 'sqlite', file: target } });
    try {
      for (const n of [0, 99, 199]) {
        expect(await restored.takeOAuthState(`state-${n}`, '2026-01-01T00:00:00.000Z')).toMatchObject({
          sealedPayload: `sealed-${n}`,
        });
      }
    } finally {
      await restored.close();
    }
  } finally {
    await store.close();
  }
});

test('no store, or a target that exists, is refused naming the file; nothing is overwritten', async () => {
  await expect(backupSqliteStore(path.join(dir, 'missing.db'), path.join(dir, 'x.db'))).rejects.toThrow(
    new BackupError(`no store to back up: ${path.join(dir, 'missing.db')} does not exist`),
  );
  const source = path.join(dir, 'other.db');
  await (await openStore({ store: { kind: 'sqlite', file: source } })).close();
  const existing = path.join(dir, 'existing.db');
  fs.writeFileSync(existing, 'keep me');
  await expect(backupSqliteStore(source, existing)).rejects.toThrow(/already exists/);
  expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');
});
