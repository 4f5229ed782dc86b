/** The staff case list (`GET /api/v1/cases`), always filtered to the caller's scope by the server. */
import { request } from '../../api/client.ts';
import type { Case, CasePage, CaseStatus, Priority } from '../../api/types.ts';

/** Filters of the case list (all optional). */
export interface CaseFilters {
  status?: CaseStatus[];
  area?: string;
  category?: string;
  priority?: Priority[];
  overdue?: boolean;
  q?: string;
  cursor?: string;
  limit?: number;
}

export const listCases = (filters: CaseFilters, signal?: AbortSignal) =>
  request<CasePage>('/api/v1/cases', {
    query: {
      status: filters.status,
      area: filters.area,
      category: filters.category,
      priority: filters.priority,
      overdue: filters.overdue,
      q: filters.q,
      cursor: filters.cursor,
      limit: filters.limit ?? 50,
    },
    signal,
  });

/** One department of the tree (`GET /api/v1/departments`). */
export interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  /** False when retired: shown for its cases, never offered for new work. */
  active: boolean;
  children: Department[];
}

export const listDepartments = (signal?: AbortSignal) =>
  request<{ items: Department[] }>('/api/v1/departments', { signal }).then((r) => r.items);

/** Takes one workflow step (`POST /cases/{id}/actions`); the server checks `version`. */
export const postAction = (id: string, body: Record<string, unknown> & { version: number }) =>
  request<Case>(`/api/v1/cases/${encodeURIComponent(id)}/actions`, { method: 'POST', body });
