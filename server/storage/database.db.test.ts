import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateDown, migrateToEmpty, migrateToLatest } from './database.ts';
import { createEmptyDb, DIALECTS, type TestDb } from '../../tests/support/databases.ts';

const TABLES = [
  'areas',
  'settings',
  'departments',
  'categories',
  'users',
  'role_assignments',
  'sessions',
  'api_tokens',
  'cases',
  'case_events',
  'audit_log',
  'data_access_log',
  'case_counters',
  'job_locks',
  'job_runs',
  'webhooks',
  'outbox',
  'outbox_attempts',
  'deadline_warnings',
  'case_imports',
  'duty_shifts',
];

async function tableNames(test: TestDb): Promise<string[]> {
  if (test.db.dialect === 'sqlite') {
    const { rows } = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table'`.execute(test.db.kysely);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(
    test.db.kysely,
  );
  return rows.map((r) => r.name);
}

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let test: TestDb | undefined;
  afterEach(async () => {
    await test?.drop();
    test = undefined;
  });

  it('run up, down and up again, leaving the same tables', async () => {
    test = await createEmptyDb(dialect);
    const first = await migrateToLatest(test.db);
    expect(first.length).toBeGreaterThan(0);
    const afterUp = await tableNames(test);
    for (const table of TABLES) expect(afterUp).toContain(table);

    await migrateToEmpty(test.db);
    const afterDown = await tableNames(test);
    for (const table of TABLES) expect(afterDown).not.toContain(table);

    const again = await migrateToLatest(test.db);
    expect(again).toEqual(first);
    expect((await tableNames(test)).sort()).toEqual(afterUp.sort());
    expect(await migrateToLatest(test.db)).toEqual([]);
  });

  it('reverts one step at a time', async () => {
    test = await createEmptyDb(dialect);
    const ran = await migrateToLatest(test.db);
    const down = await migrateDown(test.db);
    expect(down).toEqual([ran[ran.length - 1]?.replace(/^up/, 'down')]);
  });

  it('enforces foreign keys', async () => {
    test = await createEmptyDb(dialect);
    await migrateToLatest(test.db);
    const now = new Date().toISOString();
    await expect(
      test.db.kysely
        .insertInto('role_assignments')
        .values({
          id: 'r1',
          user_id: 'nobody',
          role: 'admin',
          area_id: null,
          department_id: null,
          created_at: now,
        })
        .execute(),
    ).rejects.toThrow();
  });
});
