/**
 * Indicator summary latency over a year of cases in the demo district: the service call
 * `stats.summary` (as `GET /api/v1/stats/summary` makes it) timed beside a ceiling — the
 * same two SQL queries bare through better-sqlite3 prepared statements — at two sizes in
 * the same run (1,000,000 and 10× fewer; 100,000 and 10,000 with `--quick`), to show that
 * the cost does not grow with the number of cases.
 *
 * Cases are written straight into `cases` in batches of 10,000, each batch in one
 * transaction with the day counters and gauges its cases imply, as the workflow would have
 * left them (a synthetic lifecycle: report, register or reject, dispatch, accept, resolve,
 * verify — sometimes failed and reworked — and close, with stage deadlines, late stages
 * marked overdue, suspensions, and recent cases still open). Timeline, audit, search and
 * department rows are not generated: the summary reads none of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../server/config.ts';
import { splitPeriod } from '../server/domain/cases/indicators.ts';
import { CLOSE_HOUR_BUCKETS } from '../server/domain/cases/transitions.ts';
import { formatTrackingCode } from '../server/domain/cases/tracking-code.ts';
import type { Position } from '../server/domain/areas/area.ts';
import type { Actor } from '../server/domain/org/scope.ts';
import { openRuntime } from '../server/runtime.ts';
import { sqliteFileIn } from '../server/storage/database.ts';
import { percentile, round, seededRandom } from './support.ts';

const DISTRICT_CODE = '990102';
const BATCH = 10_000;
const RUNS = 200;
const WARM_UP = 20;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Asia/Shanghai has kept UTC+8 all year since 1991: local days are fixed-offset buckets. */
const SHANGHAI_OFFSET = 8 * HOUR;
/** Wall-clock stand-ins for the default SLA of a normal case, per stage. */
const SLA_HOURS = { register: 8, dispatch: 16, handle: 72, verify: 24, answer: 48 } as const;
type Stage = keyof typeof SLA_HOURS;

/** The columns this generator fills, in insert order. */
const COLUMNS = [
  'id',
  'tracking_code',
  'category_id',
  'title',
  'description',
  'address',
  'lat',
  'lon',
  'area_id',
  'area_path',
  'located_area_id',
  'priority',
  'channel',
  'status',
  'suspended_from',
  'department_id',
  'handler_id',
  'responsible_lead',
  'reporter_user_id',
  'reporter_name',
  'reporter_phone',
  'reporter_email',
  'reporter_consent',
  'attributes',
  'duplicate_of',
  'satisfaction',
  'answer',
  'rework_count',
  'supervised',
  'escalations',
  'stage',
  'stage_due_at',
  'stage_overdue',
  'escalate_at',
  'due_counted',
  'deadlines',
  'suspended_at',
  'version',
  'created_at',
  'updated_at',
  'closed_at',
] as const;

interface Cell {
  id: string;
  /** Ids from the city down to the cell: where counters and gauges are kept. */
  path: string[];
  pathText: string;
  lon: number;
  lat: number;
}

interface CategoryPick {
  id: string;
  code: string;
  departmentId: string | null;
}

/** What the generated cases must add up to, for checking the summary's answer. */
interface Expected {
  reportedByDay: Map<string, number>;
  closedByDay: Map<string, number>;
  open: number;
}

