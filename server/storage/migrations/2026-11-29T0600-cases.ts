/**
 * The case lifecycle: cases and their timeline, departments per case, attachments,
 * idempotency keys, SLA policy, routing overrides, the working-hours calendar, counters
 * for indicators, notifications, the hash-chained audit log, the data-access log and job
 * locks. Frozen in time: never imports app code, never edited after release.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const pathType = pg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull().references('areas.id'))
    .addColumn('area_path', pathType, (c) => c.notNull())
    .addColumn('located_area_id', 'text', (c) => c.notNull().references('areas.id'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('suspended_from', 'text')
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('handler_id', 'text', (c) => c.references('users.id'))
    .addColumn('responsible_lead', 'text')
    .addColumn('reporter_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone', 'text')
    .addColumn('reporter_email', 'text')
    .addColumn('reporter_consent', 'integer', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('duplicate_of', 'text', (c) => c.references('cases.id'))
    .addColumn('satisfaction', 'text')
    .addColumn('answer', 'text')
    .addColumn('rework_count', 'integer', (c) => c.notNull())
    .addColumn('supervised', 'integer', (c) => c.notNull())
    .addColumn('escalations', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('stage_due_at', 'text')
    .addColumn('stage_overdue', 'integer', (c) => c.notNull())
    .addColumn('escalate_at', 'text')
    .addColumn('due_counted', 'integer', (c) => c.notNull())
    .addColumn('deadlines', 'text', (c) => c.notNull())
    .addColumn('suspended_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('cases_area_idx').on('cases').columns(['area_path', 'id']).execute();
  await db.schema.createIndex('cases_status_idx').on('cases').columns(['status', 'id']).execute();
  await db.schema
    .createIndex('cases_department_idx')
    .on('cases')
    .columns(['department_id', 'id'])
    .execute();
  await db.schema
    .createIndex('cases_category_idx')
    .on('cases')
    .columns(['category_id', 'created_at'])
    .execute();
  // The duplicate check looks for a category's cases in a small box: a range on latitude.
  await db.schema
    .createIndex('cases_near_idx')
    .on('cases')
    .columns(['category_id', 'lat', 'lon'])
    .execute();
  await db.schema
    .createIndex('cases_due_idx')
    .on('cases')
    .columns(['stage_overdue', 'stage_due_at'])
    .execute();
  await db.schema.createIndex('cases_escalate_idx').on('cases').column('escalate_at').execute();
  await db.schema
    .createIndex('cases_handler_idx')
    .on('cases')
    .columns(['handler_id', 'id'])
    .execute();

  await db.schema
    .createTable('case_departments')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_departments_pk', ['case_id', 'department_id'])
    .execute();
  await db.schema
    .createIndex('case_departments_department_idx')
    .on('case_departments')
    .columns(['department_id', 'case_id'])
    .execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text')
    .addColumn('note', 'text')
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_events_case_idx')
    .on('case_events')
    .columns(['case_id', 'id'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('event_id', 'text', (c) => c.references('case_events.id'))
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_case_idx').on('attachments').column('case_id').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('register_minutes', 'integer', (c) => c.notNull())
    .addColumn('dispatch_minutes', 'integer', (c) => c.notNull())
    .addColumn('handle_minutes', 'integer', (c) => c.notNull())
    .addColumn('verify_minutes', 'integer', (c) => c.notNull())
    .addColumn('answer_minutes', 'integer', (c) => c.notNull())
    .addColumn('escalate_after_overdue_minutes', 'integer')
    .execute();
  await db.schema
    .createIndex('sla_policies_key_idx')
    .on('sla_policies')
    .columns(['category_id', 'priority'])
    .unique()
    .execute();

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_id', 'text', (c) => c.notNull().references('areas.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .execute();
  await db.schema
    .createIndex('routing_rules_key_idx')
    .on('routing_rules')
    .columns(['area_id', 'category_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .execute();

  await db.schema
    .createTable('case_counters')
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('n', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_counters_pk', ['area_id', 'day', 'metric'])
    // Counters are read by key range only: clustering them on the key halves a summary.
    .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
    .execute();

  await db.schema
    .createTable('case_gauges')
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_gauges_pk', ['area_id', 'metric'])
    .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'id'])
    .execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_head' as never)
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) } as never)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_login', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_subject_idx')
    .on('audit_log')
    .columns(['subject_type', 'subject_id'])
    .execute();

  await db.schema
    .createTable('data_access_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_login', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('data_access_log_case_idx')
    .on('data_access_log')
    .columns(['case_id', 'at'])
    .execute();

  await db.schema
    .createTable('job_locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  if (pg) {
    // Trigram search over Chinese and English text; needs the pg_trgm extension (contrib).
    // Without it, search still works as a scan; the index is an optimisation.
    await sql`do $$ begin
      create extension if not exists pg_trgm;
      create index cases_search_idx on cases using gin ((coalesce(title,'') || ' ' || description || ' ' || coalesce(address,'')) gin_trgm_ops);
    exception when others then raise notice 'pg_trgm unavailable: case search runs without an index';
    end $$`.execute(db);
  } else {
    await sql`create virtual table cases_fts using fts5(title, description, address, content='', tokenize='trigram')`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) await sql`drop table if exists cases_fts`.execute(db);
  for (const table of [
    'job_locks',
    'data_access_log',
    'audit_log',
    'audit_head',
    'notifications',
    'case_gauges',
    'case_counters',
    'calendar_days',
    'routing_rules',
    'sla_policies',
    'idempotency_keys',
    'attachments',
    'case_events',
    'case_departments',
    'cases',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
