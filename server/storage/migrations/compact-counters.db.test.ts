import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { areaKey, metricKey } from '../../domain/cases/counter-keys.ts';
import { migrateToLatest } from '../database.ts';
import { createEmptyDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';
import { migrationProvider } from './index.ts';

const OLD = [
  ['area-1', '2026-11-29', 'reported', 3],
  ['area-1', '2026-11', 'reported', 5],
  ['area-1', '2026-11-29', 'dept:d-1:closed', 2],
  ['area-2', '2026-10-01', 'category:C0101', 1.5],
] as const;

describe.each(DIALECTS)('2026-11-29T1100-compact-counters on %s', (dialect) => {
  let test: TestDb | undefined;
  afterEach(async () => {
    await test?.drop();
    test = undefined;
  });

  it('turns text-keyed counters into integer keys and back, losing nothing', async () => {
    test = await createEmptyDb(dialect);
    const k = test.db.kysely;
    const migrator = new Migrator({ db: k, provider: migrationProvider });
    const before = await migrator.migrateTo('2026-11-29T1000-overdue-queue-index');
    expect(before.error).toBeUndefined();
    const now = new Date().toISOString();
    for (const id of ['area-1', 'area-2'])
      await sql`insert into areas (id, code, level, depth, name_zh, name_en, path, created_at, updated_at)
        values (${id}, ${id}, 'grid', 0, ${id}, ${id}, ${`/${id}/`}, ${now}, ${now})`.execute(k);
    for (const [area, day, metric, n] of OLD)
      await sql`insert into case_counters (area_id, day, metric, n)
        values (${area}, ${day}, ${metric}, ${n})`.execute(k);

    await migrateToLatest(test.db);
    const rows = await sql<{ area_key: string; period: number; name: string; n: number }>`
      select c.area_key, c.period, m.name, c.n from case_counters c
      join counter_metrics m on m.key = c.metric_key`.execute(k);
    const got = rows.rows
      .map((r) => [Number(r.area_key), Number(r.period), r.name, Number(r.n)])
      .sort((a, b) => String(a).localeCompare(String(b)));
    const want = OLD.map(([area, day, metric, n]) => [
      areaKey(area),
      Number(day.replaceAll('-', '')),
      metric,
      n,
    ]).sort((a, b) => String(a).localeCompare(String(b)));
    expect(got).toEqual(want);
    const dept = await sql<{ metric_key: string }>`select metric_key from case_counters
      where metric_key < 0`.execute(k);
    expect(dept.rows.map((r) => Number(r.metric_key))).toEqual([metricKey('dept:d-1:closed')]);

    // Down to the text keys again.
    const down = await migrator.migrateTo('2026-11-29T1000-overdue-queue-index');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('2026-11-29T1100-compact-counters');
    const back = await sql<{ area_id: string; day: string; metric: string; n: number }>`
      select area_id, day, metric, n from case_counters order by area_id, day, metric`.execute(k);
    expect(back.rows.map((r) => [r.area_id, r.day, r.metric, Number(r.n)])).toEqual(
      [...OLD].map((r) => [...r]).sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1)),
    );
  });
});
