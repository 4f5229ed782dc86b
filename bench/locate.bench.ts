/**
 * Locate throughput over 100,000 synthetic grid cells (a jittered lattice under a tree of
 * communities, streets and a district), beside a ceiling measured in the same run: a bare
 * Flatbush search plus the same exact point-in-polygon test, in a tight loop.
 */
import Flatbush from 'flatbush';
import pointInPolygon from 'point-in-polygon-hao';
import type { Position } from '../server/domain/areas/area.ts';
import { buildAreaIndex, type LocatableArea } from '../server/domain/areas/locate.ts';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 100,000 cells (side × side) tiling 1°×1°, grouped 10×10 into communities, 100×100 into streets. */
export function syntheticCity(side = 317) {
  const rand = random(42);
  const step = 1 / side;
  const vertex: Position[][] = [];
  for (let i = 0; i <= side; i++) {
    vertex.push([]);
    for (let j = 0; j <= side; j++) {
      const interior = i > 0 && j > 0 && i < side && j < side;
      const jitter = () => (interior ? (rand() - 0.5) * step * 0.4 : 0);
      (vertex[i] as Position[]).push([116 + i * step + jitter(), 39 + j * step + jitter()]);
    }
  }
  const at = (i: number, j: number) => (vertex[i] as Position[])[j] as Position;
  const rect = (i0: number, j0: number, i1: number, j1: number): Position[][] => {
    const ring: Position[] = [];
    for (let i = i0; i < i1; i++) ring.push(at(i, j0));
    for (let j = j0; j < j1; j++) ring.push(at(i1, j));
    for (let i = i1; i > i0; i--) ring.push(at(i, j1));
    for (let j = j1; j > j0; j--) ring.push(at(i0, j));
    ring.push(at(i0, j0));
    return [ring];
  };
  const areas: LocatableArea[] = [
    {
      id: 'd',
      code: '990102',
      parentId: null,
      level: 'district',
      boundary: { type: 'Polygon', coordinates: rect(0, 0, side, side) },
    },
  ];
  const cells: { rings: Position[][]; bbox: [number, number, number, number] }[] = [];
  for (let si = 0; si < side; si += 100) {
    for (let sj = 0; sj < side; sj += 100) {
      const street = `s${si}-${sj}`;
      areas.push({
        id: street,
        code: `990102-${String(areas.length).padStart(3, '0')}`,
        parentId: 'd',
        level: 'street',
        boundary: {
          type: 'Polygon',
          coordinates: rect(si, sj, Math.min(si + 100, side), Math.min(sj + 100, side)),
        },
      });
      for (let ci = si; ci < Math.min(si + 100, side); ci += 10) {
        for (let cj = sj; cj < Math.min(sj + 100, side); cj += 10) {
          const community = `c${ci}-${cj}`;
          areas.push({
            id: community,
            code: `c${ci}-${cj}`,
            parentId: street,
            level: 'community',
            boundary: {
              type: 'Polygon',
              coordinates: rect(ci, cj, Math.min(ci + 10, side), Math.min(cj + 10, side)),
            },
          });
          for (let i = ci; i < Math.min(ci + 10, side); i++) {
            for (let j = cj; j < Math.min(cj + 10, side); j++) {
              const rings = rect(i, j, i + 1, j + 1);
              areas.push({
                id: `g${i}-${j}`,
                code: `g${i}-${j}`,
                parentId: community,
                level: 'grid',
                boundary: { type: 'Polygon', coordinates: rings },
              });
              const xs = (rings[0] as Position[]).map((p) => p[0]);
              const ys = (rings[0] as Position[]).map((p) => p[1]);
              cells.push({
                rings,
                bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
              });
            }
          }
        }
      }
    }
  }
  return { areas, cells };
}

function timeLoop(
  points: Float64Array,
  run: (lon: number, lat: number) => unknown,
  minMs: number,
): number {
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let k = 0; k < points.length; k += 2) run(points[k] as number, points[k + 1] as number);
    done += points.length / 2;
    elapsed = performance.now() - start;
  }
  return (done / elapsed) * 1000;
}

/** Runs the benchmark; returns lookups/s of locate and of the ceiling. */
export function benchLocate(options: { quick?: boolean } = {}) {
  const { areas, cells } = syntheticCity();
  const built = performance.now();
  const index = buildAreaIndex(areas);
  const buildMs = performance.now() - built;

  // The ceiling: cells only, one Flatbush search and exact tests, nothing else.
  const tree = new Flatbush(cells.length);
  for (const cell of cells) tree.add(...cell.bbox);
  tree.finish();
  const point = [0, 0];
  const ceiling = (lon: number, lat: number) => {
    point[0] = lon;
    point[1] = lat;
    let found = -1;
    tree.search(lon, lat, lon, lat, (i) => {
      if (
        found === -1 &&
        pointInPolygon(point, (cells[i] as (typeof cells)[number]).rings) !== false
      )
        found = i;
      return false;
    });
    return found;
  };

  const rand = random(7);
  const points = new Float64Array(200_000);
  for (let k = 0; k < points.length; k += 2) {
    points[k] = 116 + rand();
    points[k + 1] = 39 + rand();
  }
  // Same answers from both before timing either.
  let agree = 0;
  for (let k = 0; k < 2000; k += 2) {
    const a = index.locate(points[k] as number, points[k + 1] as number);
    const c = ceiling(points[k] as number, points[k + 1] as number);
    if (a !== null && c !== -1) agree++;
  }
  const ms = options.quick ? 1000 : 3000;
  timeLoop(points.subarray(0, 20_000), (x, y) => index.locate(x, y), 200);
  timeLoop(points.subarray(0, 20_000), ceiling, 200);
  const locatePerS = timeLoop(points, (x, y) => index.locate(x, y), ms);
  const ceilingPerS = timeLoop(points, ceiling, ms);
  return {
    cells: cells.length,
    polygons: index.size,
    buildMs: Math.round(buildMs),
    agreement: agree / 1000,
    locate_per_s: Math.round(locatePerS),
    locate_ceiling_per_s: Math.round(ceilingPerS),
    locate_ratio: Number((locatePerS / ceilingPerS).toFixed(3)),
  };
}
