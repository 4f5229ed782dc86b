import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { areaKey, FIRST_DAY_PERIOD } from '../../server/domain/cases/counter-keys.ts';
import { civicgrid, newDataDir } from '../support/cli.ts';

describe('civicgrid generate', () => {
  it('makes a city with progress on stderr, then refuses a second one', async () => {
    const dir = newDataDir();
    const made = await civicgrid(dir, 'generate', '--cases', '1,500', '--cells', '50');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/Generated district 990190: \d+ grid cells, 1,500 cases up to /);
    expect(made.stdout).toMatch(/By status: closed [\d,]+/);
    expect(made.stderr).toMatch(/seeding the demo city/);
    expect(made.stderr).toMatch(/1,500 \/ 1,500 cases \(100\.0 %\), [\d,]+ cases\/s, .* left/);

    const db = new Database(join(dir, 'civicgrid.sqlite'), { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const districtId = () =>
      (db.prepare(`select id from areas where code = '990190'`).get() as { id: string }).id;
    expect(count('select count(*) as n from cases')).toBe(1500);
    expect(
      count(
        `select sum(n) as n from case_counters c join counter_metrics m on m.key = c.metric_key
         where c.area_key = ${areaKey(districtId())} and m.name = 'reported' and c.period >= ${FIRST_DAY_PERIOD}`,
      ),
    ).toBe(1500);
    // The search index holds the generated cases (one row per case).
    expect(count(`select count(*) as n from cases_fts where cases_fts match '"Synthetic"'`)).toBe(
      1500,
    );
    db.close();

    const again = await civicgrid(dir, 'generate', '--cases', '10', '--cells', '10');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds cases/);
  }, 120_000);

  it('names a count that is not a whole number and writes nothing', async () => {
    const dir = newDataDir();
    const bad = await civicgrid(dir, 'generate', '--cases', 'lots');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--cases must be a whole number/);
    const big = await civicgrid(dir, 'generate', '--cells', '5000000');
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/--cells must be a whole number from 1 to 1000000/);
    const db = new Database(join(dir, 'civicgrid.sqlite'), { readonly: true });
    expect((db.prepare('select count(*) as n from areas').get() as { n: number }).n).toBe(0);
    db.close();
  }, 60_000);
});
