/**
 * The workflow as one table plus one pure function (SPEC "Workflow", "Roles and scope").
 * Every way a case changes — HTTP, Open311, the sweeper — passes through `applyAction`.
 */
import {
  addClockMinutes,
  clockMinutesBetween,
  type WorkCalendar,
} from '../calendar/working-hours.ts';
import { ForbiddenError, InvalidTransitionError, ValidationError } from '../errors.ts';
import type { Priority } from '../org/category.ts';
import type { Role } from '../org/role.ts';
import type { Actor, RoleGrant } from '../org/scope.ts';
import { isOpen, OPEN_STATUSES, type Case, type CaseStatus, type Satisfaction } from './case.ts';
import {
  clockFor,
  completeStage,
  resumeDeadline,
  startStage,
  type SlaPolicy,
} from './deadlines.ts';

export const CASE_ACTIONS = [
  'register',
  'reject',
  'dispatch',
  'accept',
  'resolve',
  'verify',
  'close',
  'suspend',
  'resume',
  'escalate',
  'supervise',
  'comment',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** A workflow step with its fields, already validated for shape by the caller. */
export type CaseCommand =
  | { action: 'register'; categoryId?: string; priority?: Priority; note?: string }
  | { action: 'reject'; reason: string; duplicateOf?: string }
  | {
      action: 'dispatch';
      departmentId: string;
      handlerId?: string;
      coDepartmentIds?: string[];
      responsibleLead?: string;
      deadline?: Date;
      note?: string;
    }
  | { action: 'accept'; note?: string }
  | { action: 'resolve'; report: string; attachmentIds?: string[] }
  | { action: 'verify'; ok: boolean; satisfaction?: Satisfaction; note?: string }
  | { action: 'close'; answer: string }
  | { action: 'suspend'; reason: string; until?: Date }
  | { action: 'resume'; note?: string }
  | { action: 'escalate'; reason: string }
  | { action: 'supervise'; directive: string }
  | { action: 'comment'; text: string; public?: boolean };

const AREA_STAFF: readonly Role[] = [
  'grid_worker',
  'grid_leader',
  'dispatcher',
  'mediator',
  'supervisor',
];
const DEPARTMENT_STAFF: readonly Role[] = ['handler', 'department_head'];

/** One row of the table: from which states, to which, by whom. */
export interface TransitionRule {
  action: CaseAction;
  from: readonly CaseStatus[];
  /** The next status; `same` keeps it, `previous` returns from suspension. */
  to: CaseStatus | 'same' | 'previous';
  roles: readonly Role[];
}

const ALL_STATES: readonly CaseStatus[] = [...OPEN_STATUSES, 'closed', 'rejected'];
const ACTIVE: readonly CaseStatus[] = OPEN_STATUSES.filter((s) => s !== 'suspended');

/** The workflow. `verify` has two rows: passed (→ verified) and failed (→ dispatched, rework). */
export const TRANSITIONS: readonly TransitionRule[] = [
  {
    action: 'register',
    from: ['submitted'],
    to: 'registered',
    roles: ['dispatcher', 'grid_leader'],
  },
  {
    action: 'reject',
    from: ['submitted', 'registered'],
    to: 'rejected',
    roles: ['dispatcher', 'grid_leader'],
  },
  {
    action: 'dispatch',
    from: ['registered', 'dispatched'],
    to: 'dispatched',
    roles: ['dispatcher', 'grid_leader'],
  },
  {
    action: 'accept',
    from: ['dispatched'],
    to: 'in_progress',
    roles: ['handler', 'department_head'],
  },
  {
    action: 'resolve',
    from: ['in_progress'],
    to: 'resolved',
    roles: ['handler', 'department_head'],
  },
  {
    action: 'verify',
    from: ['resolved'],
    to: 'verified',
    roles: ['grid_worker', 'grid_leader', 'dispatcher'],
  },
  { action: 'close', from: ['verified'], to: 'closed', roles: ['dispatcher', 'grid_leader'] },
  {
    action: 'suspend',
    from: ACTIVE,
    to: 'suspended',
    roles: ['dispatcher', 'grid_leader', 'department_head'],
  },
  {
    action: 'resume',
    from: ['suspended'],
    to: 'previous',
    roles: ['dispatcher', 'grid_leader', 'department_head'],
  },
  {
    action: 'escalate',
    from: OPEN_STATUSES,
    to: 'same',
    roles: ['dispatcher', 'grid_leader', 'department_head'],
  },
  { action: 'supervise', from: OPEN_STATUSES, to: 'same', roles: ['supervisor'] },
  { action: 'comment', from: ALL_STATES, to: 'same', roles: [...AREA_STAFF, ...DEPARTMENT_STAFF] },
];

/** Where a failed verification sends the case. */
export const REWORK_STATUS: CaseStatus = 'dispatched';

/** The rule of an action. */
export function ruleOf(action: CaseAction): TransitionRule {
  return TRANSITIONS.find((rule) => rule.action === action) as TransitionRule;
}

/** True when the grant reaches the case: its area subtree holds the case's owning area, or its department handles it. */
export function grantCovers(
  grant: RoleGrant,
  c: Case,
  departments: 'lead' | 'lead-or-co',
): boolean {
  if (grant.area) return grant.area.path.every((id, k) => c.areaPath[k] === id);
  if (grant.department) {
    if (grant.department.id === c.departmentId) return true;
    return departments === 'lead-or-co' && c.coDepartmentIds.includes(grant.department.id);
  }
  return false;
}

/**
 * Roles whose grant lets them read the cases in its scope. Admins configure and do not
 * work cases; residents and volunteers see only what they reported themselves.
 */
export const CASE_READING_ROLES: readonly Role[] = [...AREA_STAFF, ...DEPARTMENT_STAFF, 'auditor'];

/** True when any of the actor's grants lets it see the case (auditors read without personal data). */
export function canSeeCase(actor: Actor, c: Case): boolean {
  if (c.reporter.userId === actor.userId) return true;
  return actor.grants.some(
    (grant) => CASE_READING_ROLES.includes(grant.role) && grantCovers(grant, c, 'lead-or-co'),
  );
}

/** True when the actor holds one of the rule's roles on a scope that reaches the case. */
export function mayTake(actor: Actor, c: Case, action: CaseAction): boolean {
  const rule = ruleOf(action);
  const departments = action === 'comment' ? 'lead-or-co' : 'lead';
  const allowed = actor.grants.some(
    (grant) => rule.roles.includes(grant.role) && grantCovers(grant, c, departments),
  );
  if (!allowed) return false;
  // Nobody checks their own work.
  if (action === 'verify' && c.handlerId === actor.userId) return false;
  return true;
}

/** The actions the actor may take on the case now (for the UI's buttons). */
export function availableActions(actor: Actor, c: Case): CaseAction[] {
  return CASE_ACTIONS.filter(
    (action) => ruleOf(action).from.includes(c.status) && mayTake(actor, c, action),
  );
}

/** What the service supplies that the pure function cannot know. */
export interface TransitionContext {
  now: Date;
  calendar: WorkCalendar;
  /** The SLA policy for the case's category and priority after this step. */
  policy: SlaPolicy;
  /** For `escalate`: the parent of the owning area (null at the root). */
  parentArea?: { id: string; path: string[] } | null;
}

/** One timeline entry the step produced. */
export interface EventDraft {
  kind: 'transition' | 'comment' | 'supervision' | 'escalation' | 'deadline' | 'rating';
  action: CaseAction;
  fromStatus: CaseStatus;
  toStatus: CaseStatus;
  note: string | null;
  public: boolean;
  details: Record<string, unknown>;
}

/** The outcome of a step: the new case, its event, and the day counters it moves. */
export interface TransitionResult {
  next: Case;
  event: EventDraft;
  /** Metric names to add 1 to (or the given amount) for today's counters. */
  counters: { metric: string; n: number }[];
}

function required(text: string | undefined, field: string): string {
  const value = text?.trim() ?? '';
  if (!value)
    throw new ValidationError(`"${field}" is required.`, [
      { field: `/${field}`, message: 'is required' },
    ]);
  return value;
}

/** The case owned by the parent area's centre (by a person's step or by policy). */
export function escalateOwnership(c: Case, parent: { id: string; path: string[] }): Case {
  return {
    ...c,
    areaId: parent.id,
    areaPath: parent.path,
    escalations: c.escalations + 1,
    escalateAt: null,
  };
}

/**
 * The case with its running stage marked overdue at `now` (by the sweeper), scheduling
 * escalation by policy; the counters it moves. A handling stage that runs late makes the
 * case "due for closure" in the indicators even though it is not handled.
 */
export function markOverdue(
  c: Case,
  now: Date,
  policy: SlaPolicy,
  calendar: WorkCalendar,
): { next: Case; counters: { metric: string; n: number }[] } | null {
  if (!c.stage || !c.stageDueAt || c.stageOverdue || !isOpen(c.status) || c.status === 'suspended')
    return null;
  const due = Date.parse(c.stageDueAt);
  if (due >= now.getTime()) return null;
  const current = c.deadlines[c.stage];
  const counters = [{ metric: `overdue_${c.stage}`, n: 1 }];
  let next: Case = {
    ...c,
    stageOverdue: true,
    deadlines: current ? { ...c.deadlines, [c.stage]: { ...current, overdue: true } } : c.deadlines,
    // Counted on the priority's clock, like the stage limits: working time unless urgent.
    escalateAt:
      policy.escalateAfterOverdueMinutes === null
        ? null
        : addClockMinutes(
            new Date(due),
            policy.escalateAfterOverdueMinutes,
            clockFor(c.priority),
            calendar,
          ).toISOString(),
    version: c.version + 1,
    updatedAt: now.toISOString(),
  };
  if (c.stage === 'handle' && !c.dueCounted) {
    next = { ...next, dueCounted: true };
    counters.push({ metric: 'due_closure', n: 1 });
  }
  return { next, counters };
}

/** Buckets (hours) of the time-to-close histogram that gives the p90 indicator. */
export const CLOSE_HOUR_BUCKETS = [
  1,
  2,
  4,
  8,
  12,
  24,
  48,
  72,
  120,
  168,
  240,
  360,
  720,
  1440,
  Infinity,
] as const;

/** The histogram bucket (its upper bound, `inf` for the last) of a time to close. */
export function closeBucket(hours: number): string {
  const bound = CLOSE_HOUR_BUCKETS.find((b) => hours <= b) ?? Infinity;
  return bound === Infinity ? 'inf' : String(bound);
}

/**
 * Applies one step to a case.
 * @throws ForbiddenError when the actor's roles or scope do not allow it;
 *   InvalidTransitionError when the case's state does not; ValidationError for bad fields.
 */
export function applyAction(
  c: Case,
  command: CaseCommand,
  actor: Actor,
  ctx: TransitionContext,
): TransitionResult {
  const rule = ruleOf(command.action);
  if (!mayTake(actor, c, command.action)) {
    throw new ForbiddenError(
      command.action === 'verify' && c.handlerId === actor.userId
        ? 'The handler of a case may not verify it.'
        : `Your roles do not allow "${command.action}" on this case.`,
    );
  }
  if (!rule.from.includes(c.status)) {
    throw new InvalidTransitionError(
      `"${command.action}" is not allowed while the case is ${c.status}.`,
    );
  }
  const now = ctx.now;
  const stamp = now.toISOString();
  const counters: { metric: string; n: number }[] = [];
  const count = (metric: string, n = 1) => counters.push({ metric, n });
  const from = c.status;
  let next: Case = { ...c, updatedAt: stamp, version: c.version + 1 };
  let note: string | null = null;
  let isPublic = false;
  let kind: EventDraft['kind'] = 'transition';
  const details: Record<string, unknown> = {};

  const finishStage = () => {
    const done = completeStage(next, now);
    next = done.next;
    if (done.stage) count(`${done.stage}_${done.onTime ? 'on_time' : 'late'}`);
  };

  switch (command.action) {
    case 'register': {
      finishStage();
      if (command.categoryId && command.categoryId !== c.categoryId) {
        details.categoryId = command.categoryId;
        next.categoryId = command.categoryId;
      }
      if (command.priority && command.priority !== c.priority) {
        details.priority = command.priority;
        next.priority = command.priority;
      }
      next = {
        ...startStage(next, 'dispatch', now, ctx.policy, ctx.calendar),
        status: 'registered',
      };
      note = command.note?.trim() || null;
      count('registered');
      break;
    }
    case 'reject': {
      const reason = required(command.reason, 'reason');
      if (command.duplicateOf === c.id) {
        throw new ValidationError('A case cannot duplicate itself.', [
          { field: '/duplicateOf', message: 'is this case' },
        ]);
      }
      finishStage();
      next = {
        ...next,
        status: 'rejected',
        duplicateOf: command.duplicateOf ?? null,
        closedAt: stamp,
      };
      note = reason;
      isPublic = true;
      if (command.duplicateOf) details.duplicateOf = command.duplicateOf;
      count('rejected');
      break;
    }
    case 'dispatch': {
      if (from === 'registered') finishStage();
      const coDepartmentIds = [...new Set(command.coDepartmentIds ?? [])].filter(
        (d) => d !== command.departmentId,
      );
      next = {
        ...next,
        status: 'dispatched',
        departmentId: command.departmentId,
        handlerId: command.handlerId ?? null,
        coDepartmentIds,
        responsibleLead: command.responsibleLead?.trim() || null,
      };
      // A first dispatch starts the handling clock; a re-dispatch keeps it running unless
      // the dispatcher sets a new deadline explicitly.
      if (from === 'registered' || !next.stage || command.deadline) {
        if (command.deadline && command.deadline <= now) {
          throw new ValidationError('The deadline is in the past.', [
            { field: '/deadline', message: 'must be in the future' },
          ]);
        }
        next = startStage(next, 'handle', now, ctx.policy, ctx.calendar, command.deadline);
      }
      Object.assign(details, {
        departmentId: command.departmentId,
        handlerId: command.handlerId ?? null,
        coDepartmentIds,
        responsibleLead: next.responsibleLead,
        ...(command.deadline ? { deadline: command.deadline.toISOString() } : {}),
      });
      note = command.note?.trim() || null;
      count(from === 'registered' ? 'dispatched' : 'redispatched');
      break;
    }
    case 'accept': {
      next = { ...next, status: 'in_progress', handlerId: next.handlerId ?? actor.userId };
      note = command.note?.trim() || null;
      details.handlerId = next.handlerId;
      break;
    }
    case 'resolve': {
      note = required(command.report, 'report');
      finishStage();
      next = { ...startStage(next, 'verify', now, ctx.policy, ctx.calendar), status: 'resolved' };
      if (!c.dueCounted) {
        next.dueCounted = true;
        count('due_closure');
      }
      if (command.attachmentIds?.length) details.attachmentIds = command.attachmentIds;
      count('resolved');
      break;
    }
    case 'verify': {
      finishStage();
      note = command.note?.trim() || null;
      details.ok = command.ok;
      if (command.satisfaction) {
        details.satisfaction = command.satisfaction;
        next.satisfaction = command.satisfaction;
        count(`satisfaction_${command.satisfaction}`);
      }
      if (command.ok) {
        next = { ...startStage(next, 'answer', now, ctx.policy, ctx.calendar), status: 'verified' };
        count('verify_ok');
      } else {
        next = {
          ...startStage(next, 'handle', now, ctx.policy, ctx.calendar),
          status: REWORK_STATUS,
          reworkCount: c.reworkCount + 1,
        };
        count('verify_failed');
      }
      break;
    }
    case 'close': {
      const answer = required(command.answer, 'answer');
      finishStage();
      next = { ...next, status: 'closed', answer, closedAt: stamp };
      note = answer;
      isPublic = true;
      const hours = (now.getTime() - Date.parse(c.createdAt)) / 3_600_000;
      count('closed');
      count('close_hours_sum', hours);
      count(`close_hours_le_${closeBucket(hours)}`);
      break;
    }
    case 'suspend': {
      note = required(command.reason, 'reason');
      if (command.until && command.until <= now) {
        throw new ValidationError('"until" is in the past.', [
          { field: '/until', message: 'must be in the future' },
        ]);
      }
      next = { ...next, status: 'suspended', suspendedFrom: from, suspendedAt: stamp };
      if (command.until) details.until = command.until.toISOString();
      count('suspended');
      break;
    }
    case 'resume': {
      const suspendedAt = c.suspendedAt ? new Date(c.suspendedAt) : now;
      next = resumeDeadline(next, suspendedAt, now, ctx.calendar);
      // The time spent suspended does not count towards escalation by policy either.
      if (c.escalateAt) {
        const clock = clockFor(c.priority);
        const escalateAt = new Date(c.escalateAt);
        // Already due to escalate when suspended: due at once, as the stage is.
        next = {
          ...next,
          escalateAt:
            escalateAt > suspendedAt
              ? addClockMinutes(
                  now,
                  clockMinutesBetween(suspendedAt, escalateAt, clock, ctx.calendar),
                  clock,
                  ctx.calendar,
                ).toISOString()
              : stamp,
        };
      }
      next = {
        ...next,
        status: c.suspendedFrom ?? 'registered',
        suspendedFrom: null,
        suspendedAt: null,
      };
      note = command.note?.trim() || null;
      break;
    }
    case 'escalate': {
      note = required(command.reason, 'reason');
      if (!ctx.parentArea) {
        throw new InvalidTransitionError('The case is already owned by the top of the area tree.');
      }
      kind = 'escalation';
      details.fromAreaId = c.areaId;
      details.toAreaId = ctx.parentArea.id;
      next = escalateOwnership(next, ctx.parentArea);
      count('escalated');
      break;
    }
    case 'supervise': {
      note = required(command.directive, 'directive');
      kind = 'supervision';
      next = { ...next, supervised: true };
      count('supervised');
      break;
    }
    case 'comment': {
      note = required(command.text, 'text');
      kind = 'comment';
      isPublic = command.public === true;
      // Comments never change the case itself: closed cases stay as they were.
      next = { ...c, version: c.version + 1, updatedAt: stamp };
      break;
    }
  }
  if (!isOpen(next.status)) {
    next = { ...next, stage: null, stageDueAt: null, stageOverdue: false, escalateAt: null };
  }
  return {
    next,
    event: {
      kind,
      action: command.action,
      fromStatus: from,
      toStatus: next.status,
      note,
      public: isPublic,
      details,
    },
    counters,
  };
}
