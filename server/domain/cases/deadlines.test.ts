import { describe, expect, it } from 'vitest';
import { buildCase } from '../../../tests/factories/cases.ts';
import { parseCalendar } from '../calendar/working-hours.ts';
import { PRIORITIES } from '../org/category.ts';
import { clockFor, completeStage, DEFAULT_SLA, resumeDeadline, startStage } from './deadlines.ts';

/** The configured defaults: Monday to Friday 09:00–18:00 in Asia/Shanghai. */
const CALENDAR = parseCalendar({});
/** An instant given as Shanghai wall time (UTC+8 all year). */
const sh = (local: string): Date => new Date(`${local}+08:00`);

/** A case just reported at `at`, before its first stage starts. */
function reportedAt(at: Date, priority: 'urgent' | 'normal' | 'low' | 'high') {
  return buildCase({
    priority,
    createdAt: at.toISOString(),
    stage: null,
    stageDueAt: null,
    deadlines: {},
  });
}

describe('clockFor', () => {
  it('puts urgent cases on the 24×7 clock and every other priority on working hours', () => {
    expect(clockFor('urgent')).toBe('24x7');
    for (const p of PRIORITIES.filter((x) => x !== 'urgent'))
      expect(clockFor(p)).toBe('working-hours');
  });
});

describe('DEFAULT_SLA', () => {
  it('gives urgent cases 15 minutes to reach the officer on duty', () => {
    expect(DEFAULT_SLA.urgent.minutes.register).toBe(15);
    for (const p of PRIORITIES) expect(DEFAULT_SLA[p].priority).toBe(p);
  });
});

describe('startStage', () => {
  it('gives a normal case reported Friday 17:00 its register deadline on Monday 10:00', () => {
    // 2026-03-06 is a Friday: 60 working minutes that day, 60 more on Monday morning.
    const at = sh('2026-03-06T17:00:00');
    const c = reportedAt(at, 'normal');
    const next = startStage(c, 'register', at, DEFAULT_SLA.normal, CALENDAR);
    const due = sh('2026-03-09T10:00:00').toISOString();
    expect(next.stage).toBe('register');
    expect(next.stageDueAt).toBe(due);
    expect(next.stageOverdue).toBe(false);
    expect(next.escalateAt).toBeNull();
    expect(next.deadlines).toEqual({ register: { due, doneAt: null, overdue: false } });
  });

  it('gives an urgent case reported 02:00 on Saturday fifteen minutes, around the clock', () => {
    const at = sh('2026-03-07T02:00:00');
    const next = startStage(reportedAt(at, 'urgent'), 'register', at, DEFAULT_SLA.urgent, CALENDAR);
    expect(next.stageDueAt).toBe(sh('2026-03-07T02:15:00').toISOString());
  });

  it('starts counting a normal case reported at night at the next working morning', () => {
    const at = sh('2026-03-03T23:30:00');
    const next = startStage(reportedAt(at, 'normal'), 'register', at, DEFAULT_SLA.normal, CALENDAR);
    expect(next.stageDueAt).toBe(sh('2026-03-04T11:00:00').toISOString());
  });

  it('honours the calendar’s holidays and make-up days', () => {
    const cal = parseCalendar({ holidays: ['2026-03-09'], workdays: ['2026-03-08'] });
    const at = sh('2026-03-06T17:00:00');
    // Friday 17–18, then Sunday (make-up day) 09:00–10:00.
    const next = startStage(reportedAt(at, 'normal'), 'register', at, DEFAULT_SLA.normal, cal);
    expect(next.stageDueAt).toBe(sh('2026-03-08T10:00:00').toISOString());
  });

  it('takes an explicit deadline as given and keeps the deadlines of earlier stages', () => {
    const at = sh('2026-03-02T10:00:00');
    const c = buildCase({ status: 'registered' });
    const explicit = sh('2026-03-20T12:00:00');
    const next = startStage(c, 'handle', at, DEFAULT_SLA.normal, CALENDAR, explicit);
    expect(next.stageDueAt).toBe(explicit.toISOString());
    expect(next.deadlines.handle).toEqual({
      due: explicit.toISOString(),
      doneAt: null,
      overdue: false,
    });
    expect(next.deadlines.register).toEqual(c.deadlines.register);
    expect(next.deadlines.dispatch).toEqual(c.deadlines.dispatch);
  });

  it('restarts a stage that ran before (rework) and clears the overdue mark', () => {
    const c = buildCase({
      status: 'resolved',
      stageOverdue: true,
      escalateAt: sh('2026-03-05T00:00:00').toISOString(),
    });
    const at = sh('2026-03-02T10:00:00');
    const next = startStage(c, 'handle', at, DEFAULT_SLA.normal, CALENDAR);
    expect(next.stage).toBe('handle');
    expect(next.stageOverdue).toBe(false);
    expect(next.escalateAt).toBeNull();
    expect(next.deadlines.handle).toEqual({
      due: sh('2026-03-05T10:00:00').toISOString(),
      doneAt: null,
      overdue: false,
    });
  });

  it('does not change the case it is given', () => {
    const c = buildCase();
    const before = structuredClone(c);
    startStage(c, 'dispatch', sh('2026-03-02T10:00:00'), DEFAULT_SLA.normal, CALENDAR);
    expect(c).toEqual(before);
  });
});

