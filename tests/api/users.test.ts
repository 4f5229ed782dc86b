/**
 * Staff accounts changed by an admin (`PATCH /api/v1/users/:id`): name, e-mail, grants and
 * deactivation, each audited in its own transaction, refused outside the admin's scope,
 * refused at a stale version (409), and bad input changing nothing. Account creation is
 * audited too. The list (`GET /api/v1/users`): search, role and active filters, cursor
 * pages, always within the admin's scope.
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
  version: number;
  roles: { role: string; area?: { code: string }; department?: { code: string } }[];
}

interface UserPage {
  items: UserBody[];
  nextCursor: string | null;
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

  /** A PATCH at the account's current version unless `payload` names one. */
  const patch = async (login: string, cookie: string | undefined, payload: object) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${ids.get(login) ?? login}`,
      headers: cookie ? { cookie } : {},
      payload: {
        version: ids.has(login) ? ((await userOf(login))?.version ?? 1) : 1,
        ...payload,
      },
    });
  const list = async (query: string, cookie = admin) => {
    const response = await t.app.inject({ url: `/api/v1/users?${query}`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as UserPage;
  };
  /** Every page of a listing, following `nextCursor`. */
  const allPages = async (query: string, cookie = admin) => {
    const pages: UserPage[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(
        `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        cookie,
      );
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 100);
    return pages;
  };
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

  it('reads one account in scope with its current version, and nothing outside it', async () => {
    const id = ids.get('patch_me') as string;
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/v1/users/${id}`,
      headers: { cookie: admin },
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      id,
      login: 'patch_me',
      version: (await userOf('patch_me'))?.version,
    });
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/no-such-user',
      headers: { cookie: admin },
    });
    expect(unknown.statusCode).toBe(404);
    const dispatcher = await t.signIn('dispatcher');
    const refused = await t.app.inject({
      method: 'GET',
      url: `/api/v1/users/${id}`,
      headers: { cookie: dispatcher },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('takes an explicit null e-mail as none, on creation and on change', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: {
        login: 'no_email',
        displayName: 'No Email',
        email: null,
        password: 'a-long-password',
        roles: [{ role: 'grid_worker', area: DEMO_GRID_CODES.a }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json() as UserBody & { email: string | null };
    expect(body.email).toBeNull();
    ids.set('no_email', body.id);
    const changed = await patch('no_email', admin, { email: null });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().email).toBeNull();
  });

  it('refuses bad changes with field errors and changes nothing', async () => {
    const before = await userOf('patch_me');
    const auditBefore = (await auditOf('patch_me')).length;

    const empty = await patch('patch_me', admin, {});
    expect(empty.statusCode).toBe(400);
    expect(problemOf(empty).code).toBe('validation-failed');

    const noVersion = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${ids.get('patch_me')}`,
      headers: { cookie: admin },
      payload: { displayName: 'No Version' },
    });
    expect(noVersion.statusCode).toBe(400);
    expect(problemOf(noVersion).code).toBe('validation-failed');

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
  it('refuses a stale version with 409, changing nothing; every change bumps the version', async () => {
    const start = (await userOf('patch_me'))?.version as number;
    const session = await t.signIn('patch_me', 'a-long-password');
    const first = await patch('patch_me', admin, { version: start, displayName: 'First Admin' });
    expect(first.statusCode).toBe(200);
    expect((first.json() as UserBody).version).toBe(start + 1);

    const before = await userOf('patch_me');
    const auditBefore = (await auditOf('patch_me')).length;
    // A second admin saves what it read before the first change.
    const stale = await patch('patch_me', admin, {
      version: start,
      displayName: 'Second Admin',
      active: false,
      roles: [{ role: 'volunteer', area: DEMO_GRID_CODES.b }],
    });
    expect(stale.statusCode).toBe(409);
    expect(problemOf(stale).code).toBe('stale-version');
    expect(problemOf(stale).type).toMatch(/stale-version$/);
    const ahead = await patch('patch_me', admin, { version: start + 5, displayName: 'Ahead' });
    expect(ahead.statusCode).toBe(409);
    expect(await userOf('patch_me')).toEqual(before);
    expect(await auditOf('patch_me')).toHaveLength(auditBefore);
    const still = await t.app.inject({ url: '/api/v1/session', headers: { cookie: session } });
    expect(still.statusCode).toBe(200);

    // Reloaded, the second admin's change goes through.
    const listed = await list('q=patch_me');
    expect(listed.items.map((u) => [u.login, u.version])).toEqual([['patch_me', start + 1]]);
    const retried = await patch('patch_me', admin, {
      version: listed.items[0]?.version,
      displayName: 'Second Admin',
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ displayName: 'Second Admin', version: start + 2 });
    expect((await auditOf('patch_me'))[0]?.details).toMatchObject({
      displayName: 'Second Admin',
      version: start + 2,
    });
    const bad = await patch('patch_me', admin, { version: 0, displayName: 'Zero' });
    expect(bad.statusCode).toBe(400);
  });

  it('searches login, name and e-mail, filters by role and active, and pages by cursor', async () => {
    const cell = DEMO_GRID_CODES.a;
    const made: string[] = [];
    for (let i = 0; i < 12; i++) {
      const login = `page_user_${String(i).padStart(2, '0')}`;
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin },
        payload: {
          login,
          displayName: i === 3 ? '50% Zhang 张' : `Paged ${i}`,
          ...(i === 4 ? { email: 'Zhang_Wei@Example.org' } : {}),
          password: 'a-long-password',
          roles: [{ role: i === 5 ? 'mediator' : 'grid_worker', area: cell }],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      ids.set(login, (created.json() as UserBody).id);
      made.push(login);
    }

    const pages = await allPages('q=PAGE_USER&limit=5');
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 2]);
    expect(pages[2]?.nextCursor).toBeNull();
    expect(pages.flatMap((p) => p.items.map((u) => u.login))).toEqual(made);
    const whole = await list('q=page_user&limit=200');
    expect(whole.items.map((u) => u.login)).toEqual(made);
    expect(whole.nextCursor).toBeNull();

    // The whole scope, page by page, is the same list as in one page.
    const everyone = (await allPages('limit=4')).flatMap((p) => p.items.map((u) => u.id));
    expect(new Set(everyone).size).toBe(everyone.length);
    expect(everyone).toEqual((await list('limit=200')).items.map((u) => u.id));
    expect((await list('')).items.length).toBe(Math.min(50, everyone.length));

    const logins = async (query: string) => (await list(query)).items.map((u) => u.login);
    expect(await logins('q=%E5%BC%A0')).toEqual(['page_user_03']);
    expect(await logins('q=zhang')).toEqual(['page_user_03', 'page_user_04']);
    expect(await logins('q=50%25')).toEqual(['page_user_03']);
    expect(await logins('q=%25')).toEqual(['page_user_03']);
    expect(await logins('q=g_w')).toEqual(['page_user_04']);
    expect(await logins('q=g%25w')).toEqual([]);
    expect(await logins('q=%5C')).toEqual([]);
    expect(await logins('q=%20%20')).toEqual(await logins('limit=50'));

    expect(await logins('q=page_user&role=mediator')).toEqual(['page_user_05']);
    const handlers = await list('role=handler&limit=200');
    expect(handlers.items.length).toBeGreaterThan(0);
    for (const u of handlers.items) expect(u.roles.map((r) => r.role)).toContain('handler');

    expect((await patch('page_user_07', admin, { active: false })).statusCode).toBe(200);
    expect(await logins('q=page_user&active=false')).toEqual(['page_user_07']);
    const active = await logins('q=page_user&active=true&limit=200');
    expect(active).toEqual(made.filter((l) => l !== 'page_user_07'));
    const inactive = await list('active=false&limit=200');
    for (const u of inactive.items) expect(u.active).toBe(false);
  });

  it('refuses a bad cursor, limit or filter with a 400 problem', async () => {
    const forged = Buffer.from(JSON.stringify(['admin'])).toString('base64url');
    for (const query of [
      'cursor=not%20a%20cursor',
      'cursor=abc',
      `cursor=${forged}`,
      `cursor=${Buffer.from('{"login":"a","id":"b"}').toString('base64url')}`,
      `cursor=${'a'.repeat(401)}`,
      'limit=201',
      'limit=0',
      'role=mayor',
      'active=maybe',
      `q=${'x'.repeat(101)}`,
    ]) {
      const response = await t.app.inject({
        url: `/api/v1/users?${query}`,
        headers: { cookie: admin },
      });
      expect(response.statusCode, query).toBe(400);
      expect(problemOf(response).code).toBe('validation-failed');
    }
    const bad = await t.app.inject({ url: '/api/v1/users?cursor=abc', headers: { cookie: admin } });
    expect(problemOf(bad).errors?.[0]?.field).toBe('/cursor');
  });

  it('lists, searches and pages only within the admin scope', async () => {
    const cellAdmin = await t.signIn('cell_admin', 'a-long-password');
    const seen = (await allPages('limit=2', cellAdmin)).flatMap((p) => p.items);
    const logins = seen.map((u) => u.login);
    expect(logins).toContain('cell_admin');
    expect(logins).toContain('cell_b_worker');
    expect(logins).not.toContain('grid_worker_a');
    expect(logins).not.toContain('dispatcher');
    expect(logins.filter((l) => l.startsWith('page_user_'))).toEqual([]);
    // Every one listed holds a grant in cell B or on a department.
    for (const u of seen)
      expect(
        u.roles.some((r) => r.area?.code === DEMO_GRID_CODES.b || r.department !== undefined),
      ).toBe(true);
    expect((await list('q=page_user', cellAdmin)).items).toEqual([]);
    expect((await list('q=dispatcher', cellAdmin)).items).toEqual([]);
    // A cursor from the district admin's pages does not widen the scope.
    const wide = await list('limit=1');
    const after = await list(
      `cursor=${encodeURIComponent(wide.nextCursor as string)}&limit=200`,
      cellAdmin,
    );
    expect(after.items.every((u) => logins.includes(u.login))).toBe(true);

    const dispatcher = await t.signIn('dispatcher');
    const refused = await t.app.inject({
      url: '/api/v1/users?q=a',
      headers: { cookie: dispatcher },
    });
    expect(refused.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/users' })).statusCode).toBe(401);
  });
});
