/** Row type of the duty schedule. */
export interface DutyShiftsTable {
  id: string;
  area_id: string;
  /** ISO instants in UTC; the end is exclusive. */
  starts_at: string;
  ends_at: string;
  primary_user_id: string;
  backup_user_id: string | null;
  note: string | null;
  /** Bumped by every change: the optimistic-concurrency check of a PATCH or DELETE. */
  version: number;
  /** When the officers were reminded that the shift starts soon (null: not yet). */
  reminded_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
