/** The admin portal's sessions, one-time notices and sync runs (migrations 5 and 8). */
import type { Json, Timestamp } from '../sql/columns';

export interface AdminSessionsTable {
  id_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AdminNoticesTable {
  id: string;
  session_hash: string;
  sealed_payload: string;
  expires_at: Timestamp;
}

export interface SyncRunsTable {
  id: string;
  tenant_id: string;
  finished_at: Timestamp;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  failures: Json;
  error: string | null;
}

export interface PortalTables {
  admin_sessions: AdminSessionsTable;
  admin_notices: AdminNoticesTable;
  sync_runs: SyncRunsTable;
}
