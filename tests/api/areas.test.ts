import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { buildAreaFile } from '../factories/areas.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('areas, categories and departments on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
  });
  afterAll(() => t.close());

  it('locates each demo point in its grid cell, with ancestors root first', async () => {
    expect(DEMO_POINTS.length).toBeGreaterThan(0);
    for (const point of DEMO_POINTS) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/areas/locate?lat=${point.lat}&lon=${point.lon}`,
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.area.code).toBe(point.expectedCode);
      expect(body.area.level).toBe('grid');
      expect(body.ancestors.map((a: { level: string }) => a.level)).toEqual([
        'city',
        'district',
        'street',
        'community',
      ]);
      const codes = body.ancestors.map((a: { code: string }) => a.code);
      for (const code of codes.slice(2)) expect(point.expectedCode.startsWith(code)).toBe(true);
    }
  });

  it('answers 404 problem+json outside every area and 400 for bad coordinates', async () => {
    const outside = await t.app.inject({ method: 'GET', url: '/api/v1/areas/locate?lat=0&lon=0' });
    expect(outside.statusCode).toBe(404);
    expect(problemOf(outside).code).toBe('not-found');
    for (const query of ['lat=91&lon=116', 'lat=39.9&lon=-181', 'lat=abc&lon=116', 'lon=116']) {
      const bad = await t.app.inject({ method: 'GET', url: `/api/v1/areas/locate?${query}` });
      expect(bad.statusCode).toBe(400);
      expect(problemOf(bad).code).toBe('validation-failed');
    }
  });

  it('lists the tree by level and parent, with cursor paging', async () => {
    const roots = (await t.app.inject({ method: 'GET', url: '/api/v1/areas?parent=root' })).json();
    expect(roots.items).toHaveLength(1);
    expect(roots.items[0].level).toBe('city');
    const page1 = (
      await t.app.inject({ method: 'GET', url: '/api/v1/areas?level=grid&limit=10' })
    ).json();
    expect(page1.items).toHaveLength(10);
    expect(page1.nextCursor).toBe(page1.items[9].code);
    const all: string[] = page1.items.map((a: { code: string }) => a.code);
    let cursor = page1.nextCursor;
    while (cursor) {
      const page = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/areas?level=grid&limit=10&after=${cursor}`,
        })
      ).json();
      all.push(...page.items.map((a: { code: string }) => a.code));
      cursor = page.nextCursor;
    }
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(all);
    for (const code of all) expect(code).toMatch(/^\d{6}-\d{3}-\d{3}-\d{2}$/);
  });

  it('shows one area with boundary and ancestors; staff only to signed-in staff', async () => {
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/areas/${DEMO_GRID_CODES.a}`,
    });
    expect(anonymous.statusCode).toBe(200);
    const body = anonymous.json();
    expect(body.boundary.type).toMatch(/Polygon/);
    expect(body.ancestors).toHaveLength(4);
    expect(body.staff).toBeUndefined();

    const cookie = await t.signIn('dispatcher');
    const staffView = (
      await t.app.inject({ method: 'GET', url: `/api/v1/areas/${body.id}`, headers: { cookie } })
    ).json();
    expect(staffView.staff.map((s: { role: string }) => s.role)).toContain('grid_worker');

    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/areas/does-not-exist' });
    expect(missing.statusCode).toBe(404);
  });

  it('serves boundaries as an importable FeatureCollection', async () => {
    const cells = (
      await t.app.inject({ method: 'GET', url: '/api/v1/areas/boundaries?level=grid' })
    ).json();
    expect(cells.type).toBe('FeatureCollection');
    expect(cells.features.length).toBeGreaterThanOrEqual(12);
    expect(cells.features[0].properties.parentCode).toEqual(expect.any(String));
    const within = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/areas/boundaries?within=${DEMO_GRID_CODES.a}`,
      })
    ).json();
    expect(within.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(
      [DEMO_GRID_CODES.a],
    );
  });

  it('imports area files for admins only, all or nothing', async () => {
    const file = buildAreaFile('990103', '990100');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/import',
      payload: file,
    });
    expect(anonymous.statusCode).toBe(401);
    const dispatcher = await t.signIn('dispatcher');
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/import',
      headers: { cookie: dispatcher },
      payload: file,
    });
    expect(forbidden.statusCode).toBe(403);

    const districtAdmin = await t.signIn('admin');
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/import',
      headers: { cookie: districtAdmin },
      payload: file,
    });
    expect(outside.statusCode).toBe(403);
    await t.services.createUser({
      login: 'city_admin',
      password: 'a-long-password',
      grants: [{ role: 'admin', area: '990100' }],
    });
    const admin = await t.signIn('city_admin', 'a-long-password');
    const before = await t.services.stores.areas.count();
    const broken = structuredClone(file);
    const last = broken.features[7];
    if (!last) throw new Error('fixture changed');
    last.geometry.coordinates[0]?.pop();
    const rejected = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/import',
      headers: { cookie: admin },
      payload: broken,
    });
    expect(rejected.statusCode).toBe(400);
    const problem = problemOf(rejected);
    expect(problem.errors?.[0]?.field).toBe('/features/7');
    expect(problem.detail).toMatch(/990103-001-002-02/);
    expect(await t.services.stores.areas.count()).toBe(before);
    const imports = () => t.services.stores.audit.list({ subjectType: 'areas', limit: 10 });
    expect(await imports()).toEqual([]);

    // A second district of the demo city, far from the first: new areas, located at once.
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/import',
      headers: { cookie: admin },
      payload: file,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ created: 8, updated: 0 });
    // Audited with the import: who, how many, which codes.
    const [entry] = await imports();
    expect(entry?.action).toBe('areas.import');
    expect(entry?.actorLogin).toBe('city_admin');
    expect(entry?.details).toMatchObject({ created: 8, updated: 0 });
    expect((entry?.details as { codes: string[] }).codes).toHaveLength(8);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/import',
      headers: { cookie: admin },
      payload: file,
    });
    expect(again.json()).toEqual({ created: 0, updated: 8 });

    const moved = buildAreaFile('990102');
    const misplaced = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/import',
      headers: { cookie: admin },
      payload: moved,
    });
    expect(misplaced.statusCode).toBe(400);
    expect(problemOf(misplaced).detail).toMatch(/another place in the tree/);
    const located = await t.app.inject({
      method: 'GET',
      url: '/api/v1/areas/locate?lat=1.5&lon=3.5',
    });
    expect(located.json().area.code).toBe('990103-001-002-02');
  });

  it('serves the category tree with kinds, names, priorities, departments and attributes', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/api/v1/categories' })).json();
    type Node = {
      code: string;
      kind: string;
      nameZh: string;
      nameEn: string;
      attributes: { datatype: string }[];
      defaultDepartment: unknown;
      children: Node[];
    };
    const flat: Node[] = [];
    const walk = (nodes: Node[]) => nodes.forEach((n) => (flat.push(n), walk(n.children)));
    walk(body.items);
    const kinds = new Set(flat.map((n) => n.kind));
    for (const kind of ['facility', 'environment', 'safety', 'dispute', 'service', 'complaint'])
      expect(kinds).toContain(kind);
    for (const node of flat) {
      expect(node.nameZh).toMatch(/[\u4e00-\u9fff]/);
      expect(node.nameEn).toMatch(/[A-Za-z]/);
    }
    const leaves = flat.filter((n) => n.children.length === 0);
    for (const leaf of leaves) expect(leaf.defaultDepartment).not.toBeNull();
    const datatypes = new Set(flat.flatMap((n) => n.attributes.map((a) => a.datatype)));
    expect(datatypes).toContain('singlevaluelist');
  });

  it('serves the department tree', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/api/v1/departments' })).json();
    expect(body.items.length).toBeGreaterThan(5);
    expect(body.items[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        code: expect.any(String),
        nameZh: expect.any(String),
      }),
    );
  });
});
