/** Queries of the staff map: counts for every community holding grid cells. */
import { useQueries } from '@tanstack/react-query';
import { ApiError } from '../../api/client.ts';
import { getCellCounts, type CellCount } from './api.ts';

export const mapViewKeys = {
  cells: (parent: string) => ['stats', 'cells', parent] as const,
};

/**
 * Counts of the cells under each parent, merged by cell code. Parents outside the
 * caller's scope (404) are left out; any other failure is reported.
 */
export function useCellCounts(parents: readonly string[]) {
  return useQueries({
    queries: parents.map((parent) => ({
      queryKey: mapViewKeys.cells(parent),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        getCellCounts(parent, signal).catch((error: unknown) => {
          if (error instanceof ApiError && error.isNotFound) return { cells: [] as CellCount[] };
          throw error;
        }),
      staleTime: 60_000,
    })),
    combine: (results) => {
      const counts = new Map<string, CellCount>();
      for (const result of results)
        for (const cell of result.data?.cells ?? []) counts.set(cell.area.code, cell);
      return {
        counts,
        isPending: results.some((r) => r.isPending),
        error: results.find((r) => r.error)?.error ?? null,
        refetch: () => Promise.all(results.map((r) => r.refetch())),
      };
    },
  });
}
