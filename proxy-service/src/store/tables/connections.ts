/** Connected organisations, their API keys and grants, OAuth states and Xero usage (migrations 1 and 7). */
import type { Defaulted, Json, Timestamp } from '../sql/columns';

export interface ConnectionsTable {
  id: string;
  tenant_id: string;
  tenant_name: string;
  short_code: string | null;
  base_currency: string | null;
  country_code: string | null;
  kind: 'oauth' | 'custom';
  xero_connection_id: string | null;
  status: Defaulted<'Connected' | 'ReconnectNeeded'>;
  status_reason: string | null;
  sealed_tokens: string;
  token_expires_at: Timestamp;
  token_version: Defaulted<number>;
  /** SQLite only (PostgreSQL locks the row instead): the refresh lease. */
  refresh_lock_owner: string | null;
  refresh_lock_until: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_used_at: Timestamp | null;
  last_refresh_at: Timestamp | null;
}

export interface ApiKeysTable {
  id: string;
  connection_id: string;
  prefix: string;
  hash: string;
  label: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface ApiKeyGrantsTable {
  api_key_id: string;
  connection_id: string;
}

export interface OAuthStatesTable {
  state: string;
  purpose: 'authorize' | 'pick';
  sealed_payload: string;
  expires_at: Timestamp;
}

export interface UsageTable {
  tenant_id: string;
  /** YYYY-MM-DD (a DATE on PostgreSQL). */
  day: Timestamp;
  calls: Defaulted<number>;
  rate_limited: Defaulted<number>;
  last_headers: Json;
}

export interface ConnectionTables {
  connections: ConnectionsTable;
  api_keys: ApiKeysTable;
  api_key_grants: ApiKeyGrantsTable;
  oauth_states: OAuthStatesTable;
  usage: UsageTable;
}
