/**
 * Versioned schema migrations, one entry per version. Append only: never edit a released entry (stores record which
 * versions they applied in `schema_migrations`). Each entry's DDL is written once; the few column types that differ
 * come from `t` (TEXT on SQLite; TIMESTAMPTZ, DATE and JSONB on PostgreSQL). An entry whose SQL cannot be shared
 * may still give both texts.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

/** The column types and literals that differ by dialect. */
interface DialectDdl {
  timestamp: string;
  date: string;
  json: string;
  /** A JSON literal (a column default). */
  jsonValue(json: string): string;
  /** DDL only SQLite has (the SQLite store's refresh lease columns; PostgreSQL locks the row instead). */
  sqliteOnly(ddl: string): string;
}

const SQLITE_DDL: DialectDdl = {
  timestamp: 'TEXT',
  date: 'TEXT',
  json: 'TEXT',
  jsonValue: (json) => `'${json}'`,
  sqliteOnly: (ddl) => ddl,
};

const POSTGRES_DDL: DialectDdl = {
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
  json: 'JSONB',
  jsonValue: (json) => `'${json}'::jsonb`,
  sqliteOnly: () => '',
};

function bothDialects(version: number, name: string, ddl: (t: DialectDdl) => string): Migration {
  return { version, name, sqlite: ddl(SQLITE_DDL), postgres: ddl(POSTGRES_DDL) };
}

