import { describe, expect, it } from 'vitest';
import {
  buildActor,
  buildCase,
  buildGrant,
  CASE_AREA_PATH,
  CASE_CREATED_AT,
  CASE_DEPARTMENT,
  CASE_HANDLER,
  OTHER_AREA_PATH,
  RUNNING_STAGE_DUE,
} from '../../../tests/factories/cases.ts';
import { addClockMinutes, parseCalendar } from '../calendar/working-hours.ts';
import { ForbiddenError, InvalidTransitionError, ValidationError } from '../errors.ts';
import { ROLES, type Role } from '../org/role.ts';
import type { Actor } from '../org/scope.ts';
import { CASE_STATUSES, type Case, type CaseStatus } from './case.ts';
import { DEFAULT_SLA } from './deadlines.ts';
import {
  applyAction,
  availableActions,
  CASE_ACTIONS,
  markOverdue,
  mayTake,
  type CaseAction,
  type CaseCommand,
  type TransitionContext,
} from './transitions.ts';

const CALENDAR = parseCalendar({});
/** An instant given as Shanghai wall time (UTC+8 all year). */
const sh = (local: string): Date => new Date(`${local}+08:00`);
/** Monday 2026-03-02 10:00 in Shanghai: an hour after the built case was reported. */
const NOW = sh('2026-03-02T10:00:00');

function ctxFor(c: Case, now: Date = NOW): TransitionContext {
  const parent = c.areaPath.length > 1 ? c.areaPath.slice(0, -1) : null;
  return {
    now,
    calendar: CALENDAR,
    policy: DEFAULT_SLA[c.priority],
    parentArea: parent ? { id: parent[parent.length - 1] as string, path: parent } : null,
  };
}

type ErrorClass = typeof ForbiddenError | typeof InvalidTransitionError | typeof ValidationError;

/** Expects the step to throw `error` and to leave the given case exactly as it was. */
function expectRefused(
  c: Case,
  command: CaseCommand,
  actor: Actor,
  error: ErrorClass,
  ctx: TransitionContext = ctxFor(c),
): void {
  const before = structuredClone(c);
  expect(() => applyAction(c, command, actor, ctx)).toThrow(error);
  expect(c).toEqual(before);
}

/** The twelve actions, with verify split into its two outcomes. */
type Step = Exclude<CaseAction, 'verify'> | 'verify ok' | 'verify failed';
const STEPS: Step[] = CASE_ACTIONS.flatMap((a): Step[] =>
  a === 'verify' ? ['verify ok', 'verify failed'] : [a],
);

const COMMANDS: Record<Step, CaseCommand> = {
  register: { action: 'register', note: 'Checked on the map' },
  reject: { action: 'reject', reason: 'Outside our jurisdiction' },
  dispatch: { action: 'dispatch', departmentId: CASE_DEPARTMENT, handlerId: CASE_HANDLER },
  accept: { action: 'accept' },
  resolve: { action: 'resolve', report: 'Filled with asphalt' },
  'verify ok': { action: 'verify', ok: true, satisfaction: 'satisfied' },
  'verify failed': { action: 'verify', ok: false, note: 'Still a hole' },
  close: { action: 'close', answer: 'The pothole was filled.' },
  suspend: { action: 'suspend', reason: 'Waiting for dry weather' },
  resume: { action: 'resume' },
  escalate: { action: 'escalate', reason: 'Needs the district' },
  supervise: { action: 'supervise', directive: 'Finish by Friday' },
  comment: { action: 'comment', text: 'Called the reporter' },
};

/**
 * The workflow written out from the SPEC, independently of TRANSITIONS: the status each
 * allowed step leads to; a missing entry means the step is refused. The suspended case
 * was suspended from `in_progress`.
 */
const EXPECTED: Record<CaseStatus, Partial<Record<Step, CaseStatus>>> = {
  submitted: {
    register: 'registered',
    reject: 'rejected',
    suspend: 'suspended',
    escalate: 'submitted',
    supervise: 'submitted',
    comment: 'submitted',
  },
  registered: {
    reject: 'rejected',
    dispatch: 'dispatched',
    suspend: 'suspended',
    escalate: 'registered',
    supervise: 'registered',
    comment: 'registered',
  },
  dispatched: {
    dispatch: 'dispatched',
    accept: 'in_progress',
    suspend: 'suspended',
    escalate: 'dispatched',
    supervise: 'dispatched',
    comment: 'dispatched',
  },
  in_progress: {
    resolve: 'resolved',
    suspend: 'suspended',
    escalate: 'in_progress',
    supervise: 'in_progress',
    comment: 'in_progress',
  },
  resolved: {
    'verify ok': 'verified',
    'verify failed': 'dispatched',
    suspend: 'suspended',
    escalate: 'resolved',
    supervise: 'resolved',
    comment: 'resolved',
  },
  verified: {
    close: 'closed',
    suspend: 'suspended',
    escalate: 'verified',
    supervise: 'verified',
    comment: 'verified',
  },
  closed: { comment: 'closed' },
  rejected: { comment: 'rejected' },
  suspended: {
    resume: 'in_progress',
    escalate: 'suspended',
    supervise: 'suspended',
    comment: 'suspended',
  },
};

