import { describe, expect, it } from 'vitest';
import { buildCase, CASE_DEPARTMENT } from '../../../tests/factories/cases.ts';
import { STAGES } from './case.ts';
import { gaugeChanges, splitPeriod, summarize, type GaugeDelta } from './indicators.ts';

const DEPT = (metric: string) => `dept:${CASE_DEPARTMENT}:${metric}`;

const PATH = ['city', 'district', 'grid'];

/** Deltas in a stable order, for comparison. */
const sorted = (deltas: GaugeDelta[]) =>
  [...deltas].sort((a, b) => `${a.areaId}/${a.metric}`.localeCompare(`${b.areaId}/${b.metric}`));

const each = (metric: string, n: number): GaugeDelta[] =>
  PATH.map((areaId) => ({ areaId, metric, n }));

describe('gaugeChanges', () => {
  it('adds a new case to open and to its status for every area on the path', () => {
    const c = buildCase({ status: 'submitted' });
    expect(sorted(gaugeChanges(null, c, PATH))).toEqual(
      sorted([...each('open', 1), ...each('status:submitted', 1)]),
    );
  });

  it('moves the status gauge on a status change and leaves open alone', () => {
    const before = buildCase({ status: 'registered' });
    const after = { ...before, status: 'dispatched' as const };
    // Dispatched: the case is now in its lead department's hands.
    expect(sorted(gaugeChanges(before, after, PATH))).toEqual(
      sorted([
        ...each('status:registered', -1),
        ...each('status:dispatched', 1),
        ...each(DEPT('open'), 1),
      ]),
    );
  });

  it('removes a closed or rejected case from open and from its status', () => {
    const before = buildCase({ status: 'verified' });
    expect(sorted(gaugeChanges(before, buildCase({ status: 'closed' }), PATH))).toEqual(
      sorted([...each('open', -1), ...each('status:verified', -1), ...each(DEPT('open'), -1)]),
    );
    const submitted = buildCase({ status: 'submitted' });
    expect(sorted(gaugeChanges(submitted, buildCase({ status: 'rejected' }), PATH))).toEqual(
      sorted([...each('open', -1), ...each('status:submitted', -1)]),
    );
  });

  it('counts overdue_open while the running stage is overdue', () => {
    const before = buildCase({ status: 'dispatched' });
    const overdue = { ...before, stageOverdue: true };
    // An overdue handling stage is also overdue for the lead department.
    expect(sorted(gaugeChanges(before, overdue, PATH))).toEqual(
      sorted([...each('overdue_open', 1), ...each(DEPT('overdue_open'), 1)]),
    );
    // Resolving the overdue case starts a new stage on time.
    const resolved = {
      ...overdue,
      status: 'resolved' as const,
      stage: 'verify' as const,
      stageOverdue: false,
    };
    expect(sorted(gaugeChanges(overdue, resolved, PATH))).toEqual(
      sorted([
        ...each('overdue_open', -1),
        ...each(DEPT('overdue_open'), -1),
        ...each('status:dispatched', -1),
        ...each('status:resolved', 1),
      ]),
    );
    // A new case that is already overdue (imported late) counts at once.
    expect(gaugeChanges(null, overdue, PATH).filter((d) => d.metric === 'overdue_open')).toEqual(
      each('overdue_open', 1),
    );
  });

  it('gives no deltas for a case that did not change its gauges', () => {
    const c = buildCase({ status: 'in_progress' });
    expect(gaugeChanges(c, { ...c, version: c.version + 1, supervised: true }, PATH)).toEqual([]);
    const closed = buildCase({ status: 'closed' });
    expect(gaugeChanges(closed, { ...closed, version: 9 }, PATH)).toEqual([]);
  });

  it('touches only the areas on the path it is given', () => {
    const c = buildCase({ status: 'submitted' });
    expect(gaugeChanges(null, c, [])).toEqual([]);
    expect(new Set(gaugeChanges(null, c, ['grid']).map((d) => d.areaId))).toEqual(
      new Set(['grid']),
    );
  });
});

