/**
 * GET /api/v1/users/assignable: the handler picker of a dispatch. It names staff of one
 * department by display name to those who dispatch, and shows no login, e-mail or grant
 * elsewhere; the case then names its handler to staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];

const PASSWORD = 'picker-password-1';

interface Item {
  id: string;
  displayName: string;
  department: { id: string; code: string };
  roles: string[];
}

describe.each(DIALECTS)('GET /api/v1/users/assignable on %s', (dialect) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  async function createUser(
    login: string,
    displayName: string,
    roles: { role: string; department?: string; area?: string }[],
  ) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: cookies.admin },
      payload: { login, displayName, email: `${login}@example.org`, password: PASSWORD, roles },
    });
    expect(response.statusCode).toBe(201);
    ids[login] = response.json().id;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    for (const login of [
      'admin',
      'dispatcher',
      'supervisor',
      'grid_leader',
      'grid_worker_a',
      'handler',
    ])
      cookies[login] = await t.signIn(login);
    await createUser('road_zhang', 'Zhang Wei 张伟', [
      { role: 'handler', department: 'road-maintenance' },
    ]);
    await createUser('road_head', 'Li Na 李娜', [
      { role: 'department_head', department: 'road-maintenance' },
      { role: 'handler', department: 'road-maintenance' },
    ]);
    await createUser('road_gone', 'Zhao Left 赵离', [
      { role: 'handler', department: 'road-maintenance' },
    ]);
    await createUser('light_only', 'Percent 100% Wu', [
      { role: 'handler', department: 'street-lighting' },
    ]);
    await t.test.db.kysely
      .updateTable('users')
      .set({ active: 0 })
      .where('id', '=', ids.road_gone as string)
      .execute();
  });
  afterAll(() => t.close());

  async function pick(query: string, login: string | null = 'dispatcher') {
    return t.app.inject({
      method: 'GET',
      url: `/api/v1/users/assignable?${query}`,
      headers: login ? { cookie: cookies[login] } : {},
    });
  }

  it('lists the active handlers and heads of one department, by name, with nothing personal', async () => {
    const response = await pick('department=road-maintenance');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Item[];
    const names = items.map((i) => i.displayName);
    expect(names).toEqual(['Demo Handler 处置人员', 'Li Na 李娜', 'Zhang Wei 张伟']);
    expect(items.find((i) => i.id === ids.road_head)?.roles).toEqual([
      'department_head',
      'handler',
    ]);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['department', 'displayName', 'id', 'roles']);
      expect(item.department.code).toBe('road-maintenance');
    }
    // No login, e-mail or other department of anyone listed.
    expect(response.body).not.toMatch(/road_zhang|road_head|example\.org|street-lighting/);
    expect(response.body).not.toContain('Zhao Left');
  });

  it('filters by role, by a part of the name (ignoring case) and takes the department by id', async () => {
    const handlers = (await pick('department=road-maintenance&role=department_head')).json();
    expect(handlers.items.map((i: Item) => i.id)).toEqual([ids.road_head]);

    const byName = (await pick('department=road-maintenance&q=ZHANG')).json();
    expect(byName.items.map((i: Item) => i.id)).toEqual([ids.road_zhang]);
    const byChinese = (
      await pick(`department=road-maintenance&q=${encodeURIComponent('李')}`)
    ).json();
    expect(byChinese.items.map((i: Item) => i.id)).toEqual([ids.road_head]);

    // `%` and `_` are matched as themselves, not as wildcards.
    const percent = (await pick('department=street-lighting&q=%25')).json();
    expect(percent.items.map((i: Item) => i.id)).toEqual([ids.light_only]);
    const underscore = (await pick('department=street-lighting&q=_')).json();
    expect(underscore.items).toEqual([]);

    const road = (await t.services.reference.current()).departmentByCode.get(
      'road-maintenance',
    ) as { id: string };
    const byId = (await pick(`department=${road.id}&limit=1`)).json();
    expect(byId.items).toHaveLength(1);
    expect(byId.items[0].department).toEqual({ id: road.id, code: 'road-maintenance' });
  });

  it('answers those who dispatch or oversee, and no one else', async () => {
    for (const login of ['dispatcher', 'grid_leader', 'supervisor', 'admin'])
      expect((await pick('department=road-maintenance', login)).statusCode).toBe(200);
    for (const login of ['handler', 'grid_worker_a'])
      expect((await pick('department=road-maintenance', login)).statusCode).toBe(403);
    expect((await pick('department=road-maintenance', null)).statusCode).toBe(401);
  });

  it('refuses bad queries with a problem naming the field', async () => {
    const unknown = await pick('department=no-such-department');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.json()).toMatchObject({
      code: 'validation-failed',
      errors: [{ field: '/department' }],
    });
    for (const query of [
      '',
      'department=road-maintenance&limit=0',
      'department=road-maintenance&limit=101',
      'department=road-maintenance&role=dispatcher',
      `department=road-maintenance&q=${'x'.repeat(101)}`,
      'department=road-maintenance&login=road_zhang',
    ]) {
      const response = await pick(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('names the handler of a dispatched case to staff, and never on the public tracking page', async () => {
    const reported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        category: 'C0205',
        description: 'A pothole in the middle of the road, half a metre wide.',
        lat: inCellA.lat,
        lon: inCellA.lon,
      },
    });
    expect(reported.statusCode).toBe(201);
    const c = reported.json();
    const act = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        headers: { cookie: cookies.dispatcher },
        payload,
      });
    expect((await act({ action: 'register', version: 1 })).statusCode).toBe(200);
    const dispatched = await act({
      action: 'dispatch',
      version: 2,
      department: 'road-maintenance',
      handler: ids.road_zhang,
    });
    expect(dispatched.statusCode).toBe(200);
    expect(dispatched.json().handler).toEqual({
      id: ids.road_zhang,
      displayName: 'Zhang Wei 张伟',
    });

    const read = await t.app.inject({
      url: `/api/v1/cases/${c.id}`,
      headers: { cookie: cookies.dispatcher },
    });
    expect(read.json().handler).toEqual({ id: ids.road_zhang, displayName: 'Zhang Wei 张伟' });
    expect(read.body).not.toMatch(/road_zhang@|"login"/);

    const tracked = await t.app.inject(`/api/v1/track/${c.trackingCode}`);
    expect(tracked.body).not.toContain('Zhang Wei');
  });
});