/** Who may take which step (SPEC "Roles and scope"). */
const ALLOWED_ROLES: Record<CaseAction, readonly Role[]> = {
  register: ['dispatcher', 'grid_leader'],
  reject: ['dispatcher', 'grid_leader'],
  dispatch: ['dispatcher', 'grid_leader'],
  close: ['dispatcher', 'grid_leader'],
  accept: ['handler', 'department_head'],
  resolve: ['handler', 'department_head'],
  verify: ['grid_worker', 'grid_leader', 'dispatcher'],
  suspend: ['dispatcher', 'grid_leader', 'department_head'],
  resume: ['dispatcher', 'grid_leader', 'department_head'],
  escalate: ['dispatcher', 'grid_leader', 'department_head'],
  supervise: ['supervisor'],
  comment: [
    'grid_worker',
    'grid_leader',
    'dispatcher',
    'mediator',
    'supervisor',
    'handler',
    'department_head',
  ],
};

const actionOf = (step: Step): CaseAction =>
  step.startsWith('verify') ? 'verify' : (step as CaseAction);

/** A status from which the action is allowed, for the permission tests. */
const SOURCE: Record<CaseAction, CaseStatus> = {
  register: 'submitted',
  reject: 'submitted',
  dispatch: 'registered',
  accept: 'dispatched',
  resolve: 'in_progress',
  verify: 'resolved',
  close: 'verified',
  suspend: 'in_progress',
  resume: 'suspended',
  escalate: 'registered',
  supervise: 'in_progress',
  comment: 'in_progress',
};

describe('the expected table', () => {
  it('names every status and only known steps', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_STATUSES].sort());
    for (const row of Object.values(EXPECTED)) {
      for (const step of Object.keys(row)) expect(STEPS).toContain(step);
    }
  });
});

describe('applyAction: every status × action', () => {
  for (const status of CASE_STATUSES) {
    for (const step of STEPS) {
      const expected = EXPECTED[status][step];
      const action = actionOf(step);
      it(`${step} on ${status} → ${expected ?? 'InvalidTransitionError'}`, () => {
        for (const role of ALLOWED_ROLES[action]) {
          const c = buildCase({ status });
          const actor = buildActor(role);
          if (expected === undefined) {
            expectRefused(c, COMMANDS[step], actor, InvalidTransitionError);
            continue;
          }
          const before = structuredClone(c);
          const { next, event } = applyAction(c, COMMANDS[step], actor, ctxFor(c));
          expect(next.status, role).toBe(expected);
          expect(next.version).toBe(c.version + 1);
          expect(next.updatedAt).toBe(NOW.toISOString());
          expect(event.action).toBe(action);
          expect(event.fromStatus).toBe(status);
          expect(event.toStatus).toBe(expected);
          expect(next.reworkCount).toBe(step === 'verify failed' ? 1 : 0);
          // The input is never mutated, even on success.
          expect(c).toEqual(before);
        }
      });
    }
  }
});

