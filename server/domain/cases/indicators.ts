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

function gaugesOf(c: Case): string[] {
  if (!isOpen(c.status)) return [];
  return ['open', `status:${c.status}`, ...(c.stageOverdue ? ['overdue_open'] : [])];
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
