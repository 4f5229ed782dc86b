import { describe, expect, it } from 'vitest';
import type { Session } from '../../api/types.ts';
import {
  addDays,
  covers,
  daysBetween,
  defaultShiftDate,
  endDateOf,
  instantOf,
  isLocalDate,
  isLocalTime,
  localParts,
  mondayOf,
  plansArea,
  plansSomewhere,
  readsRoster,
  rosterAreas,
  rosterDays,
  spanOf,
  timesOf,
  weekOf,
} from './roster.ts';

const SH = 'Asia/Shanghai';

const session = (...roles: Session['roles']): Session => ({
  user: { id: 'u1', login: 'x', displayName: 'X' },
  roles,
});

describe('who reads and plans the roster', () => {
  const leader = session(
    { role: 'grid_leader', area: { id: 'c1', code: 'C1' } },
    { role: 'volunteer', area: { id: 'g9', code: 'G9' } },
  );
  const dispatcher = session({ role: 'dispatcher', area: { id: 'd1', code: 'D1' } });
  const handler = session({ role: 'handler', department: { id: 'p', code: 'parks' } });

  it('reads for dispatchers, grid leaders and workers, supervisors and admins', () => {
    expect(readsRoster(leader)).toBe(true);
    expect(readsRoster(dispatcher)).toBe(true);
    expect(readsRoster(handler)).toBe(false);
    expect(readsRoster(session({ role: 'volunteer', area: { id: 'g', code: 'G' } }))).toBe(false);
    expect(readsRoster(null)).toBe(false);
  });

  it('plans for grid leaders and admins only, on their area and below', () => {
    expect(plansSomewhere(leader)).toBe(true);
    expect(plansSomewhere(dispatcher)).toBe(false);
    expect(plansArea(leader, ['root', 'd1', 'c1'])).toBe(true);
    expect(plansArea(leader, ['root', 'd1', 'c1', 'g1'])).toBe(true);
    expect(plansArea(leader, ['root', 'd1'])).toBe(false);
    expect(plansArea(dispatcher, ['root', 'd1', 'c1'])).toBe(false);
  });

  it('lists the areas of the reading grants once each, in grant order', () => {
    const many = session(
      { role: 'grid_worker', area: { id: 'g1', code: 'G1' } },
      { role: 'volunteer', area: { id: 'g9', code: 'G9' } },
      { role: 'grid_leader', area: { id: 'c1', code: 'C1' } },
      { role: 'admin', area: { id: 'g1', code: 'G1' } },
    );
    expect(rosterAreas(many).map((a) => a.code)).toEqual(['G1', 'C1']);
  });
});

