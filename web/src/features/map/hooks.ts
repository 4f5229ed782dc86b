/** Queries of the map feature. */
import { useQuery } from '@tanstack/react-query';
import type { AreaLevel } from '../../api/types.ts';
import { getBoundaries, getPublicConfig, locatePoint, type LatLon } from './api.ts';

export const mapKeys = {
  config: ['config', 'public'] as const,
  boundaries: (level: AreaLevel) => ['areas', 'boundaries', level] as const,
  locate: (point: LatLon) =>
    ['areas', 'locate', point.lat.toFixed(6), point.lon.toFixed(6)] as const,
};

/** The public configuration; changes only with a server restart. */
export function usePublicConfig() {
  return useQuery({ queryKey: mapKeys.config, queryFn: getPublicConfig, staleTime: Infinity });
}

/** The boundaries of every area of one level (the grid cells for the report map). */
export function useBoundaries(level: AreaLevel) {
  return useQuery({
    queryKey: mapKeys.boundaries(level),
    queryFn: ({ signal }) => getBoundaries(level, signal),
    staleTime: 10 * 60_000,
  });
}

/** The area holding `point` (disabled while there is none). */
export function useLocate(point: LatLon | null) {
  return useQuery({
    queryKey: point ? mapKeys.locate(point) : ['areas', 'locate', 'none'],
    queryFn: ({ signal }) => locatePoint(point as LatLon, signal),
    enabled: point !== null,
    staleTime: 10 * 60_000,
    retry: false,
  });
}
