/** Cases and actors for tests: a valid `Case` in any status, and actors with one scoped role. */
import {
  STAGES,
  type Case,
  type CaseStatus,
  type Deadlines,
  type Stage,
} from '../../server/domain/cases/case.ts';
import { isDepartmentRole, type Role } from '../../server/domain/org/role.ts';
import type { Actor, RoleGrant } from '../../server/domain/org/scope.ts';

/** The owning grid cell's path, root first: city > district > street > community > grid. */
export const CASE_AREA_PATH = ['a-city', 'a-district', 'a-street', 'a-community', 'a-grid'];
/** A sibling grid cell in the same community. */
export const OTHER_AREA_PATH = ['a-city', 'a-district', 'a-street', 'a-community', 'a-grid-2'];
/** The lead department of every built case. */
export const CASE_DEPARTMENT = 'd-roads';
/** The handler who accepted the built case (once it has one). */
export const CASE_HANDLER = 'u-case-handler';
/** Monday 2026-03-02 09:00 in Shanghai. */
export const CASE_CREATED_AT = '2026-03-02T01:00:00.000Z';
/** Tuesday 2026-03-03 18:00 in Shanghai: when the running stage of a built case is due. */
export const RUNNING_STAGE_DUE = '2026-03-03T10:00:00.000Z';

/** The stage whose clock runs in each status (null once final). */
const STAGE_OF: Record<CaseStatus, Stage | null> = {
  submitted: 'register',
  registered: 'dispatch',
  dispatched: 'handle',
  in_progress: 'handle',
  resolved: 'verify',
  verified: 'answer',
  closed: null,
  rejected: null,
  suspended: null,
};

/** The canonical path, for "has the case got this far" checks in `buildCase`. */
const CASE_STATUSES_IN_ORDER: readonly CaseStatus[] = [
  'submitted',
  'registered',
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'closed',
];

function deadlinesUpTo(running: Stage | null, doneThrough: number): Deadlines {
  const deadlines: Deadlines = {};
  STAGES.forEach((stage, k) => {
    if (stage === running) {
      deadlines[stage] = { due: RUNNING_STAGE_DUE, doneAt: null, overdue: false };
    } else if (k < doneThrough) {
      deadlines[stage] = { due: RUNNING_STAGE_DUE, doneAt: CASE_CREATED_AT, overdue: false };
    }
  });
  return deadlines;
}

/**
 * A valid case, by default just reported; `status` (and for `suspended`, `suspendedFrom`,
 * default `in_progress`) in the overrides sets the stage, deadlines and other fields a case
 * in that status has. Any other override is applied last, as given.
 */
export function buildCase(overrides: Partial<Case> = {}): Case {
  const status = overrides.status ?? 'submitted';
  const suspendedFrom = status === 'suspended' ? (overrides.suspendedFrom ?? 'in_progress') : null;
  const working = suspendedFrom ?? status;
  const stage = STAGE_OF[working];
  const reached = CASE_STATUSES_IN_ORDER.indexOf(working);
  const doneThrough =
    status === 'closed'
      ? STAGES.length
      : status === 'rejected'
        ? 1
        : stage
          ? STAGES.indexOf(stage)
          : 0;
  const handled = reached >= CASE_STATUSES_IN_ORDER.indexOf('dispatched');
  const final = status === 'closed' || status === 'rejected';
  const base: Case = {
    id: 'c-1',
    trackingCode: 'K7Q2-9XM4-HT3P',
    categoryId: 'cat-potholes',
    title: 'Pothole on Jianguo Road',
    description: 'A deep pothole in the cycle lane outside number 12.',
    address: '12 Jianguo Road',
    lat: 39.9087,
    lon: 116.3975,
    areaId: CASE_AREA_PATH[CASE_AREA_PATH.length - 1] as string,
    areaPath: [...CASE_AREA_PATH],
    locatedAreaId: CASE_AREA_PATH[CASE_AREA_PATH.length - 1] as string,
    priority: 'normal',
    channel: 'web',
    status,
    suspendedFrom,
    departmentId: CASE_DEPARTMENT,
    coDepartmentIds: [],
    handlerId: handled && status !== 'rejected' ? CASE_HANDLER : null,
    responsibleLead: null,
    reporter: { userId: null, name: null, phone: null, email: null, consent: false },
    attributes: {},
    duplicateOf: null,
    satisfaction: null,
    answer: status === 'closed' ? 'The pothole was filled on 3 March.' : null,
    reworkCount: 0,
    supervised: false,
    escalations: 0,
    stage,
    stageDueAt: stage ? RUNNING_STAGE_DUE : null,
    stageOverdue: false,
    escalateAt: null,
    dueCounted: reached >= CASE_STATUSES_IN_ORDER.indexOf('resolved'),
    deadlines: deadlinesUpTo(stage, doneThrough),
    suspendedAt: status === 'suspended' ? CASE_CREATED_AT : null,
    version: 3,
    createdAt: CASE_CREATED_AT,
    updatedAt: CASE_CREATED_AT,
    closedAt: final ? CASE_CREATED_AT : null,
  };
  return { ...base, ...overrides };
}

/** Where a role is granted: an area subtree (its path, root first) or a department. */
export type GrantScope = { area: string[] } | { department: string };

/** One grant of `role` on `scope`. */
export function buildGrant(role: Role, scope: GrantScope): RoleGrant {
  if ('area' in scope) {
    const id = scope.area[scope.area.length - 1] as string;
    return { role, area: { id, code: `code-${id}`, path: [...scope.area] }, department: null };
  }
  return {
    role,
    area: null,
    department: { id: scope.department, code: `code-${scope.department}` },
  };
}

/**
 * An actor holding `role` on `scope`; by default department roles on the built case's lead
 * department and every other role on the built case's grid cell.
 */
export function buildActor(role: Role, scope?: GrantScope, userId = `u-${role}`): Actor {
  const where =
    scope ?? (isDepartmentRole(role) ? { department: CASE_DEPARTMENT } : { area: CASE_AREA_PATH });
  return {
    userId,
    login: userId,
    displayName: `Test ${role}`,
    grants: [buildGrant(role, where)],
    via: 'session',
  };
}
