/**
 * What a case change tells whom (SPEC "Interfaces": webhooks and e-mail): the reporter's
 * e-mail, the staff e-mail and the webhook events of one change, as plain rules.
 */
import type { Case, Stage } from '../cases/case.ts';
import type { Role } from '../org/role.ts';

/** The event types a webhook can subscribe to. */
export const WEBHOOK_EVENTS = [
  'case.created',
  'case.transitioned',
  'case.commented',
  'case.escalated',
  'case.overdue',
  'case.closed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** E-mails to the person who reported. */
export type ReporterNoticeKind = 'acknowledged' | 'commented' | 'rejected' | 'closed';
/** E-mails to staff. */
export type StaffNoticeKind = 'assigned' | 'urgent' | 'due_soon' | 'overdue';

/** What the notices of a change are decided from. */
export interface ChangeFacts {
  before: Case | null;
  after: Case;
  /** The timeline entry's action (`report`, a workflow step, `overdue`, `rate` …) and kind. */
  action: string;
  eventKind: string;
  /** Whether the timeline entry is public (a public comment, a rejection reason). */
  publicEvent: boolean;
  /** The in-app notification kind the change sends to staff, if any (`case.assigned` …). */
  notifyKind: string | null;
}

/** The notices of one change. */
export interface ChangeNotices {
  reporter: ReporterNoticeKind | null;
  staff: StaffNoticeKind | null;
  events: WebhookEvent[];
}

const STAFF_NOTICES: Record<string, StaffNoticeKind> = {
  'case.assigned': 'assigned',
  'case.urgent': 'urgent',
  'case.overdue': 'overdue',
};

/** Decides who hears about a change. */
export function noticesOf(facts: ChangeFacts): ChangeNotices {
  const { before, after, action } = facts;
  let reporter: ReporterNoticeKind | null = null;
  if (before === null) reporter = 'acknowledged';
  else if (action === 'comment' && facts.publicEvent) reporter = 'commented';
  else if (action === 'close') reporter = 'closed';
  else if (action === 'reject') reporter = 'rejected';

  const events: WebhookEvent[] = [];
  if (before === null) events.push('case.created');
  else {
    if (facts.eventKind === 'transition' && action !== 'report') events.push('case.transitioned');
    if (action === 'comment' && facts.publicEvent) events.push('case.commented');
    if (action === 'escalate') events.push('case.escalated');
    if (action === 'overdue') events.push('case.overdue');
    if (after.status === 'closed' && before.status !== 'closed') events.push('case.closed');
  }
  return {
    reporter,
    staff: facts.notifyKind ? (STAFF_NOTICES[facts.notifyKind] ?? null) : null,
    events,
  };
}

/**
 * The reporter's e-mail address, only when they gave one and consented to be contacted;
 * null for anonymous reporters and without consent.
 */
export function reporterAddress(c: Case): string | null {
  const email = c.reporter.email?.trim();
  return c.reporter.consent && email ? email : null;
}

/** Who is warned that a stage is about to run late: the people who must act in it. */
export function dueSoonRoles(stage: Stage): { area: Role[]; department: Role[] } {
  switch (stage) {
    case 'handle':
      return { area: [], department: ['department_head'] };
    case 'verify':
      return { area: ['grid_worker', 'grid_leader'], department: [] };
    default:
      return { area: ['dispatcher', 'grid_leader'], department: [] };
  }
}

/** How long before a stage deadline its warning goes out, at most. */
export const DUE_SOON_MS = 2 * 60 * 60 * 1000;

/**
 * How long before its deadline a stage is warned about: two hours, or half the stage's
 * limit when that is shorter — an urgent report's 15-minute registration is warned about
 * 7½ minutes before, not the minute it comes in, when the people on duty have just been
 * told of it.
 */
export function dueSoonWindowMs(limitMinutes: number): number {
  return Math.min(DUE_SOON_MS, (limitMinutes * 60_000) / 2);
}

/**
 * Whether the people who must act in a stage of an urgent case are the officers on duty
 * (register and dispatch, the centre's steps) rather than everyone holding the roles.
 */
export function dutyActsIn(stage: Stage): boolean {
  return stage === 'register' || stage === 'dispatch';
}
