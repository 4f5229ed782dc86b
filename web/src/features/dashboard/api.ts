/**
 * Indicator reads of the dashboard (`/stats/summary`, `/stats/trend`, `/stats/cells`,
 * `/stats/departments`, `/cases?overdue=true`).
 */
import { request } from '../../api/client.ts';
import type { Area, CasePage } from '../../api/types.ts';
import { getCellCounts } from '../map-view/api.ts';

/** A rate with what it was computed from (docs/indicators.md). */
export interface Rate {
  rate: number | null;
  numerator: number;
  denominator: number;
}

export interface Summary {
  area: Area;
  from: string;
  to: string;
  reported: number;
  registered: number;
  closed: number;
  closureRate: Rate;
  onTimeRate: Record<string, Rate>;
  reworkRate: Rate;
  satisfactionRate: Rate;
  overdueOpen: number;
  open: number;
  meanHoursToClose: number | null;
  p90HoursToClose: number | null;
  byCategory: Record<string, number>;
}

export interface Trend {
  area: Area;
  from: string;
  to: string;
  days: ({ day: string } & Record<string, number | string>)[];
}

export interface Period {
  from: string;
  to: string;
}

export const getSummary = (period: Period, signal?: AbortSignal) =>
  request<Summary>('/api/v1/stats/summary', { query: { ...period }, signal });

export const getTrend = (period: Period, signal?: AbortSignal) =>
  request<Trend>('/api/v1/stats/trend', { query: { ...period }, signal });

/** What departments can be ranked by (docs/indicators.md "Departments, ranked"). */
export const DEPARTMENT_RANKINGS = [
  'onTimeRate',
  'closureRate',
  'reworkRate',
  'satisfactionRate',
  'overdueOpen',
  'assigned',
] as const;
export type DepartmentRanking = (typeof DEPARTMENT_RANKINGS)[number];

/** One department's figures within the scope area and period, with its rank. */
export interface DepartmentRow {
  rank: number | null;
  department: { id: string; code: string | null; nameZh: string | null; nameEn: string | null };
  assigned: number;
  coAssigned: number;
  resolved: number;
  closed: number;
  onTimeRate: Rate;
  closureRate: Rate;
  reworkRate: Rate;
  satisfactionRate: Rate;
  overdueHandle: number;
  open: number;
  overdueOpen: number;
  coOpen: number;
}

export interface DepartmentRanks {
  area: Area;
  from: string;
  to: string;
  rankBy: DepartmentRanking;
  departments: DepartmentRow[];
}

export const getDepartments = (period: Period, rankBy: DepartmentRanking, signal?: AbortSignal) =>
  request<DepartmentRanks>('/api/v1/stats/departments', {
    query: { ...period, rankBy },
    signal,
  });

export const getOverdue = (signal?: AbortSignal) =>
  request<CasePage>('/api/v1/cases', { query: { overdue: true, limit: 20 }, signal });

export { getCellCounts };
