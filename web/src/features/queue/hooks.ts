/** Queries of the work queue. Every case list lives under the `['cases']` key. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listCases, type CaseFilters } from './api.ts';

export const caseKeys = {
  all: ['cases'] as const,
  list: (filters: CaseFilters) => ['cases', 'list', filters] as const,
};

export function useCases(filters: CaseFilters) {
  return useQuery({
    queryKey: caseKeys.list(filters),
    queryFn: ({ signal }) => listCases(filters, signal),
    placeholderData: keepPreviousData,
  });
}
