/**
 * Indicator summary latency: the service call `stats.summary` (as
 * `GET /api/v1/stats/summary` makes it) for the generated district over the year of its
 * cases, timed beside a ceiling — the statements the service ran (captured from its
 * first call) bare through better-sqlite3 prepared statements — at two sizes of the same synthetic city (1,000,000 and
 * 10,000,000 cases over 100,000 grid cells; 5,000 and 50,000 over 5,000 cells with
 * `--quick`), to show that the cost does not grow with the number of cases.
 *
 * The cities are made by `civicgrid generate`'s code (`bench/city-cache.ts`) and kept
 * between runs. Before timing, the summary's reported, closed and open counts must equal
 * a direct count of the cases.
 */
import Database from 'better-sqlite3';
import { loadConfig } from '../server/config.ts';
import { localDate } from '../server/domain/calendar/working-hours.ts';
import type { Actor } from '../server/domain/org/scope.ts';
import { openRuntime } from '../server/runtime.ts';
import { benchEnv, cachedCity, type CachedCity } from './city-cache.ts';
import { bare, capture } from './capture-sql.ts';
import { percentile, round } from './support.ts';

/** Timed calls and warm-up calls per size (a fifth with `--quick`). */
const RUNS = 200;
const WARM_UP = 20;
const DAY = 86_400_000;

/** The sizes both city benchmarks time: 10× apart. */
export function citySizes(quick: boolean): { cases: number; cells: number }[] {
  return quick
    ? [
        { cases: 5_000, cells: 5_000 },
        { cases: 50_000, cells: 5_000 },
      ]
    : [
        { cases: 1_000_000, cells: 100_000 },
        { cases: 10_000_000, cells: 100_000 },
      ];
}

/** An admin of the generated district, as the services see a signed-in user. */
export function districtAdmin(district: { id: string; code: string; path: string[] }): Actor {
  return {
    userId: '00000000-0000-7000-8000-000000000001',
    login: 'bench-admin',
    displayName: 'Bench admin',
    grants: [
      {
        role: 'admin',
        area: { id: district.id, code: district.code, path: district.path },
        department: null,
      },
    ],
    via: 'session',
  };
}

/** Times the summary on one city. */
export async function timeSummary(city: CachedCity, quick = false) {
  const { db, services } = await openRuntime(loadConfig(benchEnv(city.dataDir)));
  const reader = new Database(city.file, { readonly: true });
  try {
    const district = await services.stores.areas.findByCode(city.districtCode);
    if (!district) throw new Error(`summary: district ${city.districtCode} is missing`);
    const actor = districtAdmin(district);
    const timeZone = (await services.reference.current()).calendar.timeZone;
    // The period covers every generated case: the year before the data's end.
    const endMs = Date.parse(city.endAt);
    const from = localDate(new Date(endMs - 365 * DAY), timeZone);
    const to = localDate(new Date(endMs), timeZone);

    const count = (where: string) =>
      (reader.prepare(`select count(*) as n from cases where ${where}`).get() as { n: number }).n;
    const want = {
      reported: count('1 = 1'),
      closed: count(`status = 'closed'`),
      open: count(`status not in ('closed', 'rejected')`),
    };
    const answer = await services.stats.summary(actor, { area: city.districtCode, from, to });
    const got = {
      reported: answer.summary.reported,
      closed: answer.summary.closed,
      open: answer.summary.open,
    };
    if (JSON.stringify(got) !== JSON.stringify(want))
      throw new Error(
        `summary: the cases count ${JSON.stringify(want)}, the summary says ${JSON.stringify(got)}`,
      );

    // The ceiling runs the very statements the service ran, bare.
    const { statements } = await capture(() =>
      services.stats.summary(actor, { area: city.districtCode, from, to }),
    );
    const ceilingSql = bare(reader, statements);
    if (ceilingSql.count === 0) throw new Error('summary: the service ran no statement');
    const service: number[] = [];
    const ceiling: number[] = [];
    const [runs, warmUp] = quick ? [RUNS / 5, WARM_UP / 5] : [RUNS, WARM_UP];
    for (let i = 0; i < warmUp + runs; i++) {
      let t = performance.now();
      await services.stats.summary(actor, { area: city.districtCode, from, to });
      if (i >= warmUp) service.push(performance.now() - t);
      t = performance.now();
      ceilingSql.run();
      if (i >= warmUp) ceiling.push(performance.now() - t);
    }
    const counterRows = (
      reader.prepare('select count(*) as n from case_counters').get() as { n: number }
    ).n;
    return {
      cases: city.cases,
      cells: city.cells,
      generatedS: city.generatedS,
      generatedNow: city.generatedNow,
      counterRows,
      from,
      to,
      p50: round(percentile(service, 50)),
      p95: round(percentile(service, 95)),
      ceilingP50: round(percentile(ceiling, 50)),
      ceilingP95: round(percentile(ceiling, 95)),
    };
  } finally {
    reader.close();
    await db.close();
  }
}

/** Runs the benchmark; returns p50/p95 of the summary and of its ceiling at both sizes. */
export async function benchSummary(options: { quick?: boolean } = {}) {
  const [smallSize, largeSize] = citySizes(options.quick ?? false) as [
    { cases: number; cells: number },
    { cases: number; cells: number },
  ];
  const small = await timeSummary(await cachedCity(smallSize), options.quick);
  const large = await timeSummary(await cachedCity(largeSize), options.quick);
  return { from: large.from, to: large.to, small, large, growth: round(large.p95 / small.p95) };
}
