/**
 * The duty store on both dialects, over the demo roster that `npm start` plans: who covers
 * an instant on an area's path, overlapping reads, and the officers who may stand duty.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { urgentDuty } from '../../domain/duty/duty-shift.ts';
import { DEMO_GRID_CODES } from '../../services/demo/demo-city.ts';
import { createServices, type Services } from '../../services/container.ts';
import { createTestDb, DIALECTS, type TestDb } from '../../../tests/support/databases.ts';
import { testServiceConfig } from '../../../tests/support/config.ts';

// Monday 2026-03-02 10:00 in Beijing.
const SEEDED = new Date('2026-03-02T02:00:00Z');
const beijing = (day: number, hhmm: string) =>
  new Date(`2026-03-${String(2 + day).padStart(2, '0')}T${hhmm}:00+08:00`);

describe.each(DIALECTS)('duty store on %s', (dialect) => {
  let test: TestDb;
  let services: Services;
  let user: (login: string) => Promise<string>;
  let path: (code: string) => Promise<string[]>;

  beforeEach(async () => {
    test = await createTestDb(dialect);
    services = createServices(test.db, testServiceConfig(), { clock: { now: () => SEEDED } });
    await services.seedDemo({ dutyRoster: true });
    user = async (login) => (await services.stores.users.findByLogin(login))?.id as string;
    path = async (code) => (await services.stores.areas.findByCode(code))?.path as string[];
  });
  afterEach(() => test.drop());

  it('covers cell A by day with its grid leader and by night with the community’s dispatcher', async () => {
    const { duty } = services.stores;
    const cellA = await path(DEMO_GRID_CODES.a);
    const day = urgentDuty(
      cellA,
      await duty.findCovering(cellA, beijing(3, '09:00')),
      beijing(3, '09:00'),
    );
    expect(day?.userIds).toEqual([await user('grid_leader'), await user('dispatcher')]);
    const night = urgentDuty(
      cellA,
      await duty.findCovering(cellA, beijing(3, '23:00')),
      beijing(3, '23:00'),
    );
    expect(night?.userIds).toEqual([await user('dispatcher'), await user('grid_leader')]);
    // The day shift ends at 17:30 exactly, where the night shift begins (ends are exclusive).
    const handover = await duty.findCovering(cellA, beijing(3, '17:30'));
    expect(handover.map((s) => s.note)).toEqual(['夜班 Night watch (demo)']);
    // A fortnight, then nothing.
    expect(await duty.findCovering(cellA, beijing(15, '09:00'))).toEqual([]);
    // Cell B lies outside community A: uncovered.
    const cellB = await path(DEMO_GRID_CODES.b);
    expect(await duty.findCovering(cellB, beijing(3, '23:00'))).toEqual([]);
  });

  it('reads the shifts overlapping a window by start and lists who may stand duty', async () => {
    const { duty } = services.stores;
    const cellA = await path(DEMO_GRID_CODES.a);
    const window = {
      startsAt: beijing(1, '12:00').toISOString(),
      endsAt: beijing(2, '12:00').toISOString(),
    };
    const shifts = await duty.listOverlapping(cellA, window);
    expect(shifts.map((s) => [s.note, s.startsAt])).toEqual([
      ['白班 Day watch (demo)', beijing(1, '08:30').toISOString()],
      ['夜班 Night watch (demo)', beijing(1, '17:30').toISOString()],
      ['白班 Day watch (demo)', beijing(2, '08:30').toISOString()],
    ]);
    const candidates = await duty.listCandidates(cellA, { limit: 10 });
    // Those who register reports: a grid worker of the cell stands no duty.
    expect(candidates.map((c) => c.roles).sort()).toEqual([['dispatcher'], ['grid_leader']]);
    expect(await duty.listCandidates(cellA, { q: 'LEADER', limit: 10 })).toEqual([
      { id: await user('grid_leader'), displayName: expect.any(String), roles: ['grid_leader'] },
    ]);
    expect(await duty.listCandidates(cellA, { ids: [await user('handler')], limit: 10 })).toEqual(
      [],
    );
  });
});
