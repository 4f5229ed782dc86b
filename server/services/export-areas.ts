/** Exports the area tree as an area file (GeoJSON FeatureCollection), parents first. */
import type { AreaGeometry, AreaLevel } from '../domain/areas/area.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';

/** A feature of an area file. */
export interface AreaFeature {
  type: 'Feature';
  properties: {
    id: string;
    code: string;
    parentCode?: string;
    level: AreaLevel;
    nameZh: string;
    nameEn: string;
  };
  geometry: AreaGeometry | null;
}

/** Builds the export use case. */
export function createExportAreas(deps: {
  areas: Pick<AreaStore, 'listWithBoundaries' | 'findSummariesByIds'>;
}) {
  /**
   * The stored areas (all, or one level, or one subtree) as a FeatureCollection that
   * `import-areas` reads back unchanged.
   */
  return async function exportAreas(
    filter: { level?: AreaLevel; withinPath?: readonly string[] } = {},
  ): Promise<{ type: 'FeatureCollection'; features: AreaFeature[] }> {
    const areas = await deps.areas.listWithBoundaries(filter);
    const parentIds = [...new Set(areas.flatMap((a) => (a.parentId ? [a.parentId] : [])))];
    const codeOf = new Map(
      (await deps.areas.findSummariesByIds(parentIds)).map((a) => [a.id, a.code]),
    );
    return {
      type: 'FeatureCollection',
      features: areas.map((area) => {
        const parentCode = area.parentId ? codeOf.get(area.parentId) : undefined;
        return {
          type: 'Feature',
          properties: {
            id: area.id,
            code: area.code,
            ...(parentCode ? { parentCode } : {}),
            level: area.level,
            nameZh: area.nameZh,
            nameEn: area.nameEn,
          },
          geometry: area.boundary,
        };
      }),
    };
  };
}