describe('applyAction: roles and scope', () => {
  for (const action of CASE_ACTIONS) {
    const step: Step = action === 'verify' ? 'verify ok' : action;
    const refused = ROLES.filter((role) => !ALLOWED_ROLES[action].includes(role));

    it(`${action} is refused with ForbiddenError for ${refused.join(', ')}`, () => {
      for (const role of refused) {
        const c = buildCase({ status: SOURCE[action] });
        expectRefused(c, COMMANDS[step], buildActor(role), ForbiddenError);
        // Even holding the role on the whole city and on the lead department does not help.
        const everywhere: Actor = {
          ...buildActor(role),
          grants: [
            buildGrant(role, { area: ['a-city'] }),
            buildGrant(role, { department: CASE_DEPARTMENT }),
          ],
        };
        expectRefused(c, COMMANDS[step], everywhere, ForbiddenError);
      }
    });

    it(`${action} is refused for an allowed role whose scope does not reach the case`, () => {
      for (const role of ALLOWED_ROLES[action]) {
        const c = buildCase({ status: SOURCE[action] });
        const outside =
          role === 'handler' || role === 'department_head'
            ? buildActor(role, { department: 'd-parks' })
            : buildActor(role, { area: OTHER_AREA_PATH });
        expectRefused(c, COMMANDS[step], outside, ForbiddenError);
      }
    });

    it(`${action} is allowed on an ancestor area's grant`, () => {
      for (const role of ALLOWED_ROLES[action]) {
        if (role === 'handler' || role === 'department_head') continue;
        const c = buildCase({ status: SOURCE[action] });
        const wide = buildActor(role, { area: ['a-city', 'a-district'] });
        expect(applyAction(c, COMMANDS[step], wide, ctxFor(c)).next.version).toBe(c.version + 1);
      }
    });
  }

  it('refuses an area grant deeper than the owning area', () => {
    const c = buildCase({
      status: 'registered',
      areaId: 'a-community',
      areaPath: CASE_AREA_PATH.slice(0, 4),
    });
    expectRefused(c, COMMANDS.dispatch, buildActor('dispatcher'), ForbiddenError);
  });

  it('lets a co-handling department comment but take no other step', () => {
    for (const role of ['handler', 'department_head'] as const) {
      const coActor = buildActor(role, { department: 'd-parks' });
      for (const action of CASE_ACTIONS) {
        if (!ALLOWED_ROLES[action].includes(role)) continue;
        const c = buildCase({ status: SOURCE[action], coDepartmentIds: ['d-parks'] });
        const step: Step = action === 'verify' ? 'verify ok' : action;
        if (action === 'comment') {
          const { next } = applyAction(c, COMMANDS.comment, coActor, ctxFor(c));
          expect(next.version).toBe(c.version + 1);
        } else {
          expectRefused(c, COMMANDS[step], coActor, ForbiddenError);
        }
      }
    }
  });

  it('refuses a case without a lead department to department roles', () => {
    const c = buildCase({ status: 'submitted', departmentId: null });
    expectRefused(c, COMMANDS.comment, buildActor('handler'), ForbiddenError);
    expectRefused(c, COMMANDS.suspend, buildActor('department_head'), ForbiddenError);
  });

  it('never lets the case’s own handler verify it', () => {
    const c = buildCase({ status: 'resolved' });
    const handlerAsWorker = buildActor('grid_worker', { area: CASE_AREA_PATH }, CASE_HANDLER);
    expectRefused(c, COMMANDS['verify ok'], handlerAsWorker, ForbiddenError);
    expectRefused(c, COMMANDS['verify failed'], handlerAsWorker, ForbiddenError);
    expect(mayTake(handlerAsWorker, c, 'verify')).toBe(false);
    // The same person may still comment on it.
    expect(mayTake(handlerAsWorker, c, 'comment')).toBe(true);
  });
});

