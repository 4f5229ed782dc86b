/**
 * GET /api/v1/stats/departments on both dialects: after a lifecycle with re-dispatch,
 * a deadline run overdue, rework, suspension and closure, the department figures read
 * from the counters equal a recount from the cases and their timelines; an area-scoped
 * user sees the figures of its own subtree only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const inCell = (code: string) =>
  DEMO_POINTS.find((p) => p.expectedCode === code) as (typeof DEMO_POINTS)[number];

/**
 * A clock the test moves forward, so handling stages run overdue. It starts at a fixed
 * instant (a Monday morning in Asia/Shanghai, inside working hours), so which stages
 * are overdue after the jump does not depend on the hour the test runs at.
 */
const START = Date.parse(process.env.DEPT_TEST_START ?? '2026-11-30T02:00:00Z');
const BOOT = Date.now();
const clock = {
  offsetMs: 0,
  now: () => new Date(START + (Date.now() - BOOT) + clock.offsetMs),
};
const DAY = 86_400_000;

/** Figures compared with the recount. */
interface Recount {
  assigned: number;
  coAssigned: number;
  resolved: number;
  closed: number;
  onTime: number;
  late: number;
  due: number;
  rework: number;
  verifyOk: number;
  satisfied: number;
  rated: number;
  overdueHandle: number;
  open: number;
  overdueOpen: number;
  coOpen: number;
}

const emptyRecount = (): Recount => ({
  assigned: 0,
  coAssigned: 0,
  resolved: 0,
  closed: 0,
  onTime: 0,
  late: 0,
  due: 0,
  rework: 0,
  verifyOk: 0,
  satisfied: 0,
  rated: 0,
  overdueHandle: 0,
  open: 0,
  overdueOpen: 0,
  coOpen: 0,
});

const DISPATCHED = ['dispatched', 'in_progress', 'resolved', 'verified'];

