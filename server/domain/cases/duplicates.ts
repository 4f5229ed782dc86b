/** Possible duplicates: open cases of the same category near a new report. */

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two WGS 84 points (haversine). */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A box around a point that holds every point within `radius` metres (for an index scan). */
export function boxAround(lat: number, lon: number, radius: number) {
  const angular = radius / EARTH_RADIUS_M;
  const dLat = angular * (180 / Math.PI);
  // The circle's east–west reach is asin(sin r / cos φ), wider than r / cos φ; near a
  // pole the circle covers every longitude. (Boxes crossing ±180° are not split: no
  // city civicgrid serves straddles the antimeridian.)
  const ratio = Math.sin(angular) / Math.cos((lat * Math.PI) / 180);
  const dLon = ratio >= 1 || !Number.isFinite(ratio) ? 180 : Math.asin(ratio) * (180 / Math.PI);
  return { minLat: lat - dLat, maxLat: lat + dLat, minLon: lon - dLon, maxLon: lon + dLon };
}

/** How far back a new report looks for duplicates. */
export const DUPLICATE_WINDOW_DAYS = 30;

/**
 * Tiles of about 220 m × 170 m (0.002° each way) number the map so the duplicate check
 * reads only the tiles its box touches: an index on (category, tile, time) makes its cost
 * depend on how many cases lie nearby, never on how many the city holds (a range on
 * latitude alone read a band across the whole city).
 */
export const NEAR_TILE_DEGREES = 0.002;
/** Tile columns per tile row in a tile number (360° / 0.002° = 180,000 columns). */
const TILE_COLUMNS = 1_000_000;

function tileRow(lat: number): number {
  return Math.floor((lat + 90) / NEAR_TILE_DEGREES);
}
function tileColumn(lon: number): number {
  return Math.floor((lon + 180) / NEAR_TILE_DEGREES);
}

/** The tile number of a point (stored with each case as `near_tile`). */
export function nearTile(lat: number, lon: number): number {
  return tileRow(lat) * TILE_COLUMNS + tileColumn(lon);
}

/**
 * The tiles a box touches, as ranges of tile numbers `[first, last]`: one per tile row,
 * or one per tile when there are few (each then seeks its recent cases directly).
 */
export function tilesCovering(box: {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}): { tiles: number[] } | { ranges: [number, number][] } {
  const [r0, r1] = [tileRow(box.minLat), tileRow(box.maxLat)];
  const [c0, c1] = [tileColumn(box.minLon), tileColumn(box.maxLon)];
  if ((r1 - r0 + 1) * (c1 - c0 + 1) <= 64) {
    const tiles: number[] = [];
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) tiles.push(r * TILE_COLUMNS + c);
    return { tiles };
  }
  const ranges: [number, number][] = [];
  for (let r = r0; r <= r1; r++) ranges.push([r * TILE_COLUMNS + c0, r * TILE_COLUMNS + c1]);
  return { ranges };
}
