/**
 * Indicators (SPEC "Indicators", docs/indicators.md). Cases move two kinds of counters in
 * the same transaction as the change, for the owning area and every ancestor:
 * - day counters (`case_counters`): events of a day — reported, registered, closed, stage
 *   on time or late, rework, satisfaction, hours to close …;
 * - gauges (`case_gauges`): the present — open cases, by status, overdue.
 * A summary sums day counters over a period and reads gauges: its cost depends on the
 * number of days, never on the number of cases.
 */
import { isOpen, STAGES, type Case, type Stage } from './case.ts';
import { CLOSE_HOUR_BUCKETS } from './transitions.ts';

/** A change to a gauge of one area. */
export interface GaugeDelta {
  areaId: string;
  metric: string;
  n: number;
}

/** The prefix of a department's metrics, kept per area like the others: `dept:<id>:<metric>`. */
export function departmentMetric(departmentId: string, metric: string): string {
  return `dept:${departmentId}:${metric}`;
}

/** The department and metric of a `dept:<id>:<metric>` name (undefined for other metrics). */
export function parseDepartmentMetric(
  name: string,
): { departmentId: string; metric: string } | undefined {
  if (!name.startsWith('dept:')) return undefined;
  const end = name.indexOf(':', 5);
  if (end < 0) return undefined;
  return { departmentId: name.slice(5, end), metric: name.slice(end + 1) };
}

/** Statuses in which a case is in a department's hands: dispatched to it and not final. */
const DISPATCHED_STATUSES = new Set(['dispatched', 'in_progress', 'resolved', 'verified']);

/** True when the case has been dispatched to its lead department and is still open. */
function inDepartmentHands(c: Case): boolean {
  if (!c.departmentId || !isOpen(c.status)) return false;
  const status = c.status === 'suspended' ? c.suspendedFrom : c.status;
  return status !== null && DISPATCHED_STATUSES.has(status);
}

function gaugesOf(c: Case): string[] {
  if (!isOpen(c.status)) return [];
  const metrics = ['open', `status:${c.status}`, ...(c.stageOverdue ? ['overdue_open'] : [])];
  // Departments are judged once a case is dispatched to them: a report routed to a
  // department adds no department rows until then.
  if (inDepartmentHands(c)) {
    const lead = c.departmentId as string;
    metrics.push(departmentMetric(lead, 'open'));
    if (c.stage === 'handle' && c.stageOverdue)
      metrics.push(departmentMetric(lead, 'overdue_open'));
    for (const co of c.coDepartmentIds) metrics.push(departmentMetric(co, 'co_open'));
  }
  return metrics;
}

/** Area metrics of a step that also judge the department that had the case. */
const DEPARTMENT_METRICS: Record<string, string> = {
  handle_on_time: 'handle_on_time',
  handle_late: 'handle_late',
  overdue_handle: 'overdue_handle',
  due_closure: 'due_closure',
  resolved: 'resolved',
  verify_ok: 'verify_ok',
  verify_failed: 'rework',
  satisfaction_satisfied: 'satisfaction_satisfied',
  satisfaction_neutral: 'satisfaction_neutral',
  satisfaction_unsatisfied: 'satisfaction_unsatisfied',
  closed: 'closed',
};

/**
 * The department metric an area metric also moves for the lead department that had the
 * case (`closed` → `dept:<id>:closed`), or null when it judges no department.
 */
export function departmentMetricFor(departmentId: string, areaMetric: string): string | null {
  const name = DEPARTMENT_METRICS[areaMetric];
  return name ? departmentMetric(departmentId, name) : null;
}

/**
 * The department counters of one step, from the area counters it moved (`counters`, as
 * `applyAction` or `markOverdue` return them) and the case before and after it:
 * - `assigned` for the lead department a dispatch gives the case (a first dispatch, or a
 *   re-dispatch to another department) — and `due_closure` when the case is already due
 *   for closure — and `co_assigned` for each co-handling department it adds;
 * - the handling, closure, rework and satisfaction counters for the lead department that
 *   had the case when the step was taken.
 * A report (no `before`) adds none. Keyed per area on the counted path by the caller, so
 * a department's figures can be read within any area subtree.
 */
export function departmentCounters(
  before: Case | null,
  after: Case,
  counters: readonly { metric: string; n: number }[],
): { metric: string; n: number }[] {
  if (!before) return [];
  const out: { metric: string; n: number }[] = [];
  const metrics = new Set(counters.map((c) => c.metric));
  if ((metrics.has('dispatched') || metrics.has('redispatched')) && after.departmentId) {
    const firstDispatch = metrics.has('dispatched');
    if (firstDispatch || before.departmentId !== after.departmentId) {
      out.push({ metric: departmentMetric(after.departmentId, 'assigned'), n: 1 });
      // A case already due for closure is due for the department it is handed to as well.
      if (after.dueCounted)
        out.push({ metric: departmentMetric(after.departmentId, 'due_closure'), n: 1 });
    }
    const had = new Set(firstDispatch ? [] : before.coDepartmentIds);
    for (const co of after.coDepartmentIds)
      if (!had.has(co)) out.push({ metric: departmentMetric(co, 'co_assigned'), n: 1 });
  }
  const lead = before.departmentId;
  if (lead) {
    for (const { metric, n } of counters) {
      const name = DEPARTMENT_METRICS[metric];
      if (name) out.push({ metric: departmentMetric(lead, name), n });
    }
  }
  return out;
}

