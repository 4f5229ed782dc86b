/**
 * The working-hours calendar that non-urgent case deadlines run on (SPEC "Workflow" →
 * Deadlines): working weekdays, one span of hours a day, holidays and make-up working days
 * (调休), all in the wall time of one IANA zone. Urgent cases run on a 24×7 clock, offered
 * here through the same two functions so callers treat both clocks alike.
 *
 * Time is counted in milliseconds internally and stepped a day span at a time, never a
 * minute at a time. Local wall time is turned into instants with `Intl.DateTimeFormat`,
 * so days with a daylight-saving change have their true length.
 */
import { ValidationError, type FieldProblem } from '../errors.ts';

/** When work happens: weekdays and hours in one zone, with holidays and make-up days. */
export interface WorkCalendar {
  /** IANA zone whose wall time the hours and dates are in. */
  timeZone: string;
  /** ISO weekdays that are worked, 1 = Monday … 7 = Sunday. */
  workDays: number[];
  /** 'HH:MM' local start of the one working span of a day. */
  start: string;
  /** 'HH:MM' local end of that span ('24:00' is midnight at the day's end); after start. */
  end: string;
  /** 'YYYY-MM-DD' local dates with no work, even on a working weekday. */
  holidays: ReadonlySet<string>;
  /** 'YYYY-MM-DD' make-up working days (调休), worked even on a weekend. */
  workdays: ReadonlySet<string>;
}

/** The calendar as configured in text: every field optional, defaults from DEFAULT_CALENDAR. */
export interface WorkCalendarInput {
  timeZone?: string;
  /** Weekday numbers and ranges: '1-5', '1,2,3,4,5,6', '1-3,5'. */
  workDays?: string;
  /** One span: '09:00-18:00'. */
  hours?: string;
  holidays?: string[];
  workdays?: string[];
}

/** Which clock a deadline runs on: urgent cases count every minute, others working time. */
export type DeadlineClock = '24x7' | 'working-hours';

/** Monday to Friday, 09:00–18:00 in China Standard Time, with no holidays listed. */
export const DEFAULT_CALENDAR: WorkCalendar = Object.freeze({
  timeZone: 'Asia/Shanghai',
  workDays: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  holidays: new Set<string>(),
  workdays: new Set<string>(),
});

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A calendar that offers no working time for this long is taken to have none at all. */
const MAX_IDLE_DAYS = 3660;
/** No deadline lies further out than this; beyond it the amount is a mistake. */
const MAX_DAYS = 36_600;

/**
 * The calendar described by `input`, with defaults for what is missing.
 * @throws ValidationError naming each wrong field (`/timeZone`, `/workDays`, `/hours`,
 *   `/holidays/3`, `/workdays/0`); a calendar without any working weekday is refused.
 */
export function parseCalendar(input: WorkCalendarInput): WorkCalendar {
  const problems: FieldProblem[] = [];

  let timeZone = DEFAULT_CALENDAR.timeZone;
  if (input.timeZone !== undefined) {
    const zone = typeof input.timeZone === 'string' ? canonicalZone(input.timeZone) : null;
    if (zone) timeZone = zone;
    else
      problems.push({
        field: '/timeZone',
        message: `unknown IANA time zone "${String(input.timeZone)}" (e.g. Asia/Shanghai)`,
      });
  }

  let workDays = [...DEFAULT_CALENDAR.workDays];
  if (input.workDays !== undefined) {
    const parsed = parseWorkDays(input.workDays);
    if (typeof parsed === 'string') problems.push({ field: '/workDays', message: parsed });
    else workDays = parsed;
  }

  let start = DEFAULT_CALENDAR.start;
  let end = DEFAULT_CALENDAR.end;
  if (input.hours !== undefined) {
    const parsed = parseHours(input.hours);
    if (typeof parsed === 'string') problems.push({ field: '/hours', message: parsed });
    else ({ start, end } = parsed);
  }

  const holidays = parseDates(input.holidays, '/holidays', problems);
  const workdays = parseDates(input.workdays, '/workdays', problems);
  (input.workdays ?? []).forEach((date, i) => {
    if (holidays.has(date)) {
      problems.push({
        field: `/workdays/${i}`,
        message: `${date} is listed both as a holiday and as a make-up working day`,
      });
    }
  });

  if (problems.length > 0) {
    throw new ValidationError('The working-hours calendar is not valid', problems);
  }
  return { timeZone, workDays, start, end, holidays, workdays };
}

/** The 'YYYY-MM-DD' local date of the instant `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return isoDate(dayNumberAt(instantOf(at), timeZone));
}

/**
 * Whether the local date is worked: a listed holiday never is, a listed make-up day always
 * is, otherwise its weekday decides.
 */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  const day = dayNumberOf(date);
  if (day === null) throw new RangeError(`Not a calendar date: "${date}"`);
  return worksOn(day, cal);
}