describe('completeStage', () => {
  const at = sh('2026-03-02T09:00:00');
  const running = () =>
    startStage(reportedAt(at, 'normal'), 'register', at, DEFAULT_SLA.normal, CALENDAR);

  it('is on time up to and including the deadline', () => {
    const c = running();
    const due = new Date(c.stageDueAt as string);
    for (const now of [at, due]) {
      const done = completeStage(c, now);
      expect(done.stage).toBe('register');
      expect(done.onTime).toBe(true);
      expect(done.next.deadlines.register).toEqual({
        due: due.toISOString(),
        doneAt: now.toISOString(),
        overdue: false,
      });
      expect(done.next.stage).toBeNull();
      expect(done.next.stageDueAt).toBeNull();
    }
  });

  it('is late a millisecond after the deadline', () => {
    const c = running();
    const now = new Date(Date.parse(c.stageDueAt as string) + 1);
    const done = completeStage(c, now);
    expect(done.onTime).toBe(false);
    expect(done.next.deadlines.register?.overdue).toBe(true);
    expect(done.next.stageOverdue).toBe(false);
    expect(done.next.escalateAt).toBeNull();
  });

  it('leaves a case without a running stage as it is', () => {
    const c = buildCase({ status: 'closed' });
    const done = completeStage(c, at);
    expect(done).toEqual({ next: c, stage: null, onTime: true });
  });
});

describe('resumeDeadline', () => {
  it('keeps the working time that was left after two working days of suspension', () => {
    // Suspended Monday 10:00 with the stage due Tuesday 12:00: 480 + 180 working minutes left.
    const due = sh('2026-03-03T12:00:00').toISOString();
    const c = buildCase({
      status: 'suspended',
      stageDueAt: due,
      deadlines: { handle: { due, doneAt: null, overdue: false } },
    });
    const next = resumeDeadline(c, sh('2026-03-02T10:00:00'), sh('2026-03-04T10:00:00'), CALENDAR);
    const resumed = sh('2026-03-05T12:00:00').toISOString();
    expect(next.stageDueAt).toBe(resumed);
    expect(next.deadlines.handle).toEqual({ due: resumed, doneAt: null, overdue: false });
  });

  it('keeps the whole working time when suspended over a weekend outside working hours', () => {
    const due = sh('2026-03-09T11:00:00').toISOString();
    const c = buildCase({
      status: 'suspended',
      stageDueAt: due,
      deadlines: { handle: { due, doneAt: null, overdue: false } },
    });
    // Suspended Friday 18:30, resumed Monday 08:00: no working time passed.
    const next = resumeDeadline(c, sh('2026-03-06T18:30:00'), sh('2026-03-09T08:00:00'), CALENDAR);
    expect(next.stageDueAt).toBe(due);
  });

  it('keeps the remaining minutes of an urgent case on the 24×7 clock', () => {
    const due = sh('2026-03-07T03:00:00').toISOString();
    const c = buildCase({
      status: 'suspended',
      priority: 'urgent',
      stageDueAt: due,
      deadlines: { handle: { due, doneAt: null, overdue: false } },
    });
    const next = resumeDeadline(c, sh('2026-03-07T02:00:00'), sh('2026-03-08T22:30:00'), CALENDAR);
    expect(next.stageDueAt).toBe(sh('2026-03-08T23:30:00').toISOString());
  });

  it('makes an already overdue stage due at once on resuming', () => {
    const due = sh('2026-03-02T12:00:00').toISOString();
    const c = buildCase({
      status: 'suspended',
      stageDueAt: due,
      stageOverdue: true,
      deadlines: { handle: { due, doneAt: null, overdue: true } },
    });
    const now = sh('2026-03-04T10:00:00');
    const next = resumeDeadline(c, sh('2026-03-02T14:00:00'), now, CALENDAR);
    expect(next.stageDueAt).toBe(now.toISOString());
  });

  it('keeps an overdue stage overdue when resumed outside working hours', () => {
    // Resumed Wednesday 19:00: "at once" is now, not the next working morning, so a
    // resolution a minute later is late, as the stage already was.
    const due = sh('2026-03-02T12:00:00').toISOString();
    const c = buildCase({
      status: 'suspended',
      stageDueAt: due,
      stageOverdue: true,
      deadlines: { handle: { due, doneAt: null, overdue: true } },
    });
    const now = sh('2026-03-04T19:00:00');
    const next = resumeDeadline(c, sh('2026-03-02T14:00:00'), now, CALENDAR);
    expect(next.stageDueAt).toBe(now.toISOString());
    expect(completeStage(next, sh('2026-03-04T19:01:00')).onTime).toBe(false);
  });

  it('leaves a case without a running stage as it is', () => {
    const c = buildCase({ status: 'suspended', stage: null, stageDueAt: null });
    expect(resumeDeadline(c, sh('2026-03-02T10:00:00'), sh('2026-03-04T10:00:00'), CALENDAR)).toBe(
      c,
    );
  });
});