describe('applyAction: stage bookkeeping', () => {
  it('register completes `register` and starts `dispatch` on the working calendar', () => {
    const c = buildCase({ status: 'submitted' });
    const { next, counters } = applyAction(
      c,
      COMMANDS.register,
      buildActor('dispatcher'),
      ctxFor(c),
    );
    expect(next.deadlines.register).toEqual({
      due: RUNNING_STAGE_DUE,
      doneAt: NOW.toISOString(),
      overdue: false,
    });
    // 240 working minutes from Monday 10:00.
    const due = sh('2026-03-02T14:00:00').toISOString();
    expect(next.stage).toBe('dispatch');
    expect(next.stageDueAt).toBe(due);
    expect(next.stageOverdue).toBe(false);
    expect(next.deadlines.dispatch).toEqual({ due, doneAt: null, overdue: false });
    expect(counters).toEqual([
      { metric: 'register_on_time', n: 1 },
      { metric: 'registered', n: 1 },
    ]);
  });

  it('register counts the stage late after its deadline, and on time exactly at it', () => {
    const due = sh('2026-03-02T09:30:00').toISOString();
    const c = buildCase({
      status: 'submitted',
      stageDueAt: due,
      deadlines: { register: { due, doneAt: null, overdue: false } },
    });
    const actor = buildActor('grid_leader');
    const late = applyAction(c, COMMANDS.register, actor, ctxFor(c));
    expect(late.counters).toContainEqual({ metric: 'register_late', n: 1 });
    expect(late.counters).not.toContainEqual({ metric: 'register_on_time', n: 1 });
    expect(late.next.deadlines.register?.overdue).toBe(true);

    const exactly = applyAction(c, COMMANDS.register, actor, ctxFor(c, new Date(due)));
    expect(exactly.counters).toContainEqual({ metric: 'register_on_time', n: 1 });
    expect(exactly.next.deadlines.register?.overdue).toBe(false);

    const justAfter = new Date(Date.parse(due) + 1);
    const after = applyAction(c, COMMANDS.register, actor, ctxFor(c, justAfter));
    expect(after.counters).toContainEqual({ metric: 'register_late', n: 1 });
  });

  it('register may fix category and priority; the new priority picks the clock', () => {
    const c = buildCase({ status: 'submitted' });
    const ctx = { ...ctxFor(c), policy: DEFAULT_SLA.urgent };
    const { next, event } = applyAction(
      c,
      { action: 'register', categoryId: 'cat-gas', priority: 'urgent' },
      buildActor('dispatcher'),
      ctx,
    );
    expect(next.categoryId).toBe('cat-gas');
    expect(next.priority).toBe('urgent');
    expect(event.details).toEqual({ categoryId: 'cat-gas', priority: 'urgent' });
    // 30 minutes on the 24×7 clock.
    expect(next.stageDueAt).toBe(new Date(NOW.getTime() + 30 * 60_000).toISOString());
  });

  it('dispatch from registered completes `dispatch` and starts `handle`', () => {
    const c = buildCase({ status: 'registered' });
    const { next, counters, event } = applyAction(
      c,
      {
        action: 'dispatch',
        departmentId: 'd-parks',
        handlerId: 'u-h2',
        coDepartmentIds: ['d-water', 'd-water', 'd-parks'],
        responsibleLead: '  Wang Fang ',
      },
      buildActor('dispatcher'),
      ctxFor(c),
    );
    // 1620 working minutes (three working days) from Monday 10:00.
    const due = sh('2026-03-05T10:00:00').toISOString();
    expect(next.deadlines.dispatch?.doneAt).toBe(NOW.toISOString());
    expect(next.stage).toBe('handle');
    expect(next.stageDueAt).toBe(due);
    expect(next.deadlines.handle).toEqual({ due, doneAt: null, overdue: false });
    expect(next.departmentId).toBe('d-parks');
    expect(next.handlerId).toBe('u-h2');
    expect(next.coDepartmentIds).toEqual(['d-water']);
    expect(next.responsibleLead).toBe('Wang Fang');
    expect(event.details).toMatchObject({ departmentId: 'd-parks', coDepartmentIds: ['d-water'] });
    expect(counters).toEqual([
      { metric: 'dispatch_on_time', n: 1 },
      { metric: 'dispatched', n: 1 },
    ]);
  });

  it('dispatch honours an explicit deadline', () => {
    const c = buildCase({ status: 'registered' });
    const deadline = sh('2026-03-10T12:00:00');
    const { next } = applyAction(
      c,
      { action: 'dispatch', departmentId: CASE_DEPARTMENT, deadline },
      buildActor('grid_leader'),
      ctxFor(c),
    );
    expect(next.stageDueAt).toBe(deadline.toISOString());
    expect(next.deadlines.handle?.due).toBe(deadline.toISOString());
  });

  it('dispatch refuses a deadline that is not in the future', () => {
    const c = buildCase({ status: 'registered' });
    const actor = buildActor('dispatcher');
    for (const deadline of [new Date(NOW.getTime() - 1), NOW]) {
      expectRefused(
        c,
        { action: 'dispatch', departmentId: CASE_DEPARTMENT, deadline },
        actor,
        ValidationError,
      );
    }
  });

  it('re-dispatch keeps the running handle deadline', () => {
    const c = buildCase({ status: 'dispatched' });
    const { next, counters } = applyAction(
      c,
      { action: 'dispatch', departmentId: 'd-parks', handlerId: 'u-h2' },
      buildActor('dispatcher'),
      ctxFor(c),
    );
    expect(next.stage).toBe('handle');
    expect(next.stageDueAt).toBe(RUNNING_STAGE_DUE);
    expect(next.deadlines).toEqual(c.deadlines);
    expect(next.departmentId).toBe('d-parks');
    expect(next.handlerId).toBe('u-h2');
    expect(counters).toEqual([{ metric: 'redispatched', n: 1 }]);
  });

  it('accept keeps the handle clock running and takes the case for the accepting handler', () => {
    const c = buildCase({ status: 'dispatched', handlerId: null });
    const { next, counters } = applyAction(c, COMMANDS.accept, buildActor('handler'), ctxFor(c));
    expect(next.handlerId).toBe('u-handler');
    expect(next.stage).toBe('handle');
    expect(next.stageDueAt).toBe(RUNNING_STAGE_DUE);
    expect(counters).toEqual([]);
  });

  it('resolve completes `handle`, starts `verify` and counts `due_closure` once', () => {
    const c = buildCase({ status: 'in_progress' });
    expect(c.dueCounted).toBe(false);
    const { next, counters } = applyAction(c, COMMANDS.resolve, buildActor('handler'), ctxFor(c));
    // 540 working minutes from Monday 10:00: 480 on Monday, 60 on Tuesday.
    const due = sh('2026-03-03T10:00:00').toISOString();
    expect(next.deadlines.handle?.doneAt).toBe(NOW.toISOString());
    expect(next.stage).toBe('verify');
    expect(next.stageDueAt).toBe(due);
    expect(next.deadlines.verify).toEqual({ due, doneAt: null, overdue: false });
    expect(next.dueCounted).toBe(true);
    expect(counters).toEqual([
      { metric: 'handle_on_time', n: 1 },
      { metric: 'due_closure', n: 1 },
      { metric: 'resolved', n: 1 },
    ]);

    const again = applyAction(
      { ...c, dueCounted: true },
      COMMANDS.resolve,
      buildActor('department_head'),
      ctxFor(c),
    );
    expect(again.counters.map((x) => x.metric)).not.toContain('due_closure');
    expect(again.next.dueCounted).toBe(true);
  });

  it('verify ok completes `verify`, starts `answer` and records satisfaction', () => {
    const c = buildCase({ status: 'resolved' });
    const { next, counters, event } = applyAction(
      c,
      COMMANDS['verify ok'],
      buildActor('grid_worker'),
      ctxFor(c),
    );
    // 1080 working minutes from Monday 10:00: 480 + 540 + 60.
    const due = sh('2026-03-04T10:00:00').toISOString();
    expect(next.status).toBe('verified');
    expect(next.deadlines.verify?.doneAt).toBe(NOW.toISOString());
    expect(next.stage).toBe('answer');
    expect(next.stageDueAt).toBe(due);
    expect(next.satisfaction).toBe('satisfied');
    expect(event.details).toEqual({ ok: true, satisfaction: 'satisfied' });
    expect(counters).toEqual([
      { metric: 'verify_on_time', n: 1 },
      { metric: 'satisfaction_satisfied', n: 1 },
      { metric: 'verify_ok', n: 1 },
    ]);
  });

  it('verify failed sends the case back to dispatched as rework with a new handle stage', () => {
    const c = buildCase({ status: 'resolved', reworkCount: 1 });
    const { next, counters } = applyAction(
      c,
      COMMANDS['verify failed'],
      buildActor('dispatcher'),
      ctxFor(c),
    );
    const due = sh('2026-03-05T10:00:00').toISOString();
    expect(next.status).toBe('dispatched');
    expect(next.reworkCount).toBe(2);
    expect(next.stage).toBe('handle');
    expect(next.stageDueAt).toBe(due);
    expect(next.deadlines.handle).toEqual({ due, doneAt: null, overdue: false });
    expect(next.dueCounted).toBe(true);
    expect(counters).toEqual([
      { metric: 'verify_on_time', n: 1 },
      { metric: 'verify_failed', n: 1 },
    ]);
  });

  it('close ends the stages and counts the time to close in its bucket', () => {
    const c = buildCase({ status: 'verified' });
    // 30 hours after the report.
    const at = sh('2026-03-03T15:00:00');
    const { next, counters, event } = applyAction(
      c,
      { action: 'close', answer: '  Filled on Tuesday. ' },
      buildActor('dispatcher'),
      ctxFor(c, at),
    );
    expect(next.status).toBe('closed');
    expect(next.answer).toBe('Filled on Tuesday.');
    expect(next.closedAt).toBe(at.toISOString());
    expect(next.stage).toBeNull();
    expect(next.stageDueAt).toBeNull();
    expect(next.stageOverdue).toBe(false);
    expect(next.escalateAt).toBeNull();
    expect(next.deadlines.answer?.doneAt).toBe(at.toISOString());
    expect(event.public).toBe(true);
    expect(counters).toEqual([
      { metric: 'answer_on_time', n: 1 },
      { metric: 'closed', n: 1 },
      { metric: 'close_hours_sum', n: 30 },
      { metric: 'close_hours_le_48', n: 1 },
    ]);
  });

  it('close counts a late answer and an open-ended bucket', () => {
    const c = buildCase({ status: 'verified' });
    const at = new Date(Date.parse(CASE_CREATED_AT) + 2000 * 3_600_000);
    const { counters } = applyAction(c, COMMANDS.close, buildActor('grid_leader'), ctxFor(c, at));
    expect(counters).toEqual([
      { metric: 'answer_late', n: 1 },
      { metric: 'closed', n: 1 },
      { metric: 'close_hours_sum', n: 2000 },
      { metric: 'close_hours_le_inf', n: 1 },
    ]);
  });

  it('reject ends the stages, links a duplicate and refuses a self-duplicate', () => {
    const c = buildCase({ status: 'submitted' });
    const actor = buildActor('grid_leader');
    const { next, counters, event } = applyAction(
      c,
      { action: 'reject', reason: 'Already reported', duplicateOf: 'c-0' },
      actor,
      ctxFor(c),
    );
    expect(next.status).toBe('rejected');
    expect(next.duplicateOf).toBe('c-0');
    expect(next.closedAt).toBe(NOW.toISOString());
    expect(next.stage).toBeNull();
    expect(next.stageDueAt).toBeNull();
    expect(event.note).toBe('Already reported');
    expect(event.public).toBe(true);
    expect(counters).toEqual([
      { metric: 'register_on_time', n: 1 },
      { metric: 'rejected', n: 1 },
    ]);
    expectRefused(
      c,
      { action: 'reject', reason: 'Same', duplicateOf: c.id },
      actor,
      ValidationError,
    );
  });

  it('suspend remembers where it came from and refuses an `until` in the past', () => {
    const c = buildCase({ status: 'dispatched' });
    const actor = buildActor('department_head');
    const { next, counters } = applyAction(c, COMMANDS.suspend, actor, ctxFor(c));
    expect(next.suspendedFrom).toBe('dispatched');
    expect(next.suspendedAt).toBe(NOW.toISOString());
    expect(next.stage).toBe('handle');
    expect(next.stageDueAt).toBe(RUNNING_STAGE_DUE);
    expect(counters).toEqual([{ metric: 'suspended', n: 1 }]);
    expectRefused(c, { action: 'suspend', reason: 'Rain', until: NOW }, actor, ValidationError);
  });

  it('resume returns to the status the case was suspended from', () => {
    const active: CaseStatus[] = [
      'submitted',
      'registered',
      'dispatched',
      'in_progress',
      'resolved',
      'verified',
    ];
    for (const from of active) {
      const suspended = applyAction(
        buildCase({ status: from }),
        COMMANDS.suspend,
        buildActor('grid_leader'),
        ctxFor(buildCase({ status: from })),
      ).next;
      const { next } = applyAction(
        suspended,
        COMMANDS.resume,
        buildActor('dispatcher'),
        ctxFor(suspended, sh('2026-03-02T11:00:00')),
      );
      expect(next.status, from).toBe(from);
      expect(next.suspendedFrom).toBeNull();
      expect(next.suspendedAt).toBeNull();
      expect(next.stage).toBe(suspended.stage);
    }
  });

  it('resume keeps the working time that was left when the clock stopped', () => {
    // Suspended Monday 10:00 with the handle stage due Tuesday 12:00: 660 working minutes left.
    const due = sh('2026-03-03T12:00:00').toISOString();
    const c = buildCase({
      status: 'suspended',
      suspendedFrom: 'in_progress',
      suspendedAt: NOW.toISOString(),
      stageDueAt: due,
      deadlines: { handle: { due, doneAt: null, overdue: false } },
    });
    // Resumed two working days later, Wednesday 10:00 → due Thursday 12:00.
    const { next } = applyAction(
      c,
      COMMANDS.resume,
      buildActor('grid_leader'),
      ctxFor(c, sh('2026-03-04T10:00:00')),
    );
    const resumedDue = sh('2026-03-05T12:00:00').toISOString();
    expect(next.stageDueAt).toBe(resumedDue);
    expect(next.deadlines.handle?.due).toBe(resumedDue);
  });

  it('resume also pauses a scheduled escalation of an overdue stage', () => {
    // Handle due Monday 12:00, marked overdue at 13:00 (escalation due 18 hours after the
    // deadline), suspended Monday 14:00 with 16 hours of that left, resumed on Friday.
    const due = sh('2026-03-02T12:00:00');
    const running = buildCase({
      status: 'in_progress',
      stageDueAt: due.toISOString(),
      deadlines: { handle: { due: due.toISOString(), doneAt: null, overdue: false } },
    });
    const marked = markOverdue(running, sh('2026-03-02T13:00:00'), DEFAULT_SLA.normal, CALENDAR);
    expect(marked).not.toBeNull();
    const overdue = (marked as NonNullable<typeof marked>).next;
    const escalateAt = Date.parse(overdue.escalateAt as string);
    const suspendedAt = sh('2026-03-02T14:00:00');
    const suspended = applyAction(
      overdue,
      COMMANDS.suspend,
      buildActor('dispatcher'),
      ctxFor(overdue, suspendedAt),
    ).next;
    const resumedAt = sh('2026-03-06T10:00:00');
    const { next } = applyAction(
      suspended,
      COMMANDS.resume,
      buildActor('dispatcher'),
      ctxFor(suspended, resumedAt),
    );
    expect(next.escalateAt).not.toBeNull();
    expect(Date.parse(next.escalateAt as string)).toBeGreaterThanOrEqual(
      resumedAt.getTime() + (escalateAt - suspendedAt.getTime()),
    );
  });

  it('escalate hands the case to the parent area and fails at the root', () => {
    const c = buildCase({ status: 'dispatched', escalateAt: RUNNING_STAGE_DUE });
    const { next, counters, event } = applyAction(
      c,
      COMMANDS.escalate,
      buildActor('grid_leader'),
      ctxFor(c),
    );
    expect(next.areaId).toBe('a-community');
    expect(next.areaPath).toEqual(CASE_AREA_PATH.slice(0, 4));
    expect(next.locatedAreaId).toBe(c.locatedAreaId);
    expect(next.escalations).toBe(1);
    expect(next.escalateAt).toBeNull();
    expect(event.kind).toBe('escalation');
    expect(event.details).toEqual({ fromAreaId: 'a-grid', toAreaId: 'a-community' });
    expect(counters).toEqual([{ metric: 'escalated', n: 1 }]);
    // The cell's own staff no longer reach it; the community's do.
    expect(mayTake(buildActor('grid_leader'), next, 'escalate')).toBe(false);
    expect(
      mayTake(buildActor('grid_leader', { area: CASE_AREA_PATH.slice(0, 4) }), next, 'escalate'),
    ).toBe(true);

    const root = buildCase({ status: 'dispatched', areaId: 'a-city', areaPath: ['a-city'] });
    expectRefused(
      root,
      COMMANDS.escalate,
      buildActor('dispatcher', { area: ['a-city'] }),
      InvalidTransitionError,
    );
  });

  it('supervise flags the case', () => {
    const c = buildCase({ status: 'in_progress' });
    const { next, counters, event } = applyAction(
      c,
      COMMANDS.supervise,
      buildActor('supervisor'),
      ctxFor(c),
    );
    expect(next.supervised).toBe(true);
    expect(next.status).toBe('in_progress');
    expect(event.kind).toBe('supervision');
    expect(event.note).toBe('Finish by Friday');
    expect(counters).toEqual([{ metric: 'supervised', n: 1 }]);
  });

  it('comments change nothing but version and updatedAt, in every status', () => {
    for (const status of CASE_STATUSES) {
      const c = buildCase({ status, stageOverdue: status === 'in_progress' });
      for (const isPublic of [false, true]) {
        const { next, counters, event } = applyAction(
          c,
          { action: 'comment', text: ' Called again ', public: isPublic },
          buildActor('grid_worker'),
          ctxFor(c),
        );
        expect(next, status).toEqual({
          ...c,
          version: c.version + 1,
          updatedAt: NOW.toISOString(),
        });
        expect(counters).toEqual([]);
        expect(event).toMatchObject({
          kind: 'comment',
          note: 'Called again',
          public: isPublic,
          fromStatus: status,
          toStatus: status,
        });
      }
    }
  });
});

