/**
 * In-app notifications: what each kind says. A notification keeps its facts (`params`:
 * the case's tracking code and title, the stage and its deadline, a directive, the duty
 * area and times) beside an English sentence made from them, so the web app can word it
 * in the reader's language and show its times in the city's time, while API clients and
 * older rows still have the sentence.
 */
import type { Stage } from '../cases/case.ts';

/** The kinds of in-app notification. */
export const NOTIFICATION_KINDS = [
  'case.assigned',
  'case.rework',
  'case.escalated',
  'case.supervised',
  'case.to_verify',
  'case.urgent',
  'case.overdue',
  'case.due_soon',
  'duty.assigned',
  'duty.cover',
  'duty.reminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type CaseNotificationKind = Extract<NotificationKind, `case.${string}`>;
export type DutyNotificationKind = Extract<NotificationKind, `duty.${string}`>;

/** The facts a notification is worded from; which ones depends on its kind. */
export interface NotificationParams {
  trackingCode?: string;
  title?: string;
  /** The stage that is due soon or overdue. */
  stage?: Stage;
  /** That stage's deadline (ISO instant). */
  dueAt?: string;
  /** A supervisor's directive. */
  directive?: string;
  /** The duty area's code and names. */
  areaCode?: string;
  areaNameZh?: string;
  areaNameEn?: string;
  /** The first shift's span (ISO instants), and how many shifts were planned. */
  startsAt?: string;
  endsAt?: string;
  shifts?: number;
  /** For a reminder: whether the reader is the officer on duty (A) or the cover (B). */
  dutyRole?: 'A' | 'B';
}

/** A notification before it is stored for its recipients. */
export interface NotificationDraft {
  kind: NotificationKind;
  message: string;
  params: NotificationParams;
}

/** The English sentence of a notification, made from its facts. */
export function notificationMessage(kind: NotificationKind, p: NotificationParams): string {
  const label = `${p.trackingCode ?? ''} ${p.title ?? ''}`.trim();
  switch (kind) {
    case 'case.assigned':
      return `Assigned to you: ${label}`;
    case 'case.rework':
      return `Sent back for rework: ${label}`;
    case 'case.escalated':
      return `Escalated to your centre: ${label}`;
    case 'case.supervised':
      return `Directive on ${label}: ${p.directive ?? ''}`;
    case 'case.to_verify':
      return `Please verify: ${label}`;
    case 'case.urgent':
      return `Urgent report ${p.trackingCode ?? ''}: ${p.title ?? ''}`;
    case 'case.overdue':
      return `Overdue (${p.stage ?? ''}): ${label}`;
    case 'case.due_soon':
      return `Due soon (${p.stage ?? ''}, ${p.dueAt ?? ''}): ${label}`;
    case 'duty.assigned':
    case 'duty.cover': {
      const role = kind === 'duty.assigned' ? 'on duty (A)' : 'the cover (B)';
      const when =
        (p.shifts ?? 1) === 1
          ? `${p.startsAt ?? ''} – ${p.endsAt ?? ''}`
          : `${p.shifts ?? 0} shifts from ${p.startsAt ?? ''}`;
      return `You are ${role} for ${p.areaCode ?? ''}: ${when}`;
    }
    case 'duty.reminder':
      return `Reminder: you are ${p.dutyRole === 'B' ? 'the cover (B)' : 'on duty (A)'} for ${p.areaCode ?? ''} from ${p.startsAt ?? ''} to ${p.endsAt ?? ''}`;
  }
}

/** A notification about a case. */
export function caseNotification(
  kind: CaseNotificationKind,
  c: { trackingCode: string; title: string },
  extra: Pick<NotificationParams, 'stage' | 'dueAt' | 'directive'> = {},
): NotificationDraft {
  const params: NotificationParams = { trackingCode: c.trackingCode, title: c.title, ...extra };
  return { kind, message: notificationMessage(kind, params), params };
}

/** A notification to an officer put on duty (A) or as cover (B) for `spans` of an area. */
export function dutyNotification(
  kind: Exclude<DutyNotificationKind, 'duty.reminder'>,
  area: { code: string; nameZh: string; nameEn: string },
  spans: readonly { startsAt: string; endsAt: string }[],
): NotificationDraft {
  const first = spans[0];
  const params: NotificationParams = {
    areaCode: area.code,
    areaNameZh: area.nameZh,
    areaNameEn: area.nameEn,
    startsAt: first?.startsAt,
    endsAt: first?.endsAt,
    shifts: spans.length,
  };
  return { kind, message: notificationMessage(kind, params), params };
}

/** The reminder, an hour before, to the officer on duty (A) or the cover (B) of a shift. */
export function dutyReminder(
  dutyRole: 'A' | 'B',
  area: { code: string; nameZh: string; nameEn: string },
  shift: { startsAt: string; endsAt: string },
): NotificationDraft {
  const params: NotificationParams = {
    areaCode: area.code,
    areaNameZh: area.nameZh,
    areaNameEn: area.nameEn,
    startsAt: shift.startsAt,
    endsAt: shift.endsAt,
    shifts: 1,
    dutyRole,
  };
  return { kind: 'duty.reminder', message: notificationMessage('duty.reminder', params), params };
}
