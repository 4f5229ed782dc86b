/**
 * Area codes after the national unit-grid pattern: a 6-digit county code, then a 3-digit
 * street, a 3-digit community and a grid number of configurable width (2 or 3), e.g.
 * `110105-003-012-04`. Cities and districts carry a bare 6-digit code; a sub-grid adds a
 * 2-digit suffix to its grid's code.
 */
import type { AreaLevel } from './area.ts';

/** Width of the grid-number segment: 2 (`-04`) or 3 (`-004`). */
export type GridNumberWidth = 2 | 3;

function patternFor(level: AreaLevel, gridWidth: GridNumberWidth): RegExp {
  const g = `\\d{${gridWidth}}`;
  switch (level) {
    case 'city':
    case 'district':
      return /^\d{6}$/;
    case 'street':
      return /^\d{6}-\d{3}$/;
    case 'community':
      return /^\d{6}-\d{3}-\d{3}$/;
    case 'grid':
      return new RegExp(`^\\d{6}-\\d{3}-\\d{3}-${g}$`);
    case 'subgrid':
      return new RegExp(`^\\d{6}-\\d{3}-\\d{3}-${g}-\\d{2}$`);
  }
}

/** An example code for a level, used in error messages. */
export function exampleCode(level: AreaLevel, gridWidth: GridNumberWidth): string {
  const grid = gridWidth === 2 ? '04' : '004';
  return {
    city: '110100',
    district: '110105',
    street: '110105-003',
    community: '110105-003-012',
    grid: `110105-003-012-${grid}`,
    subgrid: `110105-003-012-${grid}-01`,
  }[level];
}

/**
 * Why `code` is not a valid code for an area of `level` under a parent with `parentCode`,
 * or null when it is valid. Below the district, a code must extend its parent's code.
 */
export function areaCodeProblem(
  code: string,
  level: AreaLevel,
  parentCode: string | null,
  gridWidth: GridNumberWidth,
): string | null {
  if (!patternFor(level, gridWidth).test(code)) {
    return `code "${code}" does not match the ${level} pattern (e.g. ${exampleCode(level, gridWidth)})`;
  }
  const nested = level !== 'city' && level !== 'district';
  if (nested && parentCode !== null && !code.startsWith(`${parentCode}-`)) {
    return `code "${code}" does not extend its parent's code "${parentCode}"`;
  }
  return null;
}
