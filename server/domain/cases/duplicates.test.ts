import { describe, expect, it } from 'vitest';
import {
  boxAround,
  distanceMetres,
  DUPLICATE_WINDOW_DAYS,
  nearTile,
  tilesCovering,
} from './duplicates.ts';

const EARTH_RADIUS_M = 6_371_008.8;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The point `d` metres from (lat, lon) on the initial bearing `bearing` (radians). */
function destination(lat: number, lon: number, d: number, bearing: number): [number, number] {
  const rad = Math.PI / 180;
  const p1 = lat * rad;
  const a = d / EARTH_RADIUS_M;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(a) + Math.cos(p1) * Math.sin(a) * Math.cos(bearing));
  const l2 =
    lon * rad +
    Math.atan2(
      Math.sin(bearing) * Math.sin(a) * Math.cos(p1),
      Math.cos(a) - Math.sin(p1) * Math.sin(p2),
    );
  return [p2 / rad, l2 / rad];
}

type Box = ReturnType<typeof boxAround>;
const inBox = (box: Box, lat: number, lon: number) =>
  lat >= box.minLat && lat <= box.maxLat && lon >= box.minLon && lon <= box.maxLon;

describe('distanceMetres', () => {
  it('is zero for the same point and symmetric', () => {
    expect(distanceMetres(39.9, 116.4, 39.9, 116.4)).toBe(0);
    expect(distanceMetres(39.9, 116.4, 31.2, 121.5)).toBeCloseTo(
      distanceMetres(31.2, 121.5, 39.9, 116.4),
      6,
    );
  });

  it('measures one degree of latitude as about 111.2 km anywhere', () => {
    expect(distanceMetres(0, 0, 1, 0)).toBeCloseTo(111_195.08, 1);
    expect(distanceMetres(39.5, 116.4, 40.5, 116.4)).toBeCloseTo(111_195.08, 1);
  });

  it('measures one degree of longitude shrinking with the cosine of the latitude', () => {
    expect(distanceMetres(0, 0, 0, 1)).toBeCloseTo(111_195.08, 1);
    expect(distanceMetres(60, 10, 60, 11) / 111_195.08).toBeCloseTo(0.5, 3);
  });

  it('measures two points 50 m apart', () => {
    const dLat = (50 / EARTH_RADIUS_M) * (180 / Math.PI);
    expect(distanceMetres(39.9087, 116.3975, 39.9087 + dLat, 116.3975)).toBeCloseTo(50, 6);
    const [lat, lon] = destination(39.9087, 116.3975, 50, Math.PI / 3);
    expect(distanceMetres(39.9087, 116.3975, lat, lon)).toBeCloseTo(50, 6);
  });

  it('measures Beijing to Shanghai as about 1068 km', () => {
    // Tiananmen (39.9087, 116.3975) to the Bund (31.2400, 121.4900).
    expect(distanceMetres(39.9087, 116.3975, 31.24, 121.49) / 1000).toBeCloseTo(1067.5, 0);
  });

  it('gives half the circumference for antipodes', () => {
    expect(distanceMetres(0, 0, 0, 180)).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 3);
    expect(distanceMetres(90, 0, -90, 0)).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 3);
  });
});

describe('boxAround', () => {
  it('is centred on the point and as tall as the radius either way', () => {
    const box = boxAround(39.9, 116.4, 1000);
    expect((box.minLat + box.maxLat) / 2).toBeCloseTo(39.9, 12);
    expect((box.minLon + box.maxLon) / 2).toBeCloseTo(116.4, 12);
    expect(distanceMetres(39.9, 116.4, box.maxLat, 116.4)).toBeCloseTo(1000, 6);
  });

  it('holds every point within the radius (duplicate radii, inhabited latitudes)', () => {
    const random = seeded(2026);
    for (let i = 0; i < 5000; i++) {
      const lat = -60 + random() * 120;
      const lon = -179 + random() * 358;
      const radius = 1 + random() * 2000;
      const box = boxAround(lat, lon, radius);
      // Points on the circle itself are the hardest case; the rest fill the disc.
      const d = i % 2 === 0 ? radius : radius * Math.sqrt(random());
      const [pLat, pLon] = destination(lat, lon, d, random() * 2 * Math.PI);
      if (distanceMetres(lat, lon, pLat, pLon) > radius) continue;
      expect(inBox(box, pLat, pLon), `${lat},${lon} r=${radius} → ${pLat},${pLon}`).toBe(true);
    }
  });

  it('holds every point within a large radius at a high latitude', () => {
    // The east–west extent of a circle exceeds radius / cos(latitude) away from the equator.
    for (const [lat, radius] of [
      [60, 100_000],
      [70, 50_000],
      [45, 1_000_000],
    ] as const) {
      const box = boxAround(lat, 20, radius);
      for (let k = 0; k < 720; k++) {
        const [pLat, pLon] = destination(lat, 20, radius * (1 - 1e-9), (k / 720) * 2 * Math.PI);
        expect(inBox(box, pLat, pLon), `${lat}° r=${radius} bearing ${k / 2}°`).toBe(true);
      }
    }
  });
});

describe('DUPLICATE_WINDOW_DAYS', () => {
  it('looks back a month', () => {
    expect(DUPLICATE_WINDOW_DAYS).toBe(30);
  });
});

describe('near tiles', () => {
  const covers = (cover: ReturnType<typeof tilesCovering>, tile: number) =>
    'tiles' in cover
      ? cover.tiles.includes(tile)
      : cover.ranges.some(([first, last]) => tile >= first && tile <= last);

  it('number points by 0.002° tiles, rows by latitude', () => {
    expect(nearTile(39.9, 116.4)).toBe(
      Math.floor(129.9 / 0.002) * 1_000_000 + Math.floor(296.4 / 0.002),
    );
    expect(nearTile(39.9, 116.4)).toBe(nearTile(39.9 + 0.0001, 116.4 + 0.0001));
    expect(nearTile(39.9, 116.4)).not.toBe(nearTile(39.9, 116.4 + 0.002));
    expect(nearTile(-90, -180)).toBe(0);
  });

  it('cover every point of a box, by tile for small boxes and by row for large ones', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      const lat = -60 + random() * 120;
      const lon = -170 + random() * 340;
      const radius = i % 10 === 0 ? 3_000 : 5 + random() * 300;
      const box = boxAround(lat, lon, radius);
      const cover = tilesCovering(box);
      if (radius === 3_000) expect('ranges' in cover).toBe(true);
      for (let k = 0; k < 20; k++) {
        const pLat = box.minLat + random() * (box.maxLat - box.minLat);
        const pLon = box.minLon + random() * (box.maxLon - box.minLon);
        expect(covers(cover, nearTile(pLat, pLon)), `${pLat},${pLon}`).toBe(true);
      }
      for (const [pLat, pLon] of [
        [box.minLat, box.minLon],
        [box.maxLat, box.maxLon],
      ] as const)
        expect(covers(cover, nearTile(pLat, pLon))).toBe(true);
    }
  });

  it('touch at most four tiles for the default 50 m radius', () => {
    const counts = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const cover = tilesCovering(boxAround(39.9 + i * 0.00037, 116.4 + i * 0.00041, 50));
      counts.add('tiles' in cover ? cover.tiles.length : Infinity);
    }
    expect([...counts].sort()).toEqual([1, 2, 4]);
  });
});
