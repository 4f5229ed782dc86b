import { describe, expect, it } from 'vitest';
import {
  badgeOf,
  destinationOf,
  headingOf,
  isUrgent,
  localiseInstants,
  newestId,
  showsRelative,
} from './notices.ts';

describe('the heading of a notification', () => {
  it('names each kind the server sends', () => {
    expect(headingOf('case.urgent')).toBe('urgent');
    expect(headingOf('case.to_verify')).toBe('toVerify');
    expect(headingOf('case.due_soon')).toBe('dueSoon');
    expect(headingOf('duty.assigned')).toBe('dutyAssigned');
    expect(headingOf('duty.cover')).toBe('dutyCover');
    expect(headingOf('duty.reminder')).toBe('dutyReminder');
  });

  it('reads a kind added later as a plain notification', () => {
    expect(headingOf('case.reopened')).toBe('other');
    expect(headingOf('')).toBe('other');
    expect(headingOf('toString')).toBe('other');
    expect(headingOf('__proto__')).toBe('other');
  });

  it('marks only urgent reports urgent', () => {
    expect(isUrgent({ kind: 'case.urgent' })).toBe(true);
    expect(isUrgent({ kind: 'case.overdue' })).toBe(false);
  });
});

describe('where a notification leads', () => {
  it('opens its case', () => {
    expect(destinationOf({ kind: 'case.urgent', caseId: 'c-1' })).toBe('/staff/cases/c-1');
    expect(destinationOf({ kind: 'case.later', caseId: 'a/b' })).toBe('/staff/cases/a%2Fb');
  });

  it('opens the duty roster for a duty notice, else nothing', () => {
    expect(destinationOf({ kind: 'duty.assigned', caseId: null })).toBe('/staff/duty');
    expect(destinationOf({ kind: 'duty.cover', caseId: null })).toBe('/staff/duty');
    // The shift's area when the notice names it.
    expect(
      destinationOf({ kind: 'duty.assigned', caseId: null, params: { areaCode: '990102-001' } }),
    ).toBe('/staff/duty?area=990102-001');
    expect(destinationOf({ kind: 'duty.cover', caseId: null, params: null })).toBe('/staff/duty');
    expect(destinationOf({ kind: 'system.notice', caseId: null })).toBeNull();
  });
});

describe('the newest id shown', () => {
  it('is the first item of the first page that has one', () => {
    expect(newestId([{ items: [{ id: 'b' }, { id: 'a' }] }, { items: [{ id: '0' }] }])).toBe('b');
    expect(newestId([{ items: [] }])).toBeNull();
    expect(newestId([])).toBeNull();
  });
});

describe('the badge', () => {
  it('shows nothing when all is read', () => {
    expect(badgeOf(undefined)).toEqual({ text: null, label: 'none' });
    expect(badgeOf({ unread: 0, capped: false })).toEqual({ text: null, label: 'none' });
  });

  it('shows the count, and 99+ from 100 on', () => {
    expect(badgeOf({ unread: 3, capped: false })).toEqual({ text: '3', label: 'some' });
    expect(badgeOf({ unread: 99, capped: false })).toEqual({ text: '99', label: 'some' });
    expect(badgeOf({ unread: 100, capped: true })).toEqual({ text: '99+', label: 'many' });
    expect(badgeOf({ unread: 100, capped: false })).toEqual({ text: '99+', label: 'many' });
  });
});

describe('the time of a notification', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('is relative within a day, else a day and time', () => {
    expect(showsRelative('2026-03-10T11:55:00Z', now)).toBe(true);
    expect(showsRelative('2026-03-09T12:00:01Z', now)).toBe(true);
    expect(showsRelative('2026-03-09T12:00:00Z', now)).toBe(false);
  });
});

describe('the instants of a message', () => {
  const format = (iso: string) => `<${new Date(iso).getUTCHours()}h>`;
  it('are written by the formatter, the rest kept', () => {
    expect(
      localiseInstants(
        'You are on duty (A) for 990102-001-001-01: 2026-03-10T01:00:00.000Z – 2026-03-10T09:00:00.000Z',
        format,
      ),
    ).toBe('You are on duty (A) for 990102-001-001-01: <1h> – <9h>');
    expect(localiseInstants('2 shifts from 2026-03-10T23:30Z', format)).toBe('2 shifts from <23h>');
  });

  it('leaves a message without instants, and impossible dates, as they are', () => {
    expect(localiseInstants('Urgent report GZ-2026-000123: Smoke', format)).toBe(
      'Urgent report GZ-2026-000123: Smoke',
    );
    expect(localiseInstants('at 2026-13-45T99:99Z', format)).toBe('at 2026-13-45T99:99Z');
  });
});
