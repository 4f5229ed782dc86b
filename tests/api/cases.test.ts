import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];
const inCellB = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.b,
) as (typeof DEMO_POINTS)[number];

describe.each(DIALECTS)('the case lifecycle through HTTP on %s', (dialect) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    for (const login of [
      'dispatcher',
      'handler',
      'grid_worker_a',
      'grid_worker_b',
      'supervisor',
      'auditor',
      'admin',
      'department_head',
    ]) {
      cookies[login] = await t.signIn(login);
    }
  });
  afterAll(() => t.close());

  async function act(login: string, id: string, body: Record<string, unknown>) {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions`,
      headers: { cookie: cookies[login] },
      payload: body,
    });
  }
  async function read(login: string, id: string) {
    return (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${id}`,
        headers: { cookie: cookies[login] },
      })
    ).json();
  }
  async function report(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: {
        category: 'C0104',
        description: 'The street light at the corner has been off for three nights.',
        lat: inCellA.lat,
        lon: inCellA.lon,
        address: 'Corner of Liu’an Road',
        attributes: { lamp_state: 'off' },
        ...extra,
      },
    });
  }

  it('takes a report from an anonymous resident through every step to a written answer', async () => {
    const created = await report({
      reporter: { name: 'Wang', phone: '+86 138 0000 0000', consent: true },
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({
      status: 'submitted',
      category: 'C0104',
      version: 1,
      stage: 'register',
    });
    expect(c.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(c.area.code).toBe(DEMO_GRID_CODES.a);
    expect(c.department.code).toBe('street-lighting');
    expect(Date.parse(c.deadlines.register.due)).toBeGreaterThan(Date.parse(c.createdAt));

    const tracked = (await t.app.inject(`/api/v1/track/${c.trackingCode.toLowerCase()}`)).json();
    expect(tracked.status).toBe('submitted');
    expect(JSON.stringify(tracked)).not.toMatch(/Wang|138 ?0000 ?0000/);

    let r = await act('dispatcher', c.id, {
      action: 'register',
      version: 1,
      note: 'Checked on the map',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'registered', version: 2, stage: 'dispatch' });
    expect(r.json().actions).toContain('dispatch');

    const handlerId = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/session',
        headers: { cookie: cookies.handler },
      })
    ).json().user.id;
    r = await act('dispatcher', c.id, {
      action: 'dispatch',
      version: 2,
      department: 'street-lighting',
      handler: handlerId,
      coDepartments: ['power-supply'],
    });
    expect(r.json()).toMatchObject({
      status: 'dispatched',
      stage: 'handle',
      handler: { id: handlerId },
    });
    expect(r.json().coDepartments.map((d: { code: string }) => d.code)).toEqual(['power-supply']);

    r = await act('handler', c.id, { action: 'accept', version: 3 });
    expect(r.json().status).toBe('in_progress');
    r = await act('handler', c.id, { action: 'resolve', version: 4, report: 'Replaced the lamp.' });
    expect(r.json()).toMatchObject({ status: 'resolved', stage: 'verify' });

    // The handler may not verify its own work; the grid worker finds it still dark: rework.
    expect(
      (await act('handler', c.id, { action: 'verify', version: 5, ok: true })).statusCode,
    ).toBe(403);
    r = await act('grid_worker_a', c.id, {
      action: 'verify',
      version: 5,
      ok: false,
      satisfaction: 'unsatisfied',
      note: 'Still dark',
    });
    expect(r.json()).toMatchObject({ status: 'dispatched', reworkCount: 1, stage: 'handle' });

    r = await act('handler', c.id, { action: 'accept', version: 6 });
    r = await act('handler', c.id, {
      action: 'resolve',
      version: 7,
      report: 'Replaced the cable too.',
    });
    r = await act('grid_worker_a', c.id, {
      action: 'verify',
      version: 8,
      ok: true,
      satisfaction: 'satisfied',
    });
    expect(r.json()).toMatchObject({
      status: 'verified',
      stage: 'answer',
      satisfaction: 'satisfied',
    });
    r = await act('dispatcher', c.id, {
      action: 'comment',
      version: 9,
      text: 'Thank you for reporting.',
      public: true,
    });
    r = await act('dispatcher', c.id, {
      action: 'close',
      version: 10,
      answer: 'The lamp and its cable were replaced on Monday.',
    });
    expect(r.json()).toMatchObject({
      status: 'closed',
      stage: null,
      answer: 'The lamp and its cable were replaced on Monday.',
    });
    expect(r.json().actions).toEqual(['comment']);

    const events = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${c.id}/events`,
        headers: { cookie: cookies.dispatcher },
      })
    ).json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'report',
      'register',
      'dispatch',
      'accept',
      'resolve',
      'verify',
      'accept',
      'resolve',
      'verify',
      'comment',
      'close',
    ]);
    expect(events[1].actor.name).toMatch(/Dispatcher/);

    const publicView = (await t.app.inject(`/api/v1/track/${c.trackingCode}`)).json();
    expect(publicView.status).toBe('closed');
    expect(publicView.answer).toMatch(/replaced/);
    expect(publicView.publicComments).toEqual([
      { text: 'Thank you for reporting.', at: expect.any(String) },
    ]);
    expect(publicView.steps.map((s: { status: string }) => s.status)).toContain('verified');
    expect(JSON.stringify(publicView)).not.toMatch(/Wang|138 ?0000 ?0000|Still dark|handler/i);

    const rated = await t.app.inject({
      method: 'POST',
      url: `/api/v1/track/${c.trackingCode}/rating`,
      payload: { satisfaction: 'neutral' },
    });
    expect(rated.statusCode).toBe(204);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/track/${c.trackingCode}/rating`,
      payload: { satisfaction: 'satisfied' },
    });
    expect(twice.statusCode).toBe(409);
    expect((await t.app.inject(`/api/v1/track/${c.trackingCode}`)).json().rated).toBe(true);

    const stats = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/stats/summary',
        headers: { cookie: cookies.supervisor },
      })
    ).json();
    expect(stats.closed).toBeGreaterThanOrEqual(1);
    expect(stats.reworkRate.numerator).toBeGreaterThanOrEqual(1);
    expect(stats.byCategory.C0104).toBeGreaterThanOrEqual(1);
    expect(stats.ratingRate.denominator).toBe(1);

    expect((await t.services.verifyAudit()).ok).toBe(true);
  });

  it('shows reporter contact only to roles that need it, and logs each showing', async () => {
    const c = (await report({ reporter: { phone: '13900000000', consent: true } })).json();
    const forDispatcher = await read('dispatcher', c.id);
    expect(forDispatcher.reporter.phone).toBe('13900000000');
    const forAuditor = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${c.id}`,
      headers: { cookie: cookies.auditor },
    });
    expect(forAuditor.statusCode).toBe(200);
    expect(forAuditor.json().reporter).toEqual({ anonymous: false, consent: true });
    const forAdmin = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${c.id}`,
      headers: { cookie: cookies.admin },
    });
    expect(forAdmin.statusCode).toBe(404);
    const log = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit/data-access?case=${c.id}`,
      headers: { cookie: cookies.auditor },
    });
    expect(log.statusCode).toBe(200);
    expect(log.json().items[0]).toMatchObject({ caseId: c.id, actorLogin: 'dispatcher' });
    const chain = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit/log?subjectType=case&subjectId=${c.id}`,
      headers: { cookie: cookies.auditor },
    });
    expect(chain.json().items.map((e: { action: string }) => e.action)).toEqual([
      'personal-data.read',
      'case.report',
    ]);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/audit/log',
          headers: { cookie: cookies.dispatcher },
        })
      ).statusCode,
    ).toBe(403);
    const list = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/cases',
        headers: { cookie: cookies.dispatcher },
      })
    ).json();
    expect(JSON.stringify(list)).not.toContain('13900000000');
  });

  it('refuses contact details without consent, unknown categories, groups and points outside every area', async () => {
    const cases = await t.services.stores.cases.count();
    const noConsent = await report({ reporter: { phone: '13900000000', consent: false } });
    expect(noConsent.statusCode).toBe(400);
    expect(problemOf(noConsent).errors?.[0]?.field).toBe('/reporter/consent');
    expect((await report({ category: 'nope' })).statusCode).toBe(400);
    expect(problemOf(await report({ category: 'C01' })).errors?.[0]?.message).toMatch(/group/);
    const outside = problemOf(await report({ lat: 10, lon: 10 }));
    expect(outside.errors?.[0]?.field).toBe('/lat');
    expect(problemOf(await report({ attributes: {} })).errors?.[0]?.field).toBe(
      '/attributes/lamp_state',
    );
    expect((await report({ channel: 'phone' })).statusCode).toBe(403);
    expect(await t.services.stores.cases.count()).toBe(cases);
  });

  it('returns the first answer to a retry with the same Idempotency-Key', async () => {
    const key = `retry-${dialect}-0001`;
    const first = await report({}, { 'idempotency-key': key });
    const second = await report({}, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    expect(second.json().trackingCode).toBe(first.json().trackingCode);
    const other = await report(
      { description: 'Something else entirely.' },
      { 'idempotency-key': key },
    );
    expect(other.statusCode).toBe(409);
  });

  it('lists possible duplicates nearby and links a rejected duplicate', async () => {
    const original = (await report()).json();
    // An anonymous reporter learns only that similar reports exist, not which.
    const anonymous = (await report({ description: 'Dark corner again' })).json();
    expect(anonymous.possibleDuplicates.length).toBeGreaterThan(0);
    for (const d of anonymous.possibleDuplicates) {
      expect(Object.keys(d).sort()).toEqual(['distanceM', 'status']);
    }
    // Staff who may read them see which cases they are.
    const again = (
      await report(
        { description: 'Light out at the same corner' },
        { cookie: cookies.dispatcher as string },
      )
    ).json();
    expect(again.possibleDuplicates.map((d: { id: string }) => d.id)).toContain(original.id);
    const r = await act('dispatcher', again.id, {
      action: 'reject',
      version: 1,
      reason: 'Duplicate',
      duplicateOf: original.id,
    });
    expect(r.json()).toMatchObject({ status: 'rejected', duplicateOf: original.id });
    const notClosed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/track/${again.trackingCode}/rating`,
      payload: { satisfaction: 'satisfied' },
    });
    expect(notClosed.statusCode).toBe(422);
    const tracked = (await t.app.inject(`/api/v1/track/${again.trackingCode}`)).json();
    expect(tracked).toMatchObject({
      status: 'rejected',
      rejectedBecause: 'Duplicate',
      duplicateOf: original.trackingCode,
    });
  });

  it('answers 409 to a stale version, 422 to a wrong state, 403 to a wrong role, 404 outside scope — and changes nothing', async () => {
    const c = (await report()).json();
    const stale = await act('dispatcher', c.id, { action: 'register', version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(problemOf(stale).code).toBe('stale-version');
    const wrongState = await act('dispatcher', c.id, { action: 'close', version: 1, answer: 'x' });
    expect(wrongState.statusCode).toBe(422);
    expect(problemOf(wrongState).code).toBe('invalid-transition');
    const wrongRole = await act('grid_worker_a', c.id, { action: 'register', version: 1 });
    expect(wrongRole.statusCode).toBe(403);
    const outOfScope = await act('grid_worker_b', c.id, {
      action: 'comment',
      version: 1,
      text: 'hi',
    });
    expect(outOfScope.statusCode).toBe(404);
    const missingField = await act('dispatcher', c.id, { action: 'reject', version: 1 });
    expect(missingField.statusCode).toBe(400);
    expect(problemOf(missingField).errors?.[0]?.field).toBe('/reason');
    const after = await read('dispatcher', c.id);
    expect(after).toMatchObject({ status: 'submitted', version: 1 });
    const events = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${c.id}/events`,
        headers: { cookie: cookies.dispatcher },
      })
    ).json();
    expect(events.items).toHaveLength(1);
  });

  it('lets exactly one of 50 concurrent conflicting steps win', async () => {
    const c = (await report()).json();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        act('dispatcher', c.id, { action: 'comment', version: 1, text: `attempt ${i}` }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((s) => s === 200)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(49);
    expect((await read('dispatcher', c.id)).version).toBe(2);
    expect((await t.services.verifyAudit()).ok).toBe(true);
  });

  it('filters lists and reads by scope', async () => {
    const a = (await report()).json();
    const b = (await report({ lat: inCellB.lat, lon: inCellB.lon })).json();
    const listA = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/cases?limit=200',
        headers: { cookie: cookies.grid_worker_a },
      })
    ).json();
    const idsA = listA.items.map((i: { id: string }) => i.id);
    expect(idsA).toContain(a.id);
    expect(idsA).not.toContain(b.id);
    for (const item of listA.items) expect(item.area.code).toBe(DEMO_GRID_CODES.a);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/cases/${b.id}`,
          headers: { cookie: cookies.grid_worker_a },
        })
      ).statusCode,
    ).toBe(404);
    const all = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/cases?limit=200',
        headers: { cookie: cookies.dispatcher },
      })
    ).json();
    expect(all.items.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining([a.id, b.id]),
    );
    expect((await t.app.inject('/api/v1/cases')).statusCode).toBe(401);
  });

  it('filters by status, category, area and text, with cursor paging', async () => {
    const unique = `zebra-crossing-${dialect}`;
    const c = (await report({ description: `Paint gone at the ${unique} near school` })).json();
    const byText = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases?q=${unique}`,
        headers: { cookie: cookies.dispatcher },
      })
    ).json();
    expect(byText.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    const short = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases?q=${encodeURIComponent('ze')}`,
        headers: { cookie: cookies.dispatcher },
      })
    ).json();
    expect(short.items.map((i: { id: string }) => i.id)).toContain(c.id);
    const byStatus = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/cases?status=closed',
        headers: { cookie: cookies.dispatcher },
      })
    ).json();
    for (const item of byStatus.items) expect(item.status).toBe('closed');
    const byCategory = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/cases?category=C01',
        headers: { cookie: cookies.dispatcher },
      })
    ).json();
    for (const item of byCategory.items) expect(item.category.startsWith('C01')).toBe(true);
    const byArea = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases?area=${DEMO_GRID_CODES.b}`,
        headers: { cookie: cookies.dispatcher },
      })
    ).json();
    for (const item of byArea.items) expect(item.area.code).toBe(DEMO_GRID_CODES.b);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          headers: { cookie: cookies.dispatcher },
        })
      ).json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases?status=nonsense',
      headers: { cookie: cookies.dispatcher },
    });
    expect(bad.statusCode).toBe(400);
  });
});
