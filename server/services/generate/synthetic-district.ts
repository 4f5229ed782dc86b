/**
 * A synthetic district as an area file `parseAreaFile` accepts: a jittered lattice of
 * grid cells under streets (bands of columns) and communities (blocks of rows inside a
 * street), under an existing city. Every larger area walks the lattice vertices of its
 * outline, so neighbours share identical edges and every point of the district lies in
 * exactly one cell.
 */
import type { AreaGeometry, AreaLevel, Position } from '../../domain/areas/area.ts';
import type { GridNumberWidth } from '../../domain/areas/area-code.ts';
import { seededRandom } from './seeded-random.ts';

/** One feature of the area file. */
export interface SyntheticAreaFeature {
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

/** How the district is laid out. */
export interface DistrictLayout {
  /** The district's 6-digit code and its city's code. */
  code: string;
  cityCode: string;
  /** Lattice size in cells (columns run west to east, rows south to north). */
  cols: number;
  rows: number;
  /** Columns per street and rows per community (a community spans its street's width). */
  streetCols: number;
  communityRows: number;
  /** The south-west corner and the cell size, in degrees. */
  lon0: number;
  lat0: number;
  step: number;
  gridNumberWidth: GridNumberWidth;
  /** Names start with this word (e.g. "Bench", "Synthetic"). */
  label: string;
  seed: number;
}

/** A lattice about `cells` cells in size, near-square (rounded up to whole rows). */
export function latticeFor(cells: number): { cols: number; rows: number } {
  const cols = Math.max(1, Math.ceil(Math.sqrt(cells)));
  return { cols, rows: Math.max(1, Math.ceil(cells / cols)) };
}

/** The district's area file, its bounding box, and how many cells it holds. */
export function buildSyntheticDistrict(layout: DistrictLayout) {
  const { cols, rows, step, lon0, lat0 } = layout;
  if (layout.streetCols * layout.communityRows > 10 ** layout.gridNumberWidth - 1)
    throw new Error('synthetic district: too many cells per community for the grid number');
  const rand = seededRandom(layout.seed);
  const lattice: Position[][] = [];
  for (let i = 0; i <= cols; i++) {
    const column: Position[] = [];
    for (let j = 0; j <= rows; j++) {
      // The outline stays a clean rectangle; interior vertices move up to 20 % of a step.
      const interior = i > 0 && j > 0 && i < cols && j < rows;
      const jitter = () => (interior ? Math.round((rand() - 0.5) * step * 0.4 * 1e7) / 1e7 : 0);
      column.push([
        Math.round((lon0 + i * step) * 1e7) / 1e7 + jitter(),
        Math.round((lat0 + j * step) * 1e7) / 1e7 + jitter(),
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

  const features: SyntheticAreaFeature[] = [];
  const add = (
    code: string,
    parentCode: string,
    level: AreaLevel,
    name: string,
    geometry: AreaGeometry,
  ) =>
    features.push({
      type: 'Feature',
      properties: {
        code,
        parentCode,
        level,
        nameZh: `${layout.label === 'Bench' ? '基准' : '合成'}${name}`,
        nameEn: `${layout.label} ${name}`,
      },
      geometry,
    });
  const pad3 = (n: number) => String(n).padStart(3, '0');
  const padGrid = (n: number) => String(n).padStart(layout.gridNumberWidth, '0');

  add(layout.code, layout.cityCode, 'district', 'District', block(0, 0, cols, rows));
  let cells = 0;
  const streets = Math.ceil(cols / layout.streetCols);
  if (streets > 999) throw new Error('synthetic district: more than 999 streets');
  for (let s = 0; s < streets; s++) {
    const street = `${layout.code}-${pad3(s + 1)}`;
    const i0 = s * layout.streetCols;
    const i1 = Math.min(cols, i0 + layout.streetCols);
    add(street, layout.code, 'street', `Street ${s + 1}`, block(i0, 0, i1, rows));
    const communities = Math.ceil(rows / layout.communityRows);
    if (communities > 999) throw new Error('synthetic district: more than 999 communities');
    for (let c = 0; c < communities; c++) {
      const community = `${street}-${pad3(c + 1)}`;
      const j0 = c * layout.communityRows;
      const j1 = Math.min(rows, j0 + layout.communityRows);
      add(community, street, 'community', `Community ${s + 1}-${c + 1}`, block(i0, j0, i1, j1));
      let k = 0;
      for (let j = j0; j < j1; j++) {
        for (let i = i0; i < i1; i++) {
          k++;
          cells++;
          add(
            `${community}-${padGrid(k)}`,
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
    bbox: { minLon: lon0, minLat: lat0, maxLon: lon0 + cols * step, maxLat: lat0 + rows * step },
  };
}
