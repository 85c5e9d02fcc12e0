/** Every table of the store, as Kysely sees it. A new table group: one file beside this one, added here. */
import type { Timestamp } from '../sql/columns';
import type { ConnectionTables } from './connections';
import type { InvoiceLedgerTables } from './invoice-ledger';
import type { PortalTables } from './portal';
import type { WebhookTables } from './webhooks';
import type { WorkLeaseTables } from './work-leases';

export interface SchemaMigrationsTable {
  version: number;
  name: string | null;
  applied_at: Timestamp | null;
}

export interface StoreTables
  extends ConnectionTables, InvoiceLedgerTables, WebhookTables, WorkLeaseTables, PortalTables {
  schema_migrations: SchemaMigrationsTable;
}
