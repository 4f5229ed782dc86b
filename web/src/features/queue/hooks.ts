/** Queries of the work queue. Every case list lives under the `['cases']` key. */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Case } from '../../api/types.ts';
import { listCases, listDepartments, postAction, type CaseFilters } from './api.ts';

export const caseKeys = {
  all: ['cases'] as const,
  list: (filters: CaseFilters) => ['cases', 'list', filters] as const,
  pages: (filters: CaseFilters) => ['cases', 'pages', filters] as const,
};

export function useCases(filters: CaseFilters) {
  return useQuery({
    queryKey: caseKeys.list(filters),
    queryFn: ({ signal }) => listCases(filters, signal),
    placeholderData: keepPreviousData,
  });
}

/** The queue with cursor paging ("load more"). */
export function useCasePages(filters: CaseFilters) {
  return useInfiniteQuery({
    queryKey: caseKeys.pages(filters),
    queryFn: ({ signal, pageParam }) => listCases({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['departments'],
    queryFn: ({ signal }) => listDepartments(signal),
    staleTime: 10 * 60_000,
  });
}

/** What happened to one case of a bulk dispatch. */
export interface BulkResult {
  id: string;
  trackingCode: string;
  outcome: 'ok' | 'conflict' | 'failed';
  message?: string;
}

/**
 * Dispatches several cases, one `POST /actions` per case with its own version; a failure
 * of one does not stop the others. Refreshes every case query afterwards.
 */
export function useBulkDispatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { cases: Case[]; department: string; handler?: string }) => {
      const results: BulkResult[] = [];
      for (const c of input.cases) {
        try {
          await postAction(c.id, {
            action: 'dispatch',
            department: input.department,
            ...(input.handler ? { handler: input.handler } : {}),
            version: c.version,
          });
          results.push({ id: c.id, trackingCode: c.trackingCode, outcome: 'ok' });
        } catch (error) {
          const status = (error as { status?: number }).status;
          results.push({
            id: c.id,
            trackingCode: c.trackingCode,
            outcome: status === 409 ? 'conflict' : 'failed',
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
      return results;
    },
    onSettled: () => client.invalidateQueries({ queryKey: caseKeys.all }),
  });
}