describe('days and times in the city’s time zone', () => {
  it('reads the calendar day and wall clock of an instant', () => {
    expect(localParts('2026-12-07T16:30:00Z', SH)).toEqual({ date: '2026-12-08', time: '00:30' });
    expect(localParts('2026-12-07T15:59:59.999Z', SH)).toEqual({
      date: '2026-12-07',
      time: '23:59',
    });
  });

  it('finds the instant of a wall-clock time, also across daylight saving', () => {
    expect(new Date(instantOf('2026-12-08', '09:00', SH)).toISOString()).toBe(
      '2026-12-08T01:00:00.000Z',
    );
    expect(new Date(instantOf('2026-07-01', '09:00', 'Europe/Berlin')).toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(new Date(instantOf('2026-01-01', '09:00', 'Europe/Berlin')).toISOString()).toBe(
      '2026-01-01T08:00:00.000Z',
    );
    // 02:30 does not exist on 29 March 2026 in Berlin: it moves forward an hour.
    expect(new Date(instantOf('2026-03-29', '02:30', 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('counts days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(daysBetween('2027-01-02', '2026-12-30')).toBe(-3);
  });

  it('starts weeks on Monday', () => {
    expect(mondayOf('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(mondayOf('2026-12-13')).toBe('2026-12-07'); // its Sunday
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });

  it('bounds a week by local midnights', () => {
    const week = weekOf('2026-12-07', SH);
    expect(week.days).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ]);
    expect(week.from).toBe('2026-12-06T16:00:00.000Z');
    expect(week.to).toBe('2026-12-13T16:00:00.000Z');
  });

  it('checks typed dates and times', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('26-2-3')).toBe(false);
    expect(isLocalTime('00:00')).toBe(true);
    expect(isLocalTime('23:59')).toBe(true);
    expect(isLocalTime('24:00')).toBe(false);
    expect(isLocalTime('9:00')).toBe(false);
  });

  it('tells whether a span covers an instant (end exclusive)', () => {
    const span = { startsAt: '2026-12-08T01:00:00Z', endsAt: '2026-12-08T10:00:00Z' };
    expect(covers(span, Date.parse('2026-12-08T01:00:00Z'))).toBe(true);
    expect(covers(span, Date.parse('2026-12-08T10:00:00Z'))).toBe(false);
  });
});

describe('the shift form’s date and times', () => {
  it('builds a day shift on the date', () => {
    expect(spanOf({ date: '2026-12-08', start: '09:00', end: '18:00', extraDays: 0 }, SH)).toEqual({
      startsAt: '2026-12-08T01:00:00.000Z',
      endsAt: '2026-12-08T10:00:00.000Z',
    });
  });

  it('ends on the next day when the end is before the start, or equal to it', () => {
    const night = { date: '2026-12-31', start: '18:00', end: '09:00', extraDays: 0 };
    expect(endDateOf(night)).toBe('2027-01-01');
    expect(spanOf(night, SH)).toEqual({
      startsAt: '2026-12-31T10:00:00.000Z',
      endsAt: '2027-01-01T01:00:00.000Z',
    });
    expect(spanOf({ date: '2026-12-08', start: '09:00', end: '09:00', extraDays: 0 }, SH)).toEqual({
      startsAt: '2026-12-08T01:00:00.000Z',
      endsAt: '2026-12-09T01:00:00.000Z',
    });
    expect(endDateOf({ date: '2026-12-08', start: '08:00', end: '00:00', extraDays: 0 })).toBe(
      '2026-12-09',
    );
  });

  it('reads a stored shift back into the form, a long one keeping its extra days', () => {
    const night = { startsAt: '2026-12-31T10:00:00.000Z', endsAt: '2027-01-01T01:00:00.000Z' };
    expect(timesOf(night, SH)).toEqual({
      date: '2026-12-31',
      start: '18:00',
      end: '09:00',
      extraDays: 0,
    });
    const long = { startsAt: '2026-12-08T01:00:00.000Z', endsAt: '2026-12-11T10:00:00.000Z' };
    const times = timesOf(long, SH);
    expect(times).toEqual({ date: '2026-12-08', start: '09:00', end: '18:00', extraDays: 3 });
    expect(spanOf(times, SH)).toEqual(long);
    const day = { startsAt: '2026-12-08T01:00:00.000Z', endsAt: '2026-12-09T01:00:00.000Z' };
    expect(spanOf(timesOf(day, SH), SH)).toEqual(day);
  });
});

describe('the date a new shift starts on', () => {
  const days = weekOf('2026-12-07', SH).days;
  it('is today in this week or a past one, else the shown week’s Monday', () => {
    expect(defaultShiftDate(days, '2026-12-09')).toBe('2026-12-09');
    expect(defaultShiftDate(days, '2026-12-20')).toBe('2026-12-20');
    expect(defaultShiftDate(days, '2026-12-01')).toBe('2026-12-07');
  });
});

describe('a week’s days', () => {
  const week = weekOf('2026-12-07', SH).days;
  const at = (date: string, time: string) => new Date(instantOf(date, time, SH)).toISOString();
  const shift = (id: string, startsAt: string, endsAt: string) => ({ id, startsAt, endsAt });

  it('lists an overnight shift and gap under both days, with the day of each edge', () => {
    const night = shift('n', at('2026-12-08', '18:00'), at('2026-12-09', '09:00'));
    const gap = { startsAt: at('2026-12-09', '09:00'), endsAt: at('2026-12-09', '18:00') };
    const days = rosterDays(week, [night], [gap], SH);
    const tue = days[1];
    const wed = days[2];
    expect(tue?.date).toBe('2026-12-08');
    expect(tue?.entries).toHaveLength(1);
    expect(tue?.entries[0]).toMatchObject({
      kind: 'shift',
      start: { time: '18:00', dayOffset: 0 },
      end: { time: '09:00', dayOffset: 1, date: '2026-12-09' },
      allDay: false,
    });
    expect(wed?.entries.map((e) => e.kind)).toEqual(['shift', 'gap']);
    expect(wed?.entries[0]).toMatchObject({
      start: { time: '18:00', dayOffset: -1 },
      end: { time: '09:00', dayOffset: 0 },
    });
    expect(days[0]?.entries).toEqual([]);
  });

  it('shows an end at midnight as 24:00 of the day, and a day covered whole as all day', () => {
    const gap = { startsAt: at('2026-12-07', '06:00'), endsAt: at('2026-12-10', '00:00') };
    const days = rosterDays(week, [], [gap], SH);
    expect(days[0]?.entries[0]).toMatchObject({
      start: { time: '06:00', dayOffset: 0 },
      end: { time: '24:00', dayOffset: 2, date: '2026-12-09' },
      allDay: false,
    });
    expect(days[1]?.entries[0]?.allDay).toBe(true);
    expect(days[2]?.entries[0]).toMatchObject({
      start: { dayOffset: -2 },
      end: { time: '24:00', dayOffset: 0 },
      allDay: true,
    });
    expect(days[3]?.entries).toEqual([]);
    const day = { startsAt: at('2026-12-11', '00:00'), endsAt: at('2026-12-12', '00:00') };
    expect(rosterDays(week, [], [day], SH)[4]?.entries[0]).toMatchObject({
      start: { time: '00:00', dayOffset: 0 },
      end: { time: '24:00', dayOffset: 0 },
      allDay: true,
    });
  });

  it('orders by start, a gap before a shift starting at the same moment', () => {
    const a = shift('a', at('2026-12-07', '12:00'), at('2026-12-07', '18:00'));
    const b = shift('b', at('2026-12-07', '09:00'), at('2026-12-07', '12:00'));
    const gap = { startsAt: at('2026-12-07', '12:00'), endsAt: at('2026-12-07', '13:00') };
    const entries = rosterDays(week, [a, b], [gap], SH)[0]?.entries ?? [];
    expect(entries.map((e) => (e.kind === 'shift' ? e.shift.id : 'gap'))).toEqual([
      'b',
      'gap',
      'a',
    ]);
  });
});