/**
 * The gauge changes between two states of a case (`before` null for a new case), for
 * every area on `path`: the located cell and its ancestors. Indicators count a case where
 * it happened, even after escalation moved its ownership up.
 */
export function gaugeChanges(
  before: Case | null,
  after: Case,
  path: readonly string[],
): GaugeDelta[] {
  const deltas = new Map<string, number>();
  const add = (c: Case, sign: number) => {
    for (const metric of gaugesOf(c)) {
      for (const areaId of path) {
        const key = `${areaId}\u0000${metric}`;
        deltas.set(key, (deltas.get(key) ?? 0) + sign);
      }
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  return [...deltas]
    .filter(([, n]) => n !== 0)
    .map(([key, n]) => {
      const [areaId, metric] = key.split('\u0000') as [string, string];
      return { areaId, metric, n };
    });
}

/** A rate with what it is made of; `rate` is null when the denominator is 0. */
export interface Rate {
  rate: number | null;
  numerator: number;
  denominator: number;
}

function rate(numerator: number, denominator: number): Rate {
  return { rate: denominator > 0 ? numerator / denominator : null, numerator, denominator };
}

/** The indicators of one area subtree and period. */
export interface Summary {
  reported: number;
  registered: number;
  rejected: number;
  resolved: number;
  closed: number;
  escalated: number;
  supervised: number;
  closureRate: Rate;
  onTimeRate: Record<Stage, Rate>;
  reworkRate: Rate;
  satisfactionRate: Rate;
  /** Reporters' own ratings of the written answer. */
  ratingRate: Rate;
  overdueOpen: number;
  open: number;
  meanHoursToClose: number | null;
  p90HoursToClose: number | null;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
}

/** Builds the summary from summed day counters and current gauges. */
export function summarize(
  counters: ReadonlyMap<string, number>,
  gauges: ReadonlyMap<string, number>,
): Summary {
  const c = (metric: string) => counters.get(metric) ?? 0;
  const onTimeRate = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      rate(c(`${stage}_on_time`), c(`${stage}_on_time`) + c(`${stage}_late`)),
    ]),
  ) as Record<Stage, Rate>;
  const closed = c('closed');
  let p90: number | null = null;
  if (closed > 0) {
    let seen = 0;
    for (const bound of CLOSE_HOUR_BUCKETS) {
      seen += c(`close_hours_le_${bound === Infinity ? 'inf' : bound}`);
      if (seen >= 0.9 * closed) {
        p90 = bound === Infinity ? null : bound;
        break;
      }
    }
  }
  const byStatus: Record<string, number> = {};
  for (const [metric, n] of gauges)
    if (metric.startsWith('status:') && n > 0) byStatus[metric.slice(7)] = n;
  const byCategory: Record<string, number> = {};
  for (const [metric, n] of counters)
    if (metric.startsWith('category:') && n > 0) byCategory[metric.slice(9)] = n;
  const rated =
    c('satisfaction_satisfied') + c('satisfaction_neutral') + c('satisfaction_unsatisfied');
  return {
    reported: c('reported'),
    registered: c('registered'),
    rejected: c('rejected'),
    resolved: c('resolved'),
    closed,
    escalated: c('escalated'),
    supervised: c('supervised'),
    closureRate: rate(closed, c('due_closure')),
    onTimeRate,
    reworkRate: rate(c('verify_failed'), c('verify_ok') + c('verify_failed')),
    satisfactionRate: rate(c('satisfaction_satisfied'), rated),
    ratingRate: rate(
      c('rating_satisfied'),
      c('rating_satisfied') + c('rating_neutral') + c('rating_unsatisfied'),
    ),
    overdueOpen: gauges.get('overdue_open') ?? 0,
    open: gauges.get('open') ?? 0,
    meanHoursToClose: closed > 0 ? c('close_hours_sum') / closed : null,
    p90HoursToClose: p90,
    byStatus,
    byCategory,
  };
}

/** The month key (`YYYY-MM`) under which a day's counters are also rolled up. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/**
 * A period of local days [from, to] (`YYYY-MM-DD`) as the whole months it covers (read
 * from the monthly roll-ups) and the day ranges at its edges (read day by day), so a
 * year's summary reads about a dozen month rows per metric instead of 365 day rows.
 * Day ranges never cross a month boundary.
 */
