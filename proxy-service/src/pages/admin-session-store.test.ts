/** The admin session table on both stores: sessions start, are looked up until they expire, and end. */
import { STORE_BACKENDS } from '../test-support/store-backends';
import type { OpenedStore } from '../test-support/store-backends';

describe.each(STORE_BACKENDS)('admin sessions on $name', (backend) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => {
    await opened.store.close();
    await opened.cleanup();
  });

  test('a session is active until it expires or ends, on every instance sharing the data', async () => {
    const sessions = opened.store.adminSessions;
    const other = opened.reopen();
    try {
      await sessions.create('hash-a', '2026-12-01T08:00:00.000Z', '2026-12-01T00:00:00.000Z');
      await sessions.create('hash-b', '2026-12-01T08:00:00.000Z', '2026-12-01T00:00:00.000Z');
      expect(await other.adminSessions.isActive('hash-a', '2026-12-01T07:59:59.999Z')).toBe(true);
      expect(await sessions.isActive('hash-a', '2026-12-01T08:00:00.000Z')).toBe(false);
      expect(await sessions.isActive('unknown', '2026-12-01T01:00:00.000Z')).toBe(false);

      await other.adminSessions.end('hash-a');
      expect(await sessions.isActive('hash-a', '2026-12-01T01:00:00.000Z')).toBe(false);
      expect(await sessions.isActive('hash-b', '2026-12-01T01:00:00.000Z')).toBe(true);
      await other.adminSessions.end('hash-a');

      // Starting a session forgets the expired ones (hash-b expired at 08:00).
      await sessions.create('hash-c', '2026-12-01T17:00:00.000Z', '2026-12-01T09:00:00.000Z');
      await sessions.create('hash-b', '2026-12-01T18:00:00.000Z', '2026-12-01T10:00:00.000Z');
      expect(await sessions.isActive('hash-b', '2026-12-01T10:00:00.000Z')).toBe(true);
    } finally {
      await other.close();
    }
  });
});