/** Whether `at` lies in a working span: from its start (included) to its end (excluded). */
export function isWorkingTime(at: Date, cal: WorkCalendar): boolean {
  const t = instantOf(at);
  const day = dayNumberAt(t, cal.timeZone);
  const hours = hoursOf(cal);
  // The previous day too: a span ending at '24:00' may end after local midnight.
  for (const d of [day - 1, day]) {
    if (!worksOn(d, cal)) continue;
    const [start, end] = spanOn(d, hours, cal.timeZone);
    if (start <= t && t < end) return true;
  }
  return false;
}

/**
 * The instant `minutes` working minutes after `from`; outside working time the count starts
 * at the next span's start. Zero minutes gives `from` in working time, else that next start;
 * an amount that ends exactly at a span's end gives that end, not the next day's start.
 * @throws RangeError for a negative or non-finite amount; Error when the calendar has no
 *   working time within 3660 days or the result lies over 100 years away.
 */
export function addWorkingMinutes(from: Date, minutes: number, cal: WorkCalendar): Date {
  let remaining = msOf(minutes);
  const t0 = instantOf(from);
  const hours = hoursOf(cal);
  let idle = 0;
  const first = dayNumberAt(t0, cal.timeZone) - 1;
  for (let day = first; day - first <= MAX_DAYS; day++) {
    if (idle > MAX_IDLE_DAYS) {
      throw new Error(`The calendar has no working time within ${MAX_IDLE_DAYS} days`);
    }
    if (!worksOn(day, cal)) {
      idle++;
      continue;
    }
    const [start, end] = spanOn(day, hours, cal.timeZone);
    const begin = Math.max(start, t0);
    if (end <= begin) {
      idle++;
      continue;
    }
    idle = 0;
    if (remaining <= end - begin) return new Date(begin + remaining);
    remaining -= end - begin;
  }
  throw new Error(`${minutes} working minutes end more than ${MAX_DAYS} days away`);
}

/** Working minutes (possibly fractional) from `from` to `to`; 0 when `to` is not after it. */
export function workingMinutesBetween(from: Date, to: Date, cal: WorkCalendar): number {
  const a = instantOf(from);
  const b = instantOf(to);
  if (b <= a) return 0;
  const hours = hoursOf(cal);
  const last = dayNumberAt(b, cal.timeZone);
  let total = 0;
  for (let day = dayNumberAt(a, cal.timeZone) - 1; day <= last; day++) {
    if (!worksOn(day, cal)) continue;
    const [start, end] = spanOn(day, hours, cal.timeZone);
    const overlap = Math.min(end, b) - Math.max(start, a);
    if (overlap > 0) total += overlap;
  }
  return total / MINUTE_MS;
}

/**
 * The instant `minutes` after `from` on `clock`: every minute counts on '24x7', only
 * working minutes of `cal` on 'working-hours'.
 * @throws RangeError for a negative or non-finite amount.
 */
export function addClockMinutes(
  from: Date,
  minutes: number,
  clock: DeadlineClock,
  cal: WorkCalendar,
): Date {
  if (clock === 'working-hours') return addWorkingMinutes(from, minutes, cal);
  return new Date(instantOf(from) + msOf(minutes));
}

/** Minutes from `from` to `to` on `clock` (0 when `to` is not after `from`). */
export function clockMinutesBetween(
  from: Date,
  to: Date,
  clock: DeadlineClock,
  cal: WorkCalendar,
): number {
  if (clock === 'working-hours') return workingMinutesBetween(from, to, cal);
  return Math.max(0, instantOf(to) - instantOf(from)) / MINUTE_MS;
}

// ---- parsing ---------------------------------------------------------------------------

function canonicalZone(name: string): string | null {
  try {
    return formatterFor(name).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function parseWorkDays(text: string): number[] | string {
  if (typeof text !== 'string') return 'must be weekday numbers such as "1-5" or "1,2,3,4,5,6"';
  const items = text.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) {
    return 'no working day: give at least one ISO weekday (1 = Monday … 7 = Sunday)';
  }
  const days = new Set<number>();
  for (const item of items) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(item);
    if (!m) return `"${item}" is not a weekday or a range of weekdays such as "1-5"`;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || from > 7 || to < 1 || to > 7) {
      return `"${item}": weekdays run from 1 (Monday) to 7 (Sunday)`;
    }
    if (to < from) return `"${item}": a range runs forward, e.g. "1-5"`;
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort((x, y) => x - y);
}

function parseHours(text: string): { start: string; end: string } | string {
  const m = typeof text === 'string' ? /^(\d\d:\d\d)\s*-\s*(\d\d:\d\d)$/.exec(text.trim()) : null;
  const start = m?.[1];
  const end = m?.[2];
  if (start === undefined || end === undefined) {
    return 'must be one span "HH:MM-HH:MM", e.g. "09:00-18:00"';
  }
  const from = minuteOfDay(start, false);
  const to = minuteOfDay(end, true);
  if (from === null) return `"${start}" is not a time of day`;
  if (to === null) return `"${end}" is not a time of day`;
  if (to <= from) return `the end ${end} must come after the start ${start} (one span per day)`;
  return { start, end };
}

