/** Row types of the case lifecycle (migration 2026-11-29T0600-cases). */
export interface CasesTable {
  id: string;
  tracking_code: string;
  category_id: string;
  title: string;
  description: string;
  address: string | null;
  lat: number;
  lon: number;
  /** The duplicate check's map tile (`nearTile` in domain/cases/duplicates.ts). */
  near_tile: number | null;
  /** The owning area: the located cell, or an ancestor after escalation. */
  area_id: string;
  area_path: string;
  /** The deepest area containing the point, kept when ownership moves up. */
  located_area_id: string;
  priority: string;
  channel: string;
  status: string;
  /** The status to resume to while suspended. */
  suspended_from: string | null;
  department_id: string | null;
  handler_id: string | null;
  responsible_lead: string | null;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_email: string | null;
  reporter_consent: number;
  /** JSON object of the category's extra answers. */
  attributes: string;
  duplicate_of: string | null;
  satisfaction: string | null;
  answer: string | null;
  rework_count: number;
  supervised: number;
  escalations: number;
  /** The stage whose clock runs now (null when closed or rejected). */
  stage: string | null;
  stage_due_at: string | null;
  stage_overdue: number;
  /** When the overdue stage escalates by policy (null: not scheduled). */
  escalate_at: string | null;
  /** 1 once the case counted as "due for closure" (handled, or overdue unhandled). */
  due_counted: number;
  /** JSON `Deadlines`: per stage, due time, completion time and overdue flag. */
  deadlines: string;
  suspended_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface CaseDepartmentsTable {
  case_id: string;
  department_id: string;
  /** `lead` or `co`. */
  role: string;
}

export interface CaseEventsTable {
  id: string;
  case_id: string;
  /** transition, comment, assignment, deadline, escalation, supervision, notice. */
  kind: string;
  action: string | null;
  from_status: string | null;
  to_status: string | null;
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
  public: number;
  /** JSON object with the action's fields. */
  details: string;
  created_at: string;
}

export interface AttachmentsTable {
  id: string;
  sha256: string;
  media_type: string;
  size: number;
  file_name: string | null;
  case_id: string | null;
  event_id: string | null;
  uploaded_by: string | null;
  created_at: string;
}

export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  status: number;
  response: string;
  created_at: string;
}

export interface SlaPoliciesTable {
  id: string;
  /** Null for the default policy of a priority. */
  category_id: string | null;
  priority: string;
  register_minutes: number;
  dispatch_minutes: number;
  handle_minutes: number;
  verify_minutes: number;
  answer_minutes: number;
  /** Escalate automatically once a stage is this long overdue (null: never). */
  escalate_after_overdue_minutes: number | null;
}

export interface RoutingRulesTable {
  id: string;
  area_id: string;
  category_id: string;
  department_id: string;
}

export interface CalendarDaysTable {
  /** YYYY-MM-DD in the calendar's time zone. */
  date: string;
  /** `holiday` (no work on a weekday) or `workday` (a make-up working weekend day). */
  kind: string;
  name: string | null;
}

/** Counters keyed by integers (see `server/domain/cases/counter-keys.ts`). */
export interface CaseCountersTable {
  area_key: number;
  period: number;
  metric_key: number;
  n: number;
}

/** The names of the metric keys of `case_counters`. */
export interface CounterMetricsTable {
  key: number;
  name: string;
}

export interface CaseGaugesTable {
  area_id: string;
  metric: string;
  n: number;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  case_id: string | null;
  kind: string;
  message: string;
  /** JSON of the facts the message was worded from (NotificationParams); null on old rows. */
  params: string | null;
  created_at: string;
  read_at: string | null;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_login: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  /** Canonical JSON of the entry's details. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface DataAccessLogTable {
  id: string;
  at: string;
  actor_id: string;
  actor_login: string;
  case_id: string;
  /** JSON array of the personal fields shown. */
  fields: string;
  /** Why: the route that showed them. */
  route: string;
}

export interface JobLocksTable {
  name: string;
  holder: string;
  expires_at: string;
}

/** One run of a background job by one instance (the lock holder), kept for a day. */
export interface JobRunsTable {
  id: string;
  job: string;
  holder: string;
  started_at: string;
  finished_at: string | null;
  /** `ok` or `failed`; null while running. */
  outcome: string | null;
  /** The run's result as JSON (counts), or the error message of a failed run. */
  result: string | null;
}
