/** Queries of the category tree; it changes only when an admin edits it. */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getCategories } from './api.ts';
import { indexCategories } from './tree.ts';

export const categoryKeys = { all: ['categories'] as const };

export function useCategories() {
  return useQuery({
    queryKey: categoryKeys.all,
    queryFn: ({ signal }) => getCategories(signal),
    staleTime: 10 * 60_000,
  });
}

/** The tree with its leaves indexed by code (undefined while loading). */
export function useCategoryIndex() {
  const query = useCategories();
  const index = useMemo(() => (query.data ? indexCategories(query.data) : undefined), [query.data]);
  return { ...query, index };
}
