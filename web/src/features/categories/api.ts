/** The category tree (`GET /api/v1/categories`). */
import { request } from '../../api/client.ts';
import type { CategoryNode } from '../../api/types.ts';

export const getCategories = (signal?: AbortSignal) =>
  request<{ items: CategoryNode[] }>('/api/v1/categories', { signal }).then((r) => r.items);
