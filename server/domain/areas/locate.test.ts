import pointInPolygon from 'point-in-polygon-hao';
import { describe, it, expect } from 'vitest';
import {
  levelDepth,
  polygonsOf,
  type AreaGeometry,
  type AreaLevel,
  type Position,
} from './area.ts';
import { buildAreaIndex, createAreaIndexBuilder, type LocatableArea } from './locate.ts';

/** A closed counter-clockwise rectangle ring. */
function rect(minX: number, minY: number, maxX: number, maxY: number): Position[] {
  return [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
    [minX, minY],
  ];
}

function box(minX: number, minY: number, maxX: number, maxY: number): AreaGeometry {
  return { type: 'Polygon', coordinates: [rect(minX, minY, maxX, maxY)] };
}

function area(
  id: string,
  code: string,
  level: AreaLevel,
  parentId: string | null,
  boundary: AreaGeometry | null,
): LocatableArea {
  return { id, code, level, parentId, boundary };
}

/** A small seeded PRNG (mulberry32) so shuffles are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = rng(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * city [0,10]² ⊃ district [0,8]² ⊃ street [0,6]² ⊃ community [0,4]², split into four
 * 2×2 grid cells:
 *
 *   g3 (-03) | g4 (-04)     y 2..4
 *   ---------+---------
 *   g1 (-01) | g2 (-02)     y 0..2
 */
const CITY = area('city', '990100', 'city', null, box(0, 0, 10, 10));
const DISTRICT = area('district', '990102', 'district', 'city', box(0, 0, 8, 8));
const STREET = area('street', '990102-001', 'street', 'district', box(0, 0, 6, 6));
const COMMUNITY = area('community', '990102-001-001', 'community', 'street', box(0, 0, 4, 4));
const G1 = area('g1', '990102-001-001-01', 'grid', 'community', box(0, 0, 2, 2));
const G2 = area('g2', '990102-001-001-02', 'grid', 'community', box(2, 0, 4, 2));
const G3 = area('g3', '990102-001-001-03', 'grid', 'community', box(0, 2, 2, 4));
const G4 = area('g4', '990102-001-001-04', 'grid', 'community', box(2, 2, 4, 4));
const TREE = [CITY, DISTRICT, STREET, COMMUNITY, G1, G2, G3, G4];

describe('buildAreaIndex: deepest area wins', () => {
  const index = buildAreaIndex(TREE);

  it('counts one indexed polygon per area with a boundary', () => {
    expect(index.size).toBe(8);
  });

  it('returns the grid cell for a point strictly inside it', () => {
    expect(index.locate(1, 1)).toBe('g1');
    expect(index.locate(3, 1)).toBe('g2');
    expect(index.locate(1, 3)).toBe('g3');
    expect(index.locate(3, 3)).toBe('g4');
  });

  it('falls back to the deepest ancestor that contains the point', () => {
    expect(index.locate(5, 5)).toBe('street');
    expect(index.locate(7, 7)).toBe('district');
    expect(index.locate(9, 9)).toBe('city');
    expect(index.locate(9, 1)).toBe('city');
  });

  it('returns null outside every area', () => {
    expect(index.locate(11, 11)).toBeNull();
    expect(index.locate(-1, 5)).toBeNull();
    expect(index.locate(5, -0.0001)).toBeNull();
    expect(index.locate(-170, -80)).toBeNull();
  });

  it('does not depend on the order of the areas', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const reordered = buildAreaIndex(shuffled(TREE, seed));
      expect(reordered.locate(1, 1)).toBe('g1');
      expect(reordered.locate(3, 3)).toBe('g4');
      expect(reordered.locate(5, 5)).toBe('street');
      expect(reordered.locate(9, 9)).toBe('city');
    }
  });

  it('gives the same answer when called repeatedly', () => {
    const points: [number, number][] = [
      [1, 1],
      [9, 9],
      [3, 3],
      [11, 11],
      [1, 1],
    ];
    const first = points.map(([x, y]) => index.locate(x, y));
    const second = points.map(([x, y]) => index.locate(x, y));
    expect(second).toEqual(first);
    expect(first).toEqual(['g1', 'city', 'g4', null, 'g1']);
  });

  it('counts a point on the outer edge of the only containing area as inside it', () => {
    expect(index.locate(10, 5)).toBe('city');
    expect(index.locate(5, 10)).toBe('city');
  });

  it('prefers a deeper area touching the point over a shallower one holding it inside', () => {
    // (4, 1) lies on the east edge of the community and of g2, strictly inside the street.
    expect(index.locate(4, 1)).toBe('g2');
    // (0, 0) is a corner of every area of the tree.
    expect(index.locate(0, 0)).toBe('g1');
  });
});

