/**
 * A synthetic district with 10,000 grid cells as an area file `parseAreaFile` accepts:
 * district `990103` under the demo city `990100`, 10 streets, 200 communities of 50 cells
 * each (grid-number width 2, so the demo district's codes stay valid beside it). The cells
 * are the quads of a jittered 101 × 101 vertex lattice, 0.001° apart; every larger area
 * walks the lattice vertices of its outline, so neighbours share identical edges.
 */
import type { AreaGeometry, AreaLevel, Position } from '../server/domain/areas/area.ts';
import { seededRandom } from './support.ts';

export const SYNTHETIC_DISTRICT_CODE = '990103';
const CITY_CODE = '990100';
const SIDE = 100;
const STEP = 0.001;
const LON0 = 116.5;
const LAT0 = 39.9;
/** Streets are 10-column bands; communities are 10 × 5 blocks of cells inside them. */
const STREET_COLS = 10;
const COMMUNITY_ROWS = 5;

interface AreaFeature {
  type: 'Feature';
  properties: {
    code: string;
    parentCode: string;
    level: AreaLevel;
    nameZh: string;
    nameEn: string;
  };
  geometry: AreaGeometry;
}

const pad3 = (n: number) => String(n).padStart(3, '0');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The district's area file, its bounding box, and how many cells it holds. */
export function syntheticDistrict() {
  const rand = seededRandom(2026);
  const lattice: Position[][] = [];
  for (let i = 0; i <= SIDE; i++) {
    const column: Position[] = [];
    for (let j = 0; j <= SIDE; j++) {
      // The outline stays a clean rectangle; interior vertices move up to 20 % of a step.
      const interior = i > 0 && j > 0 && i < SIDE && j < SIDE;
      const jitter = () => (interior ? Math.round((rand() - 0.5) * STEP * 0.4 * 1e7) / 1e7 : 0);
      column.push([
        Math.round((LON0 + i * STEP) * 1e7) / 1e7 + jitter(),
        Math.round((LAT0 + j * STEP) * 1e7) / 1e7 + jitter(),
      ]);
    }
    lattice.push(column);
  }
  const at = (i: number, j: number) => (lattice[i] as Position[])[j] as Position;
  /** Counter-clockwise ring around the cells i0..i1-1 × j0..j1-1. */
  const block = (i0: number, j0: number, i1: number, j1: number): AreaGeometry => {
    const ring: Position[] = [];
    for (let i = i0; i < i1; i++) ring.push(at(i, j0));
    for (let j = j0; j < j1; j++) ring.push(at(i1, j));
    for (let i = i1; i > i0; i--) ring.push(at(i, j1));
    for (let j = j1; j > j0; j--) ring.push(at(i0, j));
    ring.push(at(i0, j0));
    return { type: 'Polygon', coordinates: [ring] };
  };

  const features: AreaFeature[] = [];
  const add = (
    code: string,
    parentCode: string,
    level: AreaLevel,
    name: string,
    geometry: AreaGeometry,
  ) =>
    features.push({
      type: 'Feature',
      properties: { code, parentCode, level, nameZh: `基准${name}`, nameEn: `Bench ${name}` },
      geometry,
    });

  add(SYNTHETIC_DISTRICT_CODE, CITY_CODE, 'district', 'District', block(0, 0, SIDE, SIDE));
  let cells = 0;
  for (let s = 0; s < SIDE / STREET_COLS; s++) {
    const street = `${SYNTHETIC_DISTRICT_CODE}-${pad3(s + 1)}`;
    const i0 = s * STREET_COLS;
    add(
      street,
      SYNTHETIC_DISTRICT_CODE,
      'street',
      `Street ${s + 1}`,
      block(i0, 0, i0 + STREET_COLS, SIDE),
    );
    for (let c = 0; c < SIDE / COMMUNITY_ROWS; c++) {
      const community = `${street}-${pad3(c + 1)}`;
      const j0 = c * COMMUNITY_ROWS;
      add(
        community,
        street,
        'community',
        `Community ${s + 1}-${c + 1}`,
        block(i0, j0, i0 + STREET_COLS, j0 + COMMUNITY_ROWS),
      );
      let k = 0;
      for (let j = j0; j < j0 + COMMUNITY_ROWS; j++) {
        for (let i = i0; i < i0 + STREET_COLS; i++) {
          k++;
          cells++;
          add(
            `${community}-${pad2(k)}`,
            community,
            'grid',
            `Grid ${s + 1}-${c + 1}-${k}`,
            block(i, j, i + 1, j + 1),
          );
        }
      }
    }
  }
  return {
    file: { type: 'FeatureCollection' as const, features },
    cells,
    bbox: { minLon: LON0, minLat: LAT0, maxLon: LON0 + SIDE * STEP, maxLat: LAT0 + SIDE * STEP },
  };
}
