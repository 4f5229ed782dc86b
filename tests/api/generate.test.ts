import { CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runGenerate } from '../../server/cli/commands/generate.ts';
import { areaKey, FIRST_DAY_PERIOD } from '../../server/domain/cases/counter-keys.ts';
import { ConflictError, ValidationError } from '../../server/domain/errors.ts';
import { localDate } from '../../server/domain/calendar/working-hours.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const DAY = 86_400_000;

/** A stream that keeps what is written (the progress display). */
function memoryStream() {
  const chunks: string[] = [];
  return {
    chunks,
    stream: {
      write: (chunk: string) => {
        chunks.push(chunk);
        return true;
      },
    } as unknown as NodeJS.WritableStream,
  };
}

describe.each(DIALECTS)('civicgrid generate on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(() => t.close());

  /** The first row of `query` (with `?` placeholders, numbered for PostgreSQL). */
  const one = async <T>(query: string, ...params: unknown[]): Promise<T> => {
    let n = 0;
    const text = dialect === 'postgres' ? query.replace(/\?/g, () => `$${++n}`) : query;
    return (await t.test.db.kysely.executeQuery<T>(CompiledQuery.raw(text, params))).rows[0] as T;
  };
  const count = async (where: string, ...params: unknown[]) =>
    Number(
      (
        await one<{ n: number | string }>(
          `select count(*) as n from cases where ${where}`,
          ...params,
        )
      ).n,
    );
  const indexes = async () =>
    dialect === 'sqlite'
      ? (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and tbl_name in ('cases', 'case_departments') order by name`.execute(
            t.test.db.kysely,
          )
        ).rows.map((r) => r.name)
      : (
          await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where tablename in ('cases', 'case_departments') order by indexname`.execute(
            t.test.db.kysely,
          )
        ).rows.map((r) => r.name);

  it('makes a district and cases whose counters, gauges and summary agree with the cases', async () => {
    const before = await indexes();
    const lines: string[] = [];
    const progress = memoryStream();
    const result = await runGenerate(
      t.services,
      2,
      { cases: '600', cells: '60', seed: '3', searchIndex: true },
      { out: (line) => lines.push(line), progress: progress.stream },
    );
    expect(result.cases).toBe(600);
    expect(lines[0]).toMatch(/Generated district 990190: 6\d grid cells, 600 cases/);
    expect(progress.chunks.join('')).toMatch(/600 \/ 600 cases \(100\.0 %\), [\d,]+ cases\/s/);
    // The indexes dropped for the load are back.
    expect(await indexes()).toEqual(before);

    const district = await t.services.stores.areas.findByCode('990190');
    if (!district) throw new Error('the district was not made');
    const cells = await t.services.stores.areas.listAreas({ level: 'grid', limit: 1000 });
    const districtCells = cells.filter((c) => c.code.startsWith('990190-'));
    expect(districtCells.length).toBe(result.cells);
    expect(result.cells).toBeGreaterThanOrEqual(60);

    expect(await count('1 = 1')).toBe(600);
    expect(await count(`area_path like ?`, `%/${district.id}/%`)).toBe(600);
    const open = `status not in ('closed', 'rejected')`;
    const byStatus = Object.entries(result.byStatus);
    for (const [status, n] of byStatus) expect(await count('status = ?', status)).toBe(n);
    expect(
      Number(
        (await one<{ n: number }>(`select count(*) as n from case_departments where role = 'lead'`))
          .n,
      ),
    ).toBe(await count('department_id is not null'));

    // Day counters, their monthly roll-ups, and gauges against a recount of the cases.
    const sums = async (areaId: string, monthly: boolean) => {
      const rows = (
        await sql<{ metric: string; n: number }>`select m.name as metric, sum(c.n) as n
          from case_counters c join counter_metrics m on m.key = c.metric_key
          where c.area_key = ${areaKey(areaId)}
          and c.period ${monthly ? sql`<` : sql`>=`} ${FIRST_DAY_PERIOD} group by m.name`.execute(
          t.test.db.kysely,
        )
      ).rows;
      return Object.fromEntries(rows.map((r) => [r.metric, Math.round(Number(r.n) * 1000) / 1000]));
    };
    const gauges = async (areaId: string) =>
      Object.fromEntries(
        (
          await sql<{
            metric: string;
            n: number;
          }>`select metric, n from case_gauges where area_id = ${areaId}`.execute(t.test.db.kysely)
        ).rows.map((r) => [r.metric, Number(r.n)]),
      );
    const city = district.path[0] as string;
    for (const areaId of [city, district.id]) {
      const days = await sums(areaId, false);
      expect(await sums(areaId, true)).toEqual(days);
      expect(days.reported).toBe(600);
      expect(days.closed).toBe(await count(`status = 'closed'`));
      expect(days.rejected).toBe(await count(`status = 'rejected'`));
      const g = await gauges(areaId);
      expect(g.open).toBe(await count(open));
      expect(g.overdue_open ?? 0).toBe(await count(`stage_overdue = 1 and ${open}`));
      for (const [status, n] of byStatus)
        if (status !== 'closed' && status !== 'rejected') expect(g[`status:${status}`]).toBe(n);
    }
    // Department figures, as the workflow keeps them once a case is dispatched.
    const districtDays = await sums(district.id, false);
    const districtGauges = await gauges(district.id);
    const departments = (
      await sql<{ department_id: string }>`select distinct department_id from cases
        where department_id is not null`.execute(t.test.db.kysely)
    ).rows.map((r) => r.department_id);
    expect(departments.length).toBeGreaterThan(1);
    const inHands = `(status in ('dispatched', 'in_progress', 'resolved', 'verified') or status = 'suspended')`;
    for (const d of departments) {
      expect(districtGauges[`dept:${d}:open`] ?? 0).toBe(
        await count(`department_id = ? and ${inHands}`, d),
      );
      expect(districtDays[`dept:${d}:closed`] ?? 0).toBe(
        await count(`department_id = ? and status = 'closed'`, d),
      );
      expect(districtDays[`dept:${d}:assigned`] ?? 0).toBe(
        await count(`department_id = ? and (${inHands} or status = 'closed')`, d),
      );
    }

    // Every cell's open gauge and reported counter, against its own cases.
    const perCell = (
      await sql<{ area_id: string; open: number; reported: number }>`select area_id,
          sum(case when status not in ('closed', 'rejected') then 1 else 0 end) as open,
          count(*) as reported
        from cases group by area_id`.execute(t.test.db.kysely)
    ).rows;
    expect(perCell.length).toBeGreaterThan(10);
    for (const row of perCell) {
      expect((await gauges(row.area_id)).open ?? 0).toBe(Number(row.open));
      expect((await sums(row.area_id, false)).reported).toBe(Number(row.reported));
    }

    // The summary over the year of the data, as the API answers it, matches a direct count.
    // The demo accounts' scope is the demo district: staff of the generated one read it.
    await t.services.createUser({
      login: 'city-admin',
      displayName: 'City admin',
      email: null,
      password: 'a-long-password',
      grants: [
        { role: 'admin', area: '990190' },
        { role: 'supervisor', area: '990190' },
      ],
    });
    const cookie = await t.signIn('city-admin', 'a-long-password');
    const from = localDate(new Date(Date.parse(result.endAt) - 365 * DAY), 'Asia/Shanghai');
    const to = localDate(new Date(Date.parse(result.endAt)), 'Asia/Shanghai');
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stats/summary?area=990190&from=${from}&to=${to}`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    const summary = response.json();
    expect(summary.reported).toBe(600);
    expect(summary.closed).toBe(await count(`status = 'closed'`));
    expect(summary.open).toBe(await count(open));
    expect(summary.overdueOpen).toBe(await count(`stage_overdue = 1 and ${open}`));

    // The cases are searchable and listed like any other.
    const found = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases?q=Synthetic%20case&limit=5',
      headers: { cookie },
    });
    expect(found.statusCode).toBe(200);
    expect(found.json().items).toHaveLength(5);

    // A second run refuses: the database holds cases now.
    await expect(
      runGenerate(
        t.services,
        2,
        { cases: '10', cells: '10', seed: '1', searchIndex: false },
        { out: () => undefined, progress: memoryStream().stream },
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await count('1 = 1')).toBe(600);
  }, 120_000);

  it('refuses counts that are not whole numbers in range, before writing anything', async () => {
    for (const [cases, cells] of [
      ['-5', '10'],
      ['ten', '10'],
      ['10', '0'],
      ['10', '2000000'],
      ['1.5', '10'],
    ] as const) {
      await expect(
        runGenerate(
          t.services,
          2,
          { cases, cells, seed: '1', searchIndex: false },
          { out: () => undefined, progress: memoryStream().stream },
        ),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await t.services.stores.areas.count()).toBe(0);
  });
});
