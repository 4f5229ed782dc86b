/**
 * Work-queue latency: the first page (50) of `readCases.listCases` — the service behind
 * `GET /api/v1/cases` — for a dispatcher of the busiest street of the generated district,
 * filtered as a desk filters its queue (status `registered`: waiting for dispatch; and
 * overdue), on the same cities as the summary benchmark. The ceiling, timed in the same
 * loop, is the very SQL the service ran (captured from its first call: the scope-filtered
 * page and the co-departments of its cases) bare through better-sqlite3 prepared
 * statements on a second connection.
 */
import Database from 'better-sqlite3';
import { loadConfig } from '../server/config.ts';
import type { Actor } from '../server/domain/org/scope.ts';
import { openRuntime } from '../server/runtime.ts';
import type { ListQuery } from '../server/services/read-cases.ts';
import { benchEnv, cachedCity, type CachedCity } from './city-cache.ts';
import { bare, capture } from './capture-sql.ts';
import { percentile, round } from './support.ts';
import { citySizes } from './summary.bench.ts';

/** Timed calls and warm-up calls per size (a fifth with `--quick`). */
const RUNS = 300;
const WARM_UP = 30;

/** The filters the queue is timed with. */
const QUERIES: { name: string; query: ListQuery }[] = [
  { name: 'registered', query: { status: ['registered'], limit: 50 } },
  { name: 'overdue', query: { overdue: true, limit: 50 } },
];

/** Times both queues on one city. */
export async function timeQueue(city: CachedCity, quick = false) {
  const { db, services } = await openRuntime(loadConfig(benchEnv(city.dataDir)));
  const reader = new Database(city.file, { readonly: true });
  try {
    const streets = await services.stores.areas.listAllWithBoundaries();
    const district = streets.find((a) => a.code === city.districtCode);
    if (!district) throw new Error(`queue: district ${city.districtCode} is missing`);
    const ids = streets.filter((a) => a.level === 'street' && a.parentId === district.id);
    const open = reader.prepare(`select n from case_gauges where area_id = ? and metric = 'open'`);
    const street = ids
      .map((a) => ({ a, n: (open.get(a.id) as { n: number } | undefined)?.n ?? 0 }))
      .sort((x, y) => y.n - x.n)[0]?.a;
    if (!street) throw new Error('queue: the district has no streets');
    const actor: Actor = {
      userId: '00000000-0000-7000-8000-000000000000',
      login: 'bench-dispatcher',
      displayName: 'Bench dispatcher',
      grants: [
        {
          role: 'dispatcher',
          area: { id: street.id, code: street.code, path: street.path },
          department: null,
        },
      ],
      via: 'session',
    };
    const figures: Record<string, { p50: number; p95: number; ceilingP95: number; rows: number }> =
      {};
    for (const { name, query } of QUERIES) {
      // A first call loads the reference data, so the capture holds the queue's SQL only.
      await services.readCases.listCases(query, actor);
      const { result: first, statements } = await capture(() =>
        services.readCases.listCases(query, actor),
      );
      if (first.items.length === 0) throw new Error(`queue: the ${name} queue is empty`);
      if (first.items.some((c) => !c.areaPath.includes(street.id)))
        throw new Error(`queue: the ${name} queue shows a case outside the street`);
      const ceilingSql = bare(reader, statements);
      const service: number[] = [];
      const ceiling: number[] = [];
      const [runs, warmUp] = quick ? [RUNS / 5, WARM_UP / 5] : [RUNS, WARM_UP];
      for (let i = 0; i < warmUp + runs; i++) {
        let t = performance.now();
        await services.readCases.listCases(query, actor);
        if (i >= warmUp) service.push(performance.now() - t);
        t = performance.now();
        ceilingSql.run();
        if (i >= warmUp) ceiling.push(performance.now() - t);
      }
      figures[name] = {
        p50: round(percentile(service, 50)),
        p95: round(percentile(service, 95)),
        ceilingP95: round(percentile(ceiling, 95)),
        rows: first.items.length,
      };
    }
    return {
      cases: city.cases,
      street: street.code,
      registered: figures.registered as (typeof figures)[string],
      overdue: figures.overdue as (typeof figures)[string],
    };
  } finally {
    reader.close();
    await db.close();
  }
}

/** Runs the benchmark at both sizes (the cities are shared with the summary benchmark). */
export async function benchQueue(options: { quick?: boolean } = {}) {
  const [smallSize, largeSize] = citySizes(options.quick ?? false) as [
    { cases: number; cells: number },
    { cases: number; cells: number },
  ];
  return {
    small: await timeQueue(await cachedCity(smallSize), options.quick),
    large: await timeQueue(await cachedCity(largeSize), options.quick),
  };
}
