import { describe, it, expect } from 'vitest';
import pointInPolygon from 'point-in-polygon-hao';
import { polygonsOf, type AreaGeometry, type Position } from '../../domain/areas/area.ts';
import { parseAreaFile, signedArea } from '../../domain/areas/area-file.ts';
import { areaCodeProblem } from '../../domain/areas/area-code.ts';
import { buildAreaIndex } from '../../domain/areas/locate.ts';
import { ATTRIBUTE_DATATYPES, CATEGORY_KINDS } from '../../domain/org/category.ts';
import {
  buildDemoAreaFile,
  DEMO_CATEGORIES,
  DEMO_DEPARTMENTS,
  DEMO_GRID_CODES,
  DEMO_POINTS,
} from './demo-city.ts';

const file = buildDemoAreaFile();
const drafts = parseAreaFile(file, [], 2);
const byCode = new Map(drafts.map((d) => [d.code, d]));
const cells = drafts.filter((d) => d.level === 'grid');
const communities = drafts.filter((d) => d.level === 'community');
const streets = drafts.filter((d) => d.level === 'street');
const district = drafts.find((d) => d.level === 'district');

function ringOf(geometry: AreaGeometry): Position[] {
  expect(geometry.type).toBe('Polygon');
  const polygons = polygonsOf(geometry);
  expect(polygons).toHaveLength(1);
  const rings = polygons[0] as Position[][];
  expect(rings).toHaveLength(1);
  return rings[0] as Position[];
}

/**
 * Twice the area of a ring, computed by `signedArea` after moving the origin to the
 * district's south-west corner: the shift is exact for these coordinates (Sterbenz), and
 * it keeps the shoelace products small so sums of shared edges cancel to ~1e-18.
 */
function area(geometry: AreaGeometry): number {
  return signedArea(ringOf(geometry).map(([x, y]) => [x - 116.3, y - 39.9] as Position));
}

function childrenOf(code: string) {
  return drafts.filter((d) => d.parentCode === code);
}

