/**
 * Administration of categories and departments through HTTP, on both dialects: an admin
 * adds and edits them, new reports and Open311 follow at once, retiring stops new
 * reports, every refusal changes nothing, and edits at a stale version never overwrite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { DEMO_API_KEY } from '../../server/services/seed-demo.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];

interface CategoryNode {
  id: string;
  code: string;
  kind: string;
  nameZh: string;
  nameEn: string;
  noticeEn: string | null;
  defaultPriority: string;
  defaultDepartment: { id: string; code: string } | null;
  duplicateRadiusM: number;
  attributes: { code: string; order: number; values?: { key: string }[] }[];
  active: boolean;
  version: number;
  children: CategoryNode[];
}
interface DepartmentNode {
  id: string;
  code: string;
  nameEn: string;
  version: number;
  children: DepartmentNode[];
}

function flatten<T extends { children: T[] }>(roots: T[]): T[] {
  return roots.flatMap((n) => [n, ...flatten(n.children)]);
}

describe.each(DIALECTS)('category and department administration on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let dispatcher: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    admin = await t.signIn('admin');
    dispatcher = await t.signIn('dispatcher');
  });
  afterAll(() => t.close());

  const call = (method: InjectOptions['method'], url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, payload });
  const categories = async () =>
    flatten((await call('GET', '/api/v1/categories')).json().items as CategoryNode[]);
  const category = async (code: string) => (await categories()).find((c) => c.code === code);
  const departments = async () =>
    flatten((await call('GET', '/api/v1/departments')).json().items as DepartmentNode[]);
  const auditCount = async () =>
    (await t.services.stores.audit.list({ subjectType: 'config', limit: 1000 })).length;
  const report = (categoryCode: string, attributes?: object) =>
    call('POST', '/api/v1/cases', undefined, {
      category: categoryCode,
      description: 'Something to look at',
      lat: inCellA.lat,
      lon: inCellA.lon,
      attributes,
    });
  const serviceCodes = async () =>
    ((await call('GET', '/open311/v2/services.json')).json() as { service_code: string }[]).map(
      (s) => s.service_code,
    );

  it('lets an admin add a department and a category that reports and Open311 use at once, audited', async () => {
    const before = await auditCount();
    const dept = await call('POST', '/api/v1/departments', admin, {
      code: 'bike-lanes',
      parent: 'urban-management',
      nameZh: '非机动车道管理所',
      nameEn: 'Bike Lane Office',
    });
    expect(dept.statusCode).toBe(201);
    expect(dept.json()).toMatchObject({ code: 'bike-lanes', version: 1, children: [] });
    const parent = (await departments()).find((d) => d.code === 'urban-management');
    expect(parent?.children.map((d) => d.code)).toContain('bike-lanes');

    const created = await call('POST', '/api/v1/categories', admin, {
      code: 'C0399',
      parent: 'C03',
      nameZh: '共享单车乱停放',
      nameEn: 'Badly parked shared bike',
      defaultDepartment: 'bike-lanes',
      noticeEn: '  Do not move bikes into the road.  ',
      attributes: [
        {
          code: 'count',
          datatype: 'singlevaluelist',
          required: true,
          descriptionZh: '数量',
          descriptionEn: 'How many bikes',
          values: [
            { key: 'one', nameZh: '一辆', nameEn: 'One' },
            { key: 'many', nameZh: '多辆', nameEn: 'Several' },
          ],
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const node = created.json() as CategoryNode;
    // Kind, priority and radius come from the parent; texts are trimmed; order is filled.
    expect(node).toMatchObject({
      code: 'C0399',
      kind: 'facility',
      defaultPriority: (await category('C03'))?.defaultPriority,
      defaultDepartment: { code: 'bike-lanes' },
      noticeEn: 'Do not move bikes into the road.',
      active: true,
      version: 1,
      attributes: [{ code: 'count', order: 1 }],
    });
    expect((await category('C03'))?.children.map((c) => c.code)).toContain('C0399');

    const missingAnswer = await report('C0399');
    expect(missingAnswer.statusCode).toBe(400);
    const reported = await report('C0399', { count: 'many' });
    expect(reported.statusCode).toBe(201);
    expect(reported.json().department).toMatchObject({ id: dept.json().id });
    expect(await serviceCodes()).toContain('C0399');
    const definition = await call('GET', '/open311/v2/services/C0399.json');
    expect(definition.statusCode).toBe(200);

    expect(await auditCount()).toBe(before + 2);
    const entries = await t.services.stores.audit.list({ subjectType: 'config', limit: 2 });
    expect(entries.map((e) => e.action).sort()).toEqual([
      'config.category-created',
      'config.department-created',
    ]);
  });

  it('refuses other roles and anonymous callers, and changes nothing', async () => {
    const before = (await categories()).length;
    const payload = { code: 'Z1', kind: 'other', nameZh: '某', nameEn: 'Some' };
    expect((await call('POST', '/api/v1/categories', dispatcher, payload)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/categories', undefined, payload)).statusCode).toBe(401);
    const lamp = await category('C0104');
    expect(
      (
        await call('PATCH', '/api/v1/categories/C0104', dispatcher, {
          version: lamp?.version,
          nameEn: 'Lamp',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('POST', '/api/v1/departments', dispatcher, {
          code: 'nope',
          nameZh: '某',
          nameEn: 'Nope',
        })
      ).statusCode,
    ).toBe(403);
    expect((await categories()).length).toBe(before);
    expect((await category('C0104'))?.nameEn).toBe(lamp?.nameEn);
  });

  it('refuses bad input with a problem naming each field, and writes nothing', async () => {
    const before = { categories: (await categories()).length, audit: await auditCount() };
    const cases: [object, string][] = [
      [{ code: 'bad code', kind: 'other', nameZh: '某', nameEn: 'Some' }, '/code'],
      [{ code: 'Z2', parent: 'no-such', kind: 'other', nameZh: '某', nameEn: 'Some' }, '/parent'],
      [{ code: 'Z2', kind: 'other', nameZh: '   ', nameEn: 'Some' }, '/nameZh'],
      [
        { code: 'Z2', kind: 'other', nameZh: '某', nameEn: 'Some', defaultDepartment: 'nope' },
        '/defaultDepartment',
      ],
      [
        {
          code: 'Z2',
          kind: 'other',
          nameZh: '某',
          nameEn: 'Some',
          attributes: [
            {
              code: 'q',
              datatype: 'singlevaluelist',
              required: true,
              descriptionZh: '问',
              descriptionEn: 'Q',
            },
          ],
        },
        '/attributes/0/values',
      ],
      [
        {
          code: 'Z2',
          kind: 'other',
          nameZh: '某',
          nameEn: 'Some',
          attributes: [
            {
              code: 'q',
              datatype: 'string',
              required: false,
              descriptionZh: '问',
              descriptionEn: 'Q',
            },
            {
              code: 'q',
              datatype: 'text',
              required: false,
              descriptionZh: '问',
              descriptionEn: 'Q',
            },
          ],
        },
        '/attributes/1/code',
      ],
    ];
    for (const [payload, field] of cases) {
      const response = await call('POST', '/api/v1/categories', admin, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(problemOf(response))).toContain(field);
    }
    const schemaRefusal = await call('POST', '/api/v1/categories', admin, {
      code: 'Z3',
      kind: 'weather',
      nameZh: '某',
      nameEn: 'Some',
    });
    expect(schemaRefusal.statusCode).toBe(400);
    const taken = await call('POST', '/api/v1/categories', admin, {
      code: 'C0104',
      kind: 'other',
      nameZh: '某',
      nameEn: 'Some',
    });
    expect(taken.statusCode).toBe(409);
    const deptTaken = await call('POST', '/api/v1/departments', admin, {
      code: 'water',
      nameZh: '某',
      nameEn: 'Some',
    });
    expect(deptTaken.statusCode).toBe(409);

    // A category cannot move into its own subtree.
    const c01 = await category('C01');
    const cycle = await call('PATCH', '/api/v1/categories/C01', admin, {
      version: c01?.version,
      parent: 'C0104',
    });
    expect(cycle.statusCode).toBe(400);
    expect(JSON.stringify(problemOf(cycle))).toContain('/parent');
    const water = (await departments()).find((d) => d.code === 'water');
    const deptCycle = await call('PATCH', '/api/v1/departments/water', admin, {
      version: water?.version,
      parent: 'drainage',
    });
    expect(deptCycle.statusCode).toBe(400);
    expect((await call('PATCH', '/api/v1/categories/NOPE', admin, { version: 1 })).statusCode).toBe(
      404,
    );

    expect((await categories()).length).toBe(before.categories);
    expect(await auditCount()).toBe(before.audit);
    expect((await category('C01'))?.version).toBe(c01?.version);
  });

  it('edits at the version read: a stale version is a 409 and overwrites nothing', async () => {
    const lamp = (await category('C0104')) as CategoryNode;
    const saved = await call('PATCH', '/api/v1/categories/C0104', admin, {
      version: lamp.version,
      nameEn: 'Street lamp',
      duplicateRadiusM: 80,
      defaultPriority: 'high',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      nameEn: 'Street lamp',
      duplicateRadiusM: 80,
      defaultPriority: 'high',
      version: lamp.version + 1,
      nameZh: lamp.nameZh,
    });
    const stale = await call('PATCH', '/api/v1/categories/C0104', admin, {
      version: lamp.version,
      nameEn: 'Lamp post',
    });
    expect(stale.statusCode).toBe(409);
    expect(problemOf(stale).type).toMatch(/stale-version/);
    expect((await category('C0104'))?.nameEn).toBe('Street lamp');

    // Ten admins save at once from the same version: exactly one wins.
    const current = (await category('C0104')) as CategoryNode;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('PATCH', '/api/v1/categories/C0104', admin, {
          version: current.version,
          nameEn: `Street lamp ${i}`,
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
    const winner = answers.find((a) => a.statusCode === 200)?.json() as CategoryNode;
    expect((await category('C0104'))?.nameEn).toBe(winner.nameEn);
    expect((await category('C0104'))?.version).toBe(current.version + 1);

    const dept = (await departments()).find((d) => d.code === 'street-lighting') as DepartmentNode;
    const renamed = await call('PATCH', '/api/v1/departments/street-lighting', admin, {
      version: dept.version,
      nameEn: 'Street Lighting Unit',
      parent: null,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      nameEn: 'Street Lighting Unit',
      version: dept.version + 1,
    });
    expect((await departments()).find((d) => d.code === 'street-lighting')).toBeDefined();
    const staleDept = await call('PATCH', '/api/v1/departments/street-lighting', admin, {
      version: dept.version,
      nameEn: 'Old name',
    });
    expect(staleDept.statusCode).toBe(409);
  });

  it('retires a category, or a whole group, so that no new report takes it; its cases stay', async () => {
    const before = await report('E0102');
    expect(before.statusCode).toBe(201);
    const e0102 = (await category('E0102')) as CategoryNode;
    const retired = await call('PATCH', '/api/v1/categories/E0102', admin, {
      version: e0102.version,
      active: false,
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().active).toBe(false);
    const refused = await report('E0102');
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(problemOf(refused))).toContain('retired');
    expect(await serviceCodes()).not.toContain('E0102');
    const open311 = await call('POST', '/open311/v2/requests.json', undefined, {
      api_key: DEMO_API_KEY,
      service_code: 'E0102',
      lat: String(inCellA.lat),
      long: String(inCellA.lon),
      description: 'Dirty road',
    });
    expect(open311.statusCode).toBe(400);
    // The case reported before keeps its category and can still be read.
    const read = await call('GET', `/api/v1/cases/${before.json().id}`, dispatcher);
    expect(read.statusCode).toBe(200);

    // Retiring the group retires everything under it; bringing it back restores them.
    const e01 = (await category('E01')) as CategoryNode;
    const group = await call('PATCH', '/api/v1/categories/E01', admin, {
      version: e01.version,
      active: false,
    });
    expect(group.statusCode).toBe(200);
    expect((await report('E0101')).statusCode).toBe(400);
    expect(await serviceCodes()).not.toContain('E0101');
    const back = await call('PATCH', '/api/v1/categories/E01', admin, {
      version: e01.version + 1,
      active: true,
    });
    expect(back.statusCode).toBe(200);
    expect((await report('E0101')).statusCode).toBe(201);
    expect((await report('E0102')).statusCode).toBe(400);
  });

  it('retires a department only once nothing sends work to it; then nothing new can', async () => {
    const lights = (await departments()).find(
      (d) => d.code === 'street-lighting',
    ) as DepartmentNode;
    const named = await call('PATCH', '/api/v1/departments/street-lighting', admin, {
      version: lights.version,
      active: false,
    });
    expect(named.statusCode).toBe(400);
    expect(JSON.stringify(problemOf(named))).toMatch(/\/active.*C0104/);
    expect((await departments()).find((d) => d.code === 'street-lighting')?.version).toBe(
      lights.version,
    );

    const created = await call('POST', '/api/v1/departments', admin, {
      code: 'old-office',
      nameZh: '旧办公室',
      nameEn: 'Old Office',
    });
    expect(created.statusCode).toBe(201);
    const retired = await call('PATCH', '/api/v1/departments/old-office', admin, {
      version: 1,
      active: false,
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ active: false, version: 2 });

    // Nothing new may name it: a dispatch, a category default, a routing override, a child.
    const reported = (await report('E0103')).json() as { id: string; version: number };
    const step = (body: object) =>
      call('POST', `/api/v1/cases/${reported.id}/actions`, dispatcher, body);
    const registered = await step({ action: 'register', version: reported.version });
    expect(registered.statusCode).toBe(200);
    const dispatch = await step({
      action: 'dispatch',
      version: registered.json().version,
      department: 'old-office',
    });
    expect(dispatch.statusCode).toBe(400);
    expect(JSON.stringify(problemOf(dispatch))).toContain('retired');
    const e0103 = (await category('E0103')) as CategoryNode;
    const asDefault = await call('PATCH', '/api/v1/categories/E0103', admin, {
      version: e0103.version,
      defaultDepartment: 'old-office',
    });
    expect(asDefault.statusCode).toBe(400);
    const rule = await call('PUT', '/api/v1/routing-rules', admin, {
      area: DEMO_GRID_CODES.a,
      category: 'E0103',
      department: 'old-office',
    });
    expect(rule.statusCode).toBe(400);
    const child = await call('POST', '/api/v1/departments', admin, {
      code: 'old-office-annex',
      parent: 'old-office',
      nameZh: '附楼',
      nameEn: 'Annex',
    });
    expect(child.statusCode).toBe(400);

    // Back in service, it takes work again.
    const back = await call('PATCH', '/api/v1/departments/old-office', admin, {
      version: 2,
      active: true,
    });
    expect(back.statusCode).toBe(200);
    const dispatched = await step({
      action: 'dispatch',
      version: registered.json().version,
      department: 'old-office',
    });
    expect(dispatched.statusCode).toBe(200);

    // A department under a retired one can still be edited where it is, not moved under one.
    for (const [code, parent] of [
      ['hq', null],
      ['hq-desk', 'hq'],
      ['spare', null],
    ] as const)
      expect(
        (
          await call('POST', '/api/v1/departments', admin, {
            code,
            parent,
            nameZh: code,
            nameEn: code,
          })
        ).statusCode,
      ).toBe(201);
    const retire = (code: string, version: number) =>
      call('PATCH', `/api/v1/departments/${code}`, admin, { version, active: false });
    expect((await retire('hq', 1)).statusCode).toBe(400);
    expect((await retire('hq-desk', 1)).statusCode).toBe(200);
    expect((await retire('hq', 1)).statusCode).toBe(200);
    const kept = await call('PATCH', '/api/v1/departments/hq-desk', admin, {
      version: 2,
      parent: 'hq',
      nameEn: 'HQ desk',
      active: true,
    });
    expect(kept.statusCode, kept.body).toBe(200);
    const movedUnder = await call('PATCH', '/api/v1/departments/spare', admin, {
      version: 1,
      parent: 'hq',
    });
    expect(movedUnder.statusCode).toBe(400);
  });

  it('orders siblings by their position, then code', async () => {
    const c0105 = (await category('C0105')) as CategoryNode;
    const moved = await call('PATCH', '/api/v1/categories/C0105', admin, {
      version: c0105.version,
      sortOrder: 0,
    });
    expect(moved.statusCode).toBe(200);
    const siblings = (await category('C01'))?.children.map((c) => c.code) ?? [];
    expect(siblings[0]).toBe('C0105');
    const bad = await call('PATCH', '/api/v1/categories/C0105', admin, {
      version: c0105.version + 1,
      sortOrder: -1,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('moves a category under another parent, and new reports follow the new lineage', async () => {
    const c0301 = (await category('C0301')) as CategoryNode;
    const moved = await call('PATCH', '/api/v1/categories/C0301', admin, {
      version: c0301.version,
      parent: 'E01',
    });
    expect(moved.statusCode).toBe(200);
    expect((await category('E01'))?.children.map((c) => c.code)).toContain('C0301');
    expect((await category('C03'))?.children.map((c) => c.code)).not.toContain('C0301');
    expect((await report('C0301')).statusCode).toBe(201);
  });
});