describe('buildAreaIndex: shared edges and vertices', () => {
  it('resolves a point on an edge shared by two cells to the smaller code', () => {
    const index = buildAreaIndex(TREE);
    expect(index.locate(2, 1)).toBe('g1'); // g1 | g2
    expect(index.locate(2, 3)).toBe('g3'); // g3 | g4
    expect(index.locate(1, 2)).toBe('g1'); // g1 / g3
    expect(index.locate(3, 2)).toBe('g2'); // g2 / g4
  });

  it('resolves a vertex shared by four cells to the smallest code', () => {
    expect(buildAreaIndex(TREE).locate(2, 2)).toBe('g1');
  });

  it('resolves shared edges and vertices the same way whatever the input order', () => {
    const cases: [number, number, string][] = [
      [2, 1, 'g1'],
      [2, 3, 'g3'],
      [1, 2, 'g1'],
      [3, 2, 'g2'],
      [2, 2, 'g1'],
      [2, 4, 'g3'],
      [4, 2, 'g2'],
    ];
    const orders = [TREE, [...TREE].reverse()];
    for (let seed = 1; seed <= 40; seed++) orders.push(shuffled(TREE, seed));
    for (const order of orders) {
      const index = buildAreaIndex(order);
      for (const [x, y, expected] of cases) expect(index.locate(x, y)).toBe(expected);
    }
  });

  it('uses codes, not ids or input order, to break ties', () => {
    // Ids sort the other way round from codes.
    const a = area('zzz', '990102-001-001-01', 'grid', null, box(0, 0, 2, 2));
    const b = area('aaa', '990102-001-001-02', 'grid', null, box(2, 0, 4, 2));
    expect(buildAreaIndex([a, b]).locate(2, 1)).toBe('zzz');
    expect(buildAreaIndex([b, a]).locate(2, 1)).toBe('zzz');
  });

  it('lets an area holding the point strictly inside beat a smaller code that only touches it', () => {
    // Overlapping siblings: (2, 1) is on the east edge of "-01" and strictly inside "-09".
    const touching = area('touching', '990102-001-001-01', 'grid', null, box(0, 0, 2, 2));
    const holding = area('holding', '990102-001-001-09', 'grid', null, box(1, 0, 3, 2));
    const parent = area('parent', '990102-001-001', 'community', null, box(0, 0, 4, 4));
    const all = [parent, touching, holding];
    const orders = [all, [...all].reverse()];
    for (let seed = 1; seed <= 12; seed++) orders.push(shuffled(all, seed));
    for (const order of orders) {
      expect(buildAreaIndex(order).locate(2, 1)).toBe('holding');
    }
  });
});