describe('demo area file', () => {
  it('is a valid area file with a city, a district, 3 streets, 6 communities and 24 cells', () => {
    expect(drafts).toHaveLength(35);
    expect(drafts.filter((d) => d.level === 'city').map((d) => d.code)).toEqual(['990100']);
    expect(district?.code).toBe('990102');
    expect(district?.parentCode).toBe('990100');
    expect(streets).toHaveLength(3);
    expect(communities).toHaveLength(6);
    expect(cells.length).toBeGreaterThanOrEqual(12);
    expect(cells).toHaveLength(24);
    for (const c of communities) expect(childrenOf(c.code)).toHaveLength(4);
    for (const s of streets) expect(childrenOf(s.code)).toHaveLength(2);
    for (const d of drafts) {
      expect(areaCodeProblem(d.code, d.level, d.parentCode, 2)).toBeNull();
      expect(d.nameZh).not.toBe('');
      expect(d.nameEn).not.toBe('');
    }
    expect(new Set(drafts.map((d) => d.nameEn)).size).toBe(drafts.length);
    expect(new Set(drafts.map((d) => d.nameZh)).size).toBe(drafts.length);
  });

  it('lists parents before children', () => {
    const seen = new Set<string>();
    for (const f of file.features) {
      if (f.properties.parentCode) expect(seen.has(f.properties.parentCode)).toBe(true);
      seen.add(f.properties.code);
    }
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildDemoAreaFile())).toBe(JSON.stringify(file));
  });

  it('has closed, counter-clockwise rings with 6-decimal coordinates around 116.3–116.42, 39.9–39.98', () => {
    for (const d of drafts) {
      const ring = ringOf(d.boundary);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(signedArea(ring)).toBeGreaterThan(0);
      for (const [lon, lat] of ring) {
        expect(Math.round(lon * 1e6) / 1e6).toBe(lon);
        expect(Math.round(lat * 1e6) / 1e6).toBe(lat);
        expect(lon).toBeGreaterThan(116.28);
        expect(lon).toBeLessThan(116.44);
        expect(lat).toBeGreaterThan(39.88);
        expect(lat).toBeLessThan(40);
      }
      // No repeated vertex other than the closing one: rings are simple walks.
      const keys = ring.slice(0, -1).map(([x, y]) => `${x},${y}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('gives every parent exactly the area of its children (district, streets, communities)', () => {
    for (const parent of [...communities, ...streets, district!]) {
      const kids = childrenOf(parent.code);
      const sum = kids.reduce((total, kid) => total + area(kid.boundary), 0);
      expect(Math.abs(area(parent.boundary) - sum)).toBeLessThan(1e-12);
    }
  });

  it('builds parents from the very vertices of their cells', () => {
    const cellVertices = new Set(
      cells.flatMap((c) => ringOf(c.boundary).map(([x, y]) => `${x},${y}`)),
    );
    for (const parent of [...communities, ...streets, district!]) {
      for (const [x, y] of ringOf(parent.boundary)) {
        expect(cellVertices.has(`${x},${y}`)).toBe(true);
      }
    }
  });

  it('tiles the district with cells that do not overlap and leave no gap', () => {
    const districtRings = polygonsOf(district!.boundary)[0] as Position[][];
    const cellRings = cells.map((c) => polygonsOf(c.boundary)[0] as Position[][]);
    const index = buildAreaIndex(
      cells.map((c) => ({
        id: c.code,
        code: c.code,
        parentId: null,
        level: c.level,
        boundary: c.boundary,
      })),
    );
    let inside = 0;
    // An irrational-ish step so samples fall on edges only by accident, plus exact
    // lattice-aligned samples (0.01° steps) that hit shared edges and vertices.
    const samples: [number, number][] = [];
    for (let x = 116.285; x <= 116.435; x += 0.000731) {
      for (let y = 39.885; y <= 39.995; y += 0.000617) samples.push([x, y]);
    }
    for (let i = 0; i <= 12; i++) {
      for (let j = 0; j <= 8; j++) samples.push([116.3 + i * 0.01, 39.9 + j * 0.01]);
    }
    for (const p of samples) {
      const inDistrict = pointInPolygon(p, districtRings);
      let strictly = 0;
      let touching = 0;
      for (const rings of cellRings) {
        const hit = pointInPolygon(p, rings);
        if (hit === true) strictly++;
        else if (hit === 0) touching++;
      }
      expect(strictly).toBeLessThanOrEqual(1);
      if (strictly === 1) expect(touching).toBe(0);
      if (inDistrict === true) {
        inside++;
        expect(strictly + touching).toBeGreaterThan(0);
        expect(index.locate(p[0], p[1])).not.toBeNull();
      }
      if (inDistrict === false) {
        expect(strictly + touching).toBe(0);
        expect(index.locate(p[0], p[1])).toBeNull();
      }
    }
    expect(inside).toBeGreaterThan(15_000);
  });

  it('routes every sample point to its expected cell', () => {
    const index = buildAreaIndex(
      drafts.map((d) => ({
        id: d.code,
        code: d.code,
        parentId: d.parentCode,
        level: d.level,
        boundary: d.boundary,
      })),
    );
    expect(DEMO_POINTS.length).toBeGreaterThanOrEqual(5);
    for (const p of DEMO_POINTS) {
      const cell = byCode.get(p.expectedCode);
      expect(cell?.level, p.label).toBe('grid');
      expect(pointInPolygon([p.lon, p.lat], polygonsOf(cell!.boundary)[0]!), p.label).toBe(true);
      expect(index.locate(p.lon, p.lat), p.label).toBe(p.expectedCode);
      expect(index.lineage(p.expectedCode)[0]).toBe('990100');
    }
  });

  it('puts the two grid workers in different cells of different communities', () => {
    const a = byCode.get(DEMO_GRID_CODES.a);
    const b = byCode.get(DEMO_GRID_CODES.b);
    expect(a?.level).toBe('grid');
    expect(b?.level).toBe('grid');
    expect(a?.code).not.toBe(b?.code);
    expect(a?.parentCode).not.toBe(b?.parentCode);
    for (const code of [DEMO_GRID_CODES.a, DEMO_GRID_CODES.b]) {
      expect(DEMO_POINTS.some((p) => p.expectedCode === code)).toBe(true);
    }
  });
});

describe('demo departments', () => {
  it('have unique kebab-case codes and parents listed first', () => {
    const seen = new Set<string>();
    for (const d of DEMO_DEPARTMENTS) {
      expect(d.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(seen.has(d.code)).toBe(false);
      if (d.parentCode !== null) expect(seen.has(d.parentCode)).toBe(true);
      expect(d.nameZh).not.toBe('');
      expect(d.nameEn).not.toBe('');
      seen.add(d.code);
    }
  });

  it('include the departments the demo needs', () => {
    const codes = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
    for (const code of [
      'grid-centre',
      'urban-management',
      'housing-construction',
      'water',
      'landscaping',
      'transport',
      'ecology-environment',
      'market-regulation',
      'civil-affairs',
      'human-resources',
      'justice',
      'fire-rescue',
      'emergency-management',
      'power-supply',
    ]) {
      expect(codes.has(code), code).toBe(true);
    }
  });
});

describe('demo categories', () => {
  const departments = new Set(DEMO_DEPARTMENTS.map((d) => d.code));
  const parents = new Set(DEMO_CATEGORIES.map((c) => c.parentCode).filter((c) => c !== null));
  const leaves = DEMO_CATEGORIES.filter((c) => !parents.has(c.code));
  const byCategory = new Map(DEMO_CATEGORIES.map((c) => [c.code, c]));
  const under = (root: string) =>
    DEMO_CATEGORIES.filter((c) => new RegExp(`^${root}(\\d\\d)*$`).test(c.code));

  it('have unique codes, parents listed first and known departments', () => {
    const seen = new Set<string>();
    for (const c of DEMO_CATEGORIES) {
      expect(seen.has(c.code), c.code).toBe(false);
      if (c.parentCode !== null) {
        expect(seen.has(c.parentCode), c.code).toBe(true);
        expect(c.code.startsWith(c.parentCode), c.code).toBe(true);
      }
      if (c.departmentCode !== null) expect(departments.has(c.departmentCode), c.code).toBe(true);
      expect(c.nameZh).not.toBe('');
      expect(c.nameEn).not.toBe('');
      expect(c.noticeZh === null).toBe(c.noticeEn === null);
      seen.add(c.code);
    }
  });

  it('give every leaf a department', () => {
    expect(leaves.length).toBeGreaterThan(40);
    for (const leaf of leaves) expect(leaf.departmentCode, leaf.code).not.toBeNull();
  });

  it('follow GB/T 30428 large and small classes for components and events', () => {
    for (const root of ['C', 'E']) {
      const large = DEMO_CATEGORIES.filter((c) => c.parentCode === root);
      expect(large.map((c) => c.code)).toEqual(['01', '02', '03', '04', '05'].map((n) => root + n));
      for (const l of large) {
        const small = DEMO_CATEGORIES.filter((c) => c.parentCode === l.code);
        expect(small.length, l.code).toBeGreaterThanOrEqual(3);
        expect(small.length, l.code).toBeLessThanOrEqual(6);
        for (const s of small) expect(s.code).toMatch(new RegExp(`^${l.code}\\d{2}$`));
      }
    }
    for (const c of under('C')) expect(c.kind).toBe('facility');
    for (const code of ['E01', 'E02', 'E03', 'E04']) {
      for (const c of under(code)) expect(c.kind, c.code).toBe('environment');
    }
    for (const c of under('E05')) {
      expect(c.kind).toBe('safety');
      expect(c.defaultPriority).toBe('urgent');
      expect(c.duplicateRadiusM).toBe(100);
    }
    for (const c of under('SF')) {
      expect(c.kind).toBe('safety');
      expect(c.defaultPriority).toBe('high');
      expect(c.duplicateRadiusM).toBe(20);
    }
    for (const [root, kind] of [
      ['DP', 'dispute'],
      ['SV', 'service'],
      ['CP', 'complaint'],
    ] as const) {
      for (const c of under(root)) expect(c.kind, c.code).toBe(kind);
    }
    for (const c of under('DP')) expect(c.departmentCode).toBe('justice');
    const others = DEMO_CATEGORIES.filter(
      (c) => !['E05', 'SF'].some((root) => c.code.startsWith(root)),
    );
    for (const c of others) expect(c.duplicateRadiusM, c.code).toBe(50);
  });

  it('use every kind', () => {
    const kinds = new Set(DEMO_CATEGORIES.map((c) => c.kind));
    for (const kind of CATEGORY_KINDS) expect(kinds.has(kind), kind).toBe(true);
  });

  it('have well-formed attributes covering every datatype', () => {
    const datatypes = new Set<string>();
    for (const c of DEMO_CATEGORIES) {
      const codes = c.attributes.map((a) => a.code);
      expect(new Set(codes).size, c.code).toBe(codes.length);
      expect(c.attributes.map((a) => a.order)).toEqual(c.attributes.map((_, i) => i + 1));
      for (const a of c.attributes) {
        datatypes.add(a.datatype);
        expect(a.code).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(a.descriptionZh).not.toBe('');
        expect(a.descriptionEn).not.toBe('');
        if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
          expect(a.values?.length, `${c.code}.${a.code}`).toBeGreaterThanOrEqual(2);
          const keys = (a.values ?? []).map((v) => v.key);
          expect(new Set(keys).size).toBe(keys.length);
        } else {
          expect(a.values).toBeUndefined();
        }
      }
    }
    for (const datatype of ATTRIBUTE_DATATYPES)
      expect(datatypes.has(datatype), datatype).toBe(true);
    const light = byCategory.get('C0104');
    expect(
      light?.attributes.find((a) => a.code === 'lamp_state')?.values?.map((v) => v.key),
    ).toEqual(['off', 'flickering', 'on_in_daytime']);
    expect(byCategory.get('E0503')?.noticeEn).toMatch(/119/);
  });

  it('never ask about protected traits or classify people', () => {
    const forbidden =
      /ethnic|religio|politic|hukou|household|registration|migra|petition|key.?person|reproduct|family.?planning|民族|宗教|政治|户籍|户口|信访|上访|重点人|计划生育|生育/i;
    const text = JSON.stringify([DEMO_CATEGORIES, DEMO_DEPARTMENTS]);
    expect(text).not.toMatch(forbidden);
  });
});
