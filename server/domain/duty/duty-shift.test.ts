import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.ts';
import {
  checkShift,
  dutyRecipients,
  firstOverlap,
  gapsIn,
  overlaps,
  repeatDaily,
  shiftOnDuty,
  urgentDuty,
} from './duty-shift.ts';

const now = new Date('2026-12-07T10:00:00Z');
const shift = (startsAt: string, endsAt: string, extra: object = {}) => ({
  startsAt,
  endsAt,
  primaryUserId: 'a',
  backupUserId: 'b',
  note: null,
  ...extra,
});

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).fields.map((f) => f.field);
  }
  throw new Error('expected a ValidationError');
}

describe('checkShift', () => {
  it('normalises offsets to UTC', () => {
    expect(checkShift(shift('2026-12-08T09:00:00+08:00', '2026-12-08T18:00+08:00'), now)).toEqual({
      startsAt: '2026-12-08T01:00:00.000Z',
      endsAt: '2026-12-08T10:00:00.000Z',
    });
  });

  it('accepts a shift that has started but not ended', () => {
    expect(() =>
      checkShift(shift('2026-12-07T08:00:00Z', '2026-12-07T12:00:00Z'), now),
    ).not.toThrow();
  });

  it.each([
    ['an end before the start', shift('2026-12-08T10:00:00Z', '2026-12-08T09:00:00Z'), ['/endsAt']],
    ['an empty span', shift('2026-12-08T10:00:00Z', '2026-12-08T10:00:00Z'), ['/endsAt']],
    ['more than 7 days', shift('2026-12-08T00:00:00Z', '2026-12-15T00:00:01Z'), ['/endsAt']],
    ['an end in the past', shift('2026-12-06T08:00:00Z', '2026-12-07T10:00:00Z'), ['/endsAt']],
    ['a date without time', shift('2026-12-08', '2026-12-09T00:00:00Z'), ['/startsAt']],
    ['nonsense', shift('soon', 'later'), ['/startsAt', '/endsAt']],
    [
      'the cover being the officer',
      shift('2026-12-08T09:00:00Z', '2026-12-08T18:00:00Z', { backupUserId: 'a' }),
      ['/backupUserId'],
    ],
    [
      'a long note',
      shift('2026-12-08T09:00:00Z', '2026-12-08T18:00:00Z', { note: 'x'.repeat(301) }),
      ['/note'],
    ],
  ])('refuses %s', (_, input, fields) => {
    expect(fieldsOf(() => checkShift(input, now))).toEqual(fields);
  });
});

