/**
 * Counters keyed by integers. `case_counters` held the area id, the day and the metric
 * name as texts in every row (about 90 bytes a row; a city of 10,000,000 cases keeps
 * hundreds of millions of rows). It now holds `(area_key, period, metric_key, n)`: 53-bit
 * hashes of the area id and of the metric name (department metrics negative), and the
 * period as `YYYYMMDD` or `YYYYMM` (about 30 bytes a row). Metric names are kept once in
 * `counter_metrics`. Existing counters are converted in batches. Frozen in time: never
 * imports app code (the hash below is the one of `server/domain/cases/counter-keys.ts`,
 * which must never change).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
const metricKey = (m: string) => (m.startsWith('dept:') ? -(cyrb53(m) || 1) : cyrb53(m) || 1);
const period = (d: string) => Number(d.replaceAll('-', ''));

interface OldRow {
  area_id: string;
  day: string;
  metric: string;
  n: number;
}

const BATCH = 5000;

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('case_counters').renameTo('case_counters_text').execute();
  await db.schema
    .createTable('case_counters')
    .addColumn('area_key', 'bigint', (c) => c.notNull())
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('metric_key', 'bigint', (c) => c.notNull())
    .addColumn('n', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_counters_key_pk', ['area_key', 'period', 'metric_key'])
    .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
  await db.schema
    .createTable('counter_metrics')
    .addColumn('key', 'bigint', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  const names = await sql<{
    metric: string;
  }>`select distinct metric from case_counters_text`.execute(db);
  for (let i = 0; i < names.rows.length; i += BATCH) {
    const part = names.rows.slice(i, i + BATCH);
    await sql`insert into counter_metrics (key, name) values ${sql.join(
      part.map((r) => sql`(${metricKey(r.metric)}, ${r.metric})`),
    )}`.execute(db);
  }

  // Keyset pages in key order; each page's rows summed by their new key first.
  let after: OldRow | null = null;
  for (;;) {
    const page: { rows: OldRow[] } = await sql<OldRow>`select area_id, day, metric, n
      from case_counters_text
      ${after ? sql`where (area_id, day, metric) > (${after.area_id}, ${after.day}, ${after.metric})` : sql``}
      order by area_id, day, metric limit ${BATCH}`.execute(db);
    if (page.rows.length === 0) break;
    const sums = new Map<string, [number, number, number, number]>();
    for (const r of page.rows) {
      const row: [number, number, number, number] = [
        cyrb53(r.area_id) || 1,
        period(r.day),
        metricKey(r.metric),
        Number(r.n),
      ];
      const key = `${row[0]}:${row[1]}:${row[2]}`;
      const seen = sums.get(key);
      if (seen) seen[3] += row[3];
      else sums.set(key, row);
    }
    await sql`insert into case_counters (area_key, period, metric_key, n) values ${sql.join(
      [...sums.values()].map((v) => sql`(${v[0]}, ${v[1]}, ${v[2]}, ${v[3]})`),
    )} on conflict (area_key, period, metric_key) do update set n = case_counters.n + excluded.n`.execute(
      db,
    );
    after = page.rows[page.rows.length - 1] as OldRow;
  }
  await db.schema.dropTable('case_counters_text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('case_counters_text')
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('n', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_counters_text_pk', ['area_id', 'day', 'metric'])
    .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
  // The keys back to names: area ids from the areas, metric names from the dictionary.
  const areas = await sql<{ id: string }>`select id from areas`.execute(db);
  const areaIds = new Map(areas.rows.map((r) => [cyrb53(r.id) || 1, r.id]));
  const metrics = await sql<{
    key: number;
    name: string;
  }>`select key, name from counter_metrics`.execute(db);
  const names = new Map(metrics.rows.map((r) => [Number(r.key), r.name]));
  const day = (p: number) => {
    const t = String(p);
    return p >= 10_000_000
      ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`
      : `${t.slice(0, 4)}-${t.slice(4, 6)}`;
  };
  let after: [number, number, number] | null = null;
  for (;;) {
    const page: { rows: { area_key: number; period: number; metric_key: number; n: number }[] } =
      await sql<{ area_key: number; period: number; metric_key: number; n: number }>`
      select area_key, period, metric_key, n from case_counters
      ${after ? sql`where (area_key, period, metric_key) > (${after[0]}, ${after[1]}, ${after[2]})` : sql``}
      order by area_key, period, metric_key limit ${BATCH}`.execute(db);
    if (page.rows.length === 0) break;
    const rows = page.rows.flatMap((r) => {
      const areaId = areaIds.get(Number(r.area_key));
      const metric = names.get(Number(r.metric_key));
      return areaId && metric
        ? [sql`(${areaId}, ${day(Number(r.period))}, ${metric}, ${Number(r.n)})`]
        : [];
    });
    if (rows.length > 0)
      await sql`insert into case_counters_text (area_id, day, metric, n) values ${sql.join(rows)}`.execute(
        db,
      );
    const last = page.rows[page.rows.length - 1] as {
      area_key: number;
      period: number;
      metric_key: number;
    };
    after = [Number(last.area_key), Number(last.period), Number(last.metric_key)];
  }
  await db.schema.dropTable('case_counters').execute();
  await db.schema.dropTable('counter_metrics').execute();
  await db.schema.alterTable('case_counters_text').renameTo('case_counters').execute();
}
