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