describe.each(DIALECTS)('GET /api/v1/stats/departments on %s', (dialect) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const versions = new Map<string, number>();
  let handlerId = '';
  const logins = ['dispatcher', 'handler', 'grid_worker_a', 'grid_worker_b', 'supervisor'];

  beforeAll(async () => {
    clock.offsetMs = 0;
    t = await createTestApp(dialect, { seed: 'demo', clock });
    await signInAll();
    handlerId = (
      await t.app.inject({ url: '/api/v1/session', headers: { cookie: cookies.handler } })
    ).json().user.id;
  });
  afterAll(() => t.close());

  async function signInAll() {
    for (const login of logins) cookies[login] = await t.signIn(login);
  }

  async function report(cell: string, category = 'C0104'): Promise<string> {
    const point = inCell(cell);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        category,
        description: 'Something in the street needs the city’s attention soon.',
        lat: point.lat,
        lon: point.lon,
        attributes: category === 'C0104' ? { lamp_state: 'off' } : {},
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    versions.set(r.json().id, r.json().version);
    return r.json().id;
  }

  async function act(login: string, id: string, body: Record<string, unknown>) {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions`,
      headers: { cookie: cookies[login] },
      payload: { ...body, version: versions.get(id) },
    });
    expect(r.statusCode, `${String(body.action)}: ${r.body}`).toBe(200);
    versions.set(id, r.json().version);
  }

  async function refreshVersion(id: string) {
    const r = await t.app.inject({
      url: `/api/v1/cases/${id}`,
      headers: { cookie: cookies.dispatcher },
    });
    versions.set(id, r.json().version);
  }

  async function departments(login: string, query = '') {
    const today = new Date(clock.now().getTime()).toISOString().slice(0, 10);
    const from = new Date(clock.now().getTime() - clock.offsetMs - 3 * DAY)
      .toISOString()
      .slice(0, 10);
    const to = new Date(Date.parse(today) + 3 * DAY).toISOString().slice(0, 10);
    return t.app.inject({
      url: `/api/v1/stats/departments?from=${from}&to=${to}${query}`,
      headers: { cookie: cookies[login] },
    });
  }

  /**
   * Recounts every department's figures from the cases (gauges) and their timelines
   * (counters), for the cases located in `locatedIn` (all when undefined). A handling
   * stage counts as late when the sweeper marked it overdue before the resolution (the
   * test runs the sweeper before every late resolution).
   */
  async function recount(locatedIn?: string): Promise<Map<string, Recount>> {
    const k = t.test.db.kysely;
    let casesQuery = k.selectFrom('cases').selectAll();
    if (locatedIn) casesQuery = casesQuery.where('located_area_id', '=', locatedIn);
    const cases = await casesQuery.execute();
    const co = await k
      .selectFrom('case_departments')
      .select(['case_id', 'department_id'])
      .where('role', '=', 'co')
      .execute();
    const out = new Map<string, Recount>();
    const of = (id: string) => {
      let r = out.get(id);
      if (!r) out.set(id, (r = emptyRecount()));
      return r;
    };
    for (const c of cases) {
      const working = c.status === 'suspended' ? c.suspended_from : c.status;
      if (c.department_id && working && DISPATCHED.includes(working)) {
        of(c.department_id).open++;
        if (c.stage === 'handle' && Number(c.stage_overdue) === 1)
          of(c.department_id).overdueOpen++;
        for (const row of co.filter((x) => x.case_id === c.id)) of(row.department_id).coOpen++;
      }
      const events = await k
        .selectFrom('case_events')
        .selectAll()
        .where('case_id', '=', c.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      let lead: string | null = null;
      let coNow: string[] = [];
      let due = false;
      let handleOverdue = false;
      for (const e of events) {
        const d = JSON.parse(e.details) as Record<string, unknown>;
        if (e.action === 'dispatch') {
          const dept = d.departmentId as string;
          const first = e.from_status === 'registered';
          if (first || dept !== lead) {
            of(dept).assigned++;
            if (due) of(dept).due++;
          }
          if (first) handleOverdue = false;
          const coIds = d.coDepartmentIds as string[];
          for (const x of coIds) if (first || !coNow.includes(x)) of(x).coAssigned++;
          lead = dept;
          coNow = coIds;
        } else if (!lead) {
          continue;
        } else if (e.action === 'overdue' && d.stage === 'handle') {
          of(lead).overdueHandle++;
          handleOverdue = true;
          if (!due) of(lead).due++;
          due = true;
        } else if (e.action === 'resolve') {
          of(lead).resolved++;
          if (handleOverdue) of(lead).late++;
          else of(lead).onTime++;
          if (!due) of(lead).due++;
          due = true;
        } else if (e.action === 'verify') {
          if (d.ok) of(lead).verifyOk++;
          else {
            of(lead).rework++;
            handleOverdue = false;
          }
          if (d.satisfaction) of(lead).rated++;
          if (d.satisfaction === 'satisfied') of(lead).satisfied++;
        } else if (e.action === 'close') {
          of(lead).closed++;
        }
      }
    }
    return out;
  }

  /** The API's figures in the recount's shape, by department id. */
  function asRecount(body: {
    departments: {
      department: { id: string };
      assigned: number;
      coAssigned: number;
      resolved: number;
      closed: number;
      onTimeRate: { numerator: number; denominator: number };
      closureRate: { numerator: number; denominator: number };
      reworkRate: { numerator: number; denominator: number };
      satisfactionRate: { numerator: number; denominator: number };
      overdueHandle: number;
      open: number;
      overdueOpen: number;
      coOpen: number;
    }[];
  }): Map<string, Recount> {
    return new Map(
      body.departments.map((f) => [
        f.department.id,
        {
          assigned: f.assigned,
          coAssigned: f.coAssigned,
          resolved: f.resolved,
          closed: f.closed,
          onTime: f.onTimeRate.numerator,
          late: f.onTimeRate.denominator - f.onTimeRate.numerator,
          due: f.closureRate.denominator,
          rework: f.reworkRate.numerator,
          verifyOk: f.reworkRate.denominator - f.reworkRate.numerator,
          satisfied: f.satisfactionRate.numerator,
          rated: f.satisfactionRate.denominator,
          overdueHandle: f.overdueHandle,
          open: f.open,
          overdueOpen: f.overdueOpen,
          coOpen: f.coOpen,
        },
      ]),
    );
  }

  /** Drops departments whose recounted figures are all zero (the API leaves them out). */
  const nonEmpty = (m: Map<string, Recount>) =>
    new Map([...m].filter(([, r]) => Object.values(r).some((n) => n !== 0)));

  it('equals a recount from cases after re-dispatch, overdue, rework, suspension and closure', async () => {
    const a = DEMO_GRID_CODES.a;
    const b = DEMO_GRID_CODES.b;
    // In cell B: dispatched, handled on time, closed at once.
    const quick = await report(b, 'E0101');
    await act('dispatcher', quick, { action: 'register' });
    await act('dispatcher', quick, { action: 'dispatch', department: 'sanitation' });
    await act('handler', quick, { action: 'accept' });
    await act('handler', quick, { action: 'resolve', report: 'Swept.' });
    await act('grid_worker_b', quick, { action: 'verify', ok: true, satisfaction: 'neutral' });
    await act('dispatcher', quick, { action: 'close', answer: 'Swept the same day.' });
    // In cell B: dispatched, then suspended for good.
    const parked = await report(b, 'E0103');
    await act('dispatcher', parked, { action: 'register' });
    await act('dispatcher', parked, { action: 'dispatch', department: 'urban-management' });
    await act('dispatcher', parked, { action: 'suspend', reason: 'Court order pending' });
    // In cell A: the long one, and one left open; and a report nobody registered.
    const long = await report(a);
    await act('dispatcher', long, { action: 'register' });
    await act('dispatcher', long, {
      action: 'dispatch',
      department: 'street-lighting',
      coDepartments: ['power-supply'],
    });
    const left = await report(a);
    await act('dispatcher', left, { action: 'register' });
    await act('dispatcher', left, { action: 'dispatch', department: 'street-lighting' });
    await report(a);

    // Before any handling: the report step adds no department rows.
    expect(nonEmpty(await recount())).toEqual(asRecount((await departments('supervisor')).json()));

    // Ten days later the sweeper marks the handling stages overdue (and escalates them by
    // policy to the community: counted where they were located all the same).
    clock.offsetMs = 10 * DAY;
    await signInAll();
    expect((await t.services.sweeper.run()).marked).toBeGreaterThanOrEqual(2);
    for (const id of [long, left, parked]) await refreshVersion(id);

    // Re-dispatched to the co-handling department, which now leads (overdue moves along).
    await act('dispatcher', long, {
      action: 'dispatch',
      department: 'power-supply',
      handler: handlerId,
    });
    await act('handler', long, { action: 'accept' });
    await act('dispatcher', long, { action: 'suspend', reason: 'Waiting for a cable' });
    await act('dispatcher', long, { action: 'resume' });
    await act('handler', long, { action: 'resolve', report: 'Replaced the lamp.' });
    await act('dispatcher', long, { action: 'verify', ok: false, satisfaction: 'unsatisfied' });
    await act('handler', long, { action: 'accept' });
    await act('handler', long, { action: 'resolve', report: 'Replaced the cable too.' });
    await act('dispatcher', long, { action: 'verify', ok: true, satisfaction: 'satisfied' });
    await act('dispatcher', long, { action: 'close', answer: 'The lamp works again.' });

    const response = await departments('supervisor');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const expected = nonEmpty(await recount());
    expect(asRecount(body)).toEqual(expected);

    // Spot checks that the lifecycle did what the recount says.
    const byCode = new Map(
      body.departments.map((f: { department: { code: string } }) => [f.department.code, f]),
    );
    expect(byCode.get('street-lighting')).toMatchObject({
      assigned: 2,
      open: 1,
      overdueOpen: 1,
      overdueHandle: 2,
      closureRate: { numerator: 0, denominator: 2 },
    });
    expect(byCode.get('power-supply')).toMatchObject({
      assigned: 1,
      coAssigned: 1,
      resolved: 2,
      closed: 1,
      open: 0,
      onTimeRate: { numerator: 1, denominator: 2 },
      reworkRate: { rate: 0.5, numerator: 1, denominator: 2 },
      closureRate: { rate: 1, numerator: 1, denominator: 1 },
    });
    expect(byCode.get('urban-management')).toMatchObject({ assigned: 1, open: 1 });
    expect(byCode.get('sanitation')).toMatchObject({
      closed: 1,
      satisfactionRate: { rate: 0, numerator: 0, denominator: 1 },
      onTimeRate: { rate: 1 },
    });
    // Ranked by on-time handling: sanitation (1) before power-supply (0.5); no handling done, no rank.
    expect(body.rankBy).toBe('onTimeRate');
    expect(
      body.departments.map((f: { department: { code: string }; rank: number | null }) => [
        f.department.code,
        f.rank,
      ]),
    ).toEqual([
      ['sanitation', 1],
      ['power-supply', 2],
      ['street-lighting', null],
      ['urban-management', null],
    ]);
    expect(body.departments[0].department.nameEn).toBeTruthy();

    // The area's own indicators are untouched by department metrics.
    const summary = await t.app.inject({
      url: '/api/v1/stats/summary',
      headers: { cookie: cookies.supervisor },
    });
    expect(summary.json().closed).toBeGreaterThanOrEqual(1);

    // Ranked by what is asked.
    const byOverdue = (await departments('supervisor', '&rankBy=overdueOpen')).json();
    expect(byOverdue.rankBy).toBe('overdueOpen');
    expect(byOverdue.departments.at(-1).department.code).toBe('street-lighting');
  });

  it('shows an area-scoped user the figures of its own subtree only', async () => {
    const cellA = (
      await t.app.inject({
        url: `/api/v1/stats/summary?area=${DEMO_GRID_CODES.a}`,
        headers: { cookie: cookies.supervisor },
      })
    ).json().area.id;
    const own = await departments('grid_worker_a');
    expect(own.statusCode).toBe(200);
    expect(own.json().area.code).toBe(DEMO_GRID_CODES.a);
    expect(asRecount(own.json())).toEqual(nonEmpty(await recount(cellA)));
    const codes = own
      .json()
      .departments.map((f: { department: { code: string } }) => f.department.code);
    expect(codes).not.toContain('sanitation');
    expect(codes).not.toContain('urban-management');

    const outside = await departments('grid_worker_a', `&area=${DEMO_GRID_CODES.b}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.headers['content-type']).toContain('application/problem+json');
    const handler = await departments('handler');
    expect(handler.statusCode).toBe(403);
    expect((await t.app.inject('/api/v1/stats/departments')).statusCode).toBe(401);
  });

  it('refuses a bad ranking or period with a problem naming the field', async () => {
    const bad = await departments('supervisor', '&rankBy=fastest');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toContain('rankBy');
    const period = await t.app.inject({
      url: '/api/v1/stats/departments?from=2026-03-10&to=2026-03-01',
      headers: { cookie: cookies.supervisor },
    });
    expect(period.statusCode).toBe(400);
    expect(period.body).toContain('/from');
  });
});
