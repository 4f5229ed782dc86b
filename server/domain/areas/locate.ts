/**
 * Location routing: which area of the tree contains a point. A Flatbush R-tree over the
 * bounding box of every polygon narrows the candidates; an exact, robust point-in-polygon
 * test (holes included) decides. The deepest containing area wins. A point on an edge
 * shared by two areas of the same depth resolves deterministically: an area that holds
 * the point strictly inside beats one that only touches it, and among those that only
 * touch it the smallest code wins.
 */
import Flatbush from 'flatbush';
import pointInPolygon from 'point-in-polygon-hao';
import {
  levelDepth,
  polygonsOf,
  type AreaGeometry,
  type AreaLevel,
  type Position,
} from './area.ts';

/** What the index needs to know of an area. */
export interface LocatableArea {
  id: string;
  code: string;
  parentId: string | null;
  level: AreaLevel;
  boundary: AreaGeometry | null;
}

/** A built index; rebuild it (with `buildAreaIndex`) whenever areas change. */
export interface AreaIndex {
  /** Number of indexed polygons. */
  readonly size: number;
  /** Id of the deepest area containing the point, or null outside every area. */
  locate(lon: number, lat: number): string | null;
  /** Ids from the root down to `id`, inclusive; empty for an unknown id. */
  lineage(id: string): string[];
}

interface Entry {
  area: number;
  rings: Position[][];
}

/** Builds the spatial index over every area with a boundary. */
export function buildAreaIndex(areas: readonly LocatableArea[]): AreaIndex {
  const entries: Entry[] = [];
  const depth: number[] = [];
  const codes: string[] = [];
  const ids: string[] = [];
  const parentOf = new Map<string, string | null>();
  areas.forEach((area, i) => {
    ids.push(area.id);
    codes.push(area.code);
    depth.push(levelDepth(area.level));
    parentOf.set(area.id, area.parentId);
    if (area.boundary) {
      for (const rings of polygonsOf(area.boundary)) entries.push({ area: i, rings });
    }
  });

  // One R-tree per level, searched deepest first: a point inside a grid cell never pays
  // for the large polygons of its community, street and district.
  const levels = [...new Set(entries.map((entry) => depth[entry.area] as number))]
    .sort((a, b) => b - a)
    .map((level) => {
      const members = entries.filter((entry) => depth[entry.area] === level);
      const tree = new Flatbush(members.length);
      for (const { rings } of members) {
        let minX = Infinity;
        let minY = Infinity;
        let maxX = -Infinity;
        let maxY = -Infinity;
        for (const [x, y] of rings[0] ?? []) {
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
        tree.add(minX, minY, maxX, maxY);
      }
      tree.finish();
      return { tree, members };
    });

  // Scratch state reused across calls: locate() is synchronous, so sharing is safe.
  const point = [0, 0];
  let members: Entry[] = [];
  let best = -1;
  let bestInside = false;
  const test = (i: number) => {
    const entry = members[i] as Entry;
    const hit = pointInPolygon(point, entry.rings);
    if (hit !== false) {
      const inside = hit === true;
      if (
        best === -1 ||
        (inside && !bestInside) ||
        (inside === bestInside && (codes[entry.area] as string) < (codes[best] as string))
      ) {
        best = entry.area;
        bestInside = inside;
      }
    }
    return false;
  };

  function locate(lon: number, lat: number): string | null {
    point[0] = lon;
    point[1] = lat;
    best = -1;
    bestInside = false;
    for (const level of levels) {
      members = level.members;
      level.tree.search(lon, lat, lon, lat, test);
      if (best !== -1) return ids[best] as string;
    }
    return null;
  }

  function lineage(id: string): string[] {
    const chain: string[] = [];
    let current: string | null | undefined = id;
    while (current != null && parentOf.has(current) && chain.length <= 16) {
      chain.unshift(current);
      current = parentOf.get(current);
    }
    return chain;
  }

  return { size: entries.length, locate, lineage };
}
