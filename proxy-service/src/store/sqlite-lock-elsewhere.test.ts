/**
 * Another process holding SQLite's write lock must not freeze the proxy: better-sqlite3 is synchronous, so the
 * store waits for the lock asynchronously. A child process holds the lock; the proxy keeps answering, and the write
 * that waited completes once the lock is released.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import type { SqliteStore } from './sqlite-store';
import type { Harness } from '../test-support/proxy-harness';
import { startHarness } from '../test-support/proxy-harness';

jest.setTimeout(120_000);

/** A child process that takes the write lock (BEGIN IMMEDIATE) and commits when told to. */
function holdWriteLock(file: string) {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    console.log('locked');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); console.log('released'); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script, file], {
    cwd: path.resolve(__dirname, '../..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const said = (word: string) =>
    new Promise<void>((resolve) => lines.on('line', (l) => l === word && resolve()));
  const locked = said('locked');
  return {
    locked,
    release: async () => {
      const released = said('released');
      child.stdin!.write('go\n');
      await released;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

let h: Harness;
afterAll(async () => h?.close());

test('a write lock held by another process: /healthz answers meanwhile, and the waiting write completes after', async () => {
  h = await startHarness();
  const { connection } = await h.connect();
  const store = h.proxy.services.store as SqliteStore;
  const lock = holdWriteLock(path.join(h.dataDir, 'proxy.db'));
  try {
    await lock.locked;

    // A signed Xero webhook: the proxy stores its events before answering.
    const body = JSON.stringify({
      events: [
        {
          resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/0b3f5b4c-1111-4c1e-9f00-000000000001',
          resourceId: '0b3f5b4c-1111-4c1e-9f00-000000000001',
          eventDateUtc: '2026-01-01T10:00:00.000',
          eventType: 'UPDATE',
          eventCategory: 'INVOICE',
          tenantId: connection.tenantId,
          tenantType: 'ORGANISATION',
        },
      ],
      firstEventSequence: 1,
      lastEventSequence: 1,
      entropy: 'LOCKTEST',
    });
    const signature = createHmac('sha256', h.env.XERO_WEBHOOK_KEY!).update(body).digest('base64');
    let settled = false;
    const write = fetch(`${h.url}/webhooks/xero`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-xero-signature': signature },
      body,
    }).finally(() => (settled = true));

    // The write has met the lock (and is waiting without blocking): the proxy still answers.
    while (!(store.waitsForLock > 0)) await new Promise((r) => setTimeout(r, 10));
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(settled).toBe(false);

    await lock.release();
    expect((await write).status).toBe(200);
  } finally {
    lock.kill();
  }
});
