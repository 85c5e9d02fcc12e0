/** Named expiring leases shared by every instance on the database (migration 4). */
import type { Timestamp } from '../sql/columns';

export interface WorkLeasesTable {
  name: string;
  holder: string;
  host: string;
  pid: number;
  acquired_at: Timestamp;
  expires_at: Timestamp;
}

export interface WorkLeaseTables {
  work_leases: WorkLeasesTable;
}
