/** Queries of the dashboard. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  getCellCounts,
  getDepartments,
  getOverdue,
  getSummary,
  getTrend,
  type DepartmentRanking,
  type Period,
} from './api.ts';

export const dashboardKeys = {
  summary: (p: Period) => ['stats', 'summary', p.from, p.to] as const,
  trend: (p: Period) => ['stats', 'trend', p.from, p.to] as const,
  departments: (p: Period, rankBy: DepartmentRanking) =>
    ['stats', 'departments', p.from, p.to, rankBy] as const,
  overdue: ['cases', 'overdue-dashboard'] as const,
  children: (parent: string) => ['stats', 'cells', parent] as const,
};

export function useSummary(period: Period) {
  return useQuery({
    queryKey: dashboardKeys.summary(period),
    queryFn: ({ signal }) => getSummary(period, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useTrend(period: Period) {
  return useQuery({
    queryKey: dashboardKeys.trend(period),
    queryFn: ({ signal }) => getTrend(period, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useOverdue() {
  return useQuery({ queryKey: dashboardKeys.overdue, queryFn: ({ signal }) => getOverdue(signal) });
}

/** Open and overdue counts of the child areas of the scope area. */
export function useChildCounts(parent: string | undefined) {
  return useQuery({
    queryKey: dashboardKeys.children(parent ?? ''),
    queryFn: ({ signal }) => getCellCounts(parent as string, signal),
    enabled: parent !== undefined,
  });
}

/** The departments of the scope area for the period, ranked by `rankBy`. */
export function useDepartments(period: Period, rankBy: DepartmentRanking) {
  return useQuery({
    queryKey: dashboardKeys.departments(period, rankBy),
    queryFn: ({ signal }) => getDepartments(period, rankBy, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export { DEPARTMENT_RANKINGS } from './api.ts';
