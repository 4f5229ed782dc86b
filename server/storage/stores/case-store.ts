/** Cases, their timeline, counters and gauges in the database. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  Case,
  CaseStatus,
  Channel,
  Deadlines,
  Satisfaction,
  Stage,
} from '../../domain/cases/case.ts';
import {
  areaKey,
  byStoredKey,
  createCounterKeyer,
  metricKey,
  periodName,
  periodOf,
  type CounterKeyRow,
} from '../../domain/cases/counter-keys.ts';
import {
  boxAround,
  distanceMetres,
  nearTile,
  tilesCovering,
} from '../../domain/cases/duplicates.ts';
import { monthOf, splitPeriod, type GaugeDelta } from '../../domain/cases/indicators.ts';
import type { EventDraft } from '../../domain/cases/transitions.ts';
import { StaleVersionError } from '../../domain/errors.ts';
import type { Priority } from '../../domain/org/category.ts';
import type { Scope } from '../../domain/org/scope.ts';
import type { IdGenerator } from '../../domain/ports.ts';
import type { Db } from '../database.ts';
import { caseTextMatches, indexCasesText } from '../dialect/search.ts';
import type { CaseEventsTable, CasesTable } from '../schema/cases.table.ts';
import type { Database } from '../schema/database.ts';
import { pathInSubtrees, pathText } from './area-store.ts';
import { createMultiRowInsert, type BoundValue } from '../dialect/multi-row.ts';
import { counterMetricsOf } from './counter-metrics.ts';

/** Department gauges (`dept:<id>:<metric>`), read apart from the area's own. */
const DEPARTMENT_METRICS = 'dept:%';

type Executor = Kysely<Database> | Transaction<Database>;

