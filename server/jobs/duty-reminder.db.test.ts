/**
 * Duty reminders on both dialects: an hour before a shift starts its officer (A) and
 * cover (B) are reminded once; a shift planned within the hour is not reminded again
 * (the notice of the plan was the reminder); a shift whose start moves is reminded anew.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GRID_CODES } from '../services/demo/demo-city.ts';
import { createTestApp, type TestApp } from '../../tests/support/app.ts';
import { DIALECTS } from '../../tests/support/databases.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// Monday 2026-03-02 10:00 in Beijing.
const T0 = Date.parse('2026-03-02T02:00:00Z');

describe.each(DIALECTS)('duty reminders on %s', (dialect) => {
  let t: TestApp;
  let nowMs = T0;
  let leader: string;
  const ids: Record<string, string> = {};
  const at = (ms: number) => new Date(T0 + ms).toISOString();

  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: 'demo', clock: { now: () => new Date(nowMs) } });
    leader = await t.signIn('grid_leader');
    for (const login of ['grid_leader', 'dispatcher'])
      ids[login] = (await t.services.stores.users.findByLogin(login))?.id as string;
  });
  afterAll(() => t.close());

  const plan = async (startsAt: string, endsAt: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/duty-shifts',
      headers: { cookie: leader },
      payload: {
        area: DEMO_GRID_CODES.a,
        startsAt,
        endsAt,
        primaryUserId: ids.dispatcher,
        backupUserId: ids.grid_leader,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json().items as { id: string; version: number }[])[0] as {
      id: string;
      version: number;
    };
  };
  const reminders = async () =>
    (
      await t.services.db.kysely
        .selectFrom('notifications')
        .select(['user_id', 'params'])
        .where('kind', '=', 'duty.reminder')
        .orderBy('id')
        .execute()
    ).map((r) => ({ userId: r.user_id, ...(JSON.parse(r.params ?? '{}') as object) }));
  const run = () => t.services.dutyReminder.run();

  it('reminds A and B once an hour ahead, not a shift planned within the hour, and again after a move', async () => {
    const later = await plan(at(3 * HOUR), at(11 * HOUR));
    await plan(at(30 * MINUTE), at(2 * HOUR));
    // Three hours ahead: too early. Half an hour ahead: planned within the hour, so the
    // notice of the plan was its reminder.
    expect(await run()).toEqual({ reminded: 0 });

    nowMs = T0 + 2 * HOUR + 10 * MINUTE;
    expect(await run()).toEqual({ reminded: 1 });
    expect(await reminders()).toEqual([
      expect.objectContaining({
        userId: ids.dispatcher,
        dutyRole: 'A',
        areaCode: DEMO_GRID_CODES.a,
        startsAt: at(3 * HOUR),
        endsAt: at(11 * HOUR),
      }),
      expect.objectContaining({ userId: ids.grid_leader, dutyRole: 'B' }),
    ]);
    expect(await run()).toEqual({ reminded: 0 });

    // Moved two hours later: reminded again an hour before the new start.
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/duty-shifts/${later.id}`,
      headers: { cookie: leader },
      payload: { version: later.version, startsAt: at(5 * HOUR) },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await run()).toEqual({ reminded: 0 });
    nowMs = T0 + 4 * HOUR + 5 * MINUTE;
    expect(await run()).toEqual({ reminded: 1 });
    const all = await reminders();
    expect(all).toHaveLength(4);
    expect(all[2]).toMatchObject({ userId: ids.dispatcher, startsAt: at(5 * HOUR) });

    // Worded from its facts, like every notification.
    const inbox = await t.app.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: { cookie: leader },
    });
    const newest = (inbox.json().items as { kind: string; message: string }[])[0];
    expect(newest).toMatchObject({
      kind: 'duty.reminder',
      params: { dutyRole: 'B', areaCode: DEMO_GRID_CODES.a, startsAt: at(5 * HOUR) },
      message: `Reminder: you are the cover (B) for ${DEMO_GRID_CODES.a} from ${at(5 * HOUR)} to ${at(11 * HOUR)}`,
    });
  });
});