function parseDates(
  dates: string[] | undefined,
  field: string,
  problems: FieldProblem[],
): Set<string> {
  const out = new Set<string>();
  if (dates === undefined) return out;
  if (!Array.isArray(dates)) {
    problems.push({ field, message: 'must be a list of YYYY-MM-DD dates' });
    return out;
  }
  dates.forEach((date, i) => {
    if (typeof date === 'string' && dayNumberOf(date) !== null) out.add(date);
    else
      problems.push({
        field: `${field}/${i}`,
        message: `"${String(date)}" is not a YYYY-MM-DD date`,
      });
  });
  return out;
}

/** Minutes since midnight of 'HH:MM'; '24:00' only as an end. */
function minuteOfDay(text: string, isEnd: boolean): number | null {
  const m = /^(\d\d):(\d\d)$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h < 24 || (isEnd && h === 24 && min === 0)) return h * 60 + min;
  return null;
}

interface Hours {
  start: number;
  end: number;
}

/** The calendar's span in minutes of the day; a hand-built calendar may be malformed. */
function hoursOf(cal: WorkCalendar): Hours {
  const start = minuteOfDay(cal.start, false);
  const end = minuteOfDay(cal.end, true);
  if (start === null || end === null || end <= start) {
    throw new RangeError(`Working hours "${cal.start}-${cal.end}" are not one span of a day`);
  }
  return { start, end };
}

function msOf(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Minutes must be a finite amount of at least 0, not ${minutes}`);
  }
  return Math.round(minutes * MINUTE_MS);
}

function instantOf(at: Date): number {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid date');
  return t;
}

// ---- days ------------------------------------------------------------------------------

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD', else null. */
function dayNumberOf(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return t / DAY_MS;
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day number; 1970-01-01 was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function worksOn(day: number, cal: WorkCalendar): boolean {
  if (cal.holidays.size > 0 || cal.workdays.size > 0) {
    const date = isoDate(day);
    if (cal.holidays.has(date)) return false;
    if (cal.workdays.has(date)) return true;
  }
  return cal.workDays.includes(isoWeekday(day));
}

/** The working span [start, end) of a local day as instants (ms). */
function spanOn(day: number, hours: Hours, timeZone: string): [number, number] {
  const midnight = day * DAY_MS;
  const start = wallToInstant(midnight + hours.start * MINUTE_MS, timeZone);
  const end = wallToInstant(midnight + hours.end * MINUTE_MS, timeZone);
  // A daylight-saving gap can only shorten a span, never turn it around.
  return [start, Math.max(start, end)];
}

// ---- wall time ↔ instant ---------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const HOUR_MS = 3_600_000;
/**
 * Offsets from UTC per time zone and hour since the epoch: the offset at the hour's first
 * and last second when they agree (no zone changes its offset twice within an hour), or
 * NaN for an hour with a transition, whose instants are resolved one by one.
 */
const hourOffsets = new Map<string, Map<number, number>>();

/** The local wall time of instant `t` (ms), written as if it were a UTC instant. */
function wallOf(t: number, timeZone: string): number {
  let offsets = hourOffsets.get(timeZone);
  if (!offsets) {
    offsets = new Map();
    hourOffsets.set(timeZone, offsets);
  }
  const hour = Math.floor(t / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const last = start + HOUR_MS - SECOND_MS;
    const first = exactWallOf(start, timeZone) - start;
    offset = exactWallOf(last, timeZone) - last === first ? first : Number.NaN;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactWallOf(t, timeZone) : t + offset;
}

/** `wallOf` through the time zone database, for one instant. */
function exactWallOf(t: number, timeZone: string): number {
  const whole = Math.floor(t / SECOND_MS) * SECOND_MS;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(whole)) {
    const n = Number(part.value);
    if (part.type === 'year') year = n;
    else if (part.type === 'month') month = n;
    else if (part.type === 'day') day = n;
    else if (part.type === 'hour')
      hour = n % 24; // some ICU builds print midnight as 24
    else if (part.type === 'minute') minute = n;
    else if (part.type === 'second') second = n;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) + (t - whole);
}

function offsetAt(t: number, timeZone: string): number {
  return wallOf(t, timeZone) - t;
}

function dayNumberAt(t: number, timeZone: string): number {
  return Math.floor(wallOf(t, timeZone) / DAY_MS);
}

/**
 * The instant of a local wall time (written as a UTC instant), resolved like Temporal's
 * 'compatible': a time repeated when clocks go back is its earlier instant, a time skipped
 * when they go forward is moved forward by the gap. Zones change offset at most once within
 * a day either side, which holds for every zone in the tz database.
 */
function wallToInstant(wall: number, timeZone: string): number {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  if (before === after) return wall - before;
  const candidates = [wall - before, wall - after].filter(
    (t) => offsetAt(t, timeZone) === wall - t,
  );
  return candidates.length > 0 ? Math.min(...candidates) : wall - before;
}
