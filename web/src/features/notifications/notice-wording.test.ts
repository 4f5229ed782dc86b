import { describe, expect, it } from 'vitest';
import type { NoticeParams } from './api.ts';
import { shiftEdges, wordingOf, type NoticeWords } from './notice-wording.ts';

/** Words that show what they were given, in a language of their own. */
const words: NoticeWords = {
  instant: (iso) => `<${iso.slice(11, 16)}>`,
  span: (startsAt, endsAt) => `<${startsAt.slice(11, 16)}–${endsAt.slice(11, 16)}>`,
  shifts: (count, startsAt) => `<${count}× from ${startsAt.slice(11, 16)}>`,
  stage: (stage) => `stage:${stage}`,
  areaName: (area) => area.nameZh,
  dutyRole: (role) => `role:${role}`,
};

const kase = { trackingCode: 'K7M2-9QXD', title: '路灯不亮' };
const duty: NoticeParams = {
  areaCode: '990102-001-001-01',
  areaNameZh: '一号网格',
  areaNameEn: 'Grid 1',
  startsAt: '2026-12-08T00:30:00.000Z',
  endsAt: '2026-12-08T09:30:00.000Z',
  shifts: 1,
};
const word = (kind: string, params: NoticeParams | null) => wordingOf({ kind, params }, words);

describe('the wording of a case notification', () => {
  it('names the case by its tracking code and title', () => {
    for (const [kind, key] of [
      ['case.urgent', 'urgent'],
      ['case.assigned', 'assigned'],
      ['case.rework', 'rework'],
      ['case.escalated', 'escalated'],
      ['case.to_verify', 'toVerify'],
    ] as const)
      expect(word(kind, kase)).toEqual({ key, values: { code: 'K7M2-9QXD', title: '路灯不亮' } });
  });

  it('adds the directive, the stage and its deadline in the reader’s words', () => {
    expect(word('case.supervised', { ...kase, directive: '今日办结' })).toEqual({
      key: 'supervised',
      values: { code: 'K7M2-9QXD', title: '路灯不亮', directive: '今日办结' },
    });
    expect(
      word('case.overdue', { ...kase, stage: 'handle', dueAt: '2026-12-08T09:30:00Z' }),
    ).toEqual({
      key: 'overdue',
      values: { code: 'K7M2-9QXD', title: '路灯不亮', stage: 'stage:handle' },
    });
    expect(
      word('case.due_soon', { ...kase, stage: 'verify', dueAt: '2026-12-08T09:30:00Z' }),
    ).toEqual({
      key: 'dueSoon',
      values: { code: 'K7M2-9QXD', title: '路灯不亮', stage: 'stage:verify', dueAt: '<09:30>' },
    });
  });

  it('leaves it to the server’s sentence when a fact it needs is missing or unknown', () => {
    expect(word('case.assigned', { title: '路灯不亮' })).toBeNull();
    expect(word('case.assigned', { trackingCode: 'K7M2-9QXD' })).toBeNull();
    expect(word('case.supervised', kase)).toBeNull();
    expect(word('case.overdue', kase)).toBeNull();
    expect(word('case.overdue', { ...kase, stage: 'triage' })).toBeNull();
    expect(word('case.overdue', { ...kase, stage: 'toString' })).toBeNull();
    expect(word('case.due_soon', { ...kase, stage: 'handle' })).toBeNull();
    expect(word('case.due_soon', { ...kase, stage: 'handle', dueAt: 'soon' })).toBeNull();
  });
});

describe('the wording of a duty notification', () => {
  it('names the area in the reader’s language with its code, and the shift’s span', () => {
    expect(word('duty.assigned', duty)).toEqual({
      key: 'dutyAssigned',
      values: { area: '一号网格', code: '990102-001-001-01', when: '<00:30–09:30>' },
    });
    expect(word('duty.cover', duty)?.key).toBe('dutyCover');
    // A reader's language with no name for it: the code stands in.
    expect(
      wordingOf({ kind: 'duty.cover', params: duty }, { ...words, areaName: () => '' }),
    ).toEqual({
      key: 'dutyCover',
      values: { area: '990102-001-001-01', code: '990102-001-001-01', when: '<00:30–09:30>' },
    });
  });

  it('says how many shifts from the first one when several were planned at once', () => {
    expect(word('duty.assigned', { ...duty, shifts: 3 })?.values.when).toBe('<3× from 00:30>');
    // Without a count (not sent): one shift.
    const { shifts: _, ...single } = duty;
    expect(word('duty.assigned', single)?.values.when).toBe('<00:30–09:30>');
  });

  it('reminds the officer or the cover of a shift, as A unless it says B', () => {
    expect(word('duty.reminder', { ...duty, dutyRole: 'B' })).toEqual({
      key: 'dutyReminder',
      values: {
        area: '一号网格',
        code: '990102-001-001-01',
        when: '<00:30–09:30>',
        role: 'role:B',
      },
    });
    expect(word('duty.reminder', duty)?.values.role).toBe('role:A');
    expect(word('duty.assigned', duty)?.values.role).toBeUndefined();
  });

  it('leaves it to the server’s sentence without the area or the times', () => {
    expect(word('duty.assigned', { ...duty, areaCode: undefined })).toBeNull();
    expect(word('duty.assigned', { ...duty, areaNameEn: undefined })).toBeNull();
    expect(word('duty.assigned', { ...duty, startsAt: undefined })).toBeNull();
    expect(word('duty.cover', { ...duty, endsAt: 'later' })).toBeNull();
  });
});

describe('a notification with nothing to word it from', () => {
  it('shows the server’s sentence: stored before facts were kept, or of a kind added later', () => {
    expect(word('case.urgent', null)).toBeNull();
    expect(word('duty.assigned', null)).toBeNull();
    expect(word('case.reopened', kase)).toBeNull();
    expect(word('__proto__', kase)).toBeNull();
  });
});

describe('the edges of a shift', () => {
  it('are in the city’s time, the end seen from the start’s day', () => {
    expect(shiftEdges(duty.startsAt as string, duty.endsAt as string, 'Asia/Shanghai')).toEqual({
      day: '2026-12-08',
      start: { date: '2026-12-08', time: '08:30', dayOffset: 0 },
      end: { date: '2026-12-08', time: '17:30', dayOffset: 0 },
    });
    expect(shiftEdges('2026-12-08T10:00:00Z', '2026-12-09T01:00:00Z', 'Asia/Shanghai')).toEqual({
      day: '2026-12-08',
      start: { date: '2026-12-08', time: '18:00', dayOffset: 0 },
      end: { date: '2026-12-09', time: '09:00', dayOffset: 1 },
    });
  });

  it('fall on the city’s day, not UTC’s', () => {
    // 20:00 UTC on the 7th is 04:00 on the 8th in Shanghai.
    expect(shiftEdges('2026-12-07T20:00:00Z', '2026-12-08T04:00:00Z', 'Asia/Shanghai').day).toBe(
      '2026-12-08',
    );
  });
});