/** Converts a row (and its co-handling departments) to the domain's `Case`. */
export function rowToCase(row: CasesTable, coDepartmentIds: string[] = []): Case {
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    categoryId: row.category_id,
    title: row.title,
    description: row.description,
    address: row.address,
    lat: Number(row.lat),
    lon: Number(row.lon),
    areaId: row.area_id,
    areaPath: row.area_path.split('/').filter(Boolean),
    locatedAreaId: row.located_area_id,
    priority: row.priority as Priority,
    channel: row.channel as Channel,
    status: row.status as CaseStatus,
    suspendedFrom: row.suspended_from as CaseStatus | null,
    departmentId: row.department_id,
    coDepartmentIds,
    handlerId: row.handler_id,
    responsibleLead: row.responsible_lead,
    reporter: {
      userId: row.reporter_user_id,
      name: row.reporter_name,
      phone: row.reporter_phone,
      email: row.reporter_email,
      consent: Number(row.reporter_consent) === 1,
    },
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    duplicateOf: row.duplicate_of,
    satisfaction: row.satisfaction as Satisfaction | null,
    answer: row.answer,
    reworkCount: Number(row.rework_count),
    supervised: Number(row.supervised) === 1,
    escalations: Number(row.escalations),
    stage: row.stage as Stage | null,
    stageDueAt: row.stage_due_at,
    stageOverdue: Number(row.stage_overdue) === 1,
    escalateAt: row.escalate_at,
    dueCounted: Number(row.due_counted) === 1,
    deadlines: JSON.parse(row.deadlines) as Deadlines,
    suspendedAt: row.suspended_at,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

/** Converts a domain `Case` to its `cases` row. */
export function caseToRow(c: Case): CasesTable {
  return {
    id: c.id,
    tracking_code: c.trackingCode,
    category_id: c.categoryId,
    title: c.title,
    description: c.description,
    address: c.address,
    lat: c.lat,
    lon: c.lon,
    near_tile: nearTile(c.lat, c.lon),
    area_id: c.areaId,
    area_path: pathText(c.areaPath),
    located_area_id: c.locatedAreaId,
    priority: c.priority,
    channel: c.channel,
    status: c.status,
    suspended_from: c.suspendedFrom,
    department_id: c.departmentId,
    handler_id: c.handlerId,
    responsible_lead: c.responsibleLead,
    reporter_user_id: c.reporter.userId,
    reporter_name: c.reporter.name,
    reporter_phone: c.reporter.phone,
    reporter_email: c.reporter.email,
    reporter_consent: c.reporter.consent ? 1 : 0,
    attributes: JSON.stringify(c.attributes),
    duplicate_of: c.duplicateOf,
    satisfaction: c.satisfaction,
    answer: c.answer,
    rework_count: c.reworkCount,
    supervised: c.supervised ? 1 : 0,
    escalations: c.escalations,
    stage: c.stage,
    stage_due_at: c.stageDueAt,
    stage_overdue: c.stageOverdue ? 1 : 0,
    escalate_at: c.escalateAt,
    due_counted: c.dueCounted ? 1 : 0,
    deadlines: JSON.stringify(c.deadlines),
    suspended_at: c.suspendedAt,
    version: c.version,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    closed_at: c.closedAt,
  };
}

/** One timeline entry as stored. */
export interface CaseEvent {
  id: string;
  caseId: string;
  kind: string;
  action: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  actorId: string | null;
  actorName: string | null;
  note: string | null;
  public: boolean;
  details: Record<string, unknown>;
  createdAt: string;
}

function rowToEvent(row: CaseEventsTable): CaseEvent {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind,
    action: row.action,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actorId: row.actor_id,
    actorName: row.actor_name,
    note: row.note,
    public: Number(row.public) === 1,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

/** Filters of the case list; every one optional. */
export interface CaseFilter {
  statuses?: CaseStatus[];
  /** Path of an area: its whole subtree. */
  areaPath?: string[];
  categoryIds?: string[];
  departmentId?: string;
  handlerId?: string;
  priorities?: Priority[];
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
}

/** What a caller may see: area subtrees, departments, and what it reported itself. */
export interface CaseScope extends Scope {
  reporterUserId: string | null;
}

/**
 * One order for the shared gauge rows. Every change of every case bumps the rows of the
 * city, its district … ; on PostgreSQL two transactions that lock them in different
 * orders deadlock, so each statement names them sorted by key. (Counter rows are sorted
 * by area id, then by their stored key: `addCounterSets`.)
 */
function byGaugeKey(
  a: { area_id: string; metric: string },
  b: { area_id: string; metric: string },
) {
  if (a.area_id !== b.area_id) return a.area_id < b.area_id ? -1 : 1;
  return a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0;
}

/** The columns of counter and gauge rows, quoted, in the order their values are bound. */
const COUNTER_COLUMNS = ['"area_key"', '"period"', '"metric_key"', '"n"'];
const GAUGE_COLUMNS = ['"area_id"', '"metric"', '"n"'];

/** A row object's columns, quoted, in its own key order. */
function columnsOf(row: object): string[] {
  return Object.keys(row).map((c) => `"${c}"`);
}

/** What a timeline entry says (its action and statuses as any writer names them). */
type EntryDraft = Omit<EventDraft, 'action' | 'fromStatus' | 'toStatus'> & {
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
};

/** Builds the case store. */
export function createCaseStore(db: Db, ids: IdGenerator) {
  const k = db.kysely;

  const dictionary = counterMetricsOf(db);
  const keyer = createCounterKeyer();

  /**
   * Counters of one area summed over [fromDay, toDay]: whole months from the roll-ups and
   * the edge days, one `union all` branch each, so every branch seeks its (area, period)
   * keys (an `or` of period ranges made SQLite read every row of the area). An area's own
   * metrics have positive keys, its department metrics negative ones.
   */
  async function sumPeriod(
    areaId: string,
    fromDay: string,
    toDay: string,
    which: 'area' | 'department',
  ): Promise<Map<string, number>> {
    const { months, days } = splitPeriod(fromDay, toDay);
    const area = areaKey(areaId);
    const branch = () =>
      k
        .selectFrom('case_counters')
        .select(['metric_key', 'n'])
        .where('area_key', '=', area)
        .where('metric_key', which === 'area' ? '>' : '<', 0);
    const branches = [
      ...(months.length > 0 ? [branch().where('period', 'in', months.map(periodOf))] : []),
      ...days.map(([a, b]) =>
        branch().where('period', '>=', periodOf(a)).where('period', '<=', periodOf(b)),
      ),
    ];
    const [first, ...rest] = branches;
    if (!first) return new Map();
    const period = rest.reduce((union, next) => union.unionAll(next), first);
    const rows = await k
      .selectFrom(period.as('p'))
      .select(['p.metric_key', (eb) => eb.fn.sum<number>('p.n').as('n')])
      .groupBy('p.metric_key')
      .execute();
    const names = await dictionary.namesOf(rows.map((r) => Number(r.metric_key)));
    const sums = new Map<string, number>();
    for (const r of rows) {
      const name = names.get(Number(r.metric_key));
      if (name !== undefined) sums.set(name, Number(r.n));
    }
    return sums;
  }
  // Every report and step writes the same few statements: their SQL texts are made once
  // per shape instead of by the query builder on every change (a third of intake's time).
  const multiRow = createMultiRowInsert(db.dialect);
  async function insertRows(
    trx: Executor,
    table: string,
    rows: readonly object[],
    tail = '',
  ): Promise<void> {
    if (rows.length === 0) return;
    // Every row of one call has the same keys in the same order.
    const values = rows.map((row) => Object.values(row) as BoundValue[]);
    await insertValues(trx, table, columnsOf(rows[0] as object), values, tail);
  }

  /** Like `insertRows`, for rows already in `columns` order. */
  async function insertValues(
    trx: Executor,
    table: string,
    columns: readonly string[],
    values: readonly BoundValue[][],
    tail = '',
  ): Promise<void> {
    for (const query of multiRow(`"${table}"`, columns, values, tail)) {
      await trx.executeQuery(query);
    }
  }

  async function coDepartmentsOf(
    exec: Executor,
    caseIds: readonly string[],
  ): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (caseIds.length === 0) return map;
    const rows = await exec
      .selectFrom('case_departments')
      .select(['case_id', 'department_id'])
      .where('case_id', 'in', caseIds)
      .where('role', '=', 'co')
      .execute();
    for (const row of rows)
      map.set(row.case_id, [...(map.get(row.case_id) ?? []), row.department_id]);
    return map;
  }

  /** The lead and co-handling department rows of cases. */
  function departmentRowsOf(cases: readonly Case[]) {
    return cases.flatMap((c) => [
      ...(c.departmentId ? [{ case_id: c.id, department_id: c.departmentId, role: 'lead' }] : []),
      ...c.coDepartmentIds.map((d) => ({ case_id: c.id, department_id: d, role: 'co' })),
    ]);
  }

  /** Replaces the case's department rows. */
  async function writeDepartments(trx: Executor, c: Case): Promise<void> {
    await trx.deleteFrom('case_departments').where('case_id', '=', c.id).execute();
    await insertRows(trx, 'case_departments', departmentRowsOf([c]));
  }

  /** A timeline entry's row, with a new time-ordered id. */
  function eventRow(
    caseId: string,
    event: EntryDraft,
    actor: { id: string | null; name: string | null },
    now: Date,
  ): CaseEventsTable {
    return {
      id: ids.next(),
      case_id: caseId,
      kind: event.kind,
      action: event.action,
      from_status: event.fromStatus,
      to_status: event.toStatus,
      actor_id: actor.id,
      actor_name: actor.name,
      note: event.note,
      public: event.public ? 1 : 0,
      details: JSON.stringify(event.details),
      created_at: now.toISOString(),
    };
  }

  async function addCounterSets(
    trx: Executor,
    sets: readonly {
      areaPath: readonly string[];
      day: string;
      metrics: readonly { metric: string; n: number }[];
    }[],
  ): Promise<void> {
    // area id → "period metric" → [period, metric, n]
    const byArea = new Map<string, Map<string, [number, string, number]>>();
    const names = new Set<string>();
    for (const { areaPath, day, metrics } of sets) {
      if (metrics.length === 0) continue;
      // Each counter is kept for its day and rolled up into its month (see splitPeriod).
      const periods = [keyer.period(day), keyer.period(monthOf(day))];
      for (const areaId of new Set(areaPath)) {
        let rows = byArea.get(areaId);
        if (!rows) byArea.set(areaId, (rows = new Map()));
        for (const { metric, n } of metrics) {
          names.add(metric);
          for (const period of periods) {
            const key = `${period} ${metric}`;
            const row = rows.get(key);
            if (row) row[2] += n;
            else rows.set(key, [period, metric, n]);
          }
        }
      }
    }
    if (byArea.size === 0) return;
    await dictionary.write(trx, names);
    // Rows are locked in the order of the area ids (time-ordered: the city, made first,
    // before its district, streets …), not of their hashed keys: every transaction then
    // waits, if at all, at the row all of them share before it holds any other, so two
    // servers' groups never deadlock on the counters (docs/ARCHITECTURE.md).
    const values: CounterKeyRow[] = [];
    for (const areaId of [...byArea.keys()].sort()) {
      const area = keyer.area(areaId);
      const rows: CounterKeyRow[] = [];
      for (const [period, metric, n] of byArea.get(areaId)?.values() ?? [])
        rows.push([area, period, keyer.metric(metric), n]);
      values.push(...rows.sort(byStoredKey));
    }
    await insertValues(
      trx,
      'case_counters',
      COUNTER_COLUMNS,
      values,
      ' on conflict ("area_key", "period", "metric_key") do update set "n" = "case_counters"."n" + excluded."n"',
    );
  }

  return {
    /**
     * Inserts a new case's row; its department rows follow with `insertDepartments` and
     * its search text with `indexText` (a group commit writes both at its end).
     */
    async insert(trx: Executor, c: Case): Promise<void> {
      await insertRows(trx, 'cases', [caseToRow(c)]);
    },

    /** Inserts the department rows of new cases, in one statement. */
    async insertDepartments(trx: Executor, cases: readonly Case[]): Promise<void> {
      await insertRows(trx, 'case_departments', departmentRowsOf(cases));
    },

    /**
     * Adds new cases' text to the search index, in one statement. (A group commit does it
     * at its end: SQLite's full-text index writes what it holds at every savepoint, so
     * indexing inside each change's savepoint wrote a segment per case.)
     */
    async indexText(trx: Executor, caseIds: readonly string[]): Promise<void> {
      await indexCasesText(trx, db.dialect, caseIds);
    },

    /**
     * Writes the case if the stored version is still `expected`.
     * @throws StaleVersionError when another write came first.
     */
    async updateIfVersion(
      trx: Executor,
      c: Case,
      expected: number,
      departmentsChanged: boolean,
    ): Promise<void> {
      const { id: _id, created_at: _created, tracking_code: _code, ...changes } = caseToRow(c);
      const result = await trx
        .updateTable('cases')
        .set(changes)
        .where('id', '=', c.id)
        .where('version', '=', expected)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new StaleVersionError(
          'The case was changed by someone else: reload it and try again.',
        );
      }
      if (departmentsChanged) await writeDepartments(trx, c);
    },

    /** One case, or undefined. */
    async findById(id: string, exec: Executor = k): Promise<Case | undefined> {
      const row = await exec
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      return rowToCase(row, (await coDepartmentsOf(exec, [id])).get(id) ?? []);
    },

    /** One case by its tracking code, or undefined. */
    async findByTrackingCode(code: string): Promise<Case | undefined> {
      const row = await k
        .selectFrom('cases')
        .selectAll()
        .where('tracking_code', '=', code)
        .executeTakeFirst();
      if (!row) return undefined;
      return rowToCase(row, (await coDepartmentsOf(k, [row.id])).get(row.id) ?? []);
    },

    /** Appends a timeline entry. */
    async insertEvent(
      trx: Executor,
      caseId: string,
      event: EntryDraft,
      actor: { id: string | null; name: string | null },
      now: Date,
    ): Promise<string> {
      const row = eventRow(caseId, event, actor, now);
      await insertRows(trx, 'case_events', [row]);
      return row.id;
    },

    /** Builds a timeline entry's row (with its id) to insert later with `insertEventRows`. */
    eventRow,

    /** Inserts timeline entries built by `eventRow`, in one statement. */
    async insertEventRows(trx: Executor, rows: readonly CaseEventsTable[]): Promise<void> {
      await insertRows(trx, 'case_events', rows);
    },

    /** The timeline of a case, oldest first. */
    async listEvents(caseId: string): Promise<CaseEvent[]> {
      const rows = await k
        .selectFrom('case_events')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('id')
        .execute();
      return rows.map(rowToEvent);
    },

    /** Cases in scope matching the filter, newest first, after the cursor (an id). */
    async list(
      scope: CaseScope,
      filter: CaseFilter,
      cursor: string | undefined,
      limit: number,
    ): Promise<Case[]> {
      let query = k.selectFrom('cases as c').selectAll('c');
      query = query.where((eb) => {
        const ors = [pathInSubtrees('c.area_path', scope.areaPaths)];
        if (scope.departmentIds.length > 0) {
          ors.push(
            sql<boolean>`exists (select 1 from case_departments cd where cd.case_id = c.id and cd.department_id in (${sql.join(
              scope.departmentIds,
            )}))`,
          );
        }
        if (scope.reporterUserId)
          ors.push(sql<boolean>`c.reporter_user_id = ${scope.reporterUserId}`);
        return eb.or(ors);
      });
      if (filter.statuses?.length) query = query.where('c.status', 'in', filter.statuses);
      if (filter.areaPath) query = query.where(pathInSubtrees('c.area_path', [filter.areaPath]));
      if (filter.categoryIds?.length)
        query = query.where('c.category_id', 'in', filter.categoryIds);
      if (filter.departmentId) {
        const department = filter.departmentId;
        query = query.where(
          sql<boolean>`exists (select 1 from case_departments fd where fd.case_id = c.id and fd.department_id = ${department})`,
        );
      }
      if (filter.handlerId) query = query.where('c.handler_id', '=', filter.handlerId);
      if (filter.priorities?.length) query = query.where('c.priority', 'in', filter.priorities);
      if (filter.overdue !== undefined)
        query = query.where('c.stage_overdue', '=', filter.overdue ? 1 : 0);
      if (filter.from) query = query.where('c.created_at', '>=', filter.from);
      if (filter.to) query = query.where('c.created_at', '<', filter.to);
      if (filter.q) query = query.where(caseTextMatches(db.dialect, filter.q));
      if (cursor) query = query.where('c.id', '<', cursor);
      const rows = await query.orderBy('c.id', 'desc').limit(limit).execute();
      const co = await coDepartmentsOf(
        k,
        rows.map((r) => r.id),
      );
      return rows.map((row) => rowToCase(row, co.get(row.id) ?? []));
    },

    /**
     * Open cases of a category within `radiusM` metres of a point, reported since `since`:
     * of the newest 50 in the box around the point, the `limit` nearest, nearest first
     * (distances rounded to the metre).
     */
    async findOpenNear(
      categoryId: string,
      point: { lat: number; lon: number },
      radiusM: number,
      since: string,
      limit: number,
      exec: Executor = db.reader,
    ): Promise<{ case: Case; distanceM: number }[]> {
      const box = boxAround(point.lat, point.lon, radiusM);
      const cover = tilesCovering(box);
      // The candidates' positions first (a case row is wide: reading and sorting whole
      // rows cost ten times more), the whole rows then only of those within the radius.
      // Plain SQL: on every report, and the query builder cost more than the query.
      const tiles =
        'tiles' in cover
          ? sql`near_tile in (${sql.join(cover.tiles)})`
          : sql`(${sql.join(
              cover.ranges.map(
                ([first, last]) => sql`(near_tile >= ${first} and near_tile <= ${last})`,
              ),
              sql` or `,
            )})`;
      const { rows: candidates } = await sql<{ id: string; lat: number; lon: number }>`
        select id, lat, lon from cases
        where category_id = ${categoryId} and ${tiles} and created_at >= ${since}
          and status not in ('closed', 'rejected')
          and lat >= ${box.minLat} and lat <= ${box.maxLat}
          and lon >= ${box.minLon} and lon <= ${box.maxLon}
        order by id desc limit 50`.execute(exec);
      const near = candidates
        .map((c) => ({
          id: c.id,
          distanceM: Math.round(distanceMetres(point.lat, point.lon, c.lat, c.lon)),
        }))
        .filter((c) => c.distanceM <= radiusM)
        .sort((a, b) => a.distanceM - b.distanceM)
        .slice(0, limit);
      if (near.length === 0) return [];
      const { rows } = await sql<CasesTable>`select * from cases where id in (${sql.join(
        near.map((c) => c.id),
      )})`.execute(exec);
      const byId = new Map(rows.map((row) => [row.id, rowToCase(row)]));
      return near.flatMap(({ id, distanceM }) => {
        const found = byId.get(id);
        return found ? [{ case: found, distanceM }] : [];
      });
    },

    /** Adds to the day counters of every area on the path. */
    async addCounters(
      trx: Executor,
      areaPath: readonly string[],
      day: string,
      metrics: { metric: string; n: number }[],
    ): Promise<void> {
      await addCounterSets(trx, [{ areaPath, day, metrics }]);
    },

    /**
     * Adds several changes' counters at once (a group commit's): counts of the same area,
     * period and metric are summed first, so a row that many changes share (the city's,
     * its district's) is written once.
     */
    addCounterSets,

    /** Applies gauge changes (several for one area and metric are summed first). */
    async applyGauges(trx: Executor, deltas: readonly GaugeDelta[]): Promise<void> {
      const merged = new Map<string, { area_id: string; metric: string; n: number }>();
      for (const d of deltas) {
        const key = `${d.areaId} ${d.metric}`;
        const row = merged.get(key);
        if (row) row.n += d.n;
        else merged.set(key, { area_id: d.areaId, metric: d.metric, n: d.n });
      }
      await insertValues(
        trx,
        'case_gauges',
        GAUGE_COLUMNS,
        [...merged.values()].sort(byGaugeKey).map(({ area_id, metric, n }) => [area_id, metric, n]),
        ' on conflict ("area_id", "metric") do update set "n" = "case_gauges"."n" + excluded."n"',
      );
    },

    /** Day counters of one area summed over [fromDay, toDay] (department metrics left out). */
    async sumCounters(
      areaId: string,
      fromDay: string,
      toDay: string,
    ): Promise<Map<string, number>> {
      return sumPeriod(areaId, fromDay, toDay, 'area');
    },

    /** The `dept:` day counters of one area summed over [fromDay, toDay]. */
    async sumDepartmentCounters(
      areaId: string,
      fromDay: string,
      toDay: string,
    ): Promise<Map<string, number>> {
      return sumPeriod(areaId, fromDay, toDay, 'department');
    },

    /** The `dept:` gauges of one area. */
    async readDepartmentGauges(areaId: string): Promise<Map<string, number>> {
      const rows = await k
        .selectFrom('case_gauges')
        .select(['metric', 'n'])
        .where('area_id', '=', areaId)
        .where('metric', 'like', DEPARTMENT_METRICS)
        .execute();
      return new Map(rows.map((r) => [r.metric, Number(r.n)]));
    },

    /** Day counters of one area per day over [fromDay, toDay] (for trends). */
    async countersByDay(areaId: string, fromDay: string, toDay: string, metrics: string[]) {
      if (metrics.length === 0) return [];
      const keys = new Map(metrics.map((m) => [metricKey(m), m]));
      const rows = await k
        .selectFrom('case_counters')
        .select(['period', 'metric_key', 'n'])
        .where('area_key', '=', areaKey(areaId))
        // Day periods (YYYYMMDD) sort after every month period (YYYYMM): a day range holds days only.
        .where('period', '>=', periodOf(fromDay))
        .where('period', '<=', periodOf(toDay))
        .where('metric_key', 'in', [...keys.keys()])
        .orderBy('period')
        .execute();
      return rows.map((r) => ({
        day: periodName(Number(r.period)),
        metric: keys.get(Number(r.metric_key)) as string,
        n: Number(r.n),
      }));
    },

    /** Current gauges of one area. */
    async readGauges(areaId: string): Promise<Map<string, number>> {
      const rows = await k
        .selectFrom('case_gauges')
        .select(['metric', 'n'])
        .where('area_id', '=', areaId)
        .execute();
      return new Map(rows.map((r) => [r.metric, Number(r.n)]));
    },

    /**
     * The `open` and `overdue_open` gauges of each child area of `parentId` (children
     * without gauges count 0), in one query, ordered by code.
     */
    async readGaugesOfChildren(parentId: string): Promise<
      {
        id: string;
        code: string;
        nameZh: string;
        nameEn: string;
        level: string;
        open: number;
        overdueOpen: number;
      }[]
    > {
      const rows = await k
        .selectFrom('areas as a')
        .leftJoin('case_gauges as g', (join) =>
          join.onRef('g.area_id', '=', 'a.id').on('g.metric', 'in', ['open', 'overdue_open']),
        )
        .select([
          'a.id',
          'a.code',
          'a.name_zh',
          'a.name_en',
          'a.level',
          sql<
            number | string
          >`coalesce(sum(case when g.metric = 'open' then g.n else 0 end), 0)`.as('open'),
          sql<
            number | string
          >`coalesce(sum(case when g.metric = 'overdue_open' then g.n else 0 end), 0)`.as(
            'overdue_open',
          ),
        ])
        .where('a.parent_id', '=', parentId)
        .groupBy(['a.id', 'a.code', 'a.name_zh', 'a.name_en', 'a.level'])
        .orderBy('a.code')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        level: r.level,
        open: Number(r.open),
        overdueOpen: Number(r.overdue_open),
      }));
    },

    /** Open, unsuspended cases whose running stage is past due and not yet marked. */
    async findDueStages(now: Date, limit: number): Promise<Case[]> {
      const rows = await k
        .selectFrom('cases')
        .selectAll()
        .where('stage_overdue', '=', 0)
        .where('stage_due_at', '<', now.toISOString())
        .where('status', '!=', 'suspended')
        .orderBy('stage_due_at')
        .limit(limit)
        .execute();
      return rows.map((row) => rowToCase(row));
    },

    /** Open, unsuspended cases whose escalation by policy is due. */
    async findDueEscalations(now: Date, limit: number): Promise<Case[]> {
      const rows = await k
        .selectFrom('cases')
        .selectAll()
        .where('escalate_at', '<=', now.toISOString())
        .where('status', '!=', 'suspended')
        .orderBy('escalate_at')
        .limit(limit)
        .execute();
      return rows.map((row) => rowToCase(row));
    },

    /** Number of cases (for tests and banners). */
    async count(): Promise<number> {
      const row = await k
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
