/** Small area files for tests: a district with two communities of two square cells each. */
import type { Position } from '../../server/domain/areas/area.ts';

/** A closed counter-clockwise square ring. */
export function square(minLon: number, minLat: number, size: number): Position[][] {
  return [
    [
      [minLon, minLat],
      [minLon + size, minLat],
      [minLon + size, minLat + size],
      [minLon, minLat + size],
      [minLon, minLat],
    ],
  ];
}

function feature(
  code: string,
  level: string,
  parentCode: string | undefined,
  coordinates: Position[][],
) {
  return {
    type: 'Feature' as const,
    properties: {
      code,
      level,
      ...(parentCode ? { parentCode } : {}),
      nameZh: `区域${code}`,
      nameEn: `Area ${code}`,
    },
    geometry: { type: 'Polygon' as const, coordinates },
  };
}

/**
 * District 990102 (or `district`, under `parentCode`) (0..4 × 0..2), street 990102-001 (same), communities -001 (0..2) and
 * -002 (2..4), each split into two 1×… cells: -01 and -02. Points: (0.5, 0.5) is in
 * 990102-001-001-01, (3.5, 1.5) is in 990102-001-002-02.
 */
export function buildAreaFile(district = '990102', parentCode?: string) {
  const rect = (x: number, y: number, w: number, h: number): Position[][] => [
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
      [x, y],
    ],
  ];
  return {
    type: 'FeatureCollection' as const,
    features: [
      feature(district, 'district', parentCode, rect(0, 0, 4, 2)),
      feature(`${district}-001`, 'street', district, rect(0, 0, 4, 2)),
      feature(`${district}-001-001`, 'community', `${district}-001`, rect(0, 0, 2, 2)),
      feature(`${district}-001-002`, 'community', `${district}-001`, rect(2, 0, 2, 2)),
      feature(`${district}-001-001-01`, 'grid', `${district}-001-001`, rect(0, 0, 2, 1)),
      feature(`${district}-001-001-02`, 'grid', `${district}-001-001`, rect(0, 1, 2, 1)),
      feature(`${district}-001-002-01`, 'grid', `${district}-001-002`, rect(2, 0, 2, 1)),
      feature(`${district}-001-002-02`, 'grid', `${district}-001-002`, rect(2, 1, 2, 1)),
    ],
  };
}
