/**
 * Grid cells as points for the keyboard: each cell's centre, the neighbour in an arrow
 * key's direction, and a search by name or code. Pure functions, tested without a map.
 */
import type { AreaBoundaries, AreaFeatureProperties } from '../../api/types.ts';
import type { LatLon } from './api.ts';

export type Direction = 'up' | 'down' | 'left' | 'right';

/** One cell for lists and keyboard moves. */
export interface CellPoint {
  properties: AreaFeatureProperties;
  centre: LatLon;
}

/** The mean of the outer ring's corners of the cell's largest part (cells are small and convex enough). */
function centreOf(geometry: AreaBoundaries['features'][number]['geometry']): LatLon {
  const rings =
    geometry.type === 'Polygon'
      ? [geometry.coordinates[0] ?? []]
      : geometry.coordinates.map((polygon) => polygon[0] ?? []);
  const ring = rings.reduce((a, b) => (b.length > a.length ? b : a), [] as number[][]);
  // A closed ring repeats its first corner at the end.
  const corners = ring.length > 1 ? ring.slice(0, -1) : ring;
  let lat = 0;
  let lon = 0;
  for (const [x = 0, y = 0] of corners) {
    lon += x;
    lat += y;
  }
  const n = Math.max(corners.length, 1);
  return { lat: lat / n, lon: lon / n };
}

/** Every cell with its centre, sorted by code. */
export function cellPoints(cells: AreaBoundaries | undefined): CellPoint[] {
  return (cells?.features ?? [])
    .map((f) => ({ properties: f.properties, centre: centreOf(f.geometry) }))
    .sort((a, b) => a.properties.code.localeCompare(b.properties.code));
}

/**
 * The nearest cell in the direction of an arrow key from `from` (within 60° of it), or
 * undefined at the edge of the grid.
 */
export function neighbourOf(
  cells: readonly CellPoint[],
  from: LatLon,
  direction: Direction,
  fromCode?: string,
): CellPoint | undefined {
  const scale = Math.cos((from.lat * Math.PI) / 180);
  let best: { cell: CellPoint; score: number } | undefined;
  for (const cell of cells) {
    if (cell.properties.code === fromCode) continue;
    const dx = (cell.centre.lon - from.lon) * scale;
    const dy = cell.centre.lat - from.lat;
    const along = { up: dy, down: -dy, right: dx, left: -dx }[direction];
    const across = Math.abs(direction === 'up' || direction === 'down' ? dx : dy);
    if (along <= 1e-12 || across > along * Math.sqrt(3)) continue;
    // Straight ahead wins over diagonal: sideways distance counts double.
    const score = along + 2 * across;
    if (!best || score < best.score) best = { cell, score };
  }
  return best?.cell;
}

/** The cell whose centre is nearest to `point`. */
export function nearestCell(cells: readonly CellPoint[], point: LatLon): CellPoint | undefined {
  const scale = Math.cos((point.lat * Math.PI) / 180);
  let best: { cell: CellPoint; d: number } | undefined;
  for (const cell of cells) {
    const d = ((cell.centre.lon - point.lon) * scale) ** 2 + (cell.centre.lat - point.lat) ** 2;
    if (!best || d < best.d) best = { cell, d };
  }
  return best?.cell;
}

/** Cells whose code or name (in either language) contains `q`, ignoring case; at most `limit`. */
export function searchCells(cells: readonly CellPoint[], q: string, limit: number): CellPoint[] {
  const needle = q.trim().toLowerCase();
  const found: CellPoint[] = [];
  for (const cell of cells) {
    const { code, nameZh, nameEn } = cell.properties;
    if (
      !needle ||
      code.toLowerCase().includes(needle) ||
      nameZh.toLowerCase().includes(needle) ||
      nameEn.toLowerCase().includes(needle)
    )
      found.push(cell);
    if (found.length >= limit) break;
  }
  return found;
}