describe('applyAction: required text fields', () => {
  const blanks: { command: CaseCommand; field: string; status: CaseStatus; role: Role }[] = [
    {
      command: { action: 'reject', reason: '  ' },
      field: '/reason',
      status: 'submitted',
      role: 'dispatcher',
    },
    {
      command: { action: 'resolve', report: '' },
      field: '/report',
      status: 'in_progress',
      role: 'handler',
    },
    {
      command: { action: 'close', answer: '\n\t' },
      field: '/answer',
      status: 'verified',
      role: 'dispatcher',
    },
    {
      command: { action: 'suspend', reason: ' ' },
      field: '/reason',
      status: 'dispatched',
      role: 'grid_leader',
    },
    {
      command: { action: 'escalate', reason: '' },
      field: '/reason',
      status: 'registered',
      role: 'department_head',
    },
    {
      command: { action: 'supervise', directive: '  ' },
      field: '/directive',
      status: 'in_progress',
      role: 'supervisor',
    },
    {
      command: { action: 'comment', text: ' ' },
      field: '/text',
      status: 'closed',
      role: 'grid_worker',
    },
  ];
  for (const { command, field, status, role } of blanks) {
    it(`${command.action} needs ${field}`, () => {
      const c = buildCase({ status });
      const before = structuredClone(c);
      let thrown: unknown;
      try {
        applyAction(c, command, buildActor(role), ctxFor(c));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).fields).toEqual([{ field, message: 'is required' }]);
      expect(c).toEqual(before);
    });
  }
});

