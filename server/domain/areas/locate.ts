/**
 * Location routing: which area of the tree contains a point. A Flatbush R-tree over the
 * bounding box of every polygon narrows the candidates; an exact, robust point-in-polygon
 * test (holes included) decides. The deepest containing area wins. A point on an edge
 * shared by two areas of the same depth resolves deterministically: an area that holds
 * the point strictly inside beats one that only touches it, and among those that only
 * touch it the smallest code wins.
 *
 * The index keeps every vertex in one Float64Array and the tree as integer links: a city
 * of 100,000 grid cells held as GeoJSON arrays (one JS array per vertex) and string maps
 * took some 80 MB of heap, packed it takes about 25 MB. Areas can be added a page at a
 * time (`createAreaIndexBuilder`), so their parsed GeoJSON never has to be held all at once.
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

/** Collects areas one at a time (in any order); `finish()` builds the index once. */
export interface AreaIndexBuilder {
  add(area: LocatableArea): void;
  finish(): AreaIndex;
}

/** Ranks of `values` in sorted order, equal values sharing a rank. */
function ranksOf(values: readonly string[]): Uint32Array {
  const order = values.map((_, i) => i).sort((a, b) => compare(values[a], values[b]));
  const ranks = new Uint32Array(values.length);
  let rank = 0;
  order.forEach((i, k) => {
    if (k > 0 && values[i] !== values[order[k - 1] as number]) rank = k;
    ranks[i] = rank;
  });
  return ranks;
}

function compare(a: string | undefined, b: string | undefined): number {
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

/** Starts an index; add every area, then call `finish()`. */
export function createAreaIndexBuilder(): AreaIndexBuilder {
  const ids: string[] = [];
  const codes: string[] = [];
  const parentIds: (string | null)[] = [];
  const depths: number[] = [];
  // Polygons: their area, first ring and bounding box; rings: the end of their vertices.
  const polygonArea: number[] = [];
  const polygonRing: number[] = [];
  const polygonBox: number[] = [];
  const ringEnd: number[] = [];
  const coords: number[] = [];

  function add(area: LocatableArea): void {
    const i = ids.length;
    ids.push(area.id);
    codes.push(area.code);
    parentIds.push(area.parentId);
    depths.push(levelDepth(area.level));
    if (!area.boundary) return;
    for (const rings of polygonsOf(area.boundary)) {
      polygonArea.push(i);
      polygonRing.push(ringEnd.length);
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
      polygonBox.push(minX, minY, maxX, maxY);
      for (const ring of rings) {
        for (const [x, y] of ring) coords.push(x, y);
        ringEnd.push(coords.length / 2);
      }
    }
  }

  function finish(): AreaIndex {
    const areaOfPolygon = Uint32Array.from(polygonArea);
    return packedIndex({
      ids,
      codeRank: ranksOf(codes),
      ...parentLinks(ids, parentIds),
      levels: levelTrees(areaOfPolygon, depths, polygonBox),
      polygonArea: areaOfPolygon,
      polygonRing: Uint32Array.from([...polygonRing, ringEnd.length]),
      ringEnd: Uint32Array.from(ringEnd),
      coords: Float64Array.from(coords),
    });
  }

  return { add, finish };
}

/**
 * Each area's parent as an index (-1 for none or unknown), and the areas sorted by id for
 * a binary search: a map of every id would cost more than the ids themselves. An id given
 * twice names its last area, as a map would.
 */
function parentLinks(ids: readonly string[], parentIds: readonly (string | null)[]) {
  const byId = new Map<string, number>();
  ids.forEach((id, i) => byId.set(id, i));
  const parent = new Int32Array(ids.length);
  parentIds.forEach((parentId, i) => {
    parent[i] = parentId === null ? -1 : (byId.get(parentId) ?? -1);
  });
  const sorted = Uint32Array.from(byId.values()).sort((a, b) => compare(ids[a], ids[b]));
  return { parent, sorted };
}

/**
 * One R-tree per level, deepest first, over the polygons of that level: a point inside a
 * grid cell never pays for the large polygons of its community, street and district.
 */
function levelTrees(
  polygonArea: Uint32Array,
  depths: readonly number[],
  polygonBox: readonly number[],
): { tree: Flatbush; members: Uint32Array }[] {
  const depthOf = (polygon: number) => depths[polygonArea[polygon] as number] as number;
  const all = Array.from({ length: polygonArea.length }, (_, p) => p);
  return [...new Set(all.map(depthOf))]
    .sort((a, b) => b - a)
    .map((depth) => {
      const members = Uint32Array.from(all.filter((p) => depthOf(p) === depth));
      const tree = new Flatbush(members.length);
      for (const p of members) {
        const [minX, minY, maxX, maxY] = polygonBox.slice(4 * p, 4 * p + 4) as [
          number,
          number,
          number,
          number,
        ];
        tree.add(minX, minY, maxX, maxY);
      }
      tree.finish();
      return { tree, members };
    });
}

/** Builds the spatial index over every area with a boundary. */
export function buildAreaIndex(areas: readonly LocatableArea[]): AreaIndex {
  const builder = createAreaIndexBuilder();
  for (const area of areas) builder.add(area);
  return builder.finish();
}

/** The index over the packed arrays; it holds nothing else. */
function packedIndex(parts: {
  ids: readonly string[];
  codeRank: Uint32Array;
  parent: Int32Array;
  sorted: Uint32Array;
  levels: { tree: Flatbush; members: Uint32Array }[];
  polygonArea: Uint32Array;
  polygonRing: Uint32Array;
  ringEnd: Uint32Array;
  coords: Float64Array;
}): AreaIndex {
  const { ids, codeRank, parent, sorted, levels, polygonArea, polygonRing, ringEnd, coords } =
    parts;

  function find(id: string): number {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const i = sorted[mid] as number;
      const c = compare(ids[i], id);
      if (c === 0) return i;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The rings of a polygon as GeoJSON positions, made only for a candidate being tested. */
  function ringsOf(polygon: number): Position[][] {
    const rings: Position[][] = [];
    const first = polygonRing[polygon] as number;
    let start = first === 0 ? 0 : (ringEnd[first - 1] as number);
    for (let r = first; r < (polygonRing[polygon + 1] as number); r++) {
      const end = ringEnd[r] as number;
      const ring: Position[] = [];
      for (let v = start; v < end; v++)
        ring.push([coords[2 * v] as number, coords[2 * v + 1] as number]);
      rings.push(ring);
      start = end;
    }
    return rings;
  }

  // Scratch state reused across calls: locate() is synchronous, so sharing is safe.
  const point = [0, 0];
  let members: Uint32Array = new Uint32Array(0);
  let best = -1;
  let bestInside = false;
  const test = (i: number) => {
    const polygon = members[i] as number;
    const hit = pointInPolygon(point, ringsOf(polygon));
    if (hit !== false) {
      const inside = hit === true;
      const area = polygonArea[polygon] as number;
      if (
        best === -1 ||
        (inside && !bestInside) ||
        (inside === bestInside && (codeRank[area] as number) < (codeRank[best] as number))
      ) {
        best = area;
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
    let current = find(id);
    while (current !== -1 && chain.length <= 16) {
      chain.unshift(ids[current] as string);
      current = parent[current] as number;
    }
    return chain;
  }

  return { size: polygonArea.length, locate, lineage };
}
