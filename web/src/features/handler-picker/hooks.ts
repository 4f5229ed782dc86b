/** The query of the handler picker, under `['assignable', department, q]`. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { listAssignable } from './api.ts';

export { PICKER_LIMIT } from './api.ts';

/** `value`, once it has stayed the same for `ms` (so typing sends one request, not one per key). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Handlers and heads of a department whose names contain `q`; idle without a department. */
export function useAssignableStaff(department: string, q: string) {
  const search = q.trim();
  return useQuery({
    queryKey: ['assignable', department, search] as const,
    queryFn: ({ signal }) => listAssignable({ department, q: search || undefined }, signal),
    enabled: department !== '',
    staleTime: 60_000,
    // While a new search loads, keep the names of the same department (never another's).
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === department ? previous : undefined,
  });
}
