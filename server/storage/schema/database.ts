/** The whole schema as Kysely sees it. */
import type { AreasTable, SettingsTable } from './areas.table.ts';
import type { CaseImportsTable } from './case-imports.table.ts';
import type { DutyShiftsTable } from './duty.table.ts';
import type {
  AttachmentsTable,
  AuditHeadTable,
  AuditLogTable,
  CalendarDaysTable,
  CaseCountersTable,
  CounterMetricsTable,
  CaseDepartmentsTable,
  CaseEventsTable,
  CaseGaugesTable,
  CasesTable,
  DataAccessLogTable,
  IdempotencyKeysTable,
  JobLocksTable,
  JobRunsTable,
  NotificationsTable,
  RoutingRulesTable,
  SlaPoliciesTable,
} from './cases.table.ts';
import type { CategoriesTable, DepartmentsTable } from './org.table.ts';
import type {
  DeadlineWarningsTable,
  OutboxAttemptsTable,
  OutboxTable,
  WebhooksTable,
} from './outbox.table.ts';
import type {
  ApiTokensTable,
  RoleAssignmentsTable,
  SessionsTable,
  UsersTable,
} from './users.table.ts';

export interface Database {
  areas: AreasTable;
  settings: SettingsTable;
  departments: DepartmentsTable;
  categories: CategoriesTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  cases: CasesTable;
  case_departments: CaseDepartmentsTable;
  case_events: CaseEventsTable;
  attachments: AttachmentsTable;
  idempotency_keys: IdempotencyKeysTable;
  sla_policies: SlaPoliciesTable;
  routing_rules: RoutingRulesTable;
  calendar_days: CalendarDaysTable;
  case_counters: CaseCountersTable;
  counter_metrics: CounterMetricsTable;
  case_gauges: CaseGaugesTable;
  notifications: NotificationsTable;
  audit_head: AuditHeadTable;
  audit_log: AuditLogTable;
  data_access_log: DataAccessLogTable;
  job_locks: JobLocksTable;
  case_imports: CaseImportsTable;
  job_runs: JobRunsTable;
  webhooks: WebhooksTable;
  outbox: OutboxTable;
  outbox_attempts: OutboxAttemptsTable;
  deadline_warnings: DeadlineWarningsTable;
  duty_shifts: DutyShiftsTable;
}
