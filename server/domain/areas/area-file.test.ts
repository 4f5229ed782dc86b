import { describe, it, expect } from 'vitest';
import { ValidationError } from '../errors.ts';
import type { GridNumberWidth } from './area-code.ts';
import type { Position } from './area.ts';
import { parseAreaFile, signedArea, type KnownArea } from './area-file.ts';

/** A closed counter-clockwise rectangle ring around (lon, lat). */
function square(lon: number, lat: number, half: number): number[][] {
  return [
    [lon - half, lat - half],
    [lon + half, lat - half],
    [lon + half, lat + half],
    [lon - half, lat + half],
    [lon - half, lat - half],
  ];
}

interface FeatureOptions {
  properties?: Record<string, unknown>;
  geometry?: unknown;
}

function feature(
  code: string,
  level: string,
  parentCode: string | null,
  half: number,
  options: FeatureOptions = {},
): Record<string, unknown> {
  return {
    type: 'Feature',
    properties: {
      code,
      level,
      parentCode,
      nameZh: `区域 ${code}`,
      nameEn: `Area ${code}`,
      ...options.properties,
    },
    geometry: options.geometry ?? {
      type: 'Polygon',
      coordinates: [square(116.4, 39.9, half)],
    },
  };
}

function collection(...features: unknown[]): Record<string, unknown> {
  return { type: 'FeatureCollection', features };
}

const CITY = () => feature('990100', 'city', null, 0.5);
const DISTRICT = () => feature('990102', 'district', '990100', 0.25);
/** The district as a root, for files without the city. */
const ROOT_DISTRICT = () => feature('990102', 'district', null, 0.25);
const STREET = () => feature('990102-001', 'street', '990102', 0.1);
const COMMUNITY = () => feature('990102-001-001', 'community', '990102-001', 0.05);
const GRID = () => feature('990102-001-001-01', 'grid', '990102-001-001', 0.01);