describe('buildAreaIndex: holes and multipolygons', () => {
  // A district with a community whose square has a square hole in the middle.
  const district = area('district', '990102', 'district', null, box(-5, -5, 15, 15));
  const holed = area('holed', '990102-001-001', 'community', 'district', {
    type: 'Polygon',
    // Exterior counter-clockwise, hole clockwise (RFC 7946).
    coordinates: [rect(0, 0, 10, 10), [...rect(4, 4, 6, 6)].reverse()],
  });

  it('sends a point in the hole to the parent area', () => {
    const index = buildAreaIndex([district, holed]);
    expect(index.locate(5, 5)).toBe('district');
    expect(index.locate(2, 2)).toBe('holed');
    expect(index.locate(8, 5)).toBe('holed');
    expect(index.locate(12, 12)).toBe('district');
  });

  it('sends a point in the hole to a child area that fills the hole', () => {
    const filler = area('filler', '990102-001-001-01', 'grid', 'holed', box(4, 4, 6, 6));
    const index = buildAreaIndex([district, holed, filler]);
    expect(index.locate(5, 5)).toBe('filler');
    expect(index.locate(2, 2)).toBe('holed');
  });

  it('returns null for a point in the hole when nothing else covers it', () => {
    expect(buildAreaIndex([holed]).locate(5, 5)).toBeNull();
    expect(buildAreaIndex([holed]).locate(1, 1)).toBe('holed');
  });

  it('finds a MultiPolygon area from a point in either part', () => {
    const parent = area('district', '990102', 'district', null, box(0, 0, 10, 10));
    const split = area('split', '990102-001', 'street', 'district', {
      type: 'MultiPolygon',
      coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 6, 6)]],
    });
    const index = buildAreaIndex([parent, split]);
    expect(index.size).toBe(3);
    expect(index.locate(0.5, 0.5)).toBe('split');
    expect(index.locate(5.5, 5.5)).toBe('split');
    expect(index.locate(3, 3)).toBe('district');
    expect(index.locate(20, 20)).toBeNull();
  });

  it('honours holes inside MultiPolygon parts', () => {
    const multi = area('multi', '990102', 'district', null, {
      type: 'MultiPolygon',
      coordinates: [[rect(0, 0, 4, 4), [...rect(1, 1, 3, 3)].reverse()], [rect(10, 10, 11, 11)]],
    });
    const index = buildAreaIndex([multi]);
    expect(index.locate(2, 2)).toBeNull();
    expect(index.locate(0.5, 0.5)).toBe('multi');
    expect(index.locate(10.5, 10.5)).toBe('multi');
  });
});

describe('buildAreaIndex: lineage', () => {
  const index = buildAreaIndex(shuffled(TREE, 7));

  it('returns the ids from the root down to the area', () => {
    expect(index.lineage('g4')).toEqual(['city', 'district', 'street', 'community', 'g4']);
    expect(index.lineage('street')).toEqual(['city', 'district', 'street']);
  });

  it('returns just the root for a root', () => {
    expect(index.lineage('city')).toEqual(['city']);
  });

  it('returns an empty list for an unknown id', () => {
    expect(index.lineage('nope')).toEqual([]);
    expect(index.lineage('')).toEqual([]);
  });

  it('stops at a parent that is not in the index', () => {
    const orphan = area('orphan', '990102-001', 'street', 'missing', box(0, 0, 1, 1));
    expect(buildAreaIndex([orphan]).lineage('orphan')).toEqual(['orphan']);
  });

  it('terminates on a cycle in the parent links', () => {
    const a = area('a', '990101', 'district', 'b', null);
    const b = area('b', '990102', 'district', 'a', null);
    const chain = buildAreaIndex([a, b]).lineage('a');
    expect(chain.length).toBeGreaterThan(0);
    expect(chain.length).toBeLessThanOrEqual(17);
    expect(chain[chain.length - 1]).toBe('a');
  });
});

describe('buildAreaIndex: empty index and areas without boundary', () => {
  it('returns null for every point from an empty index', () => {
    const index = buildAreaIndex([]);
    expect(index.size).toBe(0);
    expect(index.locate(0, 0)).toBeNull();
    expect(index.locate(116.4, 39.9)).toBeNull();
    expect(index.lineage('x')).toEqual([]);
  });

  it('returns null when no area has a boundary, yet keeps them in lineage', () => {
    const index = buildAreaIndex([
      area('city', '990100', 'city', null, null),
      area('district', '990102', 'district', 'city', null),
    ]);
    expect(index.size).toBe(0);
    expect(index.locate(0, 0)).toBeNull();
    expect(index.lineage('district')).toEqual(['city', 'district']);
  });

  it('ignores areas without boundary in locate but keeps them in lineage', () => {
    const bareStreet = { ...STREET, boundary: null };
    const bareCommunity = { ...COMMUNITY, boundary: null };
    const index = buildAreaIndex([CITY, DISTRICT, bareStreet, bareCommunity, G1, G2, G3, G4]);
    expect(index.size).toBe(6);
    // Formerly the street's and the community's own ground: now the district's.
    expect(index.locate(5, 5)).toBe('district');
    expect(index.locate(1, 1)).toBe('g1');
    expect(index.lineage('g1')).toEqual(['city', 'district', 'street', 'community', 'g1']);
    expect(index.lineage('street')).toEqual(['city', 'district', 'street']);
  });
});

