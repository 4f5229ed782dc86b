import { describe, it, expect } from 'vitest';
import { ValidationError } from '../errors.ts';
import {
  DEFAULT_CALENDAR,
  addClockMinutes,
  addWorkingMinutes,
  clockMinutesBetween,
  isWorkingDay,
  isWorkingTime,
  localDate,
  parseCalendar,
  workingMinutesBetween,
  type WorkCalendar,
} from './working-hours.ts';

/** An instant given as Shanghai wall time (UTC+8 all year). */
const sh = (local: string): Date => new Date(`${local}+08:00`);

/** 2026 National Day week (国庆) with its make-up working days (调休). */
const NATIONAL_DAY = parseCalendar({
  holidays: [
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workdays: ['2026-09-27', '2026-10-10'],
});

const BERLIN = parseCalendar({ timeZone: 'Europe/Berlin', workDays: '1-7' });

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function validationFields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields.map((f) => f.field);
  }
  throw new Error('expected a ValidationError');
}

describe('DEFAULT_CALENDAR', () => {
  it('works Monday to Friday, 09:00–18:00 in Asia/Shanghai, with no holidays', () => {
    expect(DEFAULT_CALENDAR).toMatchObject({
      timeZone: 'Asia/Shanghai',
      workDays: [1, 2, 3, 4, 5],
      start: '09:00',
      end: '18:00',
    });
    expect(DEFAULT_CALENDAR.holidays.size).toBe(0);
    expect(DEFAULT_CALENDAR.workdays.size).toBe(0);
  });

  it('is what parseCalendar gives for an empty input', () => {
    const cal = parseCalendar({});
    expect(cal).toEqual({ ...DEFAULT_CALENDAR, holidays: new Set(), workdays: new Set() });
  });
});

