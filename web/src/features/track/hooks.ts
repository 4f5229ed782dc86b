/** Queries and mutations of the tracking page. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Satisfaction } from '../../api/types.ts';
import { getTracking, rateCase } from './api.ts';

export const trackKeys = { one: (code: string) => ['track', code] as const };

export function useTracking(code: string | null) {
  return useQuery({
    queryKey: trackKeys.one(code ?? ''),
    queryFn: ({ signal }) => getTracking(code as string, signal),
    enabled: code !== null,
    retry: false,
  });
}

/** Rates the answer; the case's public status is the one query it changes. */
export function useRateCase(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rating: { satisfaction: Satisfaction; comment?: string }) =>
      rateCase(code, rating),
    onSettled: () => client.invalidateQueries({ queryKey: trackKeys.one(code) }),
  });
}