export function splitPeriod(
  from: string,
  to: string,
): { months: string[]; days: [string, string][] } {
  const months: string[] = [];
  const days: [string, string][] = [];
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  let cursor = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (cursor <= end) {
    const monthEnd = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, 0));
    if (cursor.getUTCDate() === 1 && monthEnd <= end) {
      months.push(monthOf(iso(cursor)));
    } else {
      days.push([iso(cursor), iso(monthEnd < end ? monthEnd : end)]);
    }
    cursor = new Date(monthEnd.getTime() + 86_400_000);
  }
  return { months, days };
}

/** One department's figures in an area subtree and period (docs/indicators.md). */
export interface DepartmentFigures {
  departmentId: string;
  /** Cases dispatched to it as lead department (first dispatch or re-dispatch to it). */
  assigned: number;
  /** Cases it was added to as a co-handling department. */
  coAssigned: number;
  resolved: number;
  closed: number;
  /** Handling stages it finished by their deadline ÷ handling stages it finished. */
  onTimeRate: Rate;
  /** Closed ÷ due for closure, counted for the department that had the case. */
  closureRate: Rate;
  /** Failed verifications of its work ÷ verifications of its work. */
  reworkRate: Rate;
  /** Satisfied ÷ verifications of its work that recorded a satisfaction. */
  satisfactionRate: Rate;
  /** Handling stages the sweeper marked overdue while it had the case. */
  overdueHandle: number;
  /** Gauges: open cases dispatched to it now, those whose handling is overdue, co-handled ones. */
  open: number;
  overdueOpen: number;
  coOpen: number;
}

/**
 * Each department's figures from the summed `dept:` counters and gauges of one area
 * (other metrics are ignored); departments with no figure at all are left out.
 */
export function summarizeDepartments(
  counters: ReadonlyMap<string, number>,
  gauges: ReadonlyMap<string, number>,
): DepartmentFigures[] {
  const byDepartment = new Map<string, { c: Map<string, number>; g: Map<string, number> }>();
  const collect = (source: ReadonlyMap<string, number>, kind: 'c' | 'g') => {
    for (const [name, n] of source) {
      const parsed = parseDepartmentMetric(name);
      if (!parsed || n === 0) continue;
      let entry = byDepartment.get(parsed.departmentId);
      if (!entry) byDepartment.set(parsed.departmentId, (entry = { c: new Map(), g: new Map() }));
      entry[kind].set(parsed.metric, n);
    }
  };
  collect(counters, 'c');
  collect(gauges, 'g');
  return [...byDepartment].map(([departmentId, { c: counts, g }]) => {
    const c = (metric: string) => counts.get(metric) ?? 0;
    return {
      departmentId,
      assigned: c('assigned'),
      coAssigned: c('co_assigned'),
      resolved: c('resolved'),
      closed: c('closed'),
      onTimeRate: rate(c('handle_on_time'), c('handle_on_time') + c('handle_late')),
      closureRate: rate(c('closed'), c('due_closure')),
      reworkRate: rate(c('rework'), c('verify_ok') + c('rework')),
      satisfactionRate: rate(
        c('satisfaction_satisfied'),
        c('satisfaction_satisfied') + c('satisfaction_neutral') + c('satisfaction_unsatisfied'),
      ),
      overdueHandle: c('overdue_handle'),
      open: g.get('open') ?? 0,
      overdueOpen: g.get('overdue_open') ?? 0,
      coOpen: g.get('co_open') ?? 0,
    };
  });
}

/** What departments can be ranked by; rates rank highest first except rework. */
export const DEPARTMENT_RANKINGS = [
  'onTimeRate',
  'closureRate',
  'reworkRate',
  'satisfactionRate',
  'overdueOpen',
  'assigned',
] as const;
export type DepartmentRanking = (typeof DEPARTMENT_RANKINGS)[number];

/**
 * The departments in rank order by `by`, each with its `rank` (1 = best; equal values
 * share a rank, "1, 2, 2, 4"). Departments whose rate has no denominator have no rank
 * and come last. Ties are ordered by more cases assigned, then by id.
 */
export function rankDepartments<T extends DepartmentFigures>(
  figures: readonly T[],
  by: DepartmentRanking,
): (T & { rank: number | null })[] {
  const valueOf = (f: T): number | null => {
    switch (by) {
      case 'overdueOpen':
        return -f.overdueOpen;
      case 'assigned':
        return f.assigned;
      case 'reworkRate':
        return f.reworkRate.rate === null ? null : -f.reworkRate.rate;
      default:
        return f[by].rate;
    }
  };
  const sorted = [...figures].sort((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return vb - va;
    }
    if (a.assigned !== b.assigned) return b.assigned - a.assigned;
    return a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0;
  });
  let rank = 0;
  return sorted.map((f, k) => {
    const value = valueOf(f);
    if (value !== null && (k === 0 || valueOf(sorted[k - 1] as T) !== value)) rank = k + 1;
    return { ...f, rank: value === null ? null : rank };
  });
}
