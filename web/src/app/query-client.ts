/** The app's one TanStack Query client: calm retries, no refetch storms on a phone. */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';

/** Creates the query client (one per page load). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Ask even when the browser says it is offline: the service worker answers public
        // reference data (categories, areas) from its store, so offline pages still work.
        networkMode: 'offlineFirst',
        refetchOnWindowFocus: false,
        // A 4xx answer will not change by asking again; a network failure might.
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

declare module '@tanstack/react-query' {
  interface Register {
    /** Every query and mutation fails with an `ApiError` (see `api/client.ts`). */
    defaultError: ApiError;
  }
}
