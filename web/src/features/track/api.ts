/** Public tracking by code: the status, and the reporter's rating after closure. */
import { request } from '../../api/client.ts';
import type { Satisfaction, Tracking } from '../../api/types.ts';

export const getTracking = (code: string, signal?: AbortSignal) =>
  request<Tracking>(`/api/v1/track/${encodeURIComponent(code)}`, { signal });

/** Rates the written answer: once per case (409 when already rated), only after closure (422). */
export const rateCase = (code: string, rating: { satisfaction: Satisfaction; comment?: string }) =>
  request<void>(`/api/v1/track/${encodeURIComponent(code)}/rating`, {
    method: 'POST',
    body: rating,
  });
