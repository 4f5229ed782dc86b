import { describe, expect, it } from 'vitest';
import { buildActor, buildCase, CASE_DEPARTMENT } from '../../../tests/factories/cases.ts';
import { parseCalendar } from '../calendar/working-hours.ts';
import type { Case } from './case.ts';
import { DEFAULT_SLA } from './deadlines.ts';
import {
  departmentCounters,
  gaugeChanges,
  parseDepartmentMetric,
  rankDepartments,
  summarizeDepartments,
  type DepartmentFigures,
} from './indicators.ts';
import { applyAction, markOverdue, type CaseCommand } from './transitions.ts';

const CALENDAR = parseCalendar({});
const PATH = ['city', 'grid'];
const PARKS = 'd-parks';
const WATER = 'd-water';
const ROADS = CASE_DEPARTMENT;

/** Counters and gauges of one area, as the case writer would keep them for a case's steps. */
class Ledger {
  counters = new Map<string, number>();
  gauges = new Map<string, number>();
  /** The department rows the last step added (counters and non-zero gauge changes). */
  lastDepartmentRows: string[] = [];

  record(before: Case | null, after: Case, counters: { metric: string; n: number }[]): void {
    const dept = departmentCounters(before, after, counters);
    for (const { metric, n } of [...counters, ...dept])
      this.counters.set(metric, (this.counters.get(metric) ?? 0) + n);
    const gauges = gaugeChanges(before, after, ['grid']);
    for (const { metric, n } of gauges) this.gauges.set(metric, (this.gauges.get(metric) ?? 0) + n);
    this.lastDepartmentRows = [
      ...dept.map((d) => d.metric),
      ...gauges.filter((g) => g.metric.startsWith('dept:')).map((g) => g.metric),
    ];
  }

  dept(departmentId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, n] of this.counters) {
      const parsed = parseDepartmentMetric(name);
      if (parsed?.departmentId === departmentId && n !== 0) out[parsed.metric] = n;
    }
    return out;
  }

  deptGauges(departmentId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, n] of this.gauges) {
      const parsed = parseDepartmentMetric(name);
      if (parsed?.departmentId === departmentId && n !== 0) out[parsed.metric] = n;
    }
    return out;
  }
}

const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

