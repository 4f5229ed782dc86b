import { describe, it, expect } from 'vitest';
import { areaCodeProblem, exampleCode, type GridNumberWidth } from './area-code.ts';
import { AREA_LEVELS, type AreaLevel } from './area.ts';

describe('exampleCode', () => {
  it('gives an example per level with 2-digit grid numbers', () => {
    expect(AREA_LEVELS.map((level) => exampleCode(level, 2))).toEqual([
      '110100',
      '110105',
      '110105-003',
      '110105-003-012',
      '110105-003-012-04',
      '110105-003-012-04-01',
    ]);
  });

  it('gives an example per level with 3-digit grid numbers', () => {
    expect(AREA_LEVELS.map((level) => exampleCode(level, 3))).toEqual([
      '110100',
      '110105',
      '110105-003',
      '110105-003-012',
      '110105-003-012-004',
      '110105-003-012-004-01',
    ]);
  });

  it.each([2, 3] as const)('gives examples that are themselves valid (width %i)', (width) => {
    AREA_LEVELS.forEach((level, i) => {
      const parentLevel = i >= 2 ? AREA_LEVELS[i - 1] : undefined;
      const parent = parentLevel ? exampleCode(parentLevel, width) : null;
      expect(areaCodeProblem(exampleCode(level, width), level, parent, width)).toBeNull();
    });
  });
});

describe('areaCodeProblem: patterns', () => {
  const valid: [AreaLevel, string, string | null, GridNumberWidth][] = [
    ['city', '990100', null, 2],
    ['district', '990102', null, 2],
    ['district', '990102', '990100', 2],
    ['street', '990102-001', '990102', 2],
    ['community', '990102-001-001', '990102-001', 2],
    ['grid', '990102-001-001-01', '990102-001-001', 2],
    ['grid', '990102-001-001-004', '990102-001-001', 3],
    ['subgrid', '990102-001-001-01-02', '990102-001-001-01', 2],
    ['subgrid', '990102-001-001-004-02', '990102-001-001-004', 3],
    ['city', '990100', null, 3],
    ['street', '990102-001', '990102', 3],
  ];

  it.each(valid)('accepts a %s code %s under %s (width %i)', (level, code, parent, width) => {
    expect(areaCodeProblem(code, level, parent, width)).toBeNull();
  });

  const invalid: [AreaLevel, string, GridNumberWidth][] = [
    ['city', '99010', 2],
    ['city', '9901000', 2],
    ['city', '99010a', 2],
    ['city', '990100-001', 2],
    ['district', ' 990102', 2],
    ['district', '990102 ', 2],
    ['district', '', 2],
    ['street', '990102-01', 2],
    ['street', '990102-0001', 2],
    ['street', '990102001', 2],
    ['street', '990102', 2],
    ['community', '990102-001-01', 2],
    ['community', '990102-001', 2],
    ['grid', '990102-001-001-004', 2],
    ['grid', '990102-001-001-01', 3],
    ['grid', '990102-001-001-1', 2],
    ['grid', '990102-001-001', 2],
    ['subgrid', '990102-001-001-01', 2],
    ['subgrid', '990102-001-001-01-2', 2],
    ['subgrid', '990102-001-001-004-01', 2],
    ['subgrid', '990102-001-001-01-01', 3],
    ['street', '９９０１０２-001', 2],
  ];

  it.each(invalid)('rejects a %s code "%s" (width %i) naming the pattern', (level, code, width) => {
    expect(areaCodeProblem(code, level, null, width)).toBe(
      `code "${code}" does not match the ${level} pattern (e.g. ${exampleCode(level, width)})`,
    );
  });
});

describe('areaCodeProblem: extending the parent code', () => {
  it('requires a street to extend its district code', () => {
    expect(areaCodeProblem('990103-001', 'street', '990102', 2)).toBe(
      'code "990103-001" does not extend its parent\'s code "990102"',
    );
  });

  it('requires a community, grid and subgrid to extend their parent code', () => {
    expect(areaCodeProblem('990102-002-001', 'community', '990102-001', 2)).toContain(
      'does not extend its parent\'s code "990102-001"',
    );
    expect(areaCodeProblem('990102-001-002-01', 'grid', '990102-001-001', 2)).toContain(
      'does not extend its parent\'s code "990102-001-001"',
    );
    expect(areaCodeProblem('990102-001-001-02-01', 'subgrid', '990102-001-001-01', 2)).toContain(
      'does not extend its parent\'s code "990102-001-001-01"',
    );
  });

  it('needs the separator after the parent code, not a mere string prefix', () => {
    // "990102-001-001" starts with "990102-00" but does not extend it segment-wise.
    expect(areaCodeProblem('990102-001-001', 'community', '990102-00', 2)).toContain(
      'does not extend',
    );
  });

  it('does not require a district to extend its city code', () => {
    expect(areaCodeProblem('990102', 'district', '990100', 2)).toBeNull();
    expect(areaCodeProblem('120105', 'district', '990100', 2)).toBeNull();
  });

  it('does not check extension when no parent is given', () => {
    expect(areaCodeProblem('990103-001', 'street', null, 2)).toBeNull();
  });

  it('reports a pattern problem before an extension problem', () => {
    expect(areaCodeProblem('990103-01', 'street', '990102', 2)).toContain(
      'does not match the street pattern',
    );
  });
});
