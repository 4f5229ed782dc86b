/**
 * The duty schedule (SPEC "Staff": a duty schedule with A/B cover so an urgent case always
 * has someone on duty). An area has shifts: a span of time with an officer on duty (A,
 * `primary`) and an optional cover (B, `backup`). Shifts of one area never overlap. An
 * urgent report reaches the officer on duty of the deepest area on its path whose shift
 * covers that moment; where no shift covers it (a gap), it reaches every dispatcher and
 * grid leader of the area instead. Pure rules here; storage and scope live elsewhere.
 */
import { ruleOf } from '../cases/transitions.ts';
import { ValidationError, type FieldProblem } from '../errors.ts';
import type { Role } from '../org/role.ts';

/**
 * Roles that may stand duty for an area, when granted on that area or an ancestor: those
 * that register (and reject) a report, so the officer an urgent report reaches can act on
 * it within its 15 minutes — dispatchers and grid leaders. A grid worker verifies on site
 * but does not register, so stands no duty.
 */
export const DUTY_ROLES: readonly Role[] = ruleOf('register').roles;
/** Roles that plan the roster of areas in their scope. */
export const DUTY_PLANNER_ROLES: readonly Role[] = ['grid_leader', 'admin'];
/** Roles that read the roster of areas in their scope. */
export const DUTY_READER_ROLES: readonly Role[] = [
  'dispatcher',
  'grid_leader',
  'grid_worker',
  'supervisor',
  'admin',
];

/** Longest shift: a week. Longer spans are a standing assignment, not a duty. */
export const MAX_SHIFT_MS = 7 * 86_400_000;
/** Most consecutive days one request may plan. */
export const MAX_REPEAT_DAYS = 31;
/** Widest window one roster read covers. */
export const MAX_ROSTER_WINDOW_MS = 62 * 86_400_000;
export const MAX_SHIFT_NOTE = 300;
/** How long before a shift starts its officer and cover are reminded of it. */
export const REMIND_BEFORE_MS = 60 * 60_000;

/**
 * What a shift planned (or whose start moved) at `now` records as its reminder: `now` when
 * it starts within the reminder's hour — the notice of the plan then is the reminder —
 * and null otherwise, for the reminder job to send an hour before.
 */
export function remindedOnPlan(startsAt: string, now: Date): string | null {
  return Date.parse(startsAt) - now.getTime() <= REMIND_BEFORE_MS ? now.toISOString() : null;
}

export interface DutyShift {
  id: string;
  areaId: string;
  startsAt: string;
  endsAt: string;
  primaryUserId: string;
  backupUserId: string | null;
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A span of time, as ISO instants; the end is exclusive. */
export interface Span {
  startsAt: string;
  endsAt: string;
}

/** Parses an ISO instant, or records a problem for `field`. */
function instant(value: string, field: string, problems: FieldProblem[]): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) {
    problems.push({ field, message: 'must be a date and time with its offset (ISO 8601)' });
    return Number.NaN;
  }
  return ms;
}

/**
 * Checks a shift's times and officers; returns the span normalised to UTC ISO strings.
 * `startedAlready` (an edit of a running shift) leaves the start as it is.
 * @throws ValidationError naming each failing field.
 */
export function checkShift(
  input: Span & { primaryUserId: string; backupUserId: string | null; note: string | null },
  now: Date,
): Span {
  const problems: FieldProblem[] = [];
  const start = instant(input.startsAt, '/startsAt', problems);
  const end = instant(input.endsAt, '/endsAt', problems);
  if (!Number.isNaN(start) && !Number.isNaN(end)) {
    if (end <= start) problems.push({ field: '/endsAt', message: 'must be after the start' });
    else if (end - start > MAX_SHIFT_MS)
      problems.push({ field: '/endsAt', message: 'a shift lasts at most 7 days' });
    else if (end <= now.getTime())
      problems.push({ field: '/endsAt', message: 'has passed: a shift must end in the future' });
  }
  if (input.backupUserId !== null && input.backupUserId === input.primaryUserId)
    problems.push({ field: '/backupUserId', message: 'the cover must be someone else' });
  if (input.note !== null && input.note.length > MAX_SHIFT_NOTE)
    problems.push({ field: '/note', message: `at most ${MAX_SHIFT_NOTE} characters` });
  if (problems.length > 0) throw new ValidationError('The shift is not valid.', problems);
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() };
}