/** The rule of the module, area by area with no index: what the packed index must answer. */
function locateByScan(areas: readonly LocatableArea[], x: number, y: number): string | null {
  let best: LocatableArea | null = null;
  let bestInside = false;
  for (const depth of [...new Set(areas.map((a) => levelDepth(a.level)))].sort((a, b) => b - a)) {
    for (const candidate of areas.filter((a) => a.boundary && levelDepth(a.level) === depth)) {
      for (const rings of polygonsOf(candidate.boundary as AreaGeometry)) {
        const hit = pointInPolygon([x, y], rings);
        if (hit === false) continue;
        const inside = hit === true;
        const current: LocatableArea | null = best;
        if (
          current === null ||
          (inside && !bestInside) ||
          (inside === bestInside && candidate.code < current.code)
        ) {
          best = candidate;
          bestInside = inside;
        }
      }
    }
    const chosen = best as LocatableArea | null;
    if (chosen) return chosen.id;
  }
  return null;
}

describe('createAreaIndexBuilder: packed polygons', () => {
  // A 6×6 lattice of cells with jittered shared vertices under one community; every fifth
  // cell has a hole, every seventh is a MultiPolygon with a detached islet.
  const random = rng(11);
  const side = 6;
  const vertex = Array.from({ length: side + 1 }, (_, i) =>
    Array.from({ length: side + 1 }, (_, j): Position => {
      const interior = i > 0 && j > 0 && i < side && j < side;
      return [i + (interior ? random() * 0.6 - 0.3 : 0), j + (interior ? random() * 0.6 - 0.3 : 0)];
    }),
  );
  const at = (i: number, j: number) => (vertex[i] as Position[])[j] as Position;
  const cells: LocatableArea[] = [];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const n = i * side + j;
      const ring = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1), at(i, j)];
      const hole = [...rect(i + 0.4, j + 0.4, i + 0.6, j + 0.6)].reverse();
      const rings = n % 5 === 0 ? [ring, hole] : [ring];
      const code = `990102-001-001-${String(n).padStart(2, '0')}`;
      cells.push(
        area(
          `cell-${n}`,
          code,
          'grid',
          'community',
          n % 7 === 0
            ? { type: 'MultiPolygon', coordinates: [rings, [rect(20 + n, 20, 20.5 + n, 20.5)]] }
            : { type: 'Polygon', coordinates: rings },
        ),
      );
    }
  }
  const community = area(
    'community',
    '990102-001-001',
    'community',
    'district',
    box(0, 0, side, side),
  );
  const district = area('district', '990102', 'district', null, box(-1, -1, 60, 30));
  const areas = shuffled([district, community, ...cells], 3);

  it('answers every point as a scan of all polygons does, fed one area at a time', () => {
    const builder = createAreaIndexBuilder();
    for (const a of areas) builder.add(a);
    const index = builder.finish();
    expect(index.size).toBe(2 + side * side + cells.filter((_, n) => n % 7 === 0).length);
    const points: [number, number][] = [];
    for (let k = 0; k < 400; k++) points.push([random() * 8 - 1, random() * 8 - 1]);
    // Vertices and edge midpoints: the ties between neighbours.
    for (let i = 0; i <= side; i++)
      for (let j = 0; j < side; j++) {
        points.push(at(i, j));
        points.push([(at(i, j)[0] + at(i, j + 1)[0]) / 2, (at(i, j)[1] + at(i, j + 1)[1]) / 2]);
      }
    points.push([20.25, 20.25], [27.25, 20.25], [21.25, 20.25], [0.5, 0.5]);
    for (const [x, y] of points)
      expect([x, y, index.locate(x, y)]).toEqual([x, y, locateByScan(areas, x, y)]);
  });

  it('keeps the lineage of every area through its packed parent links', () => {
    const index = buildAreaIndex(areas);
    expect(index.lineage('cell-7')).toEqual(['district', 'community', 'cell-7']);
    expect(index.lineage('community')).toEqual(['district', 'community']);
    for (const cell of cells) expect(index.lineage(cell.id)).toHaveLength(3);
  });

  it('lets the last of two areas with one id stand for it, as a map of ids would', () => {
    const first = area('twin', '990102-001', 'street', 'district', box(0, 0, 1, 1));
    const second = area('twin', '990102-002', 'street', 'nowhere', box(2, 2, 3, 3));
    const index = buildAreaIndex([district, first, second]);
    expect(index.lineage('twin')).toEqual(['twin']);
    expect(index.locate(0.5, 0.5)).toBe('twin');
  });
});
