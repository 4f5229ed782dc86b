/** Administration: API tokens (`/tokens`) and the working-day calendar (`/calendar`). */
import { request } from '../../api/client.ts';

export interface Token {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

export interface Calendar {
  timeZone: string;
  workDays: string;
  hours: string;
  days: CalendarDay[];
}

export const listTokens = (signal?: AbortSignal) =>
  request<{ items: Token[] }>('/api/v1/tokens', { signal }).then((r) => r.items);

export const createToken = (body: { name: string; expiresAt?: string }) =>
  request<Token & { secret: string }>('/api/v1/tokens', { method: 'POST', body });

export const revokeToken = (id: string) =>
  request<unknown>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const getCalendar = (signal?: AbortSignal) =>
  request<Calendar>('/api/v1/calendar', { signal });

/** Replaces the special days of one date: a holiday or make-up working day, or none. */
export const putCalendarDay = (date: string, day: Omit<CalendarDay, 'date'> | null) =>
  request<unknown>('/api/v1/calendar/days', {
    method: 'PUT',
    body: {
      from: date,
      to: date,
      days: day ? [{ date, kind: day.kind, ...(day.name ? { name: day.name } : {}) }] : [],
    },
  });