/** Runs the parser, expecting it to reject; returns the ValidationError. */
function rejection(
  input: unknown,
  known: readonly KnownArea[] = [],
  width: GridNumberWidth = 2,
): ValidationError {
  let caught: unknown;
  try {
    parseAreaFile(input, known, width);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  return caught as ValidationError;
}

/**
 * Expects exactly one problem, at `/features/<index>`, whose message names the feature
 * (and its code, when given) and contains `reason`; the error message repeats it.
 */
function expectOneProblem(
  error: ValidationError,
  index: number,
  code: string | null,
  reason: string,
): void {
  expect(error.code).toBe('validation-failed');
  expect(error.fields).toHaveLength(1);
  const [problem] = error.fields;
  expect(problem?.field).toBe(`/features/${index}`);
  const prefix = code === null ? `feature ${index}: ` : `feature ${index} (${code}): `;
  expect(problem?.message.startsWith(prefix)).toBe(true);
  expect(problem?.message).toContain(reason);
  expect(error.message).toContain(prefix);
  expect(error.message).toContain(reason);
  expect(error.message).toContain('Nothing was imported');
}

describe('parseAreaFile: valid files', () => {
  it('parses a whole tree city → district → street → community → grid', () => {
    const drafts = parseAreaFile(
      collection(CITY(), DISTRICT(), STREET(), COMMUNITY(), GRID()),
      [],
      2,
    );
    expect(drafts.map((d) => [d.code, d.level, d.parentCode])).toEqual([
      ['990100', 'city', null],
      ['990102', 'district', '990100'],
      ['990102-001', 'street', '990102'],
      ['990102-001-001', 'community', '990102-001'],
      ['990102-001-001-01', 'grid', '990102-001-001'],
    ]);
    expect(drafts[4]).toEqual({
      code: '990102-001-001-01',
      parentCode: '990102-001-001',
      level: 'grid',
      nameZh: '区域 990102-001-001-01',
      nameEn: 'Area 990102-001-001-01',
      boundary: { type: 'Polygon', coordinates: [square(116.4, 39.9, 0.01)] },
    });
  });

  it('returns parents before children when the file lists children first', () => {
    const drafts = parseAreaFile(
      collection(GRID(), COMMUNITY(), STREET(), DISTRICT(), CITY()),
      [],
      2,
    );
    expect(drafts.map((d) => d.code)).toEqual([
      '990100',
      '990102',
      '990102-001',
      '990102-001-001',
      '990102-001-001-01',
    ]);
  });

  it('returns parents first for a shuffled file with several cells per parent', () => {
    const drafts = parseAreaFile(
      collection(
        feature('990102-001-001-02', 'grid', '990102-001-001', 0.01),
        STREET(),
        GRID(),
        ROOT_DISTRICT(),
        COMMUNITY(),
      ),
      [],
      2,
    );
    const depth = ['district', 'street', 'community', 'grid'];
    const levels = drafts.map((d) => depth.indexOf(d.level));
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(drafts).toHaveLength(5);
  });

  it('accepts a district without a parent as a root', () => {
    const drafts = parseAreaFile(collection(feature('990102', 'district', null, 0.2)), [], 2);
    expect(drafts[0]?.parentCode).toBeNull();
  });

  it('treats an empty parentCode as no parent', () => {
    const drafts = parseAreaFile(collection(feature('990100', 'city', '', 0.2)), [], 2);
    expect(drafts[0]?.parentCode).toBeNull();
  });

  it('accepts parents that are already stored', () => {
    const known: KnownArea[] = [
      { code: '990100', level: 'city', parentCode: null },
      { code: '990102', level: 'district', parentCode: '990100' },
    ];
    const drafts = parseAreaFile(collection(COMMUNITY(), STREET()), known, 2);
    expect(drafts.map((d) => d.code)).toEqual(['990102-001', '990102-001-001']);
  });

  it('accepts an area that is already stored at the same place (re-import)', () => {
    const known: KnownArea[] = [
      { code: '990102', level: 'district', parentCode: null },
      { code: '990102-001', level: 'street', parentCode: '990102' },
    ];
    const drafts = parseAreaFile(collection(STREET()), known, 2);
    expect(drafts).toHaveLength(1);
  });

  it('trims names and codes', () => {
    const drafts = parseAreaFile(
      collection(
        feature(' 990102 ', 'district', null, 0.2, {
          properties: { nameZh: '  朝阳区 ', nameEn: ' Chaoyang  ' },
        }),
      ),
      [],
      2,
    );
    expect(drafts[0]).toMatchObject({ code: '990102', nameZh: '朝阳区', nameEn: 'Chaoyang' });
  });

  it('accepts a MultiPolygon and a Polygon with a hole', () => {
    const hole = square(116.4, 39.9, 0.01).reverse();
    const drafts = parseAreaFile(
      collection(
        feature('990102', 'district', null, 0, {
          geometry: {
            type: 'MultiPolygon',
            coordinates: [[square(116.4, 39.9, 0.1), hole], [square(117, 40, 0.1)]],
          },
        }),
      ),
      [],
      2,
    );
    const boundary = drafts[0]?.boundary;
    expect(boundary?.type).toBe('MultiPolygon');
    expect(boundary?.coordinates).toHaveLength(2);
    expect((boundary?.coordinates as Position[][][])[0]).toHaveLength(2);
  });

  it('drops the altitude (third coordinate) without touching the input', () => {
    const ring3d = square(116.4, 39.9, 0.1).map(([lon, lat]) => [lon, lat, 42]);
    const input = collection(
      feature('990102', 'district', null, 0, {
        geometry: { type: 'Polygon', coordinates: [ring3d] },
      }),
    );
    const drafts = parseAreaFile(input, [], 2);
    const boundary = drafts[0]?.boundary;
    expect(boundary?.type).toBe('Polygon');
    const ring = (boundary?.coordinates as Position[][])[0] as Position[];
    expect(ring).toEqual(square(116.4, 39.9, 0.1));
    for (const position of ring) expect(position).toHaveLength(2);
    expect(ring3d[0]).toHaveLength(3);
  });

  it('drops the altitude in MultiPolygons too', () => {
    const ring3d = square(116.4, 39.9, 0.1).map(([lon, lat]) => [lon, lat, 7.5]);
    const drafts = parseAreaFile(
      collection(
        feature('990102', 'district', null, 0, {
          geometry: { type: 'MultiPolygon', coordinates: [[ring3d]] },
        }),
      ),
      [],
      2,
    );
    const polygons = drafts[0]?.boundary.coordinates as Position[][][];
    for (const position of polygons[0]?.[0] ?? []) expect(position).toHaveLength(2);
  });

  it('accepts 3-digit grid numbers only with grid width 3', () => {
    const grid = feature('990102-001-001-004', 'grid', '990102-001-001', 0.01);
    const known: KnownArea[] = [
      { code: '990102-001-001', level: 'community', parentCode: '990102-001' },
    ];
    expect(parseAreaFile(collection(grid), known, 3).map((d) => d.code)).toEqual([
      '990102-001-001-004',
    ]);
    const error = rejection(collection(grid), known, 2);
    expectOneProblem(error, 0, '990102-001-001-004', 'does not match the grid pattern');
  });

  it('rejects 2-digit grid numbers with grid width 3', () => {
    const known: KnownArea[] = [
      { code: '990102-001-001', level: 'community', parentCode: '990102-001' },
    ];
    const error = rejection(collection(GRID()), known, 3);
    expectOneProblem(error, 0, '990102-001-001-01', 'does not match the grid pattern');
  });

  it('accepts a subgrid under a grid', () => {
    const drafts = parseAreaFile(
      collection(feature('990102-001-001-01-02', 'subgrid', '990102-001-001-01', 0.001), GRID()),
      [{ code: '990102-001-001', level: 'community', parentCode: '990102-001' }],
      2,
    );
    expect(drafts.map((d) => d.level)).toEqual(['grid', 'subgrid']);
  });
});

describe('parseAreaFile: file-level problems', () => {
  it.each([
    ['null', null],
    ['a string', 'FeatureCollection'],
    ['an array', []],
    ['a Feature', CITY()],
    ['a FeatureCollection without features', { type: 'FeatureCollection' }],
    ['features that are not an array', { type: 'FeatureCollection', features: {} }],
  ])('rejects %s as not a FeatureCollection', (_label, input) => {
    const error = rejection(input);
    expect(error.message).toContain('FeatureCollection');
    expect(error.fields).toEqual([
      { field: '/type', message: expect.stringContaining('features') },
    ]);
  });

  it('rejects an empty feature list', () => {
    const error = rejection(collection());
    expect(error.message).toContain('no features');
    expect(error.fields).toEqual([
      { field: '/features', message: 'at least one feature is needed' },
    ]);
  });
});

describe('parseAreaFile: feature problems', () => {
  it('rejects an entry that is not a Feature', () => {
    const error = rejection(collection(CITY(), { ...DISTRICT(), type: 'Polygon' }));
    expectOneProblem(error, 1, '990102', 'is not a GeoJSON Feature');
  });

  it('rejects a Point geometry', () => {
    const error = rejection(
      collection(
        CITY(),
        feature('990102', 'district', '990100', 0, {
          geometry: { type: 'Point', coordinates: [116.4, 39.9] },
        }),
      ),
    );
    expectOneProblem(error, 1, '990102', 'geometry type "Point" is not Polygon or MultiPolygon');
  });

  it('rejects a missing geometry', () => {
    const bad = { ...DISTRICT(), geometry: null };
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'geometry is missing');
  });

  it('rejects a geometry without coordinates', () => {
    const bad = feature('990102', 'district', null, 0, {
      geometry: { type: 'Polygon', coordinates: [] },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'geometry has no coordinates');
  });

  it('rejects an unclosed ring', () => {
    const ring = square(116.4, 39.9, 0.1);
    ring[4] = [116.0, 39.0];
    const bad = feature('990102', 'district', null, 0, {
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'a ring is not closed');
  });

  it('rejects an unclosed hole', () => {
    const hole = square(116.4, 39.9, 0.01).slice(0, 4).reverse();
    hole.push([116.35, 39.85]);
    const bad = feature('990102', 'district', null, 0, {
      geometry: { type: 'Polygon', coordinates: [square(116.4, 39.9, 0.1), hole] },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'a ring is not closed');
  });

  it('rejects a ring with fewer than 4 positions', () => {
    const bad = feature('990102', 'district', null, 0, {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [116.4, 39.9],
            [116.5, 39.9],
            [116.4, 39.9],
          ],
        ],
      },
    });
    expectOneProblem(
      rejection(collection(bad)),
      0,
      '990102',
      'a ring has 3 positions; at least 4 are needed',
    );
  });

  it('rejects a ring without area', () => {
    const bad = feature('990102', 'district', null, 0, {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [116.4, 39.9],
            [116.5, 39.9],
            [116.6, 39.9],
            [116.4, 39.9],
          ],
        ],
      },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'a ring has no area');
  });

  it('rejects longitude 181', () => {
    const ring = square(180.5, 39.9, 0.5);
    const bad = feature('990102', 'district', null, 0, {
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'longitude 181 is outside -180..180');
  });

  it('rejects latitude 91', () => {
    const bad = feature('990102', 'district', null, 0, {
      geometry: { type: 'Polygon', coordinates: [square(116.4, 90.5, 0.5)] },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'latitude 91 is outside -90..90');
  });

  it('rejects latitude NaN', () => {
    const ring = square(116.4, 39.9, 0.1);
    ring[2] = [116.5, NaN];
    const bad = feature('990102', 'district', null, 0, {
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'latitude NaN is outside -90..90');
  });

  it('rejects a latitude that is not a number', () => {
    const ring: unknown[] = square(116.4, 39.9, 0.1);
    ring[2] = [116.5, '40.0'];
    const bad = feature('990102', 'district', null, 0, {
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'a coordinate is not a number');
  });

  it('rejects a position with one or four numbers', () => {
    for (const position of [[116.5], [116.5, 39.9, 0, 0]]) {
      const ring: unknown[] = square(116.4, 39.9, 0.1);
      ring[2] = position;
      const bad = feature('990102', 'district', null, 0, {
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
      expectOneProblem(
        rejection(collection(bad)),
        0,
        '990102',
        'a position is not [longitude, latitude]',
      );
    }
  });

  it('rejects a MultiPolygon whose second part is broken', () => {
    const bad = feature('990102', 'district', null, 0, {
      geometry: {
        type: 'MultiPolygon',
        coordinates: [[square(116.4, 39.9, 0.1)], [square(116.4, 39.9, 0.1).slice(0, 3)]],
      },
    });
    expectOneProblem(rejection(collection(bad)), 0, '990102', 'a ring has 3 positions');
  });

  it('rejects a missing code, naming the feature index', () => {
    const bad = feature('', 'district', null, 0.1);
    delete (bad.properties as Record<string, unknown>).code;
    const error = rejection(collection(CITY(), bad));
    expectOneProblem(error, 1, null, 'property "code" is missing');
  });

  it('rejects a blank code', () => {
    const error = rejection(collection(feature('   ', 'district', null, 0.1)));
    expectOneProblem(error, 0, '   ', 'property "code" is missing');
  });

  it('rejects a feature without properties', () => {
    const error = rejection(collection({ type: 'Feature', geometry: CITY().geometry }));
    expectOneProblem(error, 0, null, 'property "code" is missing');
  });

  it('rejects a bad level', () => {
    const error = rejection(collection(feature('990102', 'county', null, 0.1)));
    expectOneProblem(
      error,
      0,
      '990102',
      'property "level" must be one of city, district, street, community, grid, subgrid',
    );
  });

  it.each([
    ['nameZh missing', { nameZh: undefined }],
    ['nameEn missing', { nameEn: undefined }],
    ['nameEn blank', { nameEn: '  ' }],
    ['nameZh not a string', { nameZh: 42 }],
    ['nameEn too long', { nameEn: 'x'.repeat(201) }],
  ])('rejects names: %s', (_label, properties) => {
    const error = rejection(collection(feature('990102', 'district', null, 0.1, { properties })));
    expectOneProblem(error, 0, '990102', 'properties "nameZh" and "nameEn" must be non-empty');
  });

  it('rejects a parentCode that is not a code', () => {
    const error = rejection(
      collection(feature('990102', 'district', null, 0.1, { properties: { parentCode: 990100 } })),
    );
    expectOneProblem(error, 0, '990102', 'property "parentCode" must be a code');
  });

  it('rejects a code that appears twice in the file', () => {
    const error = rejection(collection(CITY(), DISTRICT(), DISTRICT()));
    expectOneProblem(error, 2, '990102', 'code "990102" also appears in feature 1');
  });

  it('rejects an unknown parent', () => {
    const error = rejection(collection(CITY(), STREET()));
    expectOneProblem(error, 1, '990102-001', 'parent "990102" is neither in this file nor stored');
  });

  it('rejects a street, community or grid without parent', () => {
    for (const level of ['street', 'community', 'grid']) {
      const code = { street: '990102-001', community: '990102-001-001', grid: '990102-001-001-01' }[
        level
      ] as string;
      const error = rejection(collection(feature(code, level, null, 0.1)));
      expectOneProblem(error, 0, code, `a ${level} needs a "parentCode"`);
    }
  });

  it('rejects wrong nesting: a grid directly under a street', () => {
    const grid = feature('990102-001-001-01', 'grid', '990102-001', 0.01);
    const error = rejection(collection(ROOT_DISTRICT(), STREET(), grid));
    expectOneProblem(
      error,
      2,
      '990102-001-001-01',
      'a grid cannot sit under a street ("990102-001")',
    );
  });

  it('rejects wrong nesting against a stored parent', () => {
    const known: KnownArea[] = [{ code: '990102', level: 'district', parentCode: null }];
    const error = rejection(
      collection(feature('990102-001-001', 'community', '990102', 0.1)),
      known,
    );
    expectOneProblem(error, 0, '990102-001-001', 'a community cannot sit under a district');
  });

  it('rejects a code that does not match the level pattern', () => {
    const error = rejection(
      collection(ROOT_DISTRICT(), feature('990102-01', 'street', '990102', 0.1)),
    );
    expectOneProblem(
      error,
      1,
      '990102-01',
      'code "990102-01" does not match the street pattern (e.g. 110105-003)',
    );
  });

  it('rejects a code that does not extend its parent code', () => {
    const error = rejection(
      collection(
        ROOT_DISTRICT(),
        STREET(),
        feature('990103-001-001', 'community', '990102-001', 0.1),
      ),
    );
    expectOneProblem(error, 2, '990103-001-001', 'does not extend its parent\'s code "990102-001"');
  });

  it('rejects a code that exists at another place in the tree', () => {
    const known: KnownArea[] = [
      { code: '990101', level: 'district', parentCode: null },
      { code: '990102-001', level: 'street', parentCode: '990101' },
    ];
    const error = rejection(collection(ROOT_DISTRICT(), STREET()), known);
    expectOneProblem(
      error,
      1,
      '990102-001',
      'an area with this code already exists at another place in the tree',
    );
  });

  it('rejects a code stored at another level', () => {
    const known: KnownArea[] = [{ code: '990102', level: 'city', parentCode: null }];
    const error = rejection(collection(feature('990102', 'district', null, 0.1)), known);
    expectOneProblem(error, 0, '990102', 'already exists at another place in the tree');
  });

  it('reports several problems together', () => {
    const error = rejection(
      collection(
        CITY(),
        feature('990102', 'county', '990100', 0.1),
        feature('990102-001', 'street', '990109', 0.1),
        feature('990102-001-001', 'community', '990102-001', 0.1, {
          geometry: { type: 'Point', coordinates: [116.4, 39.9] },
        }),
      ),
    );
    expect(error.fields.length).toBeGreaterThan(1);
    expect(error.fields.map((f) => f.field)).toEqual(['/features/1', '/features/3', '/features/2']);
    expect(error.fields[0]?.message).toContain('feature 1 (990102): property "level"');
    expect(error.fields[1]?.message).toContain('feature 3 (990102-001-001): geometry type "Point"');
    expect(error.fields[2]?.message).toContain(
      'feature 2 (990102-001): parent "990109" is neither in this file nor stored',
    );
    expect(error.message).toContain('rejected with 3 problems');
    expect(error.message).toContain('feature 1 (990102)');
  });

  it('caps the number of reported problems at 20', () => {
    const features = Array.from({ length: 30 }, (_, i) =>
      feature(`99010${i % 10}`, 'county', null, 0.1),
    );
    const error = rejection(collection(...features));
    expect(error.fields).toHaveLength(20);
    expect(error.fields[19]?.field).toBe('/features/19');
  });
});

describe('signedArea', () => {
  const ccw: Position[] = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ];

  it('is positive (twice the area) for a counter-clockwise ring', () => {
    expect(signedArea(ccw)).toBe(2);
  });

  it('is negative for a clockwise ring', () => {
    expect(signedArea([...ccw].reverse())).toBe(-2);
  });

  it('scales with the area', () => {
    const big: Position[] = [
      [0, 0],
      [4, 0],
      [4, 3],
      [0, 3],
      [0, 0],
    ];
    expect(signedArea(big)).toBe(24);
    expect(signedArea([...big].reverse())).toBe(-24);
  });

  it('is zero for a degenerate ring and for an empty one', () => {
    expect(
      signedArea([
        [0, 0],
        [1, 1],
        [2, 2],
        [0, 0],
      ]),
    ).toBe(0);
    expect(signedArea([])).toBe(0);
  });
});
