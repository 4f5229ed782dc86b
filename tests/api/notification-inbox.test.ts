/**
 * The notification inbox through HTTP, on both dialects: the unread count a badge polls,
 * marking one or all read, and `upTo` leaving a notification that arrived meanwhile unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { NotificationParams } from '../../server/domain/notify/in-app.ts';
import { DEMO_GRID_CODES, DEMO_POINTS } from '../../server/services/demo/demo-city.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';

const inCellA = DEMO_POINTS.find(
  (p) => p.expectedCode === DEMO_GRID_CODES.a,
) as (typeof DEMO_POINTS)[number];

describe.each(DIALECTS)('the notification inbox on %s', (dialect) => {
  let t: TestApp;
  let dispatcher: string;
  let leader: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo' });
    dispatcher = await t.signIn('dispatcher');
    leader = await t.signIn('grid_leader');
  });
  afterAll(() => t.close());

  const call = (method: InjectOptions['method'], url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, payload });
  const unread = async (cookie: string) =>
    (await call('GET', '/api/v1/notifications/unread-count', cookie)).json() as {
      unread: number;
      capped: boolean;
    };
  const urgent = async (): Promise<{ id: string; trackingCode: string }> => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        category: 'E0103',
        description: 'Gas smell in the stairwell',
        priority: 'urgent',
        lat: inCellA.lat,
        lon: inCellA.lon,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  it('counts unread notifications, marks one and then all read, and leaves others’ alone', async () => {
    expect(await unread(dispatcher)).toEqual({ unread: 0, capped: false });
    for (let i = 0; i < 3; i++) await urgent();
    expect(await unread(dispatcher)).toEqual({ unread: 3, capped: false });
    expect((await unread(leader)).unread).toBe(3);

    const list = (await call('GET', '/api/v1/notifications', dispatcher)).json().items as {
      id: string;
      kind: string;
    }[];
    expect(list.map((n) => n.kind)).toEqual(['case.urgent', 'case.urgent', 'case.urgent']);
    const [newest, middle] = list as unknown as [{ id: string }, { id: string }];
    expect(
      (await call('POST', `/api/v1/notifications/${newest.id}/read`, dispatcher)).statusCode,
    ).toBe(204);
    expect((await unread(dispatcher)).unread).toBe(2);

    // Up to the middle one: the oldest goes too, nothing newer than it arrived unread.
    await urgent();
    const upTo = await call('POST', '/api/v1/notifications/read-all', dispatcher, {
      upTo: middle.id,
    });
    expect(upTo.json()).toEqual({ marked: 2 });
    expect((await unread(dispatcher)).unread).toBe(1);
    const all = await call('POST', '/api/v1/notifications/read-all', dispatcher, {});
    expect(all.json()).toEqual({ marked: 1 });
    expect(await unread(dispatcher)).toEqual({ unread: 0, capped: false });
    // The grid leader's stay unread.
    expect((await unread(leader)).unread).toBe(4);
  });

  it('keeps the facts each notification is worded from, and marks one case’s read when asked', async () => {
    await call('POST', '/api/v1/notifications/read-all', dispatcher, {});
    const first = await urgent();
    const second = await urgent();
    const list = (await call('GET', '/api/v1/notifications?unread=true', dispatcher)).json()
      .items as { caseId: string; kind: string; message: string; params: unknown }[];
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({
      caseId: first.id,
      kind: 'case.urgent',
      message: `Urgent report ${first.trackingCode}: Gas smell in the stairwell`,
      params: { trackingCode: first.trackingCode, title: 'Gas smell in the stairwell' },
    });

    // Opening a case marks only that case's notifications read, only the reader's.
    const marked = await call('POST', '/api/v1/notifications/read-all', dispatcher, {
      caseId: first.id,
    });
    expect(marked.json()).toEqual({ marked: 1 });
    const left = (await call('GET', '/api/v1/notifications?unread=true', dispatcher)).json()
      .items as { caseId: string }[];
    expect(left.map((n) => n.caseId)).toEqual([second.id]);
    const again = await call('POST', '/api/v1/notifications/read-all', dispatcher, {
      caseId: first.id,
    });
    expect(again.json()).toEqual({ marked: 0 });
    const leaderItems = (await call('GET', '/api/v1/notifications?unread=true', leader)).json()
      .items as { caseId: string }[];
    expect(leaderItems.map((n) => n.caseId)).toEqual(expect.arrayContaining([first.id, second.id]));

    // An unknown field changes nothing.
    const bad = await call('POST', '/api/v1/notifications/read-all', dispatcher, {
      case: first.id,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await unread(dispatcher)).unread).toBe(1);
  });

  it('shows every fact a notification keeps, as it was stored', async () => {
    // Required<…>: a fact added to NotificationParams fails to compile here until it is
    // given, and then this test until the API's schema shows it too.
    const params: Required<NotificationParams> = {
      trackingCode: 'K7M2-9QXD',
      title: 'Broken street light',
      stage: 'handle',
      dueAt: '2026-12-08T02:00:00.000Z',
      directive: 'Fix it today',
      areaCode: '990102-001-001-01',
      areaNameZh: '一号网格',
      areaNameEn: 'Grid 1',
      startsAt: '2026-12-08T00:30:00.000Z',
      endsAt: '2026-12-08T09:30:00.000Z',
      shifts: 2,
      dutyRole: 'B',
    };
    const user = (await t.services.stores.users.findByLogin('grid_leader'))?.id as string;
    await t.services.stores.notifications.insertMany(
      t.services.db.kysely,
      [user],
      { caseId: null, kind: 'duty.reminder', message: 'every fact', params },
      new Date(),
    );
    const items = (await call('GET', '/api/v1/notifications?limit=1', leader)).json().items as {
      message: string;
      params: unknown;
    }[];
    expect(items[0]).toMatchObject({ message: 'every fact', params });
  });

  it('caps the count at 100', async () => {
    const user = (await t.services.stores.users.findByLogin('grid_leader'))?.id as string;
    for (let i = 0; i < 100; i++)
      await t.services.stores.notifications.insertMany(
        t.services.db.kysely,
        [user],
        { caseId: null, kind: 'case.overdue', message: `overdue ${i}`, params: {} },
        new Date(),
      );
    expect(await unread(leader)).toEqual({ unread: 100, capped: true });
  });
});