describe('department counters and gauges of a lifecycle', () => {
  const dispatcher = buildActor('dispatcher');
  const handler = buildActor('handler');
  const worker = buildActor('grid_worker');
  const ledger = new Ledger();
  let c: Case = buildCase({ status: 'registered' });
  let now = new Date('2026-03-02T03:00:00.000Z');
  const step = (command: CaseCommand, actor = dispatcher, at = minutes(now, 10)) => {
    now = at;
    const result = applyAction(c, command, actor, {
      now,
      calendar: CALENDAR,
      policy: DEFAULT_SLA.normal,
      parentArea: null,
    });
    ledger.record(c, result.next, result.counters);
    c = result.next;
  };

  it('adds no department row for a report, even when routing named a department', () => {
    const reported = buildCase({ status: 'submitted' });
    expect(reported.departmentId).toBe(ROADS);
    expect(departmentCounters(null, reported, [{ metric: 'reported', n: 1 }])).toEqual([]);
    expect(gaugeChanges(null, reported, PATH).some((g) => g.metric.startsWith('dept:'))).toBe(
      false,
    );
    // Registering it does not put it in the department's hands either.
    const registered = { ...reported, status: 'registered' as const };
    expect(gaugeChanges(reported, registered, PATH).some((g) => g.metric.startsWith('dept:'))).toBe(
      false,
    );
  });

  it('counts a first dispatch as assigned to the lead and co-assigned to co-handlers', () => {
    step({ action: 'dispatch', departmentId: PARKS, coDepartmentIds: [WATER, PARKS] });
    expect(ledger.dept(PARKS)).toEqual({ assigned: 1 });
    expect(ledger.dept(WATER)).toEqual({ co_assigned: 1 });
    expect(ledger.deptGauges(PARKS)).toEqual({ open: 1 });
    expect(ledger.deptGauges(WATER)).toEqual({ co_open: 1 });
  });

  it('counts an overdue handling stage against the department that has the case', () => {
    const marked = markOverdue(
      c,
      new Date(Date.parse(c.stageDueAt as string) + 1),
      DEFAULT_SLA.normal,
      CALENDAR,
    );
    expect(marked).not.toBeNull();
    const { next, counters } = marked as NonNullable<typeof marked>;
    ledger.record(c, next, counters);
    c = next;
    now = new Date(Date.parse(c.stageDueAt as string) + 60_000);
    expect(ledger.dept(PARKS)).toEqual({ assigned: 1, overdue_handle: 1, due_closure: 1 });
    expect(ledger.deptGauges(PARKS)).toEqual({ open: 1, overdue_open: 1 });
  });

  it('moves open and overdue-open to the new department on re-dispatch', () => {
    step({ action: 'dispatch', departmentId: ROADS });
    // Overdue already: due for closure for the department it is handed to as well.
    expect(ledger.dept(ROADS)).toEqual({ assigned: 1, due_closure: 1 });
    expect(ledger.deptGauges(PARKS)).toEqual({});
    expect(ledger.deptGauges(WATER)).toEqual({});
    expect(ledger.deptGauges(ROADS)).toEqual({ open: 1, overdue_open: 1 });
    // A re-dispatch to the same department assigns nothing new.
    step({ action: 'dispatch', departmentId: ROADS, coDepartmentIds: [WATER] });
    expect(ledger.dept(ROADS)).toEqual({ assigned: 1, due_closure: 1 });
    expect(ledger.dept(WATER)).toEqual({ co_assigned: 2 });
    expect(ledger.deptGauges(WATER)).toEqual({ co_open: 1 });
  });

  it('keeps a suspended case in the department’s open count', () => {
    step({ action: 'accept' }, handler);
    step({ action: 'suspend', reason: 'Waiting for parts' });
    expect(c.status).toBe('suspended');
    expect(ledger.deptGauges(ROADS)).toEqual({ open: 1, overdue_open: 1 });
    step({ action: 'resume' });
    expect(ledger.lastDepartmentRows).toEqual([]);
  });

  it('counts a late resolution for the department, and a failed verification as its rework', () => {
    step({ action: 'resolve', report: 'Replaced the lamp' }, handler);
    // due_closure was counted once already, when the handling ran overdue.
    expect(ledger.dept(ROADS)).toEqual({
      assigned: 1,
      due_closure: 1,
      handle_late: 1,
      resolved: 1,
    });
    expect(ledger.deptGauges(ROADS)).toEqual({ open: 1 });
    step({ action: 'verify', ok: false, satisfaction: 'unsatisfied' }, worker);
    expect(c.status).toBe('dispatched');
    expect(ledger.dept(ROADS)).toMatchObject({ rework: 1, satisfaction_unsatisfied: 1 });
    expect(ledger.deptGauges(ROADS)).toEqual({ open: 1 });
  });

  it('counts the reworked case on time, verified, satisfied and closed', () => {
    step({ action: 'accept' }, handler);
    step({ action: 'resolve', report: 'Replaced the lamp again' }, handler);
    step({ action: 'verify', ok: true, satisfaction: 'satisfied' }, worker);
    step({ action: 'close', answer: 'The lamp works.' });
    expect(ledger.dept(ROADS)).toEqual({
      assigned: 1,
      due_closure: 1,
      handle_late: 1,
      handle_on_time: 1,
      resolved: 2,
      rework: 1,
      verify_ok: 1,
      satisfaction_unsatisfied: 1,
      satisfaction_satisfied: 1,
      closed: 1,
    });
    expect(ledger.deptGauges(ROADS)).toEqual({});
    expect(ledger.deptGauges(WATER)).toEqual({});
    // The parks department keeps what happened while it had the case.
    expect(ledger.dept(PARKS)).toEqual({ assigned: 1, overdue_handle: 1, due_closure: 1 });
  });

  it('summarizes each department with its rates', () => {
    const figures = summarizeDepartments(ledger.counters, ledger.gauges);
    const roads = figures.find((f) => f.departmentId === ROADS);
    expect(roads).toMatchObject({
      assigned: 1,
      resolved: 2,
      closed: 1,
      onTimeRate: { rate: 0.5, numerator: 1, denominator: 2 },
      closureRate: { rate: 1, numerator: 1, denominator: 1 },
      reworkRate: { rate: 0.5, numerator: 1, denominator: 2 },
      satisfactionRate: { rate: 0.5, numerator: 1, denominator: 2 },
      open: 0,
      overdueOpen: 0,
    });
    const parks = figures.find((f) => f.departmentId === PARKS);
    expect(parks).toMatchObject({
      assigned: 1,
      overdueHandle: 1,
      closureRate: { rate: 0, numerator: 0, denominator: 1 },
      onTimeRate: { rate: null, numerator: 0, denominator: 0 },
    });
    expect(figures.find((f) => f.departmentId === WATER)).toMatchObject({
      assigned: 0,
      coAssigned: 2,
    });
    // Area metrics are left alone.
    expect(figures.map((f) => f.departmentId).sort()).toEqual([PARKS, ROADS, WATER].sort());
  });
});

describe('rankDepartments', () => {
  const rate = (numerator: number, denominator: number) => ({
    rate: denominator ? numerator / denominator : null,
    numerator,
    denominator,
  });
  const figure = (
    departmentId: string,
    onTime: [number, number],
    rework: [number, number],
    assigned: number,
    overdueOpen = 0,
  ): DepartmentFigures => ({
    departmentId,
    assigned,
    coAssigned: 0,
    resolved: onTime[1],
    closed: 0,
    onTimeRate: rate(...onTime),
    closureRate: rate(0, 0),
    reworkRate: rate(...rework),
    satisfactionRate: rate(0, 0),
    overdueHandle: 0,
    open: 0,
    overdueOpen,
    coOpen: 0,
  });
  const figures = [
    figure('a', [1, 2], [1, 4], 3, 2),
    figure('b', [3, 4], [0, 4], 5),
    figure('c', [0, 0], [0, 0], 1, 1),
    figure('d', [2, 4], [3, 4], 9),
    figure('e', [4, 4], [1, 2], 4),
  ];

  it('ranks the highest on-time rate first, sharing ranks on ties, unrated last', () => {
    const ranked = rankDepartments(figures, 'onTimeRate');
    expect(ranked.map((f) => [f.departmentId, f.rank])).toEqual([
      ['e', 1],
      ['b', 2],
      // Equal rates share a rank; more cases assigned first.
      ['d', 3],
      ['a', 3],
      ['c', null],
    ]);
  });

  it('ranks rework and overdue-open lowest first', () => {
    expect(rankDepartments(figures, 'reworkRate').map((f) => [f.departmentId, f.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['e', 3],
      ['d', 4],
      ['c', null],
    ]);
    expect(rankDepartments(figures, 'overdueOpen').map((f) => f.departmentId)).toEqual([
      'd',
      'b',
      'e',
      'c',
      'a',
    ]);
    expect(rankDepartments(figures, 'assigned').map((f) => f.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('ranks nothing when there are no departments', () => {
    expect(rankDepartments([], 'closureRate')).toEqual([]);
  });
});
