/**
 * Queries and changes of the duty roster. A change to one area's shifts alters the
 * rosters and the officer on duty of that area and of every area below it (they inherit
 * its shifts), so each change reloads every roster and "on duty now" read.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createShifts,
  deleteShift,
  getOnDutyNow,
  getRoster,
  listCandidates,
  updateShift,
  type DutyShift,
  type ShiftChange,
} from './api.ts';
import { getCalendar } from '../admin/api.ts';
import { adminKeys } from '../admin/hooks.ts';

export const dutyKeys = {
  all: ['duty-shifts'] as const,
  rosters: ['duty-shifts', 'roster'] as const,
  roster: (area: string, from: string, to: string) =>
    ['duty-shifts', 'roster', area, from, to] as const,
  nows: ['duty-shifts', 'now'] as const,
  now: (area: string) => ['duty-shifts', 'now', area] as const,
  candidates: (area: string, q: string) => ['duty-shifts', 'candidates', area, q] as const,
};

/** The city's time zone (the calendar's), which the roster's days and times are shown in. */
export function useTimeZone() {
  return useQuery({
    // The admin pages' query of the same calendar, shared through their key.
    queryKey: adminKeys.calendar,
    queryFn: ({ signal }) => getCalendar(signal),
    select: (calendar) => calendar.timeZone,
    staleTime: 10 * 60_000,
  });
}

/** The shifts and gaps of an area in `[from, to)`. */
export function useRoster(range: { area: string; from: string; to: string } | null) {
  return useQuery({
    queryKey: range ? dutyKeys.roster(range.area, range.from, range.to) : dutyKeys.rosters,
    queryFn: ({ signal }) => getRoster(range as NonNullable<typeof range>, signal),
    enabled: range !== null,
    staleTime: 30_000,
  });
}

/** Who an urgent report in the area reaches now; asked again every minute while shown. */
export function useOnDutyNow(area: string | null) {
  return useQuery({
    queryKey: dutyKeys.now(area ?? ''),
    queryFn: ({ signal }) => getOnDutyNow(area as string, signal),
    enabled: area !== null,
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

/** Staff who may stand duty in the area, by name. */
export function useCandidates(area: string, q: string, enabled = true) {
  return useQuery({
    queryKey: dutyKeys.candidates(area, q),
    queryFn: ({ signal }) => listCandidates(area, q, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

function useReloadRosters() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: dutyKeys.rosters }),
      client.invalidateQueries({ queryKey: dutyKeys.nows }),
    ]);
}

/** Plans a shift (or the same shift on several days); rosters and "on duty now" reload. */
export function useCreateShifts() {
  const reload = useReloadRosters();
  return useMutation({ mutationFn: createShifts, onSuccess: () => reload() });
}

/** Edits a shift at the version read (409 when it changed meanwhile); rosters reload. */
export function useUpdateShift() {
  const reload = useReloadRosters();
  return useMutation({
    mutationFn: (v: { id: string; change: ShiftChange }) => updateShift(v.id, v.change),
    onSuccess: () => reload(),
  });
}

/** Removes a shift that has not started; rosters reload. */
export function useDeleteShift() {
  const reload = useReloadRosters();
  return useMutation({
    mutationFn: (shift: Pick<DutyShift, 'id' | 'version'>) => deleteShift(shift.id, shift.version),
    onSuccess: () => reload(),
  });
}

/**
 * Reads the roster again and returns the stored shift `id` in it (undefined when it is
 * gone): what an edit refused as stale loads.
 */
export function useLoadShift(range: { area: string; from: string; to: string } | null) {
  const client = useQueryClient();
  return async (id: string): Promise<DutyShift | undefined> => {
    if (!range) return undefined;
    const roster = await client.fetchQuery({
      queryKey: dutyKeys.roster(range.area, range.from, range.to),
      queryFn: ({ signal }) => getRoster(range, signal),
      staleTime: 0,
    });
    return roster.items.find((s) => s.id === id);
  };
}