describe('summarize', () => {
  const counters = new Map<string, number>([
    ['reported', 20],
    ['registered', 18],
    ['rejected', 2],
    ['resolved', 12],
    ['closed', 10],
    ['escalated', 1],
    ['supervised', 3],
    ['due_closure', 16],
    ['register_on_time', 15],
    ['register_late', 3],
    ['handle_on_time', 9],
    ['handle_late', 3],
    ['verify_ok', 10],
    ['verify_failed', 2],
    ['satisfaction_satisfied', 6],
    ['satisfaction_neutral', 3],
    ['satisfaction_unsatisfied', 1],
    ['close_hours_sum', 250],
    ['close_hours_le_1', 1],
    ['close_hours_le_4', 3],
    ['close_hours_le_24', 4],
    ['close_hours_le_72', 1],
    ['close_hours_le_inf', 1],
    ['category:potholes', 7],
    ['category:litter', 4],
    ['category:lamps', 0],
  ]);
  const gauges = new Map<string, number>([
    ['open', 8],
    ['overdue_open', 2],
    ['status:submitted', 2],
    ['status:in_progress', 6],
    ['status:resolved', 0],
  ]);
  const summary = summarize(counters, gauges);

  it('passes the plain counts through', () => {
    expect(summary).toMatchObject({
      reported: 20,
      registered: 18,
      rejected: 2,
      resolved: 12,
      closed: 10,
      escalated: 1,
      supervised: 3,
      open: 8,
      overdueOpen: 2,
    });
  });

  it('gives each rate with its numerator and denominator', () => {
    expect(summary.closureRate).toEqual({ rate: 10 / 16, numerator: 10, denominator: 16 });
    expect(summary.onTimeRate.register).toEqual({ rate: 15 / 18, numerator: 15, denominator: 18 });
    expect(summary.onTimeRate.handle).toEqual({ rate: 0.75, numerator: 9, denominator: 12 });
    expect(summary.reworkRate).toEqual({ rate: 2 / 12, numerator: 2, denominator: 12 });
    expect(summary.satisfactionRate).toEqual({ rate: 0.6, numerator: 6, denominator: 10 });
  });

  it('gives a null rate on a zero denominator', () => {
    for (const stage of ['dispatch', 'verify', 'answer'] as const) {
      expect(summary.onTimeRate[stage]).toEqual({ rate: null, numerator: 0, denominator: 0 });
    }
    const empty = summarize(new Map(), new Map());
    expect(empty.closureRate).toEqual({ rate: null, numerator: 0, denominator: 0 });
    expect(empty.reworkRate.rate).toBeNull();
    expect(empty.satisfactionRate.rate).toBeNull();
    for (const stage of STAGES) expect(empty.onTimeRate[stage].rate).toBeNull();
    expect(empty.meanHoursToClose).toBeNull();
    expect(empty.p90HoursToClose).toBeNull();
    expect(empty.open).toBe(0);
    expect(empty.byStatus).toEqual({});
    expect(empty.byCategory).toEqual({});
  });

  it('gives the mean and the p90 time to close from the histogram', () => {
    expect(summary.meanHoursToClose).toBe(25);
    // Cumulative: ≤1 h: 1, ≤4 h: 4, ≤24 h: 8, ≤72 h: 9 = 90 % of 10.
    expect(summary.p90HoursToClose).toBe(72);
  });

  it('gives the bucket where the 90th percentile falls, and null when it is unbounded', () => {
    const fast = summarize(
      new Map([
        ['closed', 10],
        ['close_hours_le_2', 9],
        ['close_hours_le_1440', 1],
      ]),
      new Map(),
    );
    expect(fast.p90HoursToClose).toBe(2);
    const slow = summarize(
      new Map([
        ['closed', 10],
        ['close_hours_le_8', 8],
        ['close_hours_le_inf', 2],
      ]),
      new Map(),
    );
    expect(slow.p90HoursToClose).toBeNull();
  });

  it('lists the statuses and categories with a positive count', () => {
    expect(summary.byStatus).toEqual({ submitted: 2, in_progress: 6 });
    expect(summary.byCategory).toEqual({ potholes: 7, litter: 4 });
  });
});

describe('splitPeriod', () => {
  it('reads whole months from the roll-ups and the edges day by day', () => {
    expect(splitPeriod('2026-01-01', '2026-03-31')).toEqual({
      months: ['2026-01', '2026-02', '2026-03'],
      days: [],
    });
    expect(splitPeriod('2025-12-15', '2026-03-10')).toEqual({
      months: ['2026-01', '2026-02'],
      days: [
        ['2025-12-15', '2025-12-31'],
        ['2026-03-01', '2026-03-10'],
      ],
    });
    expect(splitPeriod('2026-02-03', '2026-02-03')).toEqual({
      months: [],
      days: [['2026-02-03', '2026-02-03']],
    });
    expect(splitPeriod('2024-02-01', '2024-02-29')).toEqual({ months: ['2024-02'], days: [] });
  });

  it('covers every day of a period exactly once', () => {
    const from = '2025-11-17';
    const to = '2026-12-05';
    const { months, days } = splitPeriod(from, to);
    const covered: string[] = [];
    for (const m of months) {
      const [y, mo] = m.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
      for (let d = 1; d <= last; d++) covered.push(`${m}-${String(d).padStart(2, '0')}`);
    }
    for (const [a, b] of days) {
      for (
        let t = Date.parse(`${a}T00:00:00Z`);
        t <= Date.parse(`${b}T00:00:00Z`);
        t += 86_400_000
      ) {
        covered.push(new Date(t).toISOString().slice(0, 10));
      }
    }
    covered.sort();
    const expected: string[] = [];
    for (
      let t = Date.parse(`${from}T00:00:00Z`);
      t <= Date.parse(`${to}T00:00:00Z`);
      t += 86_400_000
    ) {
      expected.push(new Date(t).toISOString().slice(0, 10));
    }
    expect(covered).toEqual(expected);
  });
});