describe('localDate', () => {
  it('gives the next day in Shanghai for 16:30 UTC', () => {
    expect(localDate(new Date('2026-11-29T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(localDate(new Date('2026-11-29T16:30:00Z'), 'UTC')).toBe('2026-11-29');
  });

  it('turns over exactly at local midnight', () => {
    expect(localDate(new Date('2026-11-29T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-29');
    expect(localDate(new Date('2026-11-29T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-30');
  });

  it('follows the offset of the season in a zone with daylight saving', () => {
    // CET (UTC+1) in winter, CEST (UTC+2) in summer.
    expect(localDate(new Date('2026-01-15T22:59:59Z'), 'Europe/Berlin')).toBe('2026-01-15');
    expect(localDate(new Date('2026-01-15T23:00:00Z'), 'Europe/Berlin')).toBe('2026-01-16');
    expect(localDate(new Date('2026-07-15T21:59:59Z'), 'Europe/Berlin')).toBe('2026-07-15');
    expect(localDate(new Date('2026-07-15T22:00:00Z'), 'Europe/Berlin')).toBe('2026-07-16');
  });

  it('works west of Greenwich and across a year end', () => {
    expect(localDate(new Date('2027-01-01T04:59:59Z'), 'America/New_York')).toBe('2026-12-31');
    expect(localDate(new Date('2027-01-01T05:00:00Z'), 'America/New_York')).toBe('2027-01-01');
  });
});

describe('isWorkingDay', () => {
  it('follows the weekday on ordinary dates', () => {
    expect(isWorkingDay('2026-11-27', DEFAULT_CALENDAR)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', DEFAULT_CALENDAR)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', DEFAULT_CALENDAR)).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-30', DEFAULT_CALENDAR)).toBe(true); // Monday
  });

  it('lets a holiday beat a working weekday', () => {
    expect(isWorkingDay('2026-10-01', DEFAULT_CALENDAR)).toBe(true); // Thursday
    expect(isWorkingDay('2026-10-01', NATIONAL_DAY)).toBe(false);
    expect(isWorkingDay('2026-10-07', NATIONAL_DAY)).toBe(false); // Wednesday
    expect(isWorkingDay('2026-10-08', NATIONAL_DAY)).toBe(true);
  });

  it('lets a make-up working day beat the weekend', () => {
    expect(isWorkingDay('2026-09-27', NATIONAL_DAY)).toBe(true); // Sunday
    expect(isWorkingDay('2026-10-10', NATIONAL_DAY)).toBe(true); // Saturday
    expect(isWorkingDay('2026-10-11', NATIONAL_DAY)).toBe(false); // Sunday
  });

  it('works with any chosen weekdays', () => {
    const sixDays = parseCalendar({ workDays: '1-6' });
    expect(isWorkingDay('2026-11-28', sixDays)).toBe(true);
    expect(isWorkingDay('2026-11-29', sixDays)).toBe(false);
  });

  it('refuses something that is not a date', () => {
    expect(() => isWorkingDay('2026-02-30', DEFAULT_CALENDAR)).toThrow(RangeError);
    expect(() => isWorkingDay('yesterday', DEFAULT_CALENDAR)).toThrow(RangeError);
  });
});

describe('isWorkingTime', () => {
  it('includes the start and excludes the end of the span', () => {
    expect(isWorkingTime(sh('2026-11-27T08:59:59.999'), DEFAULT_CALENDAR)).toBe(false);
    expect(isWorkingTime(sh('2026-11-27T09:00:00'), DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingTime(sh('2026-11-27T13:00:00'), DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingTime(sh('2026-11-27T17:59:59.999'), DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingTime(sh('2026-11-27T18:00:00'), DEFAULT_CALENDAR)).toBe(false);
  });

  it('is false all day on weekends and holidays, true on make-up days', () => {
    expect(isWorkingTime(sh('2026-11-28T10:00:00'), DEFAULT_CALENDAR)).toBe(false);
    expect(isWorkingTime(sh('2026-10-01T10:00:00'), NATIONAL_DAY)).toBe(false);
    expect(isWorkingTime(sh('2026-09-27T10:00:00'), NATIONAL_DAY)).toBe(true);
  });

  it('reads the hours in the calendar zone, not UTC', () => {
    // 02:00 UTC is 10:00 in Shanghai.
    expect(isWorkingTime(new Date('2026-11-27T02:00:00Z'), DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingTime(new Date('2026-11-27T12:00:00Z'), DEFAULT_CALENDAR)).toBe(false);
  });

  it('takes a span ending at 24:00 up to local midnight', () => {
    const late = parseCalendar({ hours: '20:00-24:00' });
    expect(isWorkingTime(sh('2026-11-27T23:59:59.999'), late)).toBe(true);
    expect(isWorkingTime(sh('2026-11-28T00:00:00'), late)).toBe(false);
    expect(workingMinutesBetween(sh('2026-11-27T00:00'), sh('2026-11-28T00:00'), late)).toBe(240);
  });
});

describe('addWorkingMinutes (Asia/Shanghai)', () => {
  it('carries Friday 17:00 + 120 over the weekend to Monday 10:00', () => {
    expect(addWorkingMinutes(sh('2026-11-27T17:00'), 120, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-30T10:00'),
    );
  });

  it('starts counting a Saturday 03:00 report on Monday 09:00', () => {
    expect(addWorkingMinutes(sh('2026-11-28T03:00'), 60, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-30T10:00'),
    );
  });

  it('starts counting before opening at 09:00 and after closing at the next day', () => {
    expect(addWorkingMinutes(sh('2026-11-26T07:30'), 30, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-26T09:30'),
    );
    expect(addWorkingMinutes(sh('2026-11-26T19:00'), 30, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-27T09:30'),
    );
  });

  it('ends at 18:00 when the amount fills the day exactly, and moves on one minute later', () => {
    expect(addWorkingMinutes(sh('2026-11-27T17:00'), 60, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-27T18:00'),
    );
    expect(addWorkingMinutes(sh('2026-11-26T09:00'), 540, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-26T18:00'),
    );
    expect(addWorkingMinutes(sh('2026-11-26T09:00'), 541, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-27T09:01'),
    );
  });

  it('gives back the instant for zero minutes in working time, else the next start', () => {
    const cal = DEFAULT_CALENDAR;
    expect(addWorkingMinutes(sh('2026-11-26T09:00'), 0, cal)).toEqual(sh('2026-11-26T09:00'));
    expect(addWorkingMinutes(sh('2026-11-26T12:34:56.789'), 0, cal)).toEqual(
      sh('2026-11-26T12:34:56.789'),
    );
    expect(addWorkingMinutes(sh('2026-11-26T08:00'), 0, cal)).toEqual(sh('2026-11-26T09:00'));
    expect(addWorkingMinutes(sh('2026-11-26T18:00'), 0, cal)).toEqual(sh('2026-11-27T09:00'));
    expect(addWorkingMinutes(sh('2026-11-27T18:00'), 0, cal)).toEqual(sh('2026-11-30T09:00'));
  });

  it('adds ten working days from Monday 09:00 to the Friday after next, 18:00', () => {
    expect(addWorkingMinutes(sh('2026-11-02T09:00'), 10 * 540, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-13T18:00'),
    );
  });

  it('counts fractional minutes to the millisecond', () => {
    expect(addWorkingMinutes(sh('2026-11-26T09:00'), 0.5, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-26T09:00:30'),
    );
    expect(addWorkingMinutes(sh('2026-11-26T17:59:59'), 1 / 60 + 0.25, DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-27T09:00:15'),
    );
  });

  it('skips the National Day holidays', () => {
    // Wednesday 30 Sep 17:00: one hour that day, the rest on Thursday 8 Oct.
    expect(addWorkingMinutes(sh('2026-09-30T17:00'), 120, NATIONAL_DAY)).toEqual(
      sh('2026-10-08T10:00'),
    );
    expect(addWorkingMinutes(sh('2026-10-03T10:00'), 0, NATIONAL_DAY)).toEqual(
      sh('2026-10-08T09:00'),
    );
    // Without the holidays the same deadline falls on Thursday 1 Oct.
    expect(addWorkingMinutes(sh('2026-09-30T17:00'), 120, DEFAULT_CALENDAR)).toEqual(
      sh('2026-10-01T10:00'),
    );
  });

  it('works the make-up Sunday and Saturday', () => {
    expect(addWorkingMinutes(sh('2026-09-25T17:00'), 120, NATIONAL_DAY)).toEqual(
      sh('2026-09-27T10:00'),
    );
    expect(addWorkingMinutes(sh('2026-09-26T15:00'), 120, NATIONAL_DAY)).toEqual(
      sh('2026-09-27T11:00'),
    );
    expect(addWorkingMinutes(sh('2026-10-09T17:00'), 120, NATIONAL_DAY)).toEqual(
      sh('2026-10-10T10:00'),
    );
  });

  it('refuses negative and non-finite amounts', () => {
    const from = sh('2026-11-26T10:00');
    expect(() => addWorkingMinutes(from, -1, DEFAULT_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingMinutes(from, Number.NaN, DEFAULT_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingMinutes(from, Infinity, DEFAULT_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingMinutes(new Date(Number.NaN), 1, DEFAULT_CALENDAR)).toThrow(RangeError);
  });

  it('stops with an error on a hand-built calendar that has no working day', () => {
    const never: WorkCalendar = { ...DEFAULT_CALENDAR, workDays: [] };
    expect(() => addWorkingMinutes(sh('2026-11-26T10:00'), 1, never)).toThrow(
      /no working time within 3660 days/,
    );
  });

  it('stops with an error on malformed hours in a hand-built calendar', () => {
    const broken: WorkCalendar = { ...DEFAULT_CALENDAR, start: '18:00', end: '09:00' };
    expect(() => addWorkingMinutes(sh('2026-11-26T10:00'), 1, broken)).toThrow(RangeError);
  });

  it('steps by days, not minutes: ten years of working time in well under a second', () => {
    const started = performance.now();
    const from = sh('2026-01-05T09:00');
    const minutes = 10 * 261 * 540;
    const due = addWorkingMinutes(from, minutes, DEFAULT_CALENDAR);
    expect(workingMinutesBetween(from, due, DEFAULT_CALENDAR)).toBe(minutes);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(due > sh('2035-12-01T00:00') && due < sh('2036-02-01T00:00')).toBe(true);
  });
});

describe('workingMinutesBetween', () => {
  it('is 0 when to is not after from', () => {
    const t = sh('2026-11-26T10:00');
    expect(workingMinutesBetween(t, t, DEFAULT_CALENDAR)).toBe(0);
    expect(workingMinutesBetween(t, sh('2026-11-26T09:00'), DEFAULT_CALENDAR)).toBe(0);
  });

  it('counts only working time', () => {
    const cal = DEFAULT_CALENDAR;
    expect(workingMinutesBetween(sh('2026-11-26T10:00'), sh('2026-11-26T11:30'), cal)).toBe(90);
    expect(workingMinutesBetween(sh('2026-11-26T07:00'), sh('2026-11-26T20:00'), cal)).toBe(540);
    // Friday noon to Monday noon: 6 hours on Friday, 3 on Monday.
    expect(workingMinutesBetween(sh('2026-11-27T12:00'), sh('2026-11-30T12:00'), cal)).toBe(540);
    expect(workingMinutesBetween(sh('2026-11-28T00:00'), sh('2026-11-30T00:00'), cal)).toBe(0);
  });

  it('counts seconds as fractions of a minute', () => {
    expect(
      workingMinutesBetween(sh('2026-11-26T10:00:00'), sh('2026-11-26T10:00:45'), DEFAULT_CALENDAR),
    ).toBe(0.75);
  });

  it('leaves out holidays and counts make-up days', () => {
    // Sat 26 Sep to Sun 11 Oct: make-up Sun 27, Mon–Wed 28–30, Thu 8, Fri 9, make-up Sat 10.
    const from = sh('2026-09-26T00:00');
    const to = sh('2026-10-11T00:00');
    expect(workingMinutesBetween(from, to, NATIONAL_DAY)).toBe(7 * 540);
    expect(workingMinutesBetween(from, to, DEFAULT_CALENDAR)).toBe(10 * 540);
  });

  it('gives the 24x7 difference on a calendar that works around the clock', () => {
    const always = parseCalendar({ workDays: '1-7', hours: '00:00-24:00' });
    const from = sh('2026-11-26T10:00');
    const to = sh('2026-12-03T07:15');
    expect(workingMinutesBetween(from, to, always)).toBe(
      clockMinutesBetween(from, to, '24x7', always),
    );
  });
});

describe('addWorkingMinutes and workingMinutesBetween agree', () => {
  const calendars: [string, WorkCalendar][] = [
    ['Shanghai with National Day', NATIONAL_DAY],
    ['Berlin every day', BERLIN],
    [
      'New York 08:30-17:15, Mon-Sat',
      parseCalendar({ timeZone: 'America/New_York', workDays: '1-6', hours: '08:30-17:15' }),
    ],
  ];

  it.each(calendars)('%s: between(from, add(from, m)) = m for seeded random starts', (_, cal) => {
    const random = seeded(20261129);
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 300; i++) {
      const from = new Date(base + Math.floor(random() * 365 * 86_400_000));
      const minutes =
        i % 3 === 0 ? Math.floor(random() * 600) : Math.floor(random() * 20_000) + random();
      const due = addWorkingMinutes(from, minutes, cal);
      expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
      // Whole milliseconds are counted exactly.
      const ms = Math.round(workingMinutesBetween(from, due, cal) * 60_000);
      expect(ms).toBe(Math.round(minutes * 60_000));
      if (minutes > 0) expect(isWorkingTime(new Date(due.getTime() - 1), cal)).toBe(true);
    }
  });

  it.each(calendars)(
    '%s: add(from, between(from, to)) lands at to or at the next start',
    (_, cal) => {
      const random = seeded(7);
      const base = Date.parse('2026-01-01T00:00:00Z');
      for (let i = 0; i < 300; i++) {
        const from = new Date(base + Math.floor(random() * 365 * 86_400_000));
        const to = new Date(from.getTime() + Math.floor(random() * 20 * 86_400_000));
        const between = workingMinutesBetween(from, to, cal);
        const back = addWorkingMinutes(from, between, cal);
        expect(workingMinutesBetween(from, back, cal)).toBeCloseTo(between, 6);
        expect(workingMinutesBetween(back, to, cal)).toBe(0);
        if (between > 0) expect(back.getTime()).toBeLessThanOrEqual(to.getTime());
        if (isWorkingTime(to, cal) && to > from) expect(back).toEqual(to);
      }
    },
  );

  it('adds up: add(add(from, a), b) = add(from, a + b) for b > 0', () => {
    const random = seeded(42);
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 200; i++) {
      const from = new Date(base + Math.floor(random() * 365 * 86_400_000));
      const a = Math.floor(random() * 3000);
      const b = 1 + Math.floor(random() * 3000);
      expect(addWorkingMinutes(addWorkingMinutes(from, a, NATIONAL_DAY), b, NATIONAL_DAY)).toEqual(
        addWorkingMinutes(from, a + b, NATIONAL_DAY),
      );
    }
  });
});

describe('daylight saving (Europe/Berlin)', () => {
  it('still has 9 working hours on the day clocks go forward (29 Mar 2026)', () => {
    expect(
      workingMinutesBetween(new Date('2026-03-28T12:00Z'), new Date('2026-03-30T12:00Z'), BERLIN),
    ).toBe(300 + 540 + 300); // Sat 13:00–18:00 CET, all Sunday, Mon 09:00–14:00 CEST
    expect(
      workingMinutesBetween(new Date('2026-03-29T00:00Z'), new Date('2026-03-30T00:00Z'), BERLIN),
    ).toBe(540);
  });

  it('places the span at the new offset after the change', () => {
    // Saturday: 09:00 CET = 08:00Z. Sunday: 09:00 CEST = 07:00Z.
    expect(isWorkingTime(new Date('2026-03-28T07:59:59Z'), BERLIN)).toBe(false);
    expect(isWorkingTime(new Date('2026-03-28T08:00:00Z'), BERLIN)).toBe(true);
    expect(isWorkingTime(new Date('2026-03-29T06:59:59Z'), BERLIN)).toBe(false);
    expect(isWorkingTime(new Date('2026-03-29T07:00:00Z'), BERLIN)).toBe(true);
    expect(isWorkingTime(new Date('2026-03-29T15:59:59Z'), BERLIN)).toBe(true);
    expect(isWorkingTime(new Date('2026-03-29T16:00:00Z'), BERLIN)).toBe(false);
    // Saturday 17:00 CET + 120 → Sunday 10:00 CEST.
    expect(addWorkingMinutes(new Date('2026-03-28T16:00Z'), 120, BERLIN)).toEqual(
      new Date('2026-03-29T08:00Z'),
    );
  });

  it('still has 9 working hours on the day clocks go back (25 Oct 2026)', () => {
    expect(
      workingMinutesBetween(new Date('2026-10-25T00:00Z'), new Date('2026-10-26T00:00Z'), BERLIN),
    ).toBe(540);
    // Saturday: 09:00 CEST = 07:00Z. Sunday: 09:00 CET = 08:00Z.
    expect(isWorkingTime(new Date('2026-10-24T07:00:00Z'), BERLIN)).toBe(true);
    expect(isWorkingTime(new Date('2026-10-25T07:59:59Z'), BERLIN)).toBe(false);
    expect(isWorkingTime(new Date('2026-10-25T08:00:00Z'), BERLIN)).toBe(true);
    expect(isWorkingTime(new Date('2026-10-25T17:00:00Z'), BERLIN)).toBe(false);
    // Saturday 17:00 CEST + 120 → Sunday 10:00 CET.
    expect(addWorkingMinutes(new Date('2026-10-24T15:00Z'), 120, BERLIN)).toEqual(
      new Date('2026-10-25T09:00Z'),
    );
  });

  it('gives a whole-day span its true length: 23 hours in March, 25 in October', () => {
    const always = parseCalendar({
      timeZone: 'Europe/Berlin',
      workDays: '1-7',
      hours: '00:00-24:00',
    });
    const minutes = (from: string, to: string) =>
      workingMinutesBetween(new Date(from), new Date(to), always);
    // Local midnight to local midnight.
    expect(minutes('2026-03-28T23:00Z', '2026-03-29T22:00Z')).toBe(23 * 60);
    expect(minutes('2026-10-24T22:00Z', '2026-10-25T23:00Z')).toBe(25 * 60);
    expect(minutes('2026-05-31T22:00Z', '2026-06-01T22:00Z')).toBe(24 * 60);
    expect(localDate(new Date('2026-03-29T21:59:59Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(new Date('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
  });

  it('shortens or lengthens a span that covers the change itself', () => {
    const night = parseCalendar({
      timeZone: 'Europe/Berlin',
      workDays: '1-7',
      hours: '01:00-04:00',
    });
    // 01:00 CET → 04:00 CEST is 2 hours; 01:00 CEST → 04:00 CET is 4 hours.
    expect(
      workingMinutesBetween(new Date('2026-03-28T18:00Z'), new Date('2026-03-29T12:00Z'), night),
    ).toBe(120);
    expect(
      workingMinutesBetween(new Date('2026-10-24T18:00Z'), new Date('2026-10-25T12:00Z'), night),
    ).toBe(240);
    // 02:30 does not exist on 29 March; 02:30 CET on 25 October is the second 02:30.
    expect(isWorkingTime(new Date('2026-03-29T01:30Z'), night)).toBe(true); // 03:30 CEST
    expect(isWorkingTime(new Date('2026-03-29T02:00Z'), night)).toBe(false); // 04:00 CEST
    expect(isWorkingTime(new Date('2026-10-25T02:59:59Z'), night)).toBe(true); // 03:59 CET
    expect(addWorkingMinutes(new Date('2026-10-24T22:00Z'), 0, night)).toEqual(
      new Date('2026-10-24T23:00Z'),
    );
  });
});

describe('clocks', () => {
  const from = sh('2026-11-27T17:00'); // Friday

  it('counts every minute on the 24x7 clock, weekends and holidays included', () => {
    expect(addClockMinutes(from, 120, '24x7', DEFAULT_CALENDAR)).toEqual(sh('2026-11-27T19:00'));
    expect(addClockMinutes(sh('2026-10-01T03:00'), 15, '24x7', NATIONAL_DAY)).toEqual(
      sh('2026-10-01T03:15'),
    );
    expect(addClockMinutes(from, 0, '24x7', DEFAULT_CALENDAR)).toEqual(from);
    expect(clockMinutesBetween(from, sh('2026-11-30T10:00'), '24x7', DEFAULT_CALENDAR)).toBe(
      65 * 60,
    );
    expect(clockMinutesBetween(sh('2026-11-30T10:00'), from, '24x7', DEFAULT_CALENDAR)).toBe(0);
    expect(() => addClockMinutes(from, -5, '24x7', DEFAULT_CALENDAR)).toThrow(RangeError);
  });

  it('counts working minutes on the working-hours clock', () => {
    expect(addClockMinutes(from, 120, 'working-hours', DEFAULT_CALENDAR)).toEqual(
      sh('2026-11-30T10:00'),
    );
    expect(
      clockMinutesBetween(from, sh('2026-11-30T10:00'), 'working-hours', DEFAULT_CALENDAR),
    ).toBe(120);
  });
});

describe('parseCalendar', () => {
  it('reads weekdays as ranges and lists', () => {
    expect(parseCalendar({ workDays: '1-5' }).workDays).toEqual([1, 2, 3, 4, 5]);
    expect(parseCalendar({ workDays: '1,2,3,4,5,6' }).workDays).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseCalendar({ workDays: ' 6-7, 1-3 ,2' }).workDays).toEqual([1, 2, 3, 6, 7]);
    expect(parseCalendar({ workDays: '7' }).workDays).toEqual([7]);
  });

  it('reads hours, zone, holidays and make-up days', () => {
    const cal = parseCalendar({
      timeZone: 'Europe/Berlin',
      hours: '08:30 - 17:00',
      holidays: ['2026-12-25', '2026-12-25'],
      workdays: ['2026-12-19'],
    });
    expect(cal.timeZone).toBe('Europe/Berlin');
    expect([cal.start, cal.end]).toEqual(['08:30', '17:00']);
    expect([...cal.holidays]).toEqual(['2026-12-25']);
    expect([...cal.workdays]).toEqual(['2026-12-19']);
    expect(parseCalendar({ hours: '00:00-24:00' }).end).toBe('24:00');
  });

  it('gives a time zone its canonical spelling', () => {
    expect(parseCalendar({ timeZone: 'asia/shanghai' }).timeZone).toBe('Asia/Shanghai');
  });

  it('refuses an unknown time zone', () => {
    expect(validationFields(() => parseCalendar({ timeZone: 'Mars/Base' }))).toEqual(['/timeZone']);
    expect(validationFields(() => parseCalendar({ timeZone: '' }))).toEqual(['/timeZone']);
  });

  it('refuses hours that end before they start or are not times', () => {
    expect(validationFields(() => parseCalendar({ hours: '18:00-09:00' }))).toEqual(['/hours']);
    expect(validationFields(() => parseCalendar({ hours: '09:00-09:00' }))).toEqual(['/hours']);
    expect(validationFields(() => parseCalendar({ hours: '09:00-25:00' }))).toEqual(['/hours']);
    expect(validationFields(() => parseCalendar({ hours: '24:00-24:00' }))).toEqual(['/hours']);
    expect(validationFields(() => parseCalendar({ hours: '9-18' }))).toEqual(['/hours']);
    expect(validationFields(() => parseCalendar({ hours: '09:00-12:00,13:00-18:00' }))).toEqual([
      '/hours',
    ]);
  });

  it('refuses weekdays outside 1–7 and malformed lists', () => {
    expect(validationFields(() => parseCalendar({ workDays: '0-9' }))).toEqual(['/workDays']);
    expect(validationFields(() => parseCalendar({ workDays: '5-1' }))).toEqual(['/workDays']);
    expect(validationFields(() => parseCalendar({ workDays: 'mon-fri' }))).toEqual(['/workDays']);
    expect(validationFields(() => parseCalendar({ workDays: '1,,2' }))).toEqual(['/workDays']);
  });

  it('refuses a calendar with no working day at all', () => {
    expect(validationFields(() => parseCalendar({ workDays: '' }))).toEqual(['/workDays']);
    expect(validationFields(() => parseCalendar({ workDays: ' , ' }))).toEqual(['/workDays']);
  });

  it('refuses dates that do not exist, naming their position', () => {
    expect(
      validationFields(() => parseCalendar({ holidays: ['2026-10-01', '2026-13-01'] })),
    ).toEqual(['/holidays/1']);
    expect(validationFields(() => parseCalendar({ workdays: ['2026-02-29', '26-1-1'] }))).toEqual([
      '/workdays/0',
      '/workdays/1',
    ]);
  });

  it('refuses a date listed both as holiday and as make-up day', () => {
    expect(
      validationFields(() =>
        parseCalendar({ holidays: ['2026-10-01'], workdays: ['2026-09-27', '2026-10-01'] }),
      ),
    ).toEqual(['/workdays/1']);
  });

  it('reports every wrong field at once', () => {
    expect(
      validationFields(() =>
        parseCalendar({ timeZone: 'Mars/Base', workDays: '0-9', hours: '18:00-09:00' }),
      ),
    ).toEqual(['/timeZone', '/workDays', '/hours']);
  });
});
