import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];
const minutes = { register: 30, dispatch: 60, handle: 600, verify: 120, answer: 240 };

describe.each(DIALECTS)('SLA policies, calendar and routing overrides on %s', (dialect) => {
  let t: TestApp;
  let admin: string;
  let dispatcher: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    admin = await t.signIn('admin');
    dispatcher = await t.signIn('dispatcher');
  });
  afterAll(() => t.close());

  const put = (url: string, cookie: string, payload: object) =>
    t.app.inject({ method: 'PUT', url, headers: { cookie }, payload });
  const report = (category: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        category,
        description: 'Rubbish piled at the gate',
        lat: inCellA.lat,
        lon: inCellA.lon,
      },
    });

  it('lets an admin set a category policy that new reports follow, audited', async () => {
    expect(
      (
        await put('/api/v1/sla-policies', dispatcher, {
          category: 'E0101',
          priority: 'normal',
          minutes,
          escalateAfterOverdueMinutes: null,
        })
      ).statusCode,
    ).toBe(403);
    const saved = await put('/api/v1/sla-policies', admin, {
      category: 'E01',
      priority: 'normal',
      minutes,
      escalateAfterOverdueMinutes: 60,
    });
    expect(saved.statusCode).toBe(204);
    const list = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/sla-policies',
        headers: { cookie: dispatcher },
      })
    ).json();
    expect(list.items).toEqual([
      expect.objectContaining({ category: 'E01', priority: 'normal', minutes }),
    ]);
    expect(list.builtIn).toHaveLength(4);

    const c = (await report('E0101')).json();
    const due = Date.parse(c.deadlines.register.due);
    const created = Date.parse(c.createdAt);
    // 30 working minutes: at least 30 minutes later, and never the built-in 120 working minutes at 09:00–18:00 on a working day.
    expect(due - created).toBeGreaterThanOrEqual(30 * 60_000);
    const audit = (await t.services.stores.audit.list({ subjectType: 'config', limit: 10 }))[0];
    expect(audit?.action).toBe('config.sla-policy');
  });

  it('refuses bad policies and changes nothing', async () => {
    const bad = await put('/api/v1/sla-policies', admin, {
      category: 'nope',
      priority: 'normal',
      minutes: { ...minutes, handle: 0 },
      escalateAfterOverdueMinutes: null,
    });
    expect(bad.statusCode).toBe(400);
    const fields = problemOf(bad).errors?.map((e) => e.field) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['/minutes/handle']));
    const unknown = await put('/api/v1/sla-policies', admin, {
      category: 'nope',
      priority: 'normal',
      minutes,
      escalateAfterOverdueMinutes: null,
    });
    expect(problemOf(unknown).errors?.[0]?.field).toBe('/category');
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/sla-policies', headers: { cookie: admin } })
    ).json();
    expect(list.items).toHaveLength(1);
  });

  it('keeps the demo holidays and replaces a range of them', async () => {
    const calendar = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/calendar',
        headers: { cookie: dispatcher },
      })
    ).json();
    expect(calendar).toMatchObject({
      timeZone: 'Asia/Shanghai',
      workDays: '1-5',
      hours: '09:00-18:00',
    });
    expect(calendar.days.map((d: { date: string }) => d.date)).toContain('2026-10-01');
    const saved = await put('/api/v1/calendar/days', admin, {
      from: '2027-01-01',
      to: '2027-12-31',
      days: [
        { date: '2027-01-01', kind: 'holiday', name: 'New Year' },
        { date: '2027-02-06', kind: 'workday' },
      ],
    });
    expect(saved.statusCode).toBe(204);
    const after = (
      await t.app.inject({ method: 'GET', url: '/api/v1/calendar', headers: { cookie: admin } })
    ).json();
    expect(after.days.filter((d: { date: string }) => d.date.startsWith('2027'))).toHaveLength(2);
    const twice = await put('/api/v1/calendar/days', admin, {
      from: '2027-01-01',
      to: '2027-12-31',
      days: [
        { date: '2027-01-01', kind: 'holiday' },
        { date: '2027-01-01', kind: 'workday' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    const outside = await put('/api/v1/calendar/days', admin, {
      from: '2027-01-01',
      to: '2027-01-31',
      days: [{ date: '2027-03-01', kind: 'holiday' }],
    });
    expect(problemOf(outside).errors?.[0]?.field).toBe('/days/0/date');
  });

  it('routes a category to another department inside an area', async () => {
    expect((await report('E0102')).json().department.code).toBe('sanitation');
    const saved = await put('/api/v1/routing-rules', admin, {
      area: DEMO_GRID_CODES.a,
      category: 'E01',
      department: 'urban-management',
    });
    expect(saved.statusCode).toBe(204);
    expect((await report('E0102')).json().department.code).toBe('urban-management');
    const rules = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/routing-rules',
        headers: { cookie: dispatcher },
      })
    ).json();
    expect(rules.items).toEqual([
      expect.objectContaining({
        area: DEMO_GRID_CODES.a,
        areaNameEn: expect.any(String),
        category: 'E01',
        department: 'urban-management',
      }),
    ]);
    const bad = await put('/api/v1/routing-rules', admin, {
      area: 'x',
      category: 'y',
      department: 'z',
    });
    expect(problemOf(bad).errors).toHaveLength(3);
  });

  it('removes a routing override, audited; the default department applies again', async () => {
    await put('/api/v1/routing-rules', admin, {
      area: DEMO_GRID_CODES.a,
      category: 'E01',
      department: 'urban-management',
    });
    expect((await report('E0102')).json().department.code).toBe('urban-management');
    const remove = (cookie: string, area: string, category: string) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/v1/routing-rules?area=${area}&category=${category}`,
        headers: { cookie },
      });
    expect((await remove(dispatcher, DEMO_GRID_CODES.a, 'E01')).statusCode).toBe(403);
    const unknown = await remove(admin, 'nowhere', 'nothing');
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown).errors?.map((e) => e.field)).toEqual(['/area', '/category']);

    expect((await remove(admin, DEMO_GRID_CODES.a, 'E01')).statusCode).toBe(204);
    expect((await report('E0102')).json().department.code).toBe('sanitation');
    const audit = (await t.services.stores.audit.list({ subjectType: 'config', limit: 1 }))[0];
    expect(audit?.action).toBe('config.routing-rule-removed');
    expect(audit?.subjectId).toBe(`${DEMO_GRID_CODES.a}:E01`);

    // Gone: a second removal finds nothing, and writes no audit entry.
    const again = await remove(admin, DEMO_GRID_CODES.a, 'E01');
    expect(again.statusCode).toBe(404);
    expect((await t.services.stores.audit.list({ subjectType: 'config', limit: 1 }))[0]?.seq).toBe(
      audit?.seq,
    );
  });
});
