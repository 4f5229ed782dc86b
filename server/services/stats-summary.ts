/**
 * Indicators for an area subtree and a period (`GET /api/v1/stats/summary`), read from the
 * day counters and gauges kept in the same transaction as every change: the cost depends
 * on the number of days and metrics, never on the number of cases.
 */
import { localDate } from '../domain/calendar/working-hours.ts';
import {
  rankDepartments,
  summarize,
  summarizeDepartments,
  type DepartmentRanking,
  type Summary,
} from '../domain/cases/indicators.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Role } from '../domain/org/role.ts';
import { requireRole, scopeCoversArea, scopeOf, type Actor } from '../domain/org/scope.ts';
import type { Clock } from '../domain/ports.ts';
import type { AreaStore, AreaSummary } from '../storage/stores/area-store.ts';
import type { CaseStore } from '../storage/stores/case-store.ts';
import type { ReferenceDataCache } from './reference-data.ts';

/** Roles that read indicators, for the areas they are granted on. */
export const STATS_ROLES: readonly Role[] = [
  'grid_worker',
  'grid_leader',
  'dispatcher',
  'supervisor',
  'admin',
  'auditor',
  'mediator',
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 1098;

/** Builds the summary use case. */
export function createStatsSummary(deps: {
  areas: Pick<AreaStore, 'findById' | 'findByCode' | 'findSummariesByIds'>;
  cases: Pick<
    CaseStore,
    | 'sumCounters'
    | 'readGauges'
    | 'countersByDay'
    | 'readGaugesOfChildren'
    | 'sumDepartmentCounters'
    | 'readDepartmentGauges'
  >;
  reference: Pick<ReferenceDataCache, 'current'>;
  clock: Clock;
}) {
  async function resolve(actor: Actor, query: { area?: string; from?: string; to?: string }) {
    requireRole(actor, STATS_ROLES);
    const scope = scopeOf(actor, STATS_ROLES);
    let area: AreaSummary | undefined;
    if (query.area) {
      area = (await deps.areas.findById(query.area)) ?? (await deps.areas.findByCode(query.area));
      if (!area || !scopeCoversArea(scope, area.path))
        throw new NotFoundError('No such area in your scope.');
    } else {
      const root = scope.areaPaths[0];
      area = root
        ? (await deps.areas.findSummariesByIds([root[root.length - 1] as string]))[0]
        : undefined;
      if (!area) throw new NotFoundError('Your roles cover no area.');
    }
    const { calendar } = await deps.reference.current();
    const today = localDate(deps.clock.now(), calendar.timeZone);
    const to = query.to ?? today;
    const isDay = (day: string) => DAY.test(day) && !Number.isNaN(Date.parse(day));
    // The default start is counted back from `to`, so only from a `to` that is a date.
    const from =
      query.from ??
      (isDay(to)
        ? localDate(new Date(Date.parse(`${to}T12:00:00Z`) - 29 * 86_400_000), 'UTC')
        : undefined);
    const problems = [
      ...(from === undefined || isDay(from)
        ? []
        : [{ field: '/from', message: 'must be a date YYYY-MM-DD' }]),
      ...(isDay(to) ? [] : [{ field: '/to', message: 'must be a date YYYY-MM-DD' }]),
    ];
    if (problems.length > 0 || from === undefined)
      throw new ValidationError('The period is not valid.', problems);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (days < 1) problems.push({ field: '/from', message: 'must not be after "to"' });
    if (days > MAX_DAYS)
      problems.push({ field: '/from', message: `the period may span at most ${MAX_DAYS} days` });
    if (problems.length > 0) throw new ValidationError('The period is not valid.', problems);
    return { area, from, to };
  }

  return {
    /**
     * The indicators of the area (default: the caller's first scope) for [from, to]
     * (local dates, default the last 30 days).
     * @throws ForbiddenError without a stats role; NotFoundError outside the caller's scope.
     */
    async summary(
      actor: Actor,
      query: { area?: string; from?: string; to?: string },
    ): Promise<{ area: AreaSummary; from: string; to: string; summary: Summary }> {
      const { area, from, to } = await resolve(actor, query);
      const [counters, gauges] = await Promise.all([
        deps.cases.sumCounters(area.id, from, to),
        deps.cases.readGauges(area.id),
      ]);
      return { area, from, to, summary: summarize(counters, gauges) };
    },

    /**
     * Each department's figures within the area subtree (default: the caller's first
     * scope) for [from, to], ranked by `rankBy` (default: on-time handling rate); read from
     * the `dept:` counters and gauges of that one area, never from cases.
     * @throws ForbiddenError without a stats role; NotFoundError outside the caller's scope.
     */
    async departments(
      actor: Actor,
      query: { area?: string; from?: string; to?: string; rankBy?: DepartmentRanking },
    ) {
      const { area, from, to } = await resolve(actor, query);
      const rankBy = query.rankBy ?? 'onTimeRate';
      const [counters, gauges, { departmentById }] = await Promise.all([
        deps.cases.sumDepartmentCounters(area.id, from, to),
        deps.cases.readDepartmentGauges(area.id),
        deps.reference.current(),
      ]);
      const ranked = rankDepartments(summarizeDepartments(counters, gauges), rankBy);
      return {
        area,
        from,
        to,
        rankBy,
        departments: ranked.map(({ departmentId, ...figures }) => {
          const department = departmentById.get(departmentId);
          return {
            department: {
              id: departmentId,
              code: department?.code ?? null,
              nameZh: department?.nameZh ?? null,
              nameEn: department?.nameEn ?? null,
            },
            ...figures,
          };
        }),
      };
    },

    /** Daily reported, registered and closed counts for trends. */
    async trend(actor: Actor, query: { area?: string; from?: string; to?: string }) {
      const { area, from, to } = await resolve(actor, query);
      const rows = await deps.cases.countersByDay(area.id, from, to, [
        'reported',
        'registered',
        'closed',
        'verify_failed',
        'verify_ok',
      ]);
      const byDay = new Map<string, Record<string, number>>();
      for (const row of rows)
        byDay.set(row.day, { ...(byDay.get(row.day) ?? {}), [row.metric]: row.n });
      return { area, from, to, days: [...byDay].map(([day, metrics]) => ({ day, ...metrics })) };
    },

    /**
     * Open and overdue-open counts of each child area of `parent` (id or code), for maps
     * and rankings; read from the gauges in one query.
     * @throws ForbiddenError without a stats role; NotFoundError outside the caller's scope.
     */
    async cells(actor: Actor, query: { parent: string }) {
      requireRole(actor, STATS_ROLES);
      const scope = scopeOf(actor, STATS_ROLES);
      const parent =
        (await deps.areas.findById(query.parent)) ?? (await deps.areas.findByCode(query.parent));
      if (!parent || !scopeCoversArea(scope, parent.path))
        throw new NotFoundError('No such area in your scope.');
      const rows = await deps.cases.readGaugesOfChildren(parent.id);
      return {
        parent,
        cells: rows.map(({ open, overdueOpen, ...area }) => ({ area, open, overdueOpen })),
      };
    },
  };
}

export type StatsSummary = ReturnType<typeof createStatsSummary>;
