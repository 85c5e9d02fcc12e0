import type { ProxyConfig } from '../config';
import { PostgresStore } from './postgres-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

/** Opens the configured store and brings its schema up to date. */
export async function openStore(
  config: Pick<ProxyConfig, 'store'> & Partial<Pick<ProxyConfig, 'database'>>,
): Promise<Store> {
  const store =
    config.store.kind === 'postgres'
      ? new PostgresStore(config.store.url, config.store.schema, config.database)
      : new SqliteStore(config.store.file);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
