/** The staff case list (`GET /api/v1/cases`), always filtered to the caller's scope by the server. */
import { request } from '../../api/client.ts';
import type { CasePage, CaseStatus, Priority } from '../../api/types.ts';

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
