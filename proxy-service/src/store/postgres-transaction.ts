import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on one pooled client inside BEGIN … COMMIT, rolling back when it throws. Row locks taken inside
 * (FOR UPDATE, SKIP LOCKED) are held until the end, which is what the refresh lock, the ledger and the outbox rely on.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
