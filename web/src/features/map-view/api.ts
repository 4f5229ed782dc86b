/** Staff map data: open and overdue counts of the child areas of an area. */
import { request } from '../../api/client.ts';

export interface CellCount {
  area: { id: string; code: string; nameZh: string; nameEn: string; level: string };
  open: number;
  overdueOpen: number;
}

/** `GET /api/v1/stats/cells`: counts of each child area of `parent` (id or code). */
export const getCellCounts = (parent: string, signal?: AbortSignal) =>
  request<{ parent: { id: string; code: string }; cells: CellCount[] }>('/api/v1/stats/cells', {
    query: { parent },
    signal,
  });
