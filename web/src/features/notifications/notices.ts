/**
 * The inbox's pure rules: the heading each kind of notification reads under (a kind the
 * app does not know yet reads as a plain "Notification"), which ones are urgent, where
 * each leads, the badge's text, and the message's UTC instants shown in the city's time.
 */

/** The headings the app has words for (`notifications.kinds.<key>`). */
export type KindKey =
  | 'urgent'
  | 'assigned'
  | 'rework'
  | 'escalated'
  | 'supervised'
  | 'toVerify'
  | 'dueSoon'
  | 'overdue'
  | 'dutyAssigned'
  | 'dutyCover'
  | 'dutyReminder'
  | 'other';

const KIND_KEYS: Readonly<Record<string, KindKey>> = {
  'case.urgent': 'urgent',
  'case.assigned': 'assigned',
  'case.rework': 'rework',
  'case.escalated': 'escalated',
  'case.supervised': 'supervised',
  'case.to_verify': 'toVerify',
  'case.due_soon': 'dueSoon',
  'case.overdue': 'overdue',
  'duty.assigned': 'dutyAssigned',
  'duty.cover': 'dutyCover',
  'duty.reminder': 'dutyReminder',
};

/** The heading key of a kind; `other` for one the app does not know. */
export function headingOf(kind: string): KindKey {
  return Object.hasOwn(KIND_KEYS, kind) ? (KIND_KEYS[kind] as KindKey) : 'other';
}

/** True for an urgent report, which the inbox shows first in weight. */
export function isUrgent(notice: { kind: string }): boolean {
  return notice.kind === 'case.urgent';
}

/**
 * Where a notification leads: its case, the duty roster for a duty notice (of the shift's
 * area when the notice names it), or nowhere.
 */
export function destinationOf(notice: {
  kind: string;
  caseId: string | null;
  params?: { areaCode?: unknown } | null;
}): string | null {
  if (notice.caseId) return `/staff/cases/${encodeURIComponent(notice.caseId)}`;
  if (!notice.kind.startsWith('duty.')) return null;
  const area = notice.params?.areaCode;
  return typeof area === 'string' && area !== ''
    ? `/staff/duty?area=${encodeURIComponent(area)}`
    : '/staff/duty';
}

/** The newest id of the loaded pages (the first item of the first page), for "mark all read". */
export function newestId(pages: readonly { items: readonly { id: string }[] }[]): string | null {
  for (const page of pages) if (page.items[0]) return page.items[0].id;
  return null;
}

/**
 * What the bell shows: nothing when all is read, the count, or "99+" from 100 on (the
 * server stops counting there). `label` picks the bell's spoken name.
 */
export function badgeOf(count: { unread: number; capped: boolean } | undefined): {
  text: string | null;
  label: 'none' | 'some' | 'many';
} {
  if (!count || count.unread <= 0) return { text: null, label: 'none' };
  if (count.capped || count.unread > 99) return { text: '99+', label: 'many' };
  return { text: String(count.unread), label: 'some' };
}

const DAY_MS = 86_400_000;

/** A notice under a day old shows "5 minutes ago"; an older one its day and time. */
export function showsRelative(createdAt: string, now: number): boolean {
  return now - Date.parse(createdAt) < DAY_MS;
}

/** An instant as the server writes it in messages (ISO 8601 UTC). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z\b/g;

/**
 * The server's message with each UTC instant in it (duty notices name the shift's times
 * that way) written by `format`, e.g. in the city's time zone.
 */
export function localiseInstants(message: string, format: (iso: string) => string): string {
  return message.replace(ISO_INSTANT, (iso) => (Number.isNaN(Date.parse(iso)) ? iso : format(iso)));
}
