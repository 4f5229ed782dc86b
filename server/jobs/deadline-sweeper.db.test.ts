import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../domain/cases/case.ts';
import { addClockMinutes, clockMinutesBetween } from '../domain/calendar/working-hours.ts';
import { DEFAULT_SLA } from '../domain/cases/deadlines.ts';
import type { Actor } from '../domain/org/scope.ts';
import { createCaseWriter } from '../services/case-writer.ts';
import { createServices, type Services } from '../services/container.ts';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../services/demo/demo-city.ts';
import { DEMO_PASSWORD } from '../services/seed-demo.ts';
import { createDeadlineSweeper } from './deadline-sweeper.ts';
import { testServiceConfig } from '../../tests/support/config.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../tests/support/databases.ts';

const MINUTE = 60_000;
/** Monday 2 March 2026, 10:00 in Asia/Shanghai (a working day, no demo holiday). */
const MONDAY_10 = new Date('2026-03-02T02:00:00Z');
/** Sunday 8 March 2026, 03:00 in Asia/Shanghai. */
const SUNDAY_03 = new Date('2026-03-07T19:00:00Z');

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];

const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE);

describe.each(DIALECTS)('the deadline sweeper on %s', (dialect) => {
  let test: TestDb;
  let current: Date;
  let services: Services;
  let dispatcher: Actor;
  let gridLeaderId: string;
  let area: { district: string; community: string; cell: string; cellPath: string[] };

  async function actorOf(login: string): Promise<Actor> {
    const { secret } = await services.signIn(login, DEMO_PASSWORD);
    const actor = await services.authenticate({ sessionSecret: secret });
    if (!actor) throw new Error(`no actor for ${login}`);
    return actor;
  }

  async function areaOf(code: string) {
    const found = await services.stores.areas.findByCode(code);
    if (!found) throw new Error(`no area ${code}`);
    return found;
  }

  async function report(category = 'C0104'): Promise<Case> {
    const result = await services.reportCase(
      {
        category,
        description: 'The street light at the corner has been off for three nights.',
        lat: inCellA.lat,
        lon: inCellA.lon,
        ...(category === 'C0104' ? { attributes: { lamp_state: 'off' } } : {}),
      },
      null,
      { present: () => ({}) },
    );
    return result.case;
  }

  async function reload(id: string): Promise<Case> {
    const c = await services.stores.cases.findById(id);
    if (!c) throw new Error(`no case ${id}`);
    return c;
  }

  async function notificationsOf(userId: string, kind: string, caseId: string) {
    return (
      await services.stores.notifications.listForUser(userId, { unreadOnly: false, limit: 100 })
    ).filter((n) => n.kind === kind && n.caseId === caseId);
  }

  async function runAt(when: Date) {
    current = when;
    return services.sweeper.run();
  }

  beforeEach(async () => {
    current = MONDAY_10;
    test = await createTestDb(dialect);
    services = createServices(test.db, testServiceConfig(), { clock: { now: () => current } });
    await services.locator.refresh();
    await services.seedDemo();
    dispatcher = await actorOf('dispatcher');
    gridLeaderId = (await actorOf('grid_leader')).userId;
    const cell = await areaOf(DEMO_GRID_CODES.a);
    const community = await areaOf(DEMO_GRID_CODES.a.split('-').slice(0, -1).join('-'));
    const district = await areaOf('990102');
    expect(cell.parentId).toBe(community.id);
    area = { district: district.id, community: community.id, cell: cell.id, cellPath: cell.path };
  });
  afterEach(() => test.drop());

  it('marks a normal case overdue once, after its working-hours register deadline', async () => {
    const c = await report();
    expect(c.priority).toBe('normal');
    expect(c.stage).toBe('register');
    // 120 working minutes from Monday 10:00 → Monday 12:00 (04:00Z).
    expect(c.stageDueAt).toBe('2026-03-02T04:00:00.000Z');

    expect(await runAt(at(MONDAY_10, 119))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect(await runAt(at(MONDAY_10, 120))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect((await reload(c.id)).stageOverdue).toBe(false);

    expect(await runAt(at(MONDAY_10, 121))).toEqual({ marked: 1, escalated: 0, skipped: 0 });
    expect(await runAt(at(MONDAY_10, 122))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect(await runAt(at(MONDAY_10, 240))).toEqual({ marked: 0, escalated: 0, skipped: 0 });

    const marked = await reload(c.id);
    expect(marked.stageOverdue).toBe(true);
    expect(marked.deadlines.register).toMatchObject({
      due: '2026-03-02T04:00:00.000Z',
      overdue: true,
      doneAt: null,
    });
    expect(marked.version).toBe(c.version + 1);
    expect(marked.status).toBe('submitted');
    expect(marked.areaId).toBe(area.cell);
    // Escalation is scheduled 1080 working minutes (two working days) after the due time:
    // Monday 12:00 + 6 h + 9 h + 3 h = Wednesday 12:00 local.
    expect(DEFAULT_SLA.normal.escalateAfterOverdueMinutes).toBe(1080);
    expect(marked.escalateAt).toBe('2026-03-04T04:00:00.000Z');

    const events = await services.stores.cases.listEvents(c.id);
    const overdue = events.filter((e) => e.kind === 'deadline' && e.action === 'overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({
      actorId: null,
      fromStatus: 'submitted',
      toStatus: 'submitted',
      public: false,
      details: { stage: 'register', due: '2026-03-02T04:00:00.000Z' },
    });

    expect(await notificationsOf(dispatcher.userId, 'case.overdue', c.id)).toHaveLength(1);
    expect(await notificationsOf(gridLeaderId, 'case.overdue', c.id)).toHaveLength(1);

    const audit = await services.stores.audit.list({
      subjectType: 'case',
      subjectId: c.id,
      limit: 50,
    });
    const overdueEntries = audit.filter((a) => a.action === 'case.overdue');
    expect(overdueEntries).toHaveLength(1);
    expect(overdueEntries[0]).toMatchObject({ actorId: null, actorLogin: 'system' });
    expect(await services.verifyAudit()).toMatchObject({ ok: true });

    const gauges = await services.stores.cases.readGauges(area.district);
    expect(gauges.get('overdue_open')).toBe(1);
    expect(gauges.get('open')).toBe(1);
    expect((await services.stores.cases.readGauges(area.cell)).get('overdue_open')).toBe(1);
    const counters = await services.stores.cases.sumCounters(
      area.district,
      '2026-03-01',
      '2026-03-31',
    );
    expect(counters.get('overdue_register')).toBe(1);

    const listed = await services.readCases.listCases({ overdue: true, limit: 50 }, dispatcher);
    expect(listed.items.map((i) => i.id)).toEqual([c.id]);
  });

  it('escalates an overdue case to the parent area once, by policy', async () => {
    const c = await report();
    expect(await runAt(at(MONDAY_10, 121))).toMatchObject({ marked: 1 });
    const marked = await reload(c.id);
    const escalateAt = new Date(marked.escalateAt ?? '');
    // Due Monday 12:00 + 1080 working minutes = Wednesday 12:00 local (04:00Z).
    expect(escalateAt.toISOString()).toBe('2026-03-04T04:00:00.000Z');

    expect(await runAt(at(escalateAt, -1))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect((await reload(c.id)).areaId).toBe(area.cell);

    expect(await runAt(at(escalateAt, 1))).toEqual({ marked: 0, escalated: 1, skipped: 0 });
    const escalated = await reload(c.id);
    expect(escalated).toMatchObject({
      areaId: area.community,
      areaPath: area.cellPath.slice(0, -1),
      locatedAreaId: area.cell,
      escalations: 1,
      escalateAt: null,
      stageOverdue: true,
      status: 'submitted',
      version: marked.version + 1,
    });

    const events = await services.stores.cases.listEvents(c.id);
    const escalations = events.filter((e) => e.kind === 'escalation');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({
      action: 'escalate',
      actorId: null,
      details: { byPolicy: true, fromAreaId: area.cell, toAreaId: area.community },
    });
    expect(await notificationsOf(dispatcher.userId, 'case.escalated', c.id)).toHaveLength(1);
    expect(await notificationsOf(gridLeaderId, 'case.escalated', c.id)).toHaveLength(1);
    const counters = await services.stores.cases.sumCounters(
      area.district,
      '2026-03-01',
      '2026-03-31',
    );
    expect(counters.get('escalated')).toBe(1);

    expect(await runAt(at(escalateAt, 2))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect(await runAt(at(escalateAt, 3 * 24 * 60))).toEqual({
      marked: 0,
      escalated: 0,
      skipped: 0,
    });
    const later = await reload(c.id);
    expect(later.version).toBe(escalated.version);
    expect(later.escalations).toBe(1);
    expect(later.areaId).toBe(area.community);
    expect((await services.stores.cases.readGauges(area.district)).get('overdue_open')).toBe(1);
    expect(await services.verifyAudit()).toMatchObject({ ok: true });
  });

  it('never marks a suspended case, and counts the time left from the resume', async () => {
    const c = await report();
    current = at(MONDAY_10, 60); // Monday 11:00: 60 working minutes left
    const suspended = await services.transitionCase(
      c.id,
      { action: 'suspend', reason: 'Waiting for the reporter to say which lamp', version: 1 },
      dispatcher,
    );
    expect(suspended.status).toBe('suspended');

    // Long past the original due time (Monday 12:00): still nothing to mark.
    expect(await runAt(at(MONDAY_10, 121))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    const tuesday10 = at(MONDAY_10, 24 * 60);
    expect(await runAt(tuesday10)).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect(await services.stores.cases.findDueStages(tuesday10, 10)).toEqual([]);
    expect((await reload(c.id)).stageOverdue).toBe(false);

    const resumed = await services.transitionCase(
      c.id,
      { action: 'resume', version: suspended.version },
      dispatcher,
    );
    expect(resumed.status).toBe('submitted');
    // Tuesday 10:00 + the 60 minutes left → Tuesday 11:00 local (03:00Z).
    expect(resumed.stageDueAt).toBe('2026-03-03T03:00:00.000Z');
    expect(resumed.deadlines.register?.due).toBe('2026-03-03T03:00:00.000Z');

    expect(await runAt(at(tuesday10, 59))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect(await runAt(at(tuesday10, 61))).toEqual({ marked: 1, escalated: 0, skipped: 0 });
    expect(await reload(c.id)).toMatchObject({ stageOverdue: true, version: resumed.version + 1 });
  });

  it('pauses the escalation clock of an overdue case while it is suspended', async () => {
    const c = await report();
    expect(await runAt(at(MONDAY_10, 121))).toMatchObject({ marked: 1 });
    const marked = await reload(c.id);
    const escalateAt = Date.parse(marked.escalateAt ?? '');

    // Suspended at Monday 13:00 with 17 working hours left before escalation; resumed on Wednesday.
    const suspendedAt = at(MONDAY_10, 180);
    current = suspendedAt;
    const suspended = await services.transitionCase(
      c.id,
      { action: 'suspend', reason: 'Waiting for the power company', version: marked.version },
      dispatcher,
    );
    const wednesday10 = at(MONDAY_10, 2 * 24 * 60);
    expect(await runAt(wednesday10)).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    const resumed = await services.transitionCase(
      c.id,
      { action: 'resume', version: suspended.version },
      dispatcher,
    );
    expect(resumed.stageOverdue).toBe(true);

    // SPEC: suspension pauses the clock — the suspended days do not count towards escalation:
    // the 1020 working minutes left at suspension run again from Wednesday 10:00.
    const calendar = (await services.reference.current()).calendar;
    const left = clockMinutesBetween(suspendedAt, new Date(escalateAt), 'working-hours', calendar);
    expect(left).toBe(1020);
    const due = addClockMinutes(wednesday10, left, 'working-hours', calendar);
    expect((await reload(c.id)).escalateAt).toBe(due.toISOString());
    expect(await runAt(at(wednesday10, 1))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect((await reload(c.id)).areaId).toBe(area.cell);
    expect(await runAt(at(due, -1))).toMatchObject({ escalated: 0 });
    expect(await runAt(at(due, 1))).toMatchObject({ escalated: 1 });
  });

  it('gives an urgent case 15 minutes on a 24×7 clock, even at 03:00 on a Sunday', async () => {
    current = SUNDAY_03;
    const c = await report('E0503');
    expect(c.priority).toBe('urgent');
    expect(c.stage).toBe('register');
    expect(c.stageDueAt).toBe(at(SUNDAY_03, 15).toISOString());

    const urgent = await notificationsOf(dispatcher.userId, 'case.urgent', c.id);
    expect(urgent).toHaveLength(1);
    expect(urgent[0]?.createdAt).toBe(SUNDAY_03.toISOString());
    expect(await notificationsOf(gridLeaderId, 'case.urgent', c.id)).toHaveLength(1);

    expect(await runAt(at(SUNDAY_03, 14))).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    expect(await runAt(at(SUNDAY_03, 16))).toEqual({ marked: 1, escalated: 0, skipped: 0 });
    const marked = await reload(c.id);
    expect(marked.stageOverdue).toBe(true);
    expect(marked.escalateAt).toBe(at(SUNDAY_03, 15 + 30).toISOString());
    expect(await notificationsOf(dispatcher.userId, 'case.overdue', c.id)).toHaveLength(1);

    expect(await runAt(at(SUNDAY_03, 46))).toEqual({ marked: 0, escalated: 1, skipped: 0 });
    expect((await reload(c.id)).areaId).toBe(area.community);
  });

  it('marks at most its batch limit per run and takes the rest on the next run', async () => {
    const reported = [await report(), await report(), await report()];
    const sweeper = createDeadlineSweeper({
      cases: services.stores.cases,
      notifications: services.stores.notifications,
      locator: services.locator,
      reference: services.reference,
      write: writerOf(services),
      clock: services.clock,
      batchLimit: 2,
    });
    expect(sweeper.batchLimit).toBe(2);
    current = at(MONDAY_10, 121);
    expect(await sweeper.run()).toEqual({ marked: 2, escalated: 0, skipped: 0 });
    expect(await sweeper.run()).toEqual({ marked: 1, escalated: 0, skipped: 0 });
    expect(await sweeper.run()).toEqual({ marked: 0, escalated: 0, skipped: 0 });
    for (const c of reported) expect((await reload(c.id)).stageOverdue).toBe(true);
    expect((await services.stores.cases.readGauges(area.district)).get('overdue_open')).toBe(3);
  });

  it('lets a concurrent step win over a stale overdue mark', async () => {
    const c = await report();
    current = at(MONDAY_10, 121);
    const staleList = await services.stores.cases.findDueStages(current, 200);
    expect(staleList.map((s) => s.id)).toEqual([c.id]);

    const registered = await services.transitionCase(
      c.id,
      { action: 'register', version: c.version },
      dispatcher,
    );
    expect(registered.version).toBe(c.version + 1);

    const sweeper = createDeadlineSweeper({
      cases: { findDueStages: async () => staleList, findDueEscalations: async () => [] },
      notifications: services.stores.notifications,
      locator: services.locator,
      reference: services.reference,
      write: writerOf(services),
      clock: services.clock,
    });
    expect(await sweeper.run()).toEqual({ marked: 0, escalated: 0, skipped: 1 });

    const after = await reload(c.id);
    expect(after).toMatchObject({
      status: 'registered',
      stage: 'dispatch',
      stageOverdue: false,
      version: registered.version,
    });
    expect(after.deadlines.register?.overdue).toBe(true); // finished late by the step itself
    const events = await services.stores.cases.listEvents(c.id);
    expect(events.map((e) => e.action)).toEqual(['report', 'register']);
    expect(await notificationsOf(dispatcher.userId, 'case.overdue', c.id)).toEqual([]);
    const audit = await services.stores.audit.list({
      subjectType: 'case',
      subjectId: c.id,
      limit: 50,
    });
    expect(audit.map((a) => a.action).sort()).toEqual(['case.register', 'case.report']);
    expect((await services.stores.cases.readGauges(area.district)).get('overdue_open') ?? 0).toBe(
      0,
    );
    expect(await services.verifyAudit()).toMatchObject({ ok: true });
  });

  it('lets a concurrent step win over a stale escalation', async () => {
    const c = await report();
    expect(await runAt(at(MONDAY_10, 121))).toMatchObject({ marked: 1 });
    const marked = await reload(c.id);
    current = at(new Date(marked.escalateAt ?? ''), 1);
    const staleList = await services.stores.cases.findDueEscalations(current, 200);
    expect(staleList.map((s) => s.id)).toEqual([c.id]);

    await services.transitionCase(
      c.id,
      { action: 'comment', text: 'Called the lighting office.', version: marked.version },
      dispatcher,
    );

    const sweeper = createDeadlineSweeper({
      cases: { findDueStages: async () => [], findDueEscalations: async () => staleList },
      notifications: services.stores.notifications,
      locator: services.locator,
      reference: services.reference,
      write: writerOf(services),
      clock: services.clock,
    });
    expect(await sweeper.run()).toEqual({ marked: 0, escalated: 0, skipped: 1 });
    const after = await reload(c.id);
    expect(after.areaId).toBe(area.cell);
    expect(after.escalations).toBe(0);
    expect(await notificationsOf(dispatcher.userId, 'case.escalated', c.id)).toEqual([]);
    expect(await services.verifyAudit()).toMatchObject({ ok: true });

    // The real sweeper still escalates it on its next run: the comment did not stop the clock.
    expect(await services.sweeper.run()).toEqual({ marked: 0, escalated: 1, skipped: 0 });
  });
});

/** The case writer over the services' own stores (the container does not expose its writer). */
function writerOf(services: Services) {
  const { cases, audit, attachments, notifications, idempotency } = services.stores;
  return createCaseWriter({
    db: services.db,
    cases,
    audit,
    attachments,
    notifications,
    idempotency,
    clock: services.clock,
    timeZone: async () => (await services.reference.current()).calendar.timeZone,
  });
}