describe('markOverdue', () => {
  const policy = DEFAULT_SLA.normal;
  const after = (iso: string, ms = 1) => new Date(Date.parse(iso) + ms);

  it('marks a late handle stage, schedules escalation and counts due_closure', () => {
    const c = buildCase({ status: 'dispatched' });
    const now = after(RUNNING_STAGE_DUE);
    const marked = markOverdue(c, now, policy, CALENDAR);
    expect(marked).not.toBeNull();
    const { next, counters } = marked as NonNullable<typeof marked>;
    expect(next.stageOverdue).toBe(true);
    expect(next.deadlines.handle?.overdue).toBe(true);
    expect(next.escalateAt).toBe(
      addClockMinutes(new Date(RUNNING_STAGE_DUE), 1080, 'working-hours', CALENDAR).toISOString(),
    );
    expect(next.dueCounted).toBe(true);
    expect(next.version).toBe(c.version + 1);
    expect(next.updatedAt).toBe(now.toISOString());
    expect(counters).toEqual([
      { metric: 'overdue_handle', n: 1 },
      { metric: 'due_closure', n: 1 },
    ]);
    // Once marked, the sweeper leaves it alone.
    expect(markOverdue(next, after(RUNNING_STAGE_DUE, 3_600_000), policy, CALENDAR)).toBeNull();
  });

  it('counts due_closure only once per case', () => {
    const c = buildCase({ status: 'dispatched', dueCounted: true, reworkCount: 1 });
    expect(markOverdue(c, after(RUNNING_STAGE_DUE), policy, CALENDAR)?.counters).toEqual([
      { metric: 'overdue_handle', n: 1 },
    ]);
  });

  it('counts due_closure for the handle stage only', () => {
    for (const status of ['submitted', 'registered', 'resolved', 'verified'] as const) {
      const c = buildCase({ status, dueCounted: false });
      const marked = markOverdue(c, after(RUNNING_STAGE_DUE), policy, CALENDAR);
      expect(marked?.counters, status).toEqual([{ metric: `overdue_${c.stage}`, n: 1 }]);
      expect(marked?.next.dueCounted).toBe(false);
    }
  });

  it('schedules no escalation when the policy has none', () => {
    const c = buildCase({ status: 'in_progress', priority: 'low' });
    expect(
      markOverdue(c, after(RUNNING_STAGE_DUE), DEFAULT_SLA.low, CALENDAR)?.next.escalateAt,
    ).toBeNull();
  });

  it('ignores suspended, final and not-yet-due cases', () => {
    const late = after(RUNNING_STAGE_DUE, 86_400_000);
    expect(
      markOverdue(buildCase({ status: 'suspended', stage: 'handle' }), late, policy, CALENDAR),
    ).toBeNull();
    expect(
      markOverdue(
        buildCase({ status: 'suspended', suspendedFrom: 'dispatched' }),
        late,
        policy,
        CALENDAR,
      ),
    ).toBeNull();
    expect(markOverdue(buildCase({ status: 'closed' }), late, policy, CALENDAR)).toBeNull();
    expect(markOverdue(buildCase({ status: 'rejected' }), late, policy, CALENDAR)).toBeNull();
    const c = buildCase({ status: 'dispatched' });
    expect(markOverdue(c, new Date(RUNNING_STAGE_DUE), policy, CALENDAR)).toBeNull();
    expect(markOverdue(c, NOW, policy, CALENDAR)).toBeNull();
  });
});

