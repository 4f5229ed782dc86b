import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, cookieOf, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

describe.each(DIALECTS)('sign-in and tokens on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
  });
  afterAll(() => t.close());

  it('signs in with an HttpOnly SameSite cookie and answers {user, roles}', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'grid_worker_a', password: 'demo-password' },
    });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/civicgrid_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Expires=/i);
    const body = response.json();
    expect(body.user.login).toBe('grid_worker_a');
    expect(body.roles).toHaveLength(1);
    expect(body.roles[0].role).toBe('grid_worker');
    expect(body.roles[0].area.id).toEqual(expect.any(String));

    const cookie = cookieOf(response);
    const again = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);

    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie },
    });
    expect(after.statusCode).toBe(401);
    expect(problemOf(after).code).toBe('authentication-required');
  });

  it('gives handler one grant per department', async () => {
    const cookie = await t.signIn('handler');
    const body = (
      await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })
    ).json();
    expect(body.roles.length).toBeGreaterThan(5);
    for (const role of body.roles) {
      expect(role.role).toBe('handler');
      expect(role.department.id).toEqual(expect.any(String));
      expect(role.area).toBeUndefined();
    }
  });

  it('refuses a wrong password or unknown login alike, with problem+json', async () => {
    for (const payload of [
      { login: 'admin', password: 'wrong-password' },
      { login: 'nobody', password: 'demo-password' },
    ]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload });
      expect(response.statusCode).toBe(401);
      expect(problemOf(response).code).toBe('invalid-credentials');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('validates the sign-in body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { login: 'admin' },
    });
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors?.[0]?.field).toBe('/password');
  });

  it('ignores a forged cookie and refuses an unknown bearer token', async () => {
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { cookie: 'civicgrid_session=forged' },
    });
    expect(forged.statusCode).toBe(401);
    const bearer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/categories',
      headers: { authorization: 'Bearer nope' },
    });
    expect(bearer.statusCode).toBe(401);
    const malformed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/categories',
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.statusCode).toBe(401);
  });

  it('accepts the demo token as a bearer token', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { authorization: 'Bearer demo-open311-key' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.login).toBe('open311-client');
  });

  it('lets an admin create, use, list and revoke tokens; others may not', async () => {
    const admin = await t.signIn('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: admin },
      payload: { name: 'city portal' },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json();
    expect(token.secret).toMatch(/^cg_/);

    const used = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { authorization: `Bearer ${token.secret}` },
    });
    expect(used.json().user.login).toBe('admin');

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { cookie: admin },
    });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(token.id);
    expect(list.body).not.toContain(token.secret);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      headers: { cookie: admin },
    });
    expect(revoked.statusCode).toBe(204);
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/session',
      headers: { authorization: `Bearer ${token.secret}` },
    });
    expect(refused.statusCode).toBe(401);
    const twice = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      headers: { cookie: admin },
    });
    expect(twice.statusCode).toBe(404);

    const dispatcher = await t.signIn('dispatcher');
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: dispatcher },
      payload: { name: 'x' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(problemOf(forbidden).code).toBe('forbidden');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/tokens' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lets an admin create users only inside its scope, and lists them by scope', async () => {
    const admin = await t.signIn('admin');
    const cells = (
      await t.app.inject({ method: 'GET', url: '/api/v1/areas?level=grid&limit=2' })
    ).json().items;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: {
        login: 'new_worker',
        password: 'a-long-password',
        roles: [{ role: 'grid_worker', area: cells[0].code }],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().roles[0].area.code).toBe(cells[0].code);

    const signedIn = await t.signIn('new_worker', 'a-long-password');
    expect(signedIn).toMatch(/^civicgrid_session=/);

    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: { login: 'new_worker', password: 'a-long-password', roles: [] },
    });
    expect(duplicate.statusCode).toBe(409);

    const badShape = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: {
        login: 'bad_shape',
        password: 'a-long-password',
        roles: [{ role: 'handler', area: cells[0].code }],
      },
    });
    expect(badShape.statusCode).toBe(400);
    expect(problemOf(badShape).errors?.[0]?.field).toBe('/grants/0/department');

    const users = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie: admin },
    });
    const logins = users.json().items.map((u: { login: string }) => u.login);
    expect(logins).toEqual(
      expect.arrayContaining(['admin', 'dispatcher', 'grid_worker_a', 'handler', 'new_worker']),
    );
    expect(logins).not.toContain('open311-client');
    expect(users.body).not.toMatch(/password/i);
  });
});
