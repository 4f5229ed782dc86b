/** Queries and changes of the admin page. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createToken,
  getCalendar,
  listTokens,
  putCalendarDay,
  revokeToken,
  type CalendarDay,
} from './api.ts';

export const adminKeys = {
  tokens: ['admin', 'tokens'] as const,
  calendar: ['calendar'] as const,
};

export function useTokens() {
  return useQuery({ queryKey: adminKeys.tokens, queryFn: ({ signal }) => listTokens(signal) });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.tokens }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.tokens }),
  });
}

export function useCalendar() {
  return useQuery({ queryKey: adminKeys.calendar, queryFn: ({ signal }) => getCalendar(signal) });
}

export function usePutCalendarDay() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { date: string; day: Omit<CalendarDay, 'date'> | null }) =>
      putCalendarDay(v.date, v.day),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.calendar }),
  });
}
