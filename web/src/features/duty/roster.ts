/**
 * The duty roster's pure rules for the web page: who may read and plan it (from the
 * session's grants), calendar days and wall-clock times in the city's time zone, the week
 * a date falls in, each day's shifts and gaps, and a shift's instants built from a date
 * and two times (an end at or before the start is on the next day).
 */
import type { Session } from '../../api/types.ts';

/** Roles that read the roster of the areas in their scope. */
export const DUTY_READER_ROLES: readonly string[] = [
  'dispatcher',
  'grid_leader',
  'grid_worker',
  'supervisor',
  'admin',
];

/** Roles that plan the roster of the areas in their scope. */
export const DUTY_PLANNER_ROLES: readonly string[] = ['grid_leader', 'admin'];

/** True when the signed-in user holds a role that reads the roster. */
export function readsRoster(session: Session | null | undefined): boolean {
  return (session?.roles ?? []).some((g) => DUTY_READER_ROLES.includes(g.role) && g.area);
}

/** True when the signed-in user holds a role that plans the roster somewhere. */
export function plansSomewhere(session: Session | null | undefined): boolean {
  return (session?.roles ?? []).some((g) => DUTY_PLANNER_ROLES.includes(g.role) && g.area);
}

/** The areas the user reads the roster of (roots of their subtrees), first grant first. */
export function rosterAreas(session: Session | null | undefined): { id: string; code: string }[] {
  const seen = new Set<string>();
  const areas: { id: string; code: string }[] = [];
  for (const grant of session?.roles ?? []) {
    if (!DUTY_READER_ROLES.includes(grant.role) || !grant.area || seen.has(grant.area.id)) continue;
    seen.add(grant.area.id);
    areas.push(grant.area);
  }
  return areas;
}

/**
 * True when the user plans the area whose path (ancestor ids, root first, then its own)
 * is `path`: a planner role granted on the area or an ancestor. The server decides; this
 * only chooses whether to offer the controls.
 */
export function plansArea(session: Session | null | undefined, path: readonly string[]): boolean {
  return (session?.roles ?? []).some(
    (g) => DUTY_PLANNER_ROLES.includes(g.role) && g.area !== undefined && path.includes(g.area.id),
  );
}

// ----- Calendar days and wall-clock times in a time zone ---------------------------------

