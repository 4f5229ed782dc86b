/**
 * The intake benchmark's district: `990103` under the demo city `990100`, a jittered
 * 100 × 100 lattice of 10,000 grid cells 0.001° apart, 10 streets, 200 communities of 50
 * cells each (grid-number width 2, so the demo district's codes stay valid beside it).
 * Built by the generator's `buildSyntheticDistrict`.
 */
import { buildSyntheticDistrict } from '../server/services/generate/synthetic-district.ts';

export const SYNTHETIC_DISTRICT_CODE = '990103';

/** The district's area file, its bounding box, and how many cells it holds. */
export function syntheticDistrict() {
  return buildSyntheticDistrict({
    code: SYNTHETIC_DISTRICT_CODE,
    cityCode: '990100',
    cols: 100,
    rows: 100,
    streetCols: 10,
    communityRows: 5,
    lon0: 116.5,
    lat0: 39.9,
    step: 0.001,
    gridNumberWidth: 2,
    label: 'Bench',
    seed: 2026,
  });
}