/** The span repeated on `days` consecutive days (the first is the span itself). */
export function repeatDaily(span: Span, days: number): Span[] {
  const start = Date.parse(span.startsAt);
  const end = Date.parse(span.endsAt);
  return Array.from({ length: days }, (_, i) => ({
    startsAt: new Date(start + i * 86_400_000).toISOString(),
    endsAt: new Date(end + i * 86_400_000).toISOString(),
  }));
}

/** True when two spans share some instant (ends are exclusive). */
export function overlaps(a: Span, b: Span): boolean {
  return (
    Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt)
  );
}

/** The first pair of spans in `spans` that overlap, or undefined. */
export function firstOverlap<T extends Span>(spans: readonly T[]): [T, T] | undefined {
  const sorted = [...spans].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1] as T;
    const here = sorted[i] as T;
    if (overlaps(before, here)) return [before, here];
  }
  return undefined;
}

/** The parts of `window` that none of `cover` covers, in order. */
export function gapsIn(window: Span, cover: readonly Span[]): Span[] {
  const from = Date.parse(window.startsAt);
  const to = Date.parse(window.endsAt);
  const spans = cover
    .map((s) => [Math.max(from, Date.parse(s.startsAt)), Math.min(to, Date.parse(s.endsAt))])
    .filter(([a, b]) => (a as number) < (b as number))
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  const gaps: Span[] = [];
  let at = from;
  for (const [a, b] of spans as [number, number][]) {
    if (a > at)
      gaps.push({ startsAt: new Date(at).toISOString(), endsAt: new Date(a).toISOString() });
    at = Math.max(at, b);
  }
  if (at < to)
    gaps.push({ startsAt: new Date(at).toISOString(), endsAt: new Date(to).toISOString() });
  return gaps;
}

/**
 * The shift that answers for an area at `at`: among shifts covering that instant on the
 * area's path (root → area), the one of the deepest area.
 */
export function shiftOnDuty<T extends Pick<DutyShift, 'areaId'> & Span>(
  areaPath: readonly string[],
  shifts: readonly T[],
  at: Date,
): T | undefined {
  const t = at.getTime();
  let best: T | undefined;
  let bestDepth = -1;
  for (const s of shifts) {
    const depth = areaPath.indexOf(s.areaId);
    if (depth < 0 || Date.parse(s.startsAt) > t || Date.parse(s.endsAt) <= t) continue;
    if (depth > bestDepth) {
      best = s;
      bestDepth = depth;
    }
  }
  return best;
}

/**
 * Who an urgent report reaches through a shift: the officer on duty and the cover, those
 * of them whose accounts are active. Both hear at once, so the case reaches someone even
 * when A is away; an empty list means nobody on the shift can be reached.
 */
export function dutyRecipients(
  shift: Pick<DutyShift, 'primaryUserId' | 'backupUserId'>,
  isActive: (userId: string) => boolean,
): string[] {
  return [shift.primaryUserId, shift.backupUserId].filter(
    (id): id is string => id !== null && isActive(id),
  );
}

/**
 * A shift covering some instant, with whether each officer can act on a report there: the
 * account is active and still holds a duty role on the report's area or one above it (a
 * grant withdrawn after the shift was planned leaves the officer unable to register).
 */
export interface CoveringShift extends DutyShift {
  primaryCanAct: boolean;
  backupCanAct: boolean;
}

/**
 * Who an urgent report on `areaPath` reaches at `at`: the officer on duty and the cover of
 * the deepest covering shift that has someone who can act, or undefined (a gap: the report
 * then goes to every dispatcher and grid leader of the area). A shift whose officers are
 * both deactivated or no longer hold a duty role there does not leave the report unheard
 * when an area above has someone on duty.
 */
export function urgentDuty(
  areaPath: readonly string[],
  covering: readonly CoveringShift[],
  at: Date,
): { shift: CoveringShift; userIds: string[] } | undefined {
  const reach = (s: CoveringShift) =>
    dutyRecipients(s, (u) =>
      u === s.primaryUserId ? s.primaryCanAct : u === s.backupUserId && s.backupCanAct,
    );
  const shift = shiftOnDuty(
    areaPath,
    covering.filter((s) => reach(s).length > 0),
    at,
  );
  return shift && { shift, userIds: reach(shift) };
}