/** A calendar day, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A wall-clock time, `HH:MM` (24-hour). */
export type LocalTime = string;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock of instant `ms` in `timeZone`, as the UTC instant showing the same fields. */
function wallOf(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of wallFormat(timeZone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    (parts.hour ?? 0) % 24,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day and wall-clock time of an instant in `timeZone`. */
export function localParts(
  instant: string | number,
  timeZone: string,
): { date: LocalDate; time: LocalTime } {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const wall = new Date(wallOf(Math.floor(ms / 1000) * 1000, timeZone));
  return {
    date: `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
  };
}

function parseDate(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

function formatDate(ms: number): LocalDate {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isLocalDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && formatDate(parseDate(text)) === text;
}

/** True for a wall-clock time written `HH:MM` (00:00 to 23:59). */
export function isLocalTime(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}

/** The day `n` days after `date` (before, for negative `n`). */
export function addDays(date: LocalDate, n: number): LocalDate {
  return formatDate(parseDate(date) + n * DAY_MS);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((parseDate(b) - parseDate(a)) / DAY_MS);
}

/** The Monday of the week holding `date` (weeks run Monday to Sunday). */
export function mondayOf(date: LocalDate): LocalDate {
  const weekday = new Date(parseDate(date)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/**
 * The instant of wall-clock `time` on `date` in `timeZone`, in milliseconds. A time that
 * a daylight-saving change skips moves forward by the change.
 */
export function instantOf(date: LocalDate, time: LocalTime, timeZone: string): number {
  const [h, m] = time.split(':').map(Number);
  const wall = parseDate(date) + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
  const first = wall - (wallOf(wall, timeZone) - wall);
  return wall - (wallOf(first, timeZone) - first);
}

/** The 7 days of the week starting `monday` and the instants bounding it, `[from, to)`. */
export function weekOf(
  monday: LocalDate,
  timeZone: string,
): { days: LocalDate[]; from: string; to: string } {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return {
    days,
    from: new Date(instantOf(monday, '00:00', timeZone)).toISOString(),
    to: new Date(instantOf(addDays(monday, 7), '00:00', timeZone)).toISOString(),
  };
}

// ----- A week's days: shifts and gaps ----------------------------------------------------

/** Where an entry starts or ends, seen from the day it is listed under. */
export interface Edge {
  /** Wall-clock time; an end at the following midnight is `24:00` on the day itself. */
  time: LocalTime;
  /** Days from the listed day to the edge's own day (0: the same day, 1: the next). */
  dayOffset: number;
  /** The edge's own calendar day. */
  date: LocalDate;
}

/** One line of a day: a shift, or a gap when nobody is on duty. */
export type DayEntry<S> = {
  startsAt: string;
  endsAt: string;
  start: Edge;
  end: Edge;
  /** True when the entry covers the whole day. */
  allDay: boolean;
} & ({ kind: 'shift'; shift: S } | { kind: 'gap' });

export interface RosterDay<S> {
  date: LocalDate;
  entries: DayEntry<S>[];
}

function edgeFrom(instant: string, day: LocalDate, timeZone: string, isEnd: boolean): Edge {
  const { date, time } = localParts(instant, timeZone);
  // An end at midnight closes the day before: `24:00` there, not `00:00` of the next.
  if (isEnd && time === '00:00') {
    const before = addDays(date, -1);
    return { time: '24:00', dayOffset: daysBetween(day, before), date: before };
  }
  return { time, dayOffset: daysBetween(day, date), date };
}

/**
 * Lists every shift and gap under each day it overlaps (an overnight shift under both
 * days), ordered by start, gaps before shifts starting at the same moment.
 */
export function rosterDays<S extends { startsAt: string; endsAt: string }>(
  days: readonly LocalDate[],
  shifts: readonly S[],
  gaps: readonly { startsAt: string; endsAt: string }[],
  timeZone: string,
): RosterDay<S>[] {
  const all = [
    ...gaps.map((g) => ({ kind: 'gap' as const, startsAt: g.startsAt, endsAt: g.endsAt })),
    ...shifts.map((s) => ({
      kind: 'shift' as const,
      shift: s,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
    })),
  ].sort(
    (a, b) =>
      Date.parse(a.startsAt) - Date.parse(b.startsAt) ||
      (a.kind === b.kind ? 0 : a.kind === 'gap' ? -1 : 1),
  );
  return days.map((date) => {
    const from = instantOf(date, '00:00', timeZone);
    const to = instantOf(addDays(date, 1), '00:00', timeZone);
    const entries: DayEntry<S>[] = [];
    for (const item of all) {
      const start = Date.parse(item.startsAt);
      const end = Date.parse(item.endsAt);
      if (start >= to || end <= from) continue;
      entries.push({
        ...item,
        start: edgeFrom(item.startsAt, date, timeZone, false),
        end: edgeFrom(item.endsAt, date, timeZone, true),
        allDay: start <= from && end >= to,
      });
    }
    return { date, entries };
  });
}

/** True when the instant `now` lies in `[startsAt, endsAt)`. */
export function covers(span: { startsAt: string; endsAt: string }, now: number): boolean {
  return Date.parse(span.startsAt) <= now && now < Date.parse(span.endsAt);
}

// ----- The shift form: a date and two times ---------------------------------------------

/** What the form holds for a shift's time. */
export interface ShiftTimes {
  date: LocalDate;
  start: LocalTime;
  end: LocalTime;
  /**
   * Whole days added to the end beyond the one an overnight end already adds: 0 except
   * for a shift longer than a day, which the form keeps as it was.
   */
  extraDays: number;
}

/** The calendar day the shift ends on: the next day when the end is not after the start. */
export function endDateOf(times: ShiftTimes): LocalDate {
  const overnight = times.end <= times.start ? 1 : 0;
  return addDays(times.date, overnight + times.extraDays);
}

/**
 * The shift's instants from the form's date and times in `timeZone`: an end at or before
 * the start is on the next day (09:00 to 09:00 is 24 hours).
 */
export function spanOf(times: ShiftTimes, timeZone: string): { startsAt: string; endsAt: string } {
  return {
    startsAt: new Date(instantOf(times.date, times.start, timeZone)).toISOString(),
    endsAt: new Date(instantOf(endDateOf(times), times.end, timeZone)).toISOString(),
  };
}

/** The form's date and times of a stored shift, in `timeZone` (inverse of `spanOf`). */
export function timesOf(span: { startsAt: string; endsAt: string }, timeZone: string): ShiftTimes {
  const start = localParts(span.startsAt, timeZone);
  const end = localParts(span.endsAt, timeZone);
  const overnight = end.time <= start.time ? 1 : 0;
  return {
    date: start.date,
    start: start.time,
    end: end.time,
    extraDays: Math.max(0, daysBetween(start.date, end.date) - overnight),
  };
}

/** The day a new shift starts on by default: today when the week shows it or is past, else its Monday. */
export function defaultShiftDate(days: readonly LocalDate[], today: LocalDate): LocalDate {
  const first = days[0] ?? today;
  return first > today ? first : today;
}
