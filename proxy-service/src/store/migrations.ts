/**
 * Versioned schema migrations, one entry per version, each with its SQLite and PostgreSQL text. Append only:
 * never edit a released entry (stores record which versions they applied in `schema_migrations`).
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'connections, api keys, oauth states, usage',
    sqlite: `
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
        token_expires_at TEXT NOT NULL,
        token_version INTEGER NOT NULL DEFAULT 1,
        refresh_lock_owner TEXT,
        refresh_lock_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_used_at TEXT,
        last_refresh_at TEXT
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        prefix TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
      );
      CREATE INDEX api_keys_connection ON api_keys(connection_id);
      CREATE TABLE oauth_states (
        state TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        sealed_payload TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE TABLE usage (
        tenant_id TEXT NOT NULL,
        day TEXT NOT NULL,
        calls INTEGER NOT NULL DEFAULT 0,
        rate_limited INTEGER NOT NULL DEFAULT 0,
        last_headers TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (tenant_id, day)
      );`,
    postgres: `
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
        token_expires_at TIMESTAMPTZ NOT NULL,
        token_version INTEGER NOT NULL DEFAULT 1,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        last_used_at TIMESTAMPTZ,
        last_refresh_at TIMESTAMPTZ
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        prefix TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        revoked_at TIMESTAMPTZ,
        last_used_at TIMESTAMPTZ
      );
      CREATE INDEX api_keys_connection ON api_keys(connection_id);
      CREATE TABLE oauth_states (
        state TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        sealed_payload TEXT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE usage (
        tenant_id TEXT NOT NULL,
        day DATE NOT NULL,
        calls INTEGER NOT NULL DEFAULT 0,
        rate_limited INTEGER NOT NULL DEFAULT 0,
        last_headers JSONB NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (tenant_id, day)
      );`,
  },
  {
    version: 2,
    name: 'invoice sync ledger and write intent journal',
    sqlite: `
      CREATE TABLE invoice_ledger (
        tenant_id TEXT NOT NULL,
        invoice_id TEXT NOT NULL,
        xero_invoice_id TEXT NOT NULL,
        entry TEXT NOT NULL,
        cancellation TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, invoice_id)
      );
      CREATE INDEX invoice_ledger_xero ON invoice_ledger(tenant_id, xero_invoice_id);
      CREATE TABLE contact_ledger (
        tenant_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        xero_contact_id TEXT NOT NULL,
        updated_at TEXT NOT NULL,
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
        created_at TEXT NOT NULL,
        completed_at TEXT,
        PRIMARY KEY (tenant_id, idempotency_key)
      );
      CREATE INDEX sync_intents_pending ON sync_intents(tenant_id) WHERE completed_at IS NULL;`,
    postgres: `
      CREATE TABLE invoice_ledger (
        tenant_id TEXT NOT NULL,
        invoice_id TEXT NOT NULL,
        xero_invoice_id TEXT NOT NULL,
        entry TEXT NOT NULL,
        cancellation TEXT,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (tenant_id, invoice_id)
      );
      CREATE INDEX invoice_ledger_xero ON invoice_ledger(tenant_id, xero_invoice_id);
      CREATE TABLE contact_ledger (
        tenant_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        xero_contact_id TEXT NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
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
        created_at TIMESTAMPTZ NOT NULL,
        completed_at TIMESTAMPTZ,
        PRIMARY KEY (tenant_id, idempotency_key)
      );
      CREATE INDEX sync_intents_pending ON sync_intents(tenant_id) WHERE completed_at IS NULL;`,
  },
  {
    version: 3,
    name: 'webhook events, invoice change subscriptions, notification outbox',
    sqlite: `
      CREATE TABLE webhook_events (
        event_key TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        event_category TEXT NOT NULL,
        event_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        event_date_utc TEXT NOT NULL,
        received_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        processed_at TEXT,
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
        created_at TEXT NOT NULL,
        deleted_at TEXT,
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
        next_attempt_at TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        failed_at TEXT,
        last_status INTEGER,
        last_error TEXT,
        UNIQUE (subscription_id, event_id)
      );
      CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;`,
    postgres: `
      CREATE TABLE webhook_events (
        event_key TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        event_category TEXT NOT NULL,
        event_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        event_date_utc TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TIMESTAMPTZ,
        processed_at TIMESTAMPTZ,
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
        created_at TIMESTAMPTZ NOT NULL,
        deleted_at TIMESTAMPTZ,
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
        next_attempt_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL,
        delivered_at TIMESTAMPTZ,
        failed_at TIMESTAMPTZ,
        last_status INTEGER,
        last_error TEXT,
        UNIQUE (subscription_id, event_id)
      );
      CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;`,
  },
  {
    version: 4,
    name: 'work leases (one instance at a time per organisation)',
    sqlite: `
      CREATE TABLE work_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );`,
    postgres: `
      CREATE TABLE work_leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );`,
  },
  {
    version: 5,
    name: 'admin sessions (signing out ends the session on every instance)',
    sqlite: `
      CREATE TABLE admin_sessions (
        id_hash TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX admin_sessions_expiry ON admin_sessions(expires_at);`,
    postgres: `
      CREATE TABLE admin_sessions (
        id_hash TEXT PRIMARY KEY,
        created_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX admin_sessions_expiry ON admin_sessions(expires_at);`,
  },
  {
    version: 6,
    name: 'batched invoice change subscriptions (subscription kind, changes waiting for their batch)',
    sqlite: `
      ALTER TABLE invoice_subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice'
        CHECK (kind IN ('invoice', 'batched'));
      ALTER TABLE invoice_subscriptions ADD COLUMN batch_in_flight TEXT;
      ALTER TABLE invoice_subscriptions ADD COLUMN next_batch_at TEXT;
      CREATE TABLE webhook_batch_changes (
        subscription_id TEXT NOT NULL REFERENCES invoice_subscriptions(id) ON DELETE CASCADE,
        event_key TEXT NOT NULL,
        xero_invoice_id TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        outbox_id TEXT REFERENCES webhook_outbox(id) ON DELETE CASCADE,
        PRIMARY KEY (subscription_id, event_key)
      );
      CREATE INDEX webhook_batch_changes_waiting ON webhook_batch_changes(subscription_id, changed_at)
        WHERE outbox_id IS NULL;
      CREATE INDEX webhook_batch_changes_outbox ON webhook_batch_changes(outbox_id);`,
    postgres: `
      ALTER TABLE invoice_subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice'
        CHECK (kind IN ('invoice', 'batched'));
      ALTER TABLE invoice_subscriptions ADD COLUMN batch_in_flight TEXT;
      ALTER TABLE invoice_subscriptions ADD COLUMN next_batch_at TIMESTAMPTZ;
      CREATE TABLE webhook_batch_changes (
        subscription_id TEXT NOT NULL REFERENCES invoice_subscriptions(id) ON DELETE CASCADE,
        event_key TEXT NOT NULL,
        xero_invoice_id TEXT NOT NULL,
        changed_at TIMESTAMPTZ NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        outbox_id TEXT REFERENCES webhook_outbox(id) ON DELETE CASCADE,
        PRIMARY KEY (subscription_id, event_key)
      );
      CREATE INDEX webhook_batch_changes_waiting ON webhook_batch_changes(subscription_id, changed_at)
        WHERE outbox_id IS NULL;
      CREATE INDEX webhook_batch_changes_outbox ON webhook_batch_changes(outbox_id);`,
  },
  {
    version: 7,
    name: 'API keys granted several organisations; a trigger subscription spanning them',
    // Every key issued before keeps exactly the organisation it had: its grant is copied from api_keys.connection_id.
    sqlite: `
      CREATE TABLE api_key_grants (
        api_key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        PRIMARY KEY (api_key_id, connection_id)
      );
      CREATE INDEX api_key_grants_connection ON api_key_grants(connection_id);
      INSERT INTO api_key_grants (api_key_id, connection_id) SELECT id, connection_id FROM api_keys;
      ALTER TABLE invoice_subscriptions ADD COLUMN group_id TEXT;
      CREATE INDEX invoice_subscriptions_group ON invoice_subscriptions(group_id);`,
    postgres: `
      CREATE TABLE api_key_grants (
        api_key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        PRIMARY KEY (api_key_id, connection_id)
      );
      CREATE INDEX api_key_grants_connection ON api_key_grants(connection_id);
      INSERT INTO api_key_grants (api_key_id, connection_id) SELECT id, connection_id FROM api_keys;
      ALTER TABLE invoice_subscriptions ADD COLUMN group_id TEXT;
      CREATE INDEX invoice_subscriptions_group ON invoice_subscriptions(group_id);`,
  },
  {
    version: 8,
    name: 'admin portal: one-time notices (a new API key shown once) and sync runs (the sync activity page)',
    sqlite: `
      CREATE TABLE admin_notices (
        id TEXT PRIMARY KEY,
        session_hash TEXT NOT NULL,
        sealed_payload TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX admin_notices_expiry ON admin_notices(expires_at);
      CREATE TABLE sync_runs (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        total INTEGER NOT NULL,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        failures TEXT NOT NULL DEFAULT '[]',
        error TEXT
      );
      CREATE INDEX sync_runs_tenant ON sync_runs(tenant_id, finished_at);`,
    postgres: `
      CREATE TABLE admin_notices (
        id TEXT PRIMARY KEY,
        session_hash TEXT NOT NULL,
        sealed_payload TEXT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX admin_notices_expiry ON admin_notices(expires_at);
      CREATE TABLE sync_runs (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        finished_at TIMESTAMPTZ NOT NULL,
        total INTEGER NOT NULL,
        created INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        failures JSONB NOT NULL DEFAULT '[]'::jsonb,
        error TEXT
      );
      CREATE INDEX sync_runs_tenant ON sync_runs(tenant_id, finished_at);`,
  },
];