describe('spans', () => {
  it('repeats a span on consecutive days', () => {
    expect(
      repeatDaily({ startsAt: '2026-12-08T01:00:00.000Z', endsAt: '2026-12-08T10:00:00.000Z' }, 3),
    ).toEqual([
      { startsAt: '2026-12-08T01:00:00.000Z', endsAt: '2026-12-08T10:00:00.000Z' },
      { startsAt: '2026-12-09T01:00:00.000Z', endsAt: '2026-12-09T10:00:00.000Z' },
      { startsAt: '2026-12-10T01:00:00.000Z', endsAt: '2026-12-10T10:00:00.000Z' },
    ]);
  });

  it('treats ends as exclusive', () => {
    const a = { startsAt: '2026-12-08T00:00:00Z', endsAt: '2026-12-08T12:00:00Z' };
    expect(overlaps(a, { startsAt: '2026-12-08T12:00:00Z', endsAt: '2026-12-08T13:00:00Z' })).toBe(
      false,
    );
    expect(overlaps(a, { startsAt: '2026-12-08T11:59:00Z', endsAt: '2026-12-08T13:00:00Z' })).toBe(
      true,
    );
    expect(overlaps(a, { startsAt: '2026-12-07T00:00:00Z', endsAt: '2026-12-09T00:00:00Z' })).toBe(
      true,
    );
  });

  it('finds the first overlapping pair in any order', () => {
    const x = { startsAt: '2026-12-08T00:00:00Z', endsAt: '2026-12-08T12:00:00Z' };
    const y = { startsAt: '2026-12-09T00:00:00Z', endsAt: '2026-12-09T12:00:00Z' };
    const z = { startsAt: '2026-12-08T11:00:00Z', endsAt: '2026-12-08T20:00:00Z' };
    expect(firstOverlap([y, x])).toBeUndefined();
    expect(firstOverlap([y, z, x])).toEqual([x, z]);
  });

  it('lists the gaps of a window, merging overlapping cover and clipping to the window', () => {
    const window = { startsAt: '2026-12-08T00:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };
    expect(gapsIn(window, [])).toEqual([window]);
    expect(
      gapsIn(window, [
        { startsAt: '2026-12-08T08:00:00.000Z', endsAt: '2026-12-08T12:00:00.000Z' },
        { startsAt: '2026-12-07T20:00:00.000Z', endsAt: '2026-12-08T02:00:00.000Z' },
        { startsAt: '2026-12-08T10:00:00.000Z', endsAt: '2026-12-08T14:00:00.000Z' },
        { startsAt: '2026-12-08T14:00:00.000Z', endsAt: '2026-12-08T16:00:00.000Z' },
        { startsAt: '2026-12-09T00:00:00.000Z', endsAt: '2026-12-09T06:00:00.000Z' },
      ]),
    ).toEqual([
      { startsAt: '2026-12-08T02:00:00.000Z', endsAt: '2026-12-08T08:00:00.000Z' },
      { startsAt: '2026-12-08T16:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' },
    ]);
    expect(
      gapsIn(window, [
        { startsAt: '2026-12-07T00:00:00.000Z', endsAt: '2026-12-10T00:00:00.000Z' },
      ]),
    ).toEqual([]);
  });
});

describe('who is on duty', () => {
  const path = ['city', 'street', 'community', 'cell'];
  const at = new Date('2026-12-08T03:00:00Z');
  const s = (id: string, areaId: string, startsAt: string, endsAt: string) => ({
    id,
    areaId,
    startsAt,
    endsAt,
  });

  it('takes the deepest area on the path whose shift covers the moment', () => {
    const shifts = [
      s('city', 'city', '2026-12-08T00:00:00Z', '2026-12-09T00:00:00Z'),
      s('community', 'community', '2026-12-08T01:00:00Z', '2026-12-08T09:00:00Z'),
      s('cell-later', 'cell', '2026-12-08T03:00:01Z', '2026-12-08T09:00:00Z'),
      s('elsewhere', 'other-cell', '2026-12-08T00:00:00Z', '2026-12-09T00:00:00Z'),
    ];
    expect(shiftOnDuty(path, shifts, at)?.id).toBe('community');
    expect(shiftOnDuty(path, shifts, new Date('2026-12-08T09:00:00Z'))?.id).toBe('city');
    expect(shiftOnDuty(path, shifts, new Date('2026-12-09T00:00:00Z'))).toBeUndefined();
  });

  it('reaches the officer and the cover, skipping deactivated accounts', () => {
    const active = new Set(['a', 'b']);
    expect(
      dutyRecipients({ primaryUserId: 'a', backupUserId: 'b' }, (id) => active.has(id)),
    ).toEqual(['a', 'b']);
    active.delete('a');
    expect(
      dutyRecipients({ primaryUserId: 'a', backupUserId: 'b' }, (id) => active.has(id)),
    ).toEqual(['b']);
    expect(
      dutyRecipients({ primaryUserId: 'a', backupUserId: null }, (id) => active.has(id)),
    ).toEqual([]);
  });
});

describe('urgentDuty', () => {
  const path = ['city', 'community', 'cell'];
  const at = new Date('2026-12-08T03:00:00Z');
  const covering = (
    id: string,
    areaId: string,
    primaryCanAct: boolean,
    backupCanAct: boolean,
    backupUserId: string | null = `${id}-b`,
  ) => ({
    id,
    areaId,
    startsAt: '2026-12-08T00:00:00.000Z',
    endsAt: '2026-12-09T00:00:00.000Z',
    primaryUserId: `${id}-a`,
    backupUserId,
    note: null,
    version: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    primaryCanAct,
    backupCanAct,
  });

  it('reaches the deepest shift’s officer and cover', () => {
    const found = urgentDuty(
      path,
      [covering('city', 'city', true, true), covering('cell', 'cell', true, true)],
      at,
    );
    expect(found?.shift.id).toBe('cell');
    expect(found?.userIds).toEqual(['cell-a', 'cell-b']);
  });

  it('falls back to the cover, then to the area above, when accounts are deactivated', () => {
    expect(urgentDuty(path, [covering('cell', 'cell', false, true)], at)?.userIds).toEqual([
      'cell-b',
    ]);
    const found = urgentDuty(
      path,
      [covering('city', 'city', true, false, null), covering('cell', 'cell', false, false)],
      at,
    );
    expect(found?.shift.id).toBe('city');
    expect(found?.userIds).toEqual(['city-a']);
  });

  it('finds nobody in a gap', () => {
    expect(urgentDuty(path, [], at)).toBeUndefined();
    expect(urgentDuty(path, [covering('cell', 'cell', false, false)], at)).toBeUndefined();
  });
});
