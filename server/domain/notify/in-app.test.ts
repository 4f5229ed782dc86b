import { describe, expect, it } from 'vitest';
import {
  caseNotification,
  dutyNotification,
  dutyReminder,
  notificationMessage,
  NOTIFICATION_KINDS,
} from './in-app.ts';

const c = { trackingCode: 'K7M2-9QXD', title: 'Broken street light' };

describe('in-app notifications', () => {
  it('words each case kind in English from the facts it keeps', () => {
    expect(caseNotification('case.assigned', c)).toEqual({
      kind: 'case.assigned',
      message: 'Assigned to you: K7M2-9QXD Broken street light',
      params: c,
    });
    expect(caseNotification('case.urgent', c).message).toBe(
      'Urgent report K7M2-9QXD: Broken street light',
    );
    expect(caseNotification('case.supervised', c, { directive: 'Fix it today' })).toEqual({
      kind: 'case.supervised',
      message: 'Directive on K7M2-9QXD Broken street light: Fix it today',
      params: { ...c, directive: 'Fix it today' },
    });
    const due = caseNotification('case.due_soon', c, {
      stage: 'handle',
      dueAt: '2026-12-08T02:00:00.000Z',
    });
    expect(due.message).toBe(
      'Due soon (handle, 2026-12-08T02:00:00.000Z): K7M2-9QXD Broken street light',
    );
    expect(due.params).toEqual({ ...c, stage: 'handle', dueAt: '2026-12-08T02:00:00.000Z' });
    expect(caseNotification('case.overdue', c, { stage: 'register' }).message).toBe(
      'Overdue (register): K7M2-9QXD Broken street light',
    );
  });

  it('tells an officer of one shift or of several, with the area’s names kept', () => {
    const area = { code: '110105-001-001-01', nameZh: '一号网格', nameEn: 'Grid 1' };
    const one = dutyNotification('duty.assigned', area, [
      { startsAt: '2026-12-08T00:30:00.000Z', endsAt: '2026-12-08T09:30:00.000Z' },
    ]);
    expect(one).toEqual({
      kind: 'duty.assigned',
      message:
        'You are on duty (A) for 110105-001-001-01: 2026-12-08T00:30:00.000Z – 2026-12-08T09:30:00.000Z',
      params: {
        areaCode: area.code,
        areaNameZh: area.nameZh,
        areaNameEn: area.nameEn,
        startsAt: '2026-12-08T00:30:00.000Z',
        endsAt: '2026-12-08T09:30:00.000Z',
        shifts: 1,
      },
    });
    const three = dutyNotification('duty.cover', area, [
      { startsAt: '2026-12-08T00:30:00.000Z', endsAt: '2026-12-08T09:30:00.000Z' },
      { startsAt: '2026-12-09T00:30:00.000Z', endsAt: '2026-12-09T09:30:00.000Z' },
      { startsAt: '2026-12-10T00:30:00.000Z', endsAt: '2026-12-10T09:30:00.000Z' },
    ]);
    expect(three.message).toBe(
      'You are the cover (B) for 110105-001-001-01: 3 shifts from 2026-12-08T00:30:00.000Z',
    );
    expect(three.params.shifts).toBe(3);
  });

  it('reminds the officer or the cover of one shift', () => {
    const area = { code: 'G1', nameZh: '一号网格', nameEn: 'Grid 1' };
    const shift = { startsAt: '2026-12-08T00:30:00.000Z', endsAt: '2026-12-08T09:30:00.000Z' };
    expect(dutyReminder('A', area, shift).message).toBe(
      'Reminder: you are on duty (A) for G1 from 2026-12-08T00:30:00.000Z to 2026-12-08T09:30:00.000Z',
    );
    expect(dutyReminder('B', area, shift)).toMatchObject({
      kind: 'duty.reminder',
      params: { dutyRole: 'B', areaNameZh: '一号网格', shifts: 1 },
    });
  });

  it('has a sentence for every kind', () => {
    for (const kind of NOTIFICATION_KINDS)
      expect(notificationMessage(kind, { ...c, areaCode: 'X', shifts: 1 })).not.toBe('');
  });
});
