import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on one pooled client inside BEGIN … COMMIT, rolling back when it throws. Row locks taken inside
 * (FOR UPDATE, SKIP LOCKED) are held until the end, which is what the refresh lock, the ledger and the outbox rely on.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
    throw error;
  } finally {
    // A connection that cannot even roll back (timed out, stalled, ended by the server) is released with the
    // error, so the pool drops it instead of handing it to the next request.
    client.release(broken);
  }
}
