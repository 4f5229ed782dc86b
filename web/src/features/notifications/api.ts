/**
 * The signed-in staff member's in-app notifications (通知): urgent reports, assignments,
 * escalations, deadlines and duty shifts, newest first, and marking them read.
 */
import { request } from '../../api/client.ts';

/**
 * The facts a notification is worded from; which ones depends on its kind (a case's
 * tracking code and title, the stage due and its deadline, a directive; a duty area and
 * its first shift). Instants are ISO 8601 UTC.
 */
export interface NoticeParams {
  trackingCode?: string;
  title?: string;
  /** The stage due soon or overdue (`register` … `answer`). */
  stage?: string;
  dueAt?: string;
  directive?: string;
  areaCode?: string;
  areaNameZh?: string;
  areaNameEn?: string;
  /** The first shift's span. */
  startsAt?: string;
  endsAt?: string;
  /** How many shifts were planned at once. */
  shifts?: number;
  /** For a reminder: the reader is the officer on duty (A) or the cover (B). */
  dutyRole?: 'A' | 'B';
}

/** One notification; `message` is the server's English sentence (tracking code and title). */
export interface Notice {
  id: string;
  /** The case it is about; null for duty notices. */
  caseId: string | null;
  /** `case.urgent`, `case.assigned`, … `duty.assigned`; kinds added later may appear. */
  kind: string;
  message: string;
  /** What `message` was worded from; null on notifications stored before facts were kept. */
  params: NoticeParams | null;
  createdAt: string;
  readAt: string | null;
}

/** A page of notifications; `nextCursor` is sent back as `before` for the next one. */
export interface NoticePage {
  items: Notice[];
  nextCursor: string | null;
}

/** How many notifications are unread, counted up to 100 (`capped`: show "99+"). */
export interface UnreadCount {
  unread: number;
  capped: boolean;
}

export const listNotifications = (
  query: { unread: boolean; before?: string; limit: number },
  signal?: AbortSignal,
) => request<NoticePage>('/api/v1/notifications', { query: { ...query }, signal });

export const getUnreadCount = (signal?: AbortSignal) =>
  request<UnreadCount>('/api/v1/notifications/unread-count', { signal });

export const markRead = (id: string) =>
  request<void>(`/api/v1/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });

/**
 * Marks every unread notification read up to `upTo` (the newest one shown), so one that
 * arrived meanwhile stays unread.
 */
export const markAllRead = (upTo: string) =>
  request<{ marked: number }>('/api/v1/notifications/read-all', {
    method: 'POST',
    body: { upTo },
  }).then((r) => r.marked);

/** Marks the signed-in user's unread notifications about one case read (the case is open). */
export const markCaseRead = (caseId: string) =>
  request<{ marked: number }>('/api/v1/notifications/read-all', {
    method: 'POST',
    body: { caseId },
  }).then((r) => r.marked);