/** Writes cases with their counters and gauges, batch by batch, in chronological order. */
function createGenerator(
  file: string,
  cells: readonly Cell[],
  categories: readonly CategoryPick[],
  endMs: number,
) {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  // A bulk load of synthetic data: durability of each batch does not matter here.
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -262144');
  const missing = (
    raw.prepare('pragma table_info(cases)').all() as {
      name: string;
      notnull: number;
      dflt_value: unknown;
    }[]
  ).filter(
    (c) =>
      c.notnull === 1 && c.dflt_value === null && !(COLUMNS as readonly string[]).includes(c.name),
  );
  if (missing.length > 0)
    throw new Error(
      `summary: cases has NOT NULL columns this generator does not fill: ${missing.map((c) => c.name).join(', ')}`,
    );
  const insertCase = raw.prepare(
    `insert into cases (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const addCounter = raw.prepare(
    `insert into case_counters (area_id, day, metric, n) values (?, ?, ?, ?)
     on conflict (area_id, day, metric) do update set n = case_counters.n + excluded.n`,
  );
  const addGauge = raw.prepare(
    `insert into case_gauges (area_id, metric, n) values (?, ?, ?)
     on conflict (area_id, metric) do update set n = case_gauges.n + excluded.n`,
  );

  const dayNames = new Map<number, string>();
  const dayOf = (ms: number): string => {
    const n = Math.floor((ms + SHANGHAI_OFFSET) / DAY);
    let name = dayNames.get(n);
    if (name === undefined) {
      name = new Date(n * DAY).toISOString().slice(0, 10);
      dayNames.set(n, name);
    }
    return name;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const expected: Expected = { reportedByDay: new Map(), closedByDay: new Map(), open: 0 };
  let serial = 0;

  /** Adds `count` cases created uniformly over the year before `endMs`. */
  function add(count: number, seed: number, progress: (done: number) => void): void {
    const rand = seededRandom(seed);
    const hours = (min: number, max: number) => (min + (max - min) * rand() * rand()) * HOUR;
    const startMs = endMs - 365 * DAY;
    const span = endMs - startMs;
    // Per batch: counters per cell (rolled up to ancestors at the flush) and gauges.
    let counters = new Map<string, number>();
    let gauges = new Map<string, number>();
    let rows: unknown[][] = [];

    const flush = raw.transaction(() => {
      for (const row of rows) insertCase.run(row);
      const rolled = new Map<string, number>();
      for (const [key, n] of counters) {
        const [cell, day, metric] = key.split('\u0000') as [string, string, string];
        for (const areaId of (cells[Number(cell)] as Cell).path) {
          // As the store does: the day's counter and its monthly roll-up.
          for (const key of [day, day.slice(0, 7)]) {
            const k = `${areaId}\u0000${key}\u0000${metric}`;
            rolled.set(k, (rolled.get(k) ?? 0) + n);
          }
        }
      }
      for (const [key, n] of rolled) addCounter.run(...key.split('\u0000'), n);
      for (const [key, n] of gauges) {
        const [cell, metric] = key.split('\u0000') as [string, string];
        for (const areaId of (cells[Number(cell)] as Cell).path) addGauge.run(areaId, metric, n);
      }
    });

    for (let i = 0; i < count; i++) {
      const cellIndex = Math.floor(rand() * cells.length);
      const cell = cells[cellIndex] as Cell;
      const category = categories[Math.floor(rand() * categories.length)] as CategoryPick;
      const created = startMs + Math.floor(((i + rand()) * span) / count);
      const count1 = (ms: number, metric: string, n = 1) => {
        const key = `${cellIndex}\u0000${dayOf(ms)}\u0000${metric}`;
        counters.set(key, (counters.get(key) ?? 0) + n);
      };
      const channel = rand() < 0.6 ? 'web' : rand() < 0.75 ? 'field' : 'phone';
      const priority = rand() < 0.04 ? 'high' : 'normal';
      count1(created, 'reported');
      count1(created, `category:${category.code}`);
      count1(created, `channel:${channel}`);
      expected.reportedByDay.set(
        dayOf(created),
        (expected.reportedByDay.get(dayOf(created)) ?? 0) + 1,
      );

      // The lifecycle, step by step, until a step would lie after the end of the data.
      const deadlines: Partial<
        Record<Stage, { due: string; doneAt: string | null; overdue: boolean }>
      > = {};
      // The running stage and its due time (an object: closures below change it).
      const clock: { stage: Stage | null; due: number } = { stage: null, due: 0 };
      let status = 'submitted';
      let version = 1;
      let at = created;
      let dueCounted = false;
      let reworks = 0;
      let satisfaction: string | null = null;
      let closedAt: number | null = null;
      let suspendedAt: number | null = null;
      const start = (s: Stage, ms: number) => {
        clock.stage = s;
        clock.due = ms + SLA_HOURS[s] * HOUR;
        deadlines[s] = { due: iso(clock.due), doneAt: null, overdue: false };
      };
      /** The running stage done at `ms`; a late one was marked overdue by the sweeper first. */
      const finish = (ms: number) => {
        const s = clock.stage as Stage;
        const late = ms > clock.due;
        if (late) markOverdue(s);
        deadlines[s] = { due: iso(clock.due), doneAt: iso(ms), overdue: late };
        count1(ms, `${s}_${late ? 'late' : 'on_time'}`);
        clock.stage = null;
      };
      const markOverdue = (s: Stage) => {
        count1(clock.due, `overdue_${s}`);
        version++;
        if (s === 'handle' && !dueCounted) {
          dueCounted = true;
          count1(clock.due, 'due_closure');
        }
      };
      start('register', created);
      // A few cases stall for good at some step; the rest run to the end unless time runs out.
      const stallAt = rand() < 0.03 ? 1 + Math.floor(rand() * 6) : 99;
      const rejected = rand() < 0.06;
      const suspendAt = rand() < 0.02 ? 3 : 99;
      const steps: (() => number)[] = [
        () => hours(0.1, 20),
        () => hours(0.2, 30),
        () => hours(0.1, 8),
        () => hours(1, 200),
        () => hours(0.5, 60),
        () => hours(0.2, 72),
      ];
      let step = 0;
      let reworkPending = rand() < 0.08;
      while (step < steps.length && step < stallAt) {
        if (step === suspendAt) {
          const next = at + hours(1, 48);
          if (next > endMs) break;
          at = next;
          suspendedAt = at;
          version++;
          count1(at, 'suspended');
          break;
        }
        const next = at + (steps[step] as () => number)();
        if (next > endMs) break;
        at = next;
        version++;
        if (step === 0) {
          finish(at);
          if (rejected) {
            status = 'rejected';
            closedAt = at;
            count1(at, 'rejected');
            break;
          }
          status = 'registered';
          count1(at, 'registered');
          start('dispatch', at);
        } else if (step === 1) {
          finish(at);
          status = 'dispatched';
          count1(at, 'dispatched');
          start('handle', at);
        } else if (step === 2) {
          status = 'in_progress';
        } else if (step === 3) {
          finish(at);
          status = 'resolved';
          count1(at, 'resolved');
          if (!dueCounted) {
            dueCounted = true;
            count1(at, 'due_closure');
          }
          start('verify', at);
        } else if (step === 4) {
          finish(at);
          if (reworkPending) {
            reworkPending = false;
            reworks++;
            count1(at, 'verify_failed');
            status = 'dispatched';
            start('handle', at);
            step = 2;
            continue;
          }
          count1(at, 'verify_ok');
          if (rand() < 0.7) {
            const r = rand();
            satisfaction = r < 0.8 ? 'satisfied' : r < 0.92 ? 'neutral' : 'unsatisfied';
            count1(at, `satisfaction_${satisfaction}`);
          }
          status = 'verified';
          start('answer', at);
        } else {
          finish(at);
          status = 'closed';
          closedAt = at;
          const closeHours = (at - created) / HOUR;
          count1(at, 'closed');
          count1(at, 'close_hours_sum', closeHours);
          const bound = CLOSE_HOUR_BUCKETS.find((b) => closeHours <= b) ?? Infinity;
          count1(at, `close_hours_le_${bound === Infinity ? 'inf' : bound}`);
          expected.closedByDay.set(dayOf(at), (expected.closedByDay.get(dayOf(at)) ?? 0) + 1);
        }
        step++;
      }
      const isOpen = status !== 'closed' && status !== 'rejected';
      let overdue = false;
      if (suspendedAt !== null) {
        status = 'suspended';
      } else if (isOpen && clock.stage !== null && clock.due < endMs) {
        // The sweeper has marked the running stage overdue.
        overdue = true;
        markOverdue(clock.stage);
        const running = deadlines[clock.stage];
        if (running) running.overdue = true;
      }
      if (isOpen) {
        expected.open++;
        for (const metric of ['open', `status:${status}`, ...(overdue ? ['overdue_open'] : [])]) {
          const key = `${cellIndex}\u0000${metric}`;
          gauges.set(key, (gauges.get(key) ?? 0) + 1);
        }
      }

      serial++;
      const tail = serial.toString(16).padStart(12, '0');
      const hex = created.toString(16).padStart(12, '0');
      const id = `${hex.slice(0, 8)}-${hex.slice(8)}-7${Math.floor(rand() * 0xfff)
        .toString(16)
        .padStart(3, '0')}-${(8 + Math.floor(rand() * 4)).toString(16)}${Math.floor(rand() * 0xfff)
        .toString(16)
        .padStart(3, '0')}-${tail}`;
      const codeBytes = Buffer.alloc(8);
      codeBytes.writeUInt32BE(serial, 0);
      codeBytes.writeUInt32BE(Math.floor(rand() * 0xffffffff), 4);
      const text = `Synthetic case ${serial}`;
      rows.push([
        id,
        formatTrackingCode(codeBytes),
        category.id,
        text,
        `${text}: reported by the summary benchmark`,
        null,
        cell.lat + (rand() - 0.5) * 0.004,
        cell.lon + (rand() - 0.5) * 0.004,
        cell.id,
        cell.pathText,
        cell.id,
        priority,
        channel,
        status,
        status === 'suspended' ? 'in_progress' : null,
        category.departmentId,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        '{}',
        null,
        satisfaction,
        status === 'closed' ? 'Handled: see the report.' : null,
        reworks,
        0,
        0,
        isOpen ? clock.stage : null,
        isOpen && clock.stage ? iso(clock.due) : null,
        overdue ? 1 : 0,
        null,
        dueCounted ? 1 : 0,
        JSON.stringify(deadlines),
        suspendedAt === null ? null : iso(suspendedAt),
        version,
        iso(created),
        iso(at),
        closedAt === null ? null : iso(closedAt),
      ]);
      if (rows.length === BATCH || i === count - 1) {
        flush();
        rows = [];
        counters = new Map();
        gauges = new Map();
        progress(i + 1);
      }
    }
  }

  return {
    add,
    expected,
    dayOf,
    /** Folds the write-ahead log into the file, as a quiet server's checkpoints would. */
    checkpoint: () => raw.pragma('wal_checkpoint(TRUNCATE)'),
    close: () => raw.close(),
  };
}

function summed(byDay: ReadonlyMap<string, number>, from: string, to: string): number {
  let n = 0;
  for (const [day, count] of byDay) if (day >= from && day <= to) n += count;
  return n;
}

/** Runs the benchmark; returns p50/p95 of the summary and of its ceiling at both sizes. */
export async function benchSummary(options: { quick?: boolean } = {}) {
  const sizes = options.quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'civicgrid-bench-summary-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CIVICGRID_DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    CIVICGRID_JOBS: 'false',
    CIVICGRID_SEED_DEMO: 'false',
    CIVICGRID_TIME_ZONE: 'Asia/Shanghai',
    CIVICGRID_GRID_NUMBER_WIDTH: '2',
    PORT: '1',
  };
  delete env.DATABASE_URL;
  const { db, services } = await openRuntime(loadConfig(env));
  let generator: ReturnType<typeof createGenerator> | null = null;
  let reader: Database.Database | null = null;
  try {
    await services.seedDemo();
    const areas = await services.stores.areas.listAllWithBoundaries();
    const district = areas.find((a) => a.code === DISTRICT_CODE);
    if (!district) throw new Error(`summary: the demo district ${DISTRICT_CODE} is missing`);
    const cells: Cell[] = areas
      .filter((a) => a.level === 'grid' && a.path.includes(district.id) && a.boundary)
      .map((a) => {
        const ring = (a.boundary?.coordinates[0] ?? []) as Position[];
        const xs = ring.map((p) => p[0]);
        const ys = ring.map((p) => p[1]);
        return {
          id: a.id,
          path: a.path,
          pathText: `/${a.path.join('/')}/`,
          lon: (Math.min(...xs) + Math.max(...xs)) / 2,
          lat: (Math.min(...ys) + Math.max(...ys)) / 2,
        };
      });
    const ref = await services.reference.current();
    if (ref.calendar.timeZone !== 'Asia/Shanghai')
      throw new Error('summary: the generator buckets days in Asia/Shanghai');
    const categories = ref.categories
      .filter((c) => !ref.parentCategoryIds.has(c.id))
      .map((c) => ({ id: c.id, code: c.code, departmentId: c.defaultDepartmentId }));
    const admin = await services.stores.users.findByLogin('admin');
    const user = admin ? await services.stores.users.findWithGrants(admin.id) : undefined;
    if (!user) throw new Error('summary: the demo admin is missing');
    const actor: Actor = {
      userId: user.id,
      login: user.login,
      displayName: user.displayName,
      grants: user.grants,
      via: 'session',
    };

    const endMs = Math.floor(Date.now() / HOUR) * HOUR;
    const file = sqliteFileIn(dir);
    generator = createGenerator(file, cells, categories, endMs);
    const to = generator.dayOf(endMs);
    const from = generator.dayOf(endMs - 364 * DAY);
    reader = new Database(file, { readonly: true });
    // The ceiling runs the store's query bare: whole months from the roll-ups, edge days.
    const period = splitPeriod(from, to);
    const conditions = [
      ...(period.months.length > 0 ? [`day in (${period.months.map(() => '?').join(', ')})`] : []),
      ...period.days.map(() => '(day >= ? and day <= ?)'),
    ];
    const periodParams = [...period.months, ...period.days.flat()];
    const sumCountersSql = reader.prepare(
      `select metric, sum(n) as n from case_counters
       where area_id = ? and (${conditions.join(' or ')}) group by metric`,
    );
    const sumCounters = { all: (areaId: string) => sumCountersSql.all(areaId, ...periodParams) };
    const readGauges = reader.prepare('select metric, n from case_gauges where area_id = ?');

    const measured: {
      cases: number;
      loadS: number;
      counterRows: number;
      p50: number;
      p95: number;
      ceilingP50: number;
      ceilingP95: number;
    }[] = [];
    let total = 0;
    const started = performance.now();
    for (const [k, size] of sizes.entries()) {
      const loadStart = performance.now();
      const add = size - total;
      let shown = 0;
      generator.add(add, 100 + k, (done) => {
        if (done - shown >= 100_000 || done === add) {
          shown = done;
          process.stdout.write(
            `summary: ${(total + done).toLocaleString('en-US')} / ${sizes[sizes.length - 1]?.toLocaleString('en-US')} cases written (${Math.round((performance.now() - started) / 1000)} s)\n`,
          );
        }
      });
      total = size;
      generator.checkpoint();
      const loadS = (performance.now() - loadStart) / 1000;

      // The answer must match what was generated, or the timing means nothing.
      const answer = await services.stats.summary(actor, { area: DISTRICT_CODE, from, to });
      const want = {
        reported: summed(generator.expected.reportedByDay, from, to),
        closed: summed(generator.expected.closedByDay, from, to),
        open: generator.expected.open,
      };
      const got = {
        reported: answer.summary.reported,
        closed: answer.summary.closed,
        open: answer.summary.open,
      };
      if (JSON.stringify(got) !== JSON.stringify(want))
        throw new Error(
          `summary: expected ${JSON.stringify(want)}, the summary says ${JSON.stringify(got)}`,
        );

      const service: number[] = [];
      const ceiling: number[] = [];
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        let t = performance.now();
        await services.stats.summary(actor, { area: DISTRICT_CODE, from, to });
        if (i >= WARM_UP) service.push(performance.now() - t);
        t = performance.now();
        sumCounters.all(district.id);
        readGauges.all(district.id);
        if (i >= WARM_UP) ceiling.push(performance.now() - t);
      }
      const counterRows = (
        reader.prepare('select count(*) as n from case_counters').get() as { n: number }
      ).n;
      measured.push({
        cases: size,
        loadS: round(loadS, 1),
        counterRows,
        p50: round(percentile(service, 50)),
        p95: round(percentile(service, 95)),
        ceilingP50: round(percentile(ceiling, 50)),
        ceilingP95: round(percentile(ceiling, 95)),
      });
    }
    const [small, large] = measured as [(typeof measured)[number], (typeof measured)[number]];
    return {
      from,
      to,
      small,
      large,
      growth: round(large.p95 / small.p95),
    };
  } finally {
    reader?.close();
    generator?.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
