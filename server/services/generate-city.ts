/**
 * A synthetic city for trials and benchmarks (`civicgrid generate`): a district of about
 * `cells` grid cells under the city, the demo's categories and departments (seeded when
 * the database is empty), and `cases` cases over the year before `endAt`, clustered
 * around hot spots, with the counters, monthly roll-ups and gauges the workflow would
 * have left. Cases are written cell by cell (community by community), so every counter
 * of a cell and of a community is written once, in key order; those of streets, the
 * district and the city are summed in memory and written at the end: the counters are
 * whole once the command has finished.
 */
import type { Area, Position } from '../domain/areas/area.ts';
import type { GridNumberWidth } from '../domain/areas/area-code.ts';
import { localDate } from '../domain/calendar/working-hours.ts';
import { areaKey, metricKey, periodOf } from '../domain/cases/counter-keys.ts';
import { monthOf } from '../domain/cases/indicators.ts';
import { ConflictError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import type { BulkCaseStore, CaseBatch } from '../storage/stores/bulk-case-store.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import { seededRandom } from './generate/seeded-random.ts';
import {
  synthesizeCase,
  type SyntheticCategory,
  type SyntheticCell,
} from './generate/synthetic-cases.ts';
import { buildSyntheticDistrict, latticeFor } from './generate/synthetic-district.ts';
import type { ReferenceDataCache } from './reference-data.ts';

/**
 * Bumped whenever the generator writes different data for the same options (the
 * benchmarks key their cached databases on it).
 */
export const GENERATOR_VERSION = 2;
/** The generated district's code (under the first city). */
export const GENERATED_DISTRICT_CODE = '990190';
export const MAX_CASES = 50_000_000;
export const MAX_CELLS = 1_000_000;
const DAY = 86_400_000;
const BATCH = 10_000;
const CELL_STEP = 0.001;

/** What `generate` is asked to make. */
export interface GenerateOptions {
  cases: number;
  cells: number;
  /** Same seed, same city (default 1). */
  seed?: number;
  /** The moment the data ends (default: now, to the hour). */
  endAt?: Date;
  /** Also fill the SQLite search index (default true). */
  searchIndex?: boolean;
  /** Called after each batch with the cases written so far. */
  onProgress?: (written: number, total: number) => void;
  /** Called when a phase starts (areas, cases, totals). */
  onPhase?: (phase: 'seed' | 'areas' | 'cases' | 'totals', detail: string) => void;
}

/** What was made. */
export interface GenerateResult {
  districtCode: string;
  cells: number;
  cases: number;
  /** Cases by status, and how many are open and overdue. */
  byStatus: Record<string, number>;
  endAt: string;
  seconds: number;
}

function checkCount(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ValidationError(`--${name} must be a whole number from ${min} to ${max}.`, [
      { field: `/${name}`, message: `must be a whole number from ${min} to ${max}` },
    ]);
}

/** Builds the generate use case. */
export function createGenerateCity(deps: {
  bulk: BulkCaseStore;
  areas: Pick<AreaStore, 'count' | 'listAllWithBoundaries'>;
  importAreas: (file: unknown) => Promise<{ created: number; updated: number }>;
  seedDemo: () => Promise<unknown>;
  reference: Pick<ReferenceDataCache, 'current' | 'invalidate'>;
  clock: Clock;
  gridNumberWidth: GridNumberWidth;
}) {
  /**
   * Makes the city.
   * @throws ValidationError for counts out of range or a database without a city.
   * @throws ConflictError when the database already holds cases.
   */
  return async function generateCity(options: GenerateOptions): Promise<GenerateResult> {
    checkCount('cases', options.cases, 0, MAX_CASES);
    checkCount('cells', options.cells, 1, MAX_CELLS);
    const started = performance.now();
    if (await deps.bulk.hasCases())
      throw new ConflictError(
        'The database already holds cases: generate writes a synthetic city into a database without cases.',
      );
    if ((await deps.areas.count()) === 0) {
      options.onPhase?.('seed', 'seeding the demo city (categories, departments, users)');
      await deps.seedDemo();
      deps.reference.invalidate();
    }
    const existing = await deps.areas.listAllWithBoundaries();
    const city = existing
      .filter((a) => a.level === 'city')
      .sort((a, b) => a.code.localeCompare(b.code))[0];
    if (!city)
      throw new ValidationError(
        'The database has areas but no city: generate adds its district under a city.',
      );
    const ref = await deps.reference.current();
    const categories: SyntheticCategory[] = ref.categories
      .filter((c) => !ref.parentCategoryIds.has(c.id))
      .map((c) => ({ id: c.id, code: c.code, departmentId: c.defaultDepartmentId }));
    if (categories.length === 0)
      throw new ValidationError('The database has no categories: seed or import them first.');

    // The district east of everything stored, so no point lies in two cells.
    let maxLon = -180;
    let minLat = 90;
    for (const a of existing) {
      for (const polygon of a.boundary ? polygonsOf(a) : []) {
        for (const [lon, lat] of polygon) {
          if (lon > maxLon) maxLon = lon;
          if (lat < minLat) minLat = lat;
        }
      }
    }
    const { cols, rows } = latticeFor(options.cells);
    const district = buildSyntheticDistrict({
      code: GENERATED_DISTRICT_CODE,
      cityCode: city.code,
      cols,
      rows,
      streetCols: 20,
      communityRows: 4,
      lon0: maxLon === -180 ? 116.5 : Math.ceil((maxLon + 0.01) * 100) / 100,
      lat0: minLat === 90 ? 39.9 : Math.floor(minLat * 100) / 100,
      step: CELL_STEP,
      gridNumberWidth: deps.gridNumberWidth,
      label: 'Synthetic',
      seed: options.seed ?? 1,
    });
    options.onPhase?.(
      'areas',
      `importing district ${GENERATED_DISTRICT_CODE}: ${district.cells.toLocaleString('en-US')} grid cells`,
    );
    await deps.importAreas(district.file);

    const areas = await deps.areas.listAllWithBoundaries();
    const districtArea = areas.find((a) => a.code === GENERATED_DISTRICT_CODE) as Area;
    const cells = areas
      .filter((a) => a.level === 'grid' && a.path.includes(districtArea.id) && a.boundary)
      .map((a) => toCell(a))
      .sort((a, b) => (a.community === b.community ? 0 : a.community < b.community ? -1 : 1));

    options.onPhase?.(
      'cases',
      `writing ${options.cases.toLocaleString('en-US')} cases over ${cells.length.toLocaleString('en-US')} cells`,
    );
    const endMs = options.endAt
      ? options.endAt.getTime()
      : Math.floor(deps.clock.now().getTime() / 3_600_000) * 3_600_000;
    const byStatus = await writeCases({
      bulk: deps.bulk,
      cells,
      categories,
      total: options.cases,
      endMs,
      timeZone: ref.calendar.timeZone,
      seed: options.seed ?? 1,
      searchIndex: options.searchIndex ?? true,
      onProgress: options.onProgress,
      onTotals: () =>
        options.onPhase?.('totals', 'writing the counters of streets, district, city'),
    });
    return {
      districtCode: GENERATED_DISTRICT_CODE,
      cells: cells.length,
      cases: options.cases,
      byStatus,
      endAt: new Date(endMs).toISOString(),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  };
}

function polygonsOf(area: Area): Position[][] {
  const g = area.boundary;
  if (!g) return [];
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

function toCell(a: Area): SyntheticCell & { community: string } {
  const ring = (polygonsOf(a)[0] ?? []) as Position[];
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return {
    id: a.id,
    path: a.path,
    pathText: `/${a.path.join('/')}/`,
    lon: (Math.min(...xs) + Math.max(...xs)) / 2,
    lat: (Math.min(...ys) + Math.max(...ys)) / 2,
    size: CELL_STEP,
    community: a.path[a.path.length - 2] ?? '',
  };
}

/**
 * How many cases each cell gets: a quiet background everywhere plus hot spots (market
 * streets, old housing estates) with a Gaussian fall-off, rounded so the total is exact.
 */
function casesPerCell(
  cells: readonly SyntheticCell[],
  total: number,
  rand: () => number,
): number[] {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const c of cells) {
    minLon = Math.min(minLon, c.lon);
    maxLon = Math.max(maxLon, c.lon);
    minLat = Math.min(minLat, c.lat);
    maxLat = Math.max(maxLat, c.lat);
  }
  const spanLon = Math.max(maxLon - minLon, CELL_STEP);
  const spanLat = Math.max(maxLat - minLat, CELL_STEP);
  const spots = Array.from(
    { length: Math.max(3, Math.round(Math.sqrt(cells.length) / 10)) },
    () => ({
      lon: minLon + rand() * spanLon,
      lat: minLat + rand() * spanLat,
      sigma: (0.02 + rand() * 0.06) * Math.max(spanLon, spanLat),
      weight: 2 + rand() * 18,
    }),
  );
  const weights = cells.map((c) => {
    let w = 0.3 + rand() * 0.4;
    for (const s of spots) {
      const d2 = (c.lon - s.lon) ** 2 + (c.lat - s.lat) ** 2;
      if (d2 < 9 * s.sigma * s.sigma) w += s.weight * Math.exp(-d2 / (2 * s.sigma * s.sigma));
    }
    return w;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byFraction = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0]);
  for (const [, i] of byFraction) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

/**
 * Counters of one area keyed by number: `period * METRICS + metric`, where the period is
 * a local day number, or `MONTHS + month number` for a monthly roll-up.
 */
type CounterMap = Map<number, number>;
const METRICS = 1024;
const MONTHS = 1_000_000;

/**
 * Appends `rows` to `into` one by one: a community's or a district's year can hold more
 * rows than `push(...rows)` may pass as arguments.
 */
function pushAll<T>(into: T[], rows: readonly T[]): void {
  for (const row of rows) into.push(row);
}

function addAll(into: CounterMap, from: CounterMap): void {
  for (const [key, n] of from) into.set(key, (into.get(key) ?? 0) + n);
}

/** Writes the cases community by community; returns the count by status. */
async function writeCases(input: {
  bulk: BulkCaseStore;
  cells: readonly (SyntheticCell & { community: string })[];
  categories: readonly SyntheticCategory[];
  total: number;
  endMs: number;
  timeZone: string;
  seed: number;
  searchIndex: boolean;
  onProgress?: (written: number, total: number) => void;
  onTotals: () => void;
}): Promise<Record<string, number>> {
  const { cells, categories, endMs } = input;
  const rand = seededRandom(input.seed * 7919 + 17);
  const perCell = casesPerCell(cells, input.total, rand);
  // Categories are not equally common: a few make most reports.
  const categoryCdf: number[] = [];
  let acc = 0;
  for (let i = 0; i < categories.length; i++) categoryCdf.push((acc += 1 / (1 + i * 0.15)));
  const pickCategory = () => {
    const x = rand() * acc;
    let i = categoryCdf.findIndex((c) => c > x);
    if (i < 0) i = categories.length - 1;
    return categories[i] as SyntheticCategory;
  };

  const metricNames: string[] = [];
  const metricIds = new Map<string, number>();
  const metricId = (name: string): number => {
    let id = metricIds.get(name);
    if (id === undefined) {
      id = metricNames.push(name) - 1;
      if (id >= METRICS) throw new Error('generate: too many distinct metrics');
      metricIds.set(name, id);
    }
    return id;
  };
  // Local days are found once per quarter hour (time zones move in quarter hours at most).
  const dayNumbers = new Map<number, number>();
  const periodNames = new Map<number, string>();
  const monthNumbers = new Map<number, number>();
  const dayNumberOf = (ms: number): number => {
    const q = Math.floor(ms / 900_000);
    let n = dayNumbers.get(q);
    if (n === undefined) {
      const day = localDate(new Date(q * 900_000), input.timeZone);
      n = Math.round(Date.parse(`${day}T00:00:00Z`) / DAY);
      dayNumbers.set(q, n);
      periodNames.set(n, day);
      const month = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
      monthNumbers.set(n, month);
      periodNames.set(MONTHS + month, monthOf(day));
    }
    return n;
  };
  const metricKeys: number[] = [];
  const periodKeys = new Map<number, number>();
  /** An area's counters as stored rows, in key order (period, then metric key). */
  const rowsOf = (areaId: string, map: CounterMap): [number, number, number, number][] => {
    const area = areaKey(areaId);
    const rows: [number, number, number, number][] = [];
    for (const [key, n] of map) {
      const p = Math.floor(key / METRICS);
      let period = periodKeys.get(p);
      if (period === undefined)
        periodKeys.set(p, (period = periodOf(periodNames.get(p) as string)));
      const m = key % METRICS;
      rows.push([area, period, (metricKeys[m] ??= metricKey(metricNames[m] as string)), n]);
    }
    return rows.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
  };
  const gaugeRowsOf = (areaId: string, map: Map<string, number>): [string, string, number][] =>
    [...map].map(([metric, n]) => [areaId, metric, n]);

  const startMs = endMs - 365 * DAY;
  const byStatus: Record<string, number> = {};
  // Streets, the district and the city: summed over the whole run, written at the end.
  const upper = new Map<string, { counters: CounterMap; gauges: Map<string, number> }>();
  const upperOf = (areaId: string) => {
    let u = upper.get(areaId);
    if (!u) upper.set(areaId, (u = { counters: new Map(), gauges: new Map() }));
    return u;
  };

  const restore = await input.bulk.begin({ searchIndex: input.searchIndex });
  try {
    const newBatch = (): CaseBatch => ({
      cases: [],
      departments: [],
      counters: [],
      metricNames,
      gauges: [],
    });
    let batch: CaseBatch = newBatch();
    let written = 0;
    let serial = 0;
    const flush = async () => {
      if (batch.cases.length + batch.counters.length + batch.gauges.length === 0) return;
      await input.bulk.write(batch);
      written += batch.cases.length;
      batch = newBatch();
      input.onProgress?.(written, input.total);
    };

    let i = 0;
    while (i < cells.length) {
      const first = cells[i] as SyntheticCell & { community: string };
      const communityId = first.community;
      const communityCounters: CounterMap = new Map();
      const communityGauges = new Map<string, number>();
      for (
        ;
        i < cells.length && (cells[i] as { community: string }).community === communityId;
        i++
      ) {
        const cell = cells[i] as SyntheticCell;
        const n = perCell[i] as number;
        const created = Array.from({ length: n }, () => startMs + Math.floor(rand() * 365 * DAY));
        created.sort((a, b) => a - b);
        const days: CounterMap = new Map();
        const gauges = new Map<string, number>();
        for (const createdMs of created) {
          const c = synthesizeCase({
            rand,
            serial: ++serial,
            createdMs,
            endMs,
            cell,
            category: pickCategory(),
          });
          byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
          batch.cases.push(c.row);
          if (c.departmentId) batch.departments.push([c.id, c.departmentId, 'lead']);
          for (const [ms, metric, k] of c.counts) {
            const key = dayNumberOf(ms) * METRICS + metricId(metric);
            days.set(key, (days.get(key) ?? 0) + k);
          }
          for (const metric of c.gauges) gauges.set(metric, (gauges.get(metric) ?? 0) + 1);
          if (batch.cases.length >= BATCH) await flush();
        }
        // The cell's days, and their monthly roll-ups.
        const cellCounters: CounterMap = new Map(days);
        for (const [key, k] of days) {
          const month =
            (MONTHS + (monthNumbers.get(Math.floor(key / METRICS)) as number)) * METRICS;
          const mk = month + (key % METRICS);
          cellCounters.set(mk, (cellCounters.get(mk) ?? 0) + k);
        }
        pushAll(batch.counters, rowsOf(cell.id, cellCounters));
        pushAll(batch.gauges, gaugeRowsOf(cell.id, gauges));
        addAll(communityCounters, cellCounters);
        for (const [metric, k] of gauges)
          communityGauges.set(metric, (communityGauges.get(metric) ?? 0) + k);
      }
      pushAll(batch.counters, rowsOf(communityId, communityCounters));
      pushAll(batch.gauges, gaugeRowsOf(communityId, communityGauges));
      for (const areaId of first.path.slice(0, -2)) {
        const u = upperOf(areaId);
        addAll(u.counters, communityCounters);
        for (const [metric, k] of communityGauges)
          u.gauges.set(metric, (u.gauges.get(metric) ?? 0) + k);
      }
      if (batch.cases.length >= BATCH / 2 || batch.counters.length >= BATCH * 10) await flush();
    }
    input.onTotals();
    for (const [areaId, u] of upper) {
      pushAll(batch.counters, rowsOf(areaId, u.counters));
      pushAll(batch.gauges, gaugeRowsOf(areaId, u.gauges));
      if (batch.counters.length >= BATCH * 10) await flush();
    }
    await flush();
  } finally {
    await restore();
  }
  return byStatus;
}