describe('availableActions', () => {
  const allowedFrom = (status: CaseStatus, action: CaseAction): boolean =>
    STEPS.some((step) => actionOf(step) === action && EXPECTED[status][step] !== undefined);

  it('matches mayTake and the table for every status and role', () => {
    for (const status of CASE_STATUSES) {
      const c = buildCase({ status });
      for (const role of ROLES) {
        const actor = buildActor(role);
        expect(availableActions(actor, c), `${role} on ${status}`).toEqual(
          CASE_ACTIONS.filter((a) => allowedFrom(status, a) && mayTake(actor, c, a)),
        );
      }
    }
  });

  it('offers the buttons the SPEC describes', () => {
    expect(availableActions(buildActor('dispatcher'), buildCase({ status: 'submitted' }))).toEqual([
      'register',
      'reject',
      'suspend',
      'escalate',
      'comment',
    ]);
    expect(availableActions(buildActor('handler'), buildCase({ status: 'dispatched' }))).toEqual([
      'accept',
      'comment',
    ]);
    expect(availableActions(buildActor('supervisor'), buildCase({ status: 'resolved' }))).toEqual([
      'supervise',
      'comment',
    ]);
    expect(availableActions(buildActor('grid_worker'), buildCase({ status: 'closed' }))).toEqual([
      'comment',
    ]);
    expect(availableActions(buildActor('admin'), buildCase({ status: 'in_progress' }))).toEqual([]);
  });
});
