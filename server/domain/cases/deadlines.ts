/**
 * Stage deadlines from the SLA policy: each category × priority has a limit per stage.
 * Urgent cases run on a 24×7 clock; the others on the working-hours calendar. Deadlines
 * are stored on the case, so dashboards never recompute them; suspension pauses them.
 */
import {
  addClockMinutes,
  clockMinutesBetween,
  type DeadlineClock,
  type WorkCalendar,
} from '../calendar/working-hours.ts';
import type { Priority } from '../org/category.ts';
import type { Case, Stage } from './case.ts';

/** Limits (in clock minutes of the priority's clock) per stage, for one category × priority. */
export interface SlaPolicy {
  priority: Priority;
  minutes: Record<Stage, number>;
  /** Escalate to the parent area once a stage is this long overdue; null never. */
  escalateAfterOverdueMinutes: number | null;
}

/** The default policy of each priority, used where no category policy is stored. */
export const DEFAULT_SLA: Record<Priority, SlaPolicy> = {
  urgent: {
    priority: 'urgent',
    minutes: { register: 15, dispatch: 30, handle: 240, verify: 60, answer: 120 },
    escalateAfterOverdueMinutes: 30,
  },
  high: {
    priority: 'high',
    minutes: { register: 60, dispatch: 120, handle: 540, verify: 540, answer: 540 },
    escalateAfterOverdueMinutes: 540,
  },
  normal: {
    priority: 'normal',
    minutes: { register: 120, dispatch: 240, handle: 1620, verify: 540, answer: 1080 },
    escalateAfterOverdueMinutes: 1080,
  },
  low: {
    priority: 'low',
    minutes: { register: 240, dispatch: 540, handle: 2700, verify: 1080, answer: 1620 },
    escalateAfterOverdueMinutes: null,
  },
};

/** Urgent cases run on a 24×7 clock, the rest on working hours. */
export function clockFor(priority: Priority): DeadlineClock {
  return priority === 'urgent' ? '24x7' : 'working-hours';
}

/** The case with `stage` started at `now`: its deadline computed (or given) and stored. */
export function startStage(
  c: Case,
  stage: Stage,
  now: Date,
  policy: SlaPolicy,
  calendar: WorkCalendar,
  explicitDue?: Date,
): Case {
  const due = (
    explicitDue ?? addClockMinutes(now, policy.minutes[stage], clockFor(c.priority), calendar)
  ).toISOString();
  return {
    ...c,
    stage,
    stageDueAt: due,
    stageOverdue: false,
    escalateAt: null,
    deadlines: { ...c.deadlines, [stage]: { due, doneAt: null, overdue: false } },
  };
}

/** The case with its running stage done at `now`; `onTime` says whether it met its deadline. */
export function completeStage(
  c: Case,
  now: Date,
): { next: Case; stage: Stage | null; onTime: boolean } {
  const stage = c.stage;
  if (!stage) return { next: c, stage: null, onTime: true };
  const current = c.deadlines[stage];
  const onTime = !current || now.getTime() <= Date.parse(current.due);
  const deadlines = current
    ? { ...c.deadlines, [stage]: { ...current, doneAt: now.toISOString(), overdue: !onTime } }
    : c.deadlines;
  return {
    next: { ...c, stage: null, stageDueAt: null, stageOverdue: false, escalateAt: null, deadlines },
    stage,
    onTime,
  };
}

/**
 * The deadline of the running stage after a suspension from `suspendedAt` to `now`: the
 * time that was left when the clock stopped is counted again from `now`.
 */
export function resumeDeadline(
  c: Case,
  suspendedAt: Date,
  now: Date,
  calendar: WorkCalendar,
): Case {
  if (!c.stage || !c.stageDueAt) return c;
  const clock = clockFor(c.priority);
  const due = new Date(c.stageDueAt);
  // A stage already overdue when suspended is due at once: now, even outside working
  // hours (moving it to the next working morning would make it on time again).
  const next =
    due > suspendedAt
      ? addClockMinutes(
          now,
          clockMinutesBetween(suspendedAt, due, clock, calendar),
          clock,
          calendar,
        ).toISOString()
      : now.toISOString();
  const current = c.deadlines[c.stage];
  return {
    ...c,
    stageDueAt: next,
    deadlines: current ? { ...c.deadlines, [c.stage]: { ...current, due: next } } : c.deadlines,
  };
}