export const MIGRATIONS: readonly Migration[] = [
  bothDialects(
    1,
    'connections, api keys, oauth states, usage',
    (t) => `
      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL UNIQUE,
        tenant_name TEXT NOT NULL,
        short_code TEXT,
        base_currency TEXT,
        country_code TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('oauth', 'custom')),
        xero_connection_id TEXT,
        status TEXT NOT NULL DEFAULT 'Connected',
        status_reason TEXT,
        sealed_tokens TEXT NOT NULL,
        token_expires_at ${t.timestamp} NOT NULL,
        token_version INTEGER NOT NULL DEFAULT 1,${t.sqliteOnly(`
        refresh_lock_owner TEXT,
        refresh_lock_until TEXT,`)}
        created_at ${t.timestamp} NOT NULL,
        updated_at ${t.timestamp} NOT NULL,
        last_used_at ${t.timestamp},
        last_refresh_at ${t.timestamp}
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        prefix TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at ${t.timestamp} NOT NULL,
        revoked_at ${t.timestamp},
        last_used_at ${t.timestamp}
      );
      CREATE INDEX api_keys_connection ON api_keys(connection_id);
      CREATE TABLE oauth_states (
        state TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        sealed_payload TEXT NOT NULL,
        expires_at ${t.timestamp} NOT NULL
      );
      CREATE TABLE usage (
        tenant_id TEXT NOT NULL,
        day ${t.date} NOT NULL,
        calls INTEGER NOT NULL DEFAULT 0,
        rate_limited INTEGER NOT NULL DEFAULT 0,
        last_headers ${t.json} NOT NULL DEFAULT ${t.jsonValue('{}')},
        PRIMARY KEY (tenant_id, day)
      );`,
  ),
  bothDialects(
    2,
    'invoice sync ledger and write intent journal',
    (t) => `
      CREATE TABLE invoice_ledger (
        tenant_id TEXT NOT NULL,
        invoice_id TEXT NOT NULL,
        xero_invoice_id TEXT NOT NULL,
        entry TEXT NOT NULL,
        cancellation TEXT,
        updated_at ${t.timestamp} NOT NULL,
        PRIMARY KEY (tenant_id, invoice_id)
      );
      CREATE INDEX invoice_ledger_xero ON invoice_ledger(tenant_id, xero_invoice_id);
      CREATE TABLE contact_ledger (
        tenant_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        xero_contact_id TEXT NOT NULL,
        updated_at ${t.timestamp} NOT NULL,
        PRIMARY KEY (tenant_id, customer_id)
      );
      CREATE TABLE item_ledger (
        tenant_id TEXT NOT NULL,
        code_key TEXT NOT NULL,
        code TEXT NOT NULL,
        PRIMARY KEY (tenant_id, code_key)
      );
      CREATE TABLE sync_intents (
        tenant_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        purpose TEXT NOT NULL,
        invoices TEXT NOT NULL,
        created_at ${t.timestamp} NOT NULL,
        completed_at ${t.timestamp},
        PRIMARY KEY (tenant_id, idempotency_key)
      );
      CREATE INDEX sync_intents_pending ON sync_intents(tenant_id) WHERE completed_at IS NULL;`,
  ),
  bothDialects(
    3,
    'webhook events, invoice change subscriptions, notification outbox',
    (t) => `
      CREATE TABLE webhook_events (
        event_key TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        event_category TEXT NOT NULL,
        event_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        event_date_utc TEXT NOT NULL,
        received_at ${t.timestamp} NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at ${t.timestamp},
        processed_at ${t.timestamp},
        outcome TEXT,
        invoice_status TEXT,
        last_error TEXT
      );
      CREATE INDEX webhook_events_due ON webhook_events(next_attempt_at) WHERE processed_at IS NULL;
      CREATE INDEX webhook_events_resource ON webhook_events(tenant_id, resource_id, processed_at);
      CREATE TABLE invoice_subscriptions (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        tenant_id TEXT NOT NULL,
        callback_url TEXT NOT NULL,
        event_types TEXT NOT NULL DEFAULT '[]',
        created_at ${t.timestamp} NOT NULL,
        deleted_at ${t.timestamp},
        delete_reason TEXT
      );
      CREATE INDEX invoice_subscriptions_tenant ON invoice_subscriptions(tenant_id) WHERE deleted_at IS NULL;
      CREATE TABLE webhook_outbox (
        id TEXT PRIMARY KEY,
        subscription_id TEXT NOT NULL REFERENCES invoice_subscriptions(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        callback_url TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at ${t.timestamp},
        created_at ${t.timestamp} NOT NULL,
        delivered_at ${t.timestamp},
        failed_at ${t.timestamp},
        last_status INTEGER,
        last_error TEXT,
        UNIQUE (subscription_id, event_id)
      );
      CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;`,
  ),
  bothDialects(
    4,
    'work leases (one instance at a time per organisation)',
    (t) => `
      CREATE TABLE work_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at ${t.timestamp} NOT NULL,
        expires_at ${t.timestamp} NOT NULL
      );`,
  ),
  bothDialects(
    5,
    'admin sessions (signing out ends the session on every instance)',
    (t) => `
      CREATE TABLE admin_sessions (
        id_hash TEXT PRIMARY KEY,
        created_at ${t.timestamp} NOT NULL,
        expires_at ${t.timestamp} NOT NULL
      );
      CREATE INDEX admin_sessions_expiry ON admin_sessions(expires_at);`,
  ),
  bothDialects(
    6,
    'batched invoice change subscriptions (subscription kind, changes waiting for their batch)',
    (t) => `
      ALTER TABLE invoice_subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice'
        CHECK (kind IN ('invoice', 'batched'));
      ALTER TABLE invoice_subscriptions ADD COLUMN batch_in_flight TEXT;
      ALTER TABLE invoice_subscriptions ADD COLUMN next_batch_at ${t.timestamp};
      CREATE TABLE webhook_batch_changes (
        subscription_id TEXT NOT NULL REFERENCES invoice_subscriptions(id) ON DELETE CASCADE,
        event_key TEXT NOT NULL,
        xero_invoice_id TEXT NOT NULL,
        changed_at ${t.timestamp} NOT NULL,
        created_at ${t.timestamp} NOT NULL,
        outbox_id TEXT REFERENCES webhook_outbox(id) ON DELETE CASCADE,
        PRIMARY KEY (subscription_id, event_key)
      );
      CREATE INDEX webhook_batch_changes_waiting ON webhook_batch_changes(subscription_id, changed_at)
        WHERE outbox_id IS NULL;
      CREATE INDEX webhook_batch_changes_outbox ON webhook_batch_changes(outbox_id);`,
  ),
  // Every key issued before keeps exactly the organisation it had: its grant is copied from api_keys.connection_id.
  bothDialects(
    7,
    'API keys granted several organisations; a trigger subscription spanning them',
    () => `
      CREATE TABLE api_key_grants (
        api_key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        PRIMARY KEY (api_key_id, connection_id)
      );
      CREATE INDEX api_key_grants_connection ON api_key_grants(connection_id);
      INSERT INTO api_key_grants (api_key_id, connection_id) SELECT id, connection_id FROM api_keys;
      ALTER TABLE invoice_subscriptions ADD COLUMN group_id TEXT;
      CREATE INDEX invoice_subscriptions_group ON invoice_subscriptions(group_id);`,
  ),
  bothDialects(
    8,
    'admin portal: one-time notices (a new API key shown once) and sync runs (the sync activity page)',
    (t) => `
      CREATE TABLE admin_notices (
        id TEXT PRIMARY KEY,
        session_hash TEXT NOT NULL,
        sealed_payload TEXT NOT NULL,
        expires_at ${t.timestamp} NOT NULL
      );
      CREATE INDEX admin_notices_expiry ON admin_notices(expires_at);
      CREATE TABLE sync_runs (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        finished_at ${t.timestamp} NOT NULL,
        total INTEGER NOT NULL,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        failures ${t.json} NOT NULL DEFAULT ${t.jsonValue('[]')},
        error TEXT
      );
      CREATE INDEX sync_runs_tenant ON sync_runs(tenant_id, finished_at);`,
  ),
];
