/**
 * Staff accounts changed by an admin (`PATCH /api/v1/users/:id`): name, e-mail, grants and
 * deactivation, each audited in its own transaction, refused outside the admin's scope,
 * and bad input changing nothing. Account creation is audited too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES } from '../../server/services/demo/demo-city.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

interface UserBody {
  id: string;
  login: string;
  displayName: string;
  email: string | null;
  active: boolean;
  roles: { role: string; area?: { code: string }; department?: { code: string } }[];
}

describe.each(DIALECTS)('changing staff accounts on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    admin = await t.signIn('admin');
    const list = await t.app.inject({ url: '/api/v1/users', headers: { cookie: admin } });
    for (const u of list.json().items as UserBody[]) ids.set(u.login, u.id);
  });
  afterAll(() => t.close());

  const patch = (login: string, cookie: string | undefined, payload: object) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${ids.get(login) ?? login}`,
      headers: cookie ? { cookie } : {},
      payload,
    });
  const auditOf = async (login: string) =>
    t.services.stores.audit.list({ subjectType: 'user', subjectId: ids.get(login), limit: 50 });
  const userOf = async (login: string) =>
    (await t.services.stores.users.findWithGrants(ids.get(login) as string)) ?? null;

  it('audits an account created through the API', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: {
        login: 'patch_me',
        displayName: 'Patch Me',
        password: 'a-long-password',
        roles: [{ role: 'grid_worker', area: DEMO_GRID_CODES.a }],
      },
    });
    expect(created.statusCode).toBe(201);
    ids.set('patch_me', (created.json() as UserBody).id);
    const entries = await auditOf('patch_me');
    expect(entries.map((e) => e.action)).toEqual(['user.create']);
    expect(entries[0]?.actorId).toBe(ids.get('admin'));
  });

  it('changes name, e-mail and grants, audited', async () => {
    const changed = await patch('patch_me', admin, {
      displayName: '  Renamed Worker  ',
      email: 'worker@example.org',
      roles: [
        { role: 'grid_worker', area: DEMO_GRID_CODES.b },
        { role: 'volunteer', area: DEMO_GRID_CODES.a },
      ],
    });
    expect(changed.statusCode).toBe(200);
    const body = changed.json() as UserBody;
    expect(body.displayName).toBe('Renamed Worker');
    expect(body.email).toBe('worker@example.org');
    expect(body.roles).toEqual([
      { role: 'grid_worker', area: expect.objectContaining({ code: DEMO_GRID_CODES.b }) },
      { role: 'volunteer', area: expect.objectContaining({ code: DEMO_GRID_CODES.a }) },
    ]);
    const entries = await auditOf('patch_me');
    expect(entries[0]?.action).toBe('user.update');
    expect(entries[0]?.details).toMatchObject({ login: 'patch_me', displayName: 'Renamed Worker' });
  });

  it('deactivates an account: sessions end and sign-in is refused; reactivates it', async () => {
    const session = await t.signIn('patch_me', 'a-long-password');
    const off = await patch('patch_me', admin, { active: false });
    expect(off.statusCode).toBe(200);
    expect((off.json() as UserBody).active).toBe(false);
    const again = await t.app.inject({ url: '/api/v1/session', headers: { cookie: session } });
    expect(again.statusCode).toBe(401);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'patch_me', password: 'a-long-password' },
    });
    expect(refused.statusCode).toBe(401);
    expect((await auditOf('patch_me'))[0]?.details).toMatchObject({ active: false });

    expect((await patch('patch_me', admin, { active: true })).statusCode).toBe(200);
    expect(await t.signIn('patch_me', 'a-long-password')).toMatch(/^civicgrid_session=/);
  });

  it('refuses bad changes with field errors and changes nothing', async () => {
    const before = await userOf('patch_me');
    const auditBefore = (await auditOf('patch_me')).length;

    const empty = await patch('patch_me', admin, {});
    expect(empty.statusCode).toBe(400);
    expect(problemOf(empty).code).toBe('validation-failed');

    const bad = await patch('patch_me', admin, {
      displayName: '   ',
      email: 'not-an-address',
      roles: [
        { role: 'handler', area: DEMO_GRID_CODES.a },
        { role: 'grid_worker', area: 'no-such-area' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.map((e) => e.field)).toEqual([
      '/displayName',
      '/email',
      '/roles/0/department',
      '/roles/1/area',
    ]);

    const twice = await patch('patch_me', admin, {
      roles: [
        { role: 'grid_worker', area: DEMO_GRID_CODES.a },
        { role: 'grid_worker', area: DEMO_GRID_CODES.a },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(problemOf(twice).errors?.[0]?.field).toBe('/roles/1');

    const unknownField = await patch('patch_me', admin, { login: 'renamed' });
    expect(unknownField.statusCode).toBe(400);

    const missing = await patch('no-such-user', admin, { active: false });
    expect(missing.statusCode).toBe(404);
    expect(problemOf(missing).code).toBe('not-found');

    // An admin cannot lock itself out.
    const self = await patch('admin', admin, { active: false, roles: [] });
    expect(self.statusCode).toBe(400);
    expect(problemOf(self).errors?.map((e) => e.field)).toEqual(['/active', '/roles']);

    expect(await userOf('patch_me')).toEqual(before);
    expect(await auditOf('patch_me')).toHaveLength(auditBefore);
    expect((await userOf('admin'))?.active).toBe(true);
  });

  it('keeps changes inside the admin scope', async () => {
    // A second admin holding one grid cell only.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: {
        login: 'cell_admin',
        password: 'a-long-password',
        roles: [{ role: 'admin', area: DEMO_GRID_CODES.b }],
      },
    });
    expect(created.statusCode).toBe(201);
    const cellAdmin = await t.signIn('cell_admin', 'a-long-password');
    const worker = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: {
        login: 'cell_b_worker',
        password: 'a-long-password',
        roles: [{ role: 'grid_worker', area: DEMO_GRID_CODES.b }],
      },
    });
    ids.set('cell_b_worker', (worker.json() as UserBody).id);

    // Its own cell's worker: allowed; the district's dispatcher: not.
    expect((await patch('cell_b_worker', cellAdmin, { displayName: 'B' })).statusCode).toBe(200);
    const wider = await patch('dispatcher', cellAdmin, { active: false });
    expect(wider.statusCode).toBe(403);
    expect(problemOf(wider).code).toBe('forbidden');
    // A grant outside its cell is refused, and nothing changes.
    const outside = await patch('cell_b_worker', cellAdmin, {
      roles: [{ role: 'grid_worker', area: DEMO_GRID_CODES.a }],
    });
    expect(outside.statusCode).toBe(403);
    expect((await userOf('cell_b_worker'))?.grants.map((g) => g.area?.code)).toEqual([
      DEMO_GRID_CODES.b,
    ]);
    expect((await userOf('dispatcher'))?.active).toBe(true);
    // Department roles serve the whole city: only an admin of a whole tree grants them here.
    const department = await patch('cell_b_worker', admin, {
      roles: [{ role: 'handler', department: 'sanitation' }],
    });
    expect(department.statusCode).toBe(403);

    const dispatcher = await t.signIn('dispatcher');
    expect((await patch('cell_b_worker', dispatcher, { displayName: 'X' })).statusCode).toBe(403);
    expect((await patch('cell_b_worker', undefined, { displayName: 'X' })).statusCode).toBe(401);
  });
});
