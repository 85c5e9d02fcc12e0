/** Row → record conversions of the connections and API keys, the same for both databases. */
import type { Selectable } from 'kysely';
import { isoOf, isoOrNull } from './sql/values';
import { grantsOf } from './store';
import type { ApiKeyRecord, ConnectionRecord } from './store';
import type { ApiKeysTable, ConnectionsTable } from './tables/connections';

export function connectionFromRow(row: Selectable<ConnectionsTable>): ConnectionRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    shortCode: row.short_code ?? null,
    baseCurrency: row.base_currency ?? null,
    countryCode: row.country_code ?? null,
    kind: row.kind,
    xeroConnectionId: row.xero_connection_id ?? null,
    status: row.status,
    statusReason: row.status_reason ?? null,
    sealedTokens: row.sealed_tokens,
    tokenExpiresAt: isoOf(row.token_expires_at),
    tokenVersion: Number(row.token_version),
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
    lastUsedAt: isoOrNull(row.last_used_at),
    lastRefreshAt: isoOrNull(row.last_refresh_at),
  };
}

/** An api_keys row joined with one of its grants (null: none) per row. */
export type ApiKeyGrantRow = Selectable<ApiKeysTable> & { granted: string | null };

/** Folds the key × grant rows into keys (in the rows' order), each with its grants, the issuing connection first. */
export function apiKeysFromRows(rows: readonly ApiKeyGrantRow[]): ApiKeyRecord[] {
  const keys = new Map<string, { row: ApiKeyGrantRow; grants: string[] }>();
  for (const row of rows) {
    const key = keys.get(row.id) ?? { row, grants: [] };
    if (row.granted != null) key.grants.push(row.granted);
    keys.set(row.id, key);
  }
  return [...keys.values()].map(({ row, grants }) => ({
    id: row.id,
    connectionId: row.connection_id,
    grantedConnectionIds: grantsOf({ connectionId: row.connection_id, grantedConnectionIds: grants.sort() }),
    prefix: row.prefix,
    hash: row.hash,
    label: row.label,
    createdAt: isoOf(row.created_at),
    revokedAt: isoOrNull(row.revoked_at),
    lastUsedAt: isoOrNull(row.last_used_at),
  }));
}
