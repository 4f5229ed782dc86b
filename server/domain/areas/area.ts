/** Areas: the tree city > district > street > community > grid > subgrid (SPEC "Domain"). */

export const AREA_LEVELS = ['city', 'district', 'street', 'community', 'grid', 'subgrid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** A GeoJSON position: longitude, latitude (WGS 84). */
export type Position = [number, number];
/** GeoJSON Polygon or MultiPolygon, the only boundary shapes an area may have. */
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** One node of the area tree as the domain sees it. */
export interface Area {
  id: string;
  code: string;
  parentId: string | null;
  level: AreaLevel;
  nameZh: string;
  nameEn: string;
  /** Ids from the root down to this area, inclusive: the key of subtree scopes. */
  path: string[];
  boundary: AreaGeometry | null;
}

/** The depth of a level in the tree: city 0 … subgrid 5. */
export function levelDepth(level: AreaLevel): number {
  return AREA_LEVELS.indexOf(level);
}

/** True when `value` names a level of the area tree. */
export function isAreaLevel(value: unknown): value is AreaLevel {
  return typeof value === 'string' && (AREA_LEVELS as readonly string[]).includes(value);
}

/** The polygons of a geometry, each as its rings (exterior first, then holes). */
export function polygonsOf(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Bounding box `[minLon, minLat, maxLon, maxLat]` of a geometry's exterior rings. */
export function bboxOf(geometry: AreaGeometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}
