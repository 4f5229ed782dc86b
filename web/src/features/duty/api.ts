/**
 * The duty roster (值班表): each area's shifts with an officer on duty (A) and a cover
 * (B), the gaps nobody covers, who an urgent report reaches now, and planning shifts.
 */
import { request } from '../../api/client.ts';

export interface DutyOfficer {
  id: string;
  displayName: string;
  /** False when the account has been deactivated since the shift was planned. */
  active: boolean;
  /**
   * False when no longer an active dispatcher or grid leader of the shift's area or above
   * (deactivated, or the role withdrawn since): an urgent report passes them by.
   */
  mayStandDuty: boolean;
}

export interface DutyShift {
  id: string;
  /** The area the shift is planned on: the area asked about or one of its ancestors. */
  area: { id: string; code: string };
  startsAt: string;
  endsAt: string;
  primary: DutyOfficer;
  backup: DutyOfficer | null;
  note: string | null;
  /** Sent back with an edit or a removal (optimistic concurrency). */
  version: number;
  /** False once the shift has ended, or when the caller may not plan its area. */
  editable: boolean;
}

/** A part of the asked span that no shift of the area or its ancestors covers. */
export interface DutyGap {
  startsAt: string;
  endsAt: string;
}

/** `GET /duty-shifts`: the shifts and gaps of an area in `[from, to)`. */
export interface DutyRoster {
  area: { id: string; code: string };
  items: DutyShift[];
  gaps: DutyGap[];
}

/** Someone who may stand duty in an area. */
export interface DutyCandidate {
  id: string;
  displayName: string;
  roles: string[];
}

/** What a planner sends for a new shift (`repeatDays`: the same shift on n consecutive days). */
export interface NewShift {
  area: string;
  startsAt: string;
  endsAt: string;
  primaryUserId: string;
  backupUserId: string | null;
  note: string | null;
  repeatDays?: number;
}

/** An edit at the version read; fields left out stay as they are. */
export interface ShiftChange {
  version: number;
  startsAt?: string;
  endsAt?: string;
  primaryUserId?: string;
  backupUserId?: string | null;
  note?: string | null;
}

export const getRoster = (
  range: { area: string; from: string; to: string },
  signal?: AbortSignal,
) => request<DutyRoster>('/api/v1/duty-shifts', { query: { ...range }, signal });

/** Who an urgent report made in the area now reaches (null: every dispatcher and grid leader). */
export const getOnDutyNow = (area: string, signal?: AbortSignal) =>
  request<{ shift: DutyShift | null }>('/api/v1/duty-shifts/now', {
    query: { area },
    signal,
  }).then((r) => r.shift);

export const listCandidates = (area: string, q: string, signal?: AbortSignal) =>
  request<{ items: DutyCandidate[] }>('/api/v1/duty-shifts/candidates', {
    query: { area, q },
    signal,
  }).then((r) => r.items);

/** Plans a shift, or the same shift on several days (all or nothing). */
export const createShifts = (body: NewShift) =>
  request<{ items: DutyShift[] }>('/api/v1/duty-shifts', { method: 'POST', body }).then(
    (r) => r.items,
  );

export const updateShift = (id: string, body: ShiftChange) =>
  request<DutyShift>(`/api/v1/duty-shifts/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body,
  });

/** Removes a shift that has not started, at the version read. */
export const deleteShift = (id: string, version: number) =>
  request<void>(`/api/v1/duty-shifts/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    query: { version },
  });
