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
];
