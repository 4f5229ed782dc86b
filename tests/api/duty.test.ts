/**
 * The duty roster through HTTP, on both dialects: a grid leader plans shifts with an
 * officer on duty and a cover (dispatchers and grid leaders: those who register a report),
 * the roster shows them and its gaps, an urgent report reaches the officer and the cover
 * who can still act on it (or, in a gap, every dispatcher and grid leader),
 * refusals change nothing, ended shifts stay as they were, and concurrent edits or
 * overlapping plans never both win.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createTestApp, problemOf, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const inCell = (code: string) =>
  DEMO_POINTS.find((p) => p.expectedCode === code) as (typeof DEMO_POINTS)[number];
const HOUR = 3_600_000;

interface ShiftView {
  id: string;
  area: { id: string; code: string };
  startsAt: string;
  endsAt: string;
  primary: { id: string; displayName: string; active: boolean };
  backup: { id: string; displayName: string; active: boolean } | null;
  note: string | null;
  version: number;
  editable: boolean;
}

describe.each(DIALECTS)('the duty roster on %s', (dialect) => {
  let t: TestApp;
  let nowMs = Date.UTC(2026, 11, 8, 2, 0, 0);
  const at = (hours: number) => new Date(nowMs + hours * HOUR).toISOString();
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo', clock: { now: () => new Date(nowMs) } });
    for (const login of [
      'admin',
      'grid_leader',
      'dispatcher',
      'grid_worker_a',
      'grid_worker_b',
      'handler',
    ]) {
      cookies[login] = await t.signIn(login);
      ids[login] = (await t.services.stores.users.findByLogin(login))?.id as string;
    }
    // A second grid leader, of cell A only: the officer on duty in these tests, so that
    // who hears of an urgent report on duty differs from who hears of it in a gap.
    const created = await call('POST', '/api/v1/users', 'admin', {
      login: 'watch_a',
      displayName: 'Watch A 值班网格长',
      password: 'demo-password',
      roles: [{ role: 'grid_leader', area: DEMO_GRID_CODES.a }],
    });
    expect(created.statusCode, created.body).toBe(201);
    ids.watch_a = created.json().id as string;
    cookies.watch_a = await t.signIn('watch_a');
  });
  afterAll(() => t.close());

  const call = (method: InjectOptions['method'], url: string, who?: string, payload?: object) =>
    t.app.inject({ method, url, headers: who ? { cookie: cookies[who] } : {}, payload });
  const roster = async (area: string, from: string, to: string, who = 'grid_leader') => {
    const response = await call(
      'GET',
      `/api/v1/duty-shifts?area=${area}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      who,
    );
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as {
      area: { code: string };
      items: ShiftView[];
      gaps: { startsAt: string; endsAt: string }[];
    };
  };
  const plan = (payload: object, who = 'grid_leader') =>
    call('POST', '/api/v1/duty-shifts', who, { area: DEMO_GRID_CODES.a, ...payload });
  const auditCount = async () =>
    (await t.services.stores.audit.list({ subjectType: 'duty_shift', limit: 1000 })).length;
  const urgentReport = async (code: string) => {
    const point = inCell(code);
    const response = await call('POST', '/api/v1/cases', undefined, {
      category: 'E0103',
      description: 'Smoke from the basement',
      priority: 'urgent',
      lat: point.lat,
      lon: point.lon,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const urgentRecipientsOf = async (caseId: string) => {
    const rows = await t.services.db.kysely
      .selectFrom('notifications')
      .select('user_id')
      .where('case_id', '=', caseId)
      .where('kind', '=', 'case.urgent')
      .execute();
    return rows.map((r) => r.user_id).sort();
  };

  it('lets a grid leader plan a shift with a cover over several days, shown with its gaps', async () => {
    const before = await auditCount();
    const response = await plan({
      startsAt: at(-1),
      endsAt: at(8),
      primaryUserId: ids.watch_a,
      backupUserId: ids.grid_leader,
      note: '  Day watch  ',
      repeatDays: 2,
    });
    expect(response.statusCode, response.body).toBe(201);
    const items = response.json().items as ShiftView[];
    expect(items.map((s) => [s.startsAt, s.endsAt])).toEqual([
      [at(-1), at(8)],
      [at(23), at(32)],
    ]);
    expect(items[0]).toMatchObject({
      area: { code: DEMO_GRID_CODES.a },
      primary: { id: ids.watch_a, active: true, mayStandDuty: true },
      backup: { id: ids.grid_leader },
      note: 'Day watch',
      version: 1,
      editable: true,
    });
    expect(await auditCount()).toBe(before + 1);

    const week = await roster(DEMO_GRID_CODES.a, at(-2), at(46));
    expect(week.items.map((s) => s.id)).toEqual(items.map((s) => s.id));
    expect(week.gaps).toEqual([
      { startsAt: at(-2), endsAt: at(-1) },
      { startsAt: at(8), endsAt: at(23) },
      { startsAt: at(32), endsAt: at(46) },
    ]);
    // A worker of the cell reads the roster but does not plan it.
    const read = await roster(DEMO_GRID_CODES.a, at(-2), at(46), 'grid_worker_a');
    expect(read.items.every((s) => !s.editable)).toBe(true);

    // The officer and the cover are told, once for the whole plan.
    const told = async (login: string) =>
      (
        (await call('GET', '/api/v1/notifications', login)).json().items as {
          kind: string;
          message: string;
        }[]
      ).filter((n) => n.kind.startsWith('duty.'));
    expect((await told('watch_a')).map((n) => n.kind)).toEqual(['duty.assigned']);
    expect((await told('watch_a'))[0]?.message).toMatch(/2 shifts from/);
    expect((await told('grid_leader')).map((n) => n.kind)).toEqual(['duty.cover']);
    expect(await told('dispatcher')).toEqual([]);

    const now = await call(
      'GET',
      `/api/v1/duty-shifts/now?area=${DEMO_GRID_CODES.a}`,
      'dispatcher',
    );
    expect(now.json().shift.id).toBe(items[0]?.id);
  });

  it('sends an urgent report to the officer on duty and the cover, and in a gap to every dispatcher and grid leader', async () => {
    const onShift = await urgentReport(DEMO_GRID_CODES.a);
    expect(await urgentRecipientsOf(onShift)).toEqual([ids.watch_a, ids.grid_leader].sort());
    const inbox = await call('GET', '/api/v1/notifications', 'watch_a');
    expect(inbox.json().items.some((n: { caseId: string }) => n.caseId === onShift)).toBe(true);

    // Cell B has no shift: the report goes to the dispatchers and grid leaders above it.
    const inGap = await urgentReport(DEMO_GRID_CODES.b);
    const gapRecipients = await urgentRecipientsOf(inGap);
    expect(gapRecipients).toContain(ids.dispatcher);
    expect(gapRecipients).not.toContain(ids.grid_worker_b);
  });

  it('refuses what breaks a rule, naming the field, and changes nothing', async () => {
    const later = await plan({
      startsAt: at(60),
      endsAt: at(62),
      primaryUserId: ids.watch_a,
    });
    expect(later.statusCode, later.body).toBe(201);
    const before = await auditCount();
    const shiftsBefore = (await roster(DEMO_GRID_CODES.a, at(-48), at(24 * 40))).items.length;
    const cases: [object, number, string | null][] = [
      [{ startsAt: at(2), endsAt: at(3), primaryUserId: ids.watch_a }, 409, null],
      [{ startsAt: at(50), endsAt: at(49), primaryUserId: ids.watch_a }, 400, '/endsAt'],
      [{ startsAt: at(50), endsAt: at(50 + 169), primaryUserId: ids.watch_a }, 400, '/endsAt'],
      [{ startsAt: at(-5), endsAt: at(-2), primaryUserId: ids.watch_a }, 400, '/endsAt'],
      [{ startsAt: at(50), endsAt: at(58), primaryUserId: ids.handler }, 400, '/primaryUserId'],
      // A grid worker verifies but does not register, so stands no duty, not even in its cell.
      [
        { startsAt: at(50), endsAt: at(58), primaryUserId: ids.grid_worker_a },
        400,
        '/primaryUserId',
      ],
      [
        {
          startsAt: at(50),
          endsAt: at(58),
          backupUserId: ids.grid_worker_a,
          primaryUserId: ids.watch_a,
        },
        400,
        '/backupUserId',
      ],
      // Nor one of another cell.
      [
        { startsAt: at(50), endsAt: at(58), primaryUserId: ids.grid_worker_b },
        400,
        '/primaryUserId',
      ],
      [
        {
          startsAt: at(50),
          endsAt: at(58),
          primaryUserId: ids.watch_a,
          backupUserId: ids.watch_a,
        },
        400,
        '/backupUserId',
      ],
      [{ startsAt: 'tomorrow', endsAt: at(58), primaryUserId: ids.watch_a }, 400, '/startsAt'],
      // 30 hours repeated daily overlaps itself.
      [{ startsAt: at(50), endsAt: at(80), primaryUserId: ids.watch_a, repeatDays: 2 }, 409, null],
      // The third day of the repetition meets the shift planned above.
      [{ startsAt: at(12), endsAt: at(14), primaryUserId: ids.watch_a, repeatDays: 3 }, 409, null],
      [
        {
          startsAt: at(50),
          endsAt: at(58),
          primaryUserId: ids.watch_a,
          area: 'no-such-area',
        },
        400,
        '/area',
      ],
    ];
    for (const [payload, status, field] of cases) {
      const response = await plan(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      if (field) expect(problemOf(response).errors?.map((e) => e.field)).toContain(field);
    }
    // Out of scope and without the role.
    const outside = await plan(
      {
        area: DEMO_GRID_CODES.b,
        startsAt: at(50),
        endsAt: at(58),
        primaryUserId: ids.grid_worker_b,
      },
      'grid_leader',
    );
    expect(outside.statusCode).toBe(403);
    const byDispatcher = await plan(
      { startsAt: at(50), endsAt: at(58), primaryUserId: ids.watch_a },
      'dispatcher',
    );
    expect(byDispatcher.statusCode).toBe(403);
    const window = await call(
      'GET',
      `/api/v1/duty-shifts?area=${DEMO_GRID_CODES.a}&from=${at(0)}&to=${at(24 * 63)}`,
      'grid_leader',
    );
    expect(problemOf(window).errors?.[0]?.field).toBe('/to');

    expect(await auditCount()).toBe(before);
    expect((await roster(DEMO_GRID_CODES.a, at(-48), at(24 * 40))).items).toHaveLength(
      shiftsBefore,
    );
  });

  it('keeps a running shift’s start, freezes ended shifts and deletes only future ones', async () => {
    const [running, tomorrow] = (await roster(DEMO_GRID_CODES.a, at(-2), at(46))).items as [
      ShiftView,
      ShiftView,
    ];
    const moved = await call('PATCH', `/api/v1/duty-shifts/${running.id}`, 'grid_leader', {
      version: running.version,
      startsAt: at(0),
    });
    expect(moved.statusCode).toBe(422);
    const deleted = await call(
      'DELETE',
      `/api/v1/duty-shifts/${running.id}?version=${running.version}`,
      'grid_leader',
    );
    expect(deleted.statusCode).toBe(422);
    // Swapping the officer mid-shift and ending it earlier are fine.
    const swapped = await call('PATCH', `/api/v1/duty-shifts/${running.id}`, 'grid_leader', {
      version: running.version,
      endsAt: at(6),
      primaryUserId: ids.dispatcher,
      backupUserId: null,
    });
    expect(swapped.statusCode, swapped.body).toBe(200);
    // The new officer hears of it.
    const dispatcherNotes = (await call('GET', '/api/v1/notifications', 'dispatcher')).json()
      .items as { kind: string }[];
    expect(dispatcherNotes.filter((n) => n.kind === 'duty.assigned')).toHaveLength(1);
    expect(swapped.json()).toMatchObject({
      endsAt: at(6),
      primary: { id: ids.dispatcher },
      backup: null,
      version: 2,
    });

    const stale = await call('PATCH', `/api/v1/duty-shifts/${running.id}`, 'grid_leader', {
      version: running.version,
      note: 'late',
    });
    expect(stale.statusCode).toBe(409);
    expect(problemOf(stale).type).toMatch(/stale-version$/);

    nowMs += 7 * HOUR;
    const ended = await call('PATCH', `/api/v1/duty-shifts/${running.id}`, 'grid_leader', {
      version: 2,
      note: 'after the fact',
    });
    expect(ended.statusCode).toBe(422);
    const view = (await roster(DEMO_GRID_CODES.a, at(-10), at(40))).items.find(
      (s) => s.id === running.id,
    );
    expect(view).toMatchObject({ note: 'Day watch', editable: false });

    const removed = await call(
      'DELETE',
      `/api/v1/duty-shifts/${tomorrow.id}?version=${tomorrow.version}`,
      'grid_leader',
    );
    expect(removed.statusCode).toBe(204);
    expect((await roster(DEMO_GRID_CODES.a, at(-10), at(40))).items.map((s) => s.id)).not.toContain(
      tomorrow.id,
    );
  });

  it('lets exactly one of 10 concurrent edits win, and one of 10 overlapping plans', async () => {
    const created = await plan({
      startsAt: at(100),
      endsAt: at(108),
      primaryUserId: ids.watch_a,
    });
    const shift = (created.json().items as ShiftView[])[0] as ShiftView;
    const edits = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('PATCH', `/api/v1/duty-shifts/${shift.id}`, 'grid_leader', {
          version: 1,
          note: `edit ${i}`,
        }),
      ),
    );
    expect(edits.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(edits.filter((r) => r.statusCode === 409)).toHaveLength(9);

    const plans = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        plan({ startsAt: at(200 + i), endsAt: at(220), primaryUserId: ids.watch_a }),
      ),
    );
    expect(plans.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(plans.filter((r) => r.statusCode === 409)).toHaveLength(9);
    expect((await roster(DEMO_GRID_CODES.a, at(195), at(230))).items).toHaveLength(1);
  });

  it('lists who may stand duty, and turns to the cover when the officer loses the role or the account', async () => {
    const candidates = await call(
      'GET',
      `/api/v1/duty-shifts/candidates?area=${DEMO_GRID_CODES.a}`,
      'grid_leader',
    );
    const names = (candidates.json().items as { id: string }[]).map((c) => c.id);
    expect(names).toEqual(expect.arrayContaining([ids.watch_a, ids.grid_leader, ids.dispatcher]));
    expect(names).not.toContain(ids.grid_worker_a);
    expect(names).not.toContain(ids.grid_worker_b);
    expect(names).not.toContain(ids.handler);

    const created = await plan({
      startsAt: at(0),
      endsAt: at(4),
      primaryUserId: ids.watch_a,
      backupUserId: ids.grid_leader,
    });
    expect(created.statusCode, created.body).toBe(201);
    const editUser = async (login: string, change: object) => {
      const account = await call('GET', `/api/v1/users/${ids[login]}`, 'admin');
      const edited = await call('PATCH', `/api/v1/users/${ids[login]}`, 'admin', {
        version: account.json().version,
        ...change,
      });
      expect(edited.statusCode, edited.body).toBe(200);
    };
    const editWatch = (change: object) => editUser('watch_a', change);
    // The officer's grant withdrawn after planning: it can no longer register, so only the
    // cover hears; given back, both do again.
    await editWatch({ roles: [{ role: 'grid_worker', area: DEMO_GRID_CODES.a }] });
    expect(await urgentRecipientsOf(await urgentReport(DEMO_GRID_CODES.a))).toEqual([
      ids.grid_leader,
    ]);
    // The roster says so, for the planner to replace them.
    const flagged = await call(
      'GET',
      `/api/v1/duty-shifts/now?area=${DEMO_GRID_CODES.a}`,
      'grid_leader',
    );
    expect(flagged.json().shift).toMatchObject({
      primary: { id: ids.watch_a, active: true, mayStandDuty: false },
      backup: { id: ids.grid_leader, active: true, mayStandDuty: true },
    });
    await editWatch({ roles: [{ role: 'grid_leader', area: DEMO_GRID_CODES.a }] });
    expect(await urgentRecipientsOf(await urgentReport(DEMO_GRID_CODES.a))).toEqual(
      [ids.watch_a, ids.grid_leader].sort(),
    );

    await editWatch({ active: false });
    const caseId = await urgentReport(DEMO_GRID_CODES.a);
    expect(await urgentRecipientsOf(caseId)).toEqual([ids.grid_leader]);
    const now = await call(
      'GET',
      `/api/v1/duty-shifts/now?area=${DEMO_GRID_CODES.a}`,
      'grid_leader',
    );
    expect(now.json().shift.primary).toMatchObject({
      id: ids.watch_a,
      active: false,
      mayStandDuty: false,
    });

    // With the cover's role withdrawn too nobody on the shift can act: it is passed by, the
    // area is in a gap, and the report reaches every dispatcher and grid leader left there.
    await editUser('grid_leader', { roles: [{ role: 'grid_worker', area: DEMO_GRID_CODES.a }] });
    const gap = await call(
      'GET',
      `/api/v1/duty-shifts/now?area=${DEMO_GRID_CODES.a}`,
      'dispatcher',
    );
    expect(gap.json()).toEqual({ shift: null });
    const inGap = await urgentRecipientsOf(await urgentReport(DEMO_GRID_CODES.a));
    expect(inGap).toContain(ids.dispatcher);
    expect(inGap).not.toContain(ids.grid_leader);
    expect(inGap).not.toContain(ids.watch_a);
  });
});
