/**
 * The queries of Open311 GeoReport v2 (`GET requests`, `requests/{id}`, `tokens/{token}`,
 * `servicerequestupdates`): parameters as the standard gives them — comma lists, ISO 8601
 * dates with or without offset, a window of at most 90 days, paging — checked here, then
 * answered from the Open311 store. Requests are public problems: no scope applies, and the
 * presenter shows only public fields.
 *
 * A `service_request_id` is the case's id (`cases.id`), never its tracking code: the code
 * is the reporter's secret handle (it opens the tracking page and the one rating of a
 * case), so it is handed out only as the POST's `token`, and `tokens/{token}` turns it
 * into the id for the client that holds it.
 */
import { OPEN_STATUSES, type Case, type CaseStatus } from '../domain/cases/case.ts';
import { normaliseTrackingCode } from '../domain/cases/tracking-code.ts';
import { NotFoundError, ValidationError, type FieldProblem } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import type { Open311Store, PublicUpdate } from '../storage/stores/open311-store.ts';
import type { ReferenceDataCache } from './reference-data.ts';

/** The longest window `start_date`–`end_date` may span, in days (the standard's limit). */
export const MAX_WINDOW_DAYS = 90;
/** The most requests or updates one answer holds. */
export const MAX_PAGE_SIZE = 1000;

const DAY_MS = 86_400_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A service request id (a case id, a UUID) in lower case, or null when it is not one. */
export function normaliseRequestId(input: string): string | null {
  const id = input.trim();
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** A query parameter as Fastify parses it (a repeated one is a list). */
export type QueryValue = string | string[] | undefined;

/** Parameters of `GET requests`. */
export interface RequestQuery {
  service_request_id?: QueryValue;
  service_code?: QueryValue;
  status?: QueryValue;
  start_date?: QueryValue;
  end_date?: QueryValue;
  page?: QueryValue;
  page_size?: QueryValue;
}

/** Parameters of `GET servicerequestupdates`. */
export type UpdateQuery = Pick<RequestQuery, 'start_date' | 'end_date' | 'page' | 'page_size'>;

/** What a request shows beside the case itself. */
export interface RequestExtras {
  /** Case id → id of its first attachment. */
  firstAttachmentIds: Map<string, string>;
  /** Case id → the public reason of its rejection. */
  rejectReasons: Map<string, string>;
}

/** Requests and what the presenter needs to show them. */
export interface RequestBundle {
  cases: Case[];
  extras: RequestExtras;
}

/** Updates and the first attachment each added. */
export interface UpdateBundle {
  updates: PublicUpdate[];
  /** Event id → id of its first attachment. */
  eventAttachmentIds: Map<string, string>;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of instant `t` in `timeZone`. */
function wallTime(t: number, timeZone: string) {
  let format = wallFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(t)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The offset of `timeZone` from UTC at instant `t`, in minutes (east positive). */
export function zoneOffsetMinutes(t: number, timeZone: string): number {
  const w = wallTime(t, timeZone);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((wall - Math.floor(t / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An ISO instant as local time with its offset, e.g. `2026-11-29T13:05:00+08:00`. */
export function formatWithOffset(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  const w = wallTime(t, timeZone);
  const offset = zoneOffsetMinutes(t, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The instant of a local wall time in `timeZone` (a skipped hour moves forward). */
function instantOfWall(wall: number, timeZone: string): number {
  const first = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  const second = wall - zoneOffsetMinutes(first, timeZone) * 60_000;
  return second;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time as an instant. Without an offset it is local time in
 * `timeZone`; a date alone is the start of that local day, or its last millisecond when
 * `endOfDay`. A `+` decoded to a space by a client that did not encode it is accepted.
 * Null when the text is not such a date.
 */
export function parseIsoInstant(text: string, timeZone: string, endOfDay: boolean): number | null {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(wall).getUTCDate() !== day) return null;
  if (zone !== undefined) {
    if (zone.toUpperCase() === 'Z') return wall;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (Number(digits.slice(2)) > 59) return null;
    return wall - (zone.startsWith('-') ? -offset : offset) * 60_000;
  }
  if (h === undefined && endOfDay) {
    return instantOfWall(Date.UTC(year, month - 1, day + 1), timeZone) - 1;
  }
  return instantOfWall(wall, timeZone);
}

/** The values of a parameter: repeated and comma-separated alike, blanks dropped; undefined when none. */
export function listParam(value: QueryValue): string[] | undefined {
  const raw = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const items = raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length > 0 ? items : undefined;
}

/** One value of a parameter, blank as absent. @throws ValidationError when it is given twice. */
export function scalarParam(name: string, value: QueryValue): string | undefined {
  const values = (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length > 1)
    throw new ValidationError(`${name} is given more than once.`, [
      { field: `/${name}`, message: 'is given more than once' },
    ]);
  return values[0];
}

function problem(field: string, message: string): ValidationError {
  return new ValidationError(`${field}: ${message}`, [{ field: `/${field}`, message }]);
}

/** Offset and limit from `page` (from 1) and `page_size` (at most 1,000, the default). */
function paging(query: Pick<RequestQuery, 'page' | 'page_size'>): {
  offset: number;
  limit: number;
} {
  const problems: FieldProblem[] = [];
  const integer = (name: string, value: QueryValue, fallback: number, max: number) => {
    const raw = scalarParam(name, value);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > max) {
      problems.push({ field: `/${name}`, message: `must be a whole number from 1 to ${max}` });
      return fallback;
    }
    return n;
  };
  const page = integer('page', query.page, 1, 1_000_000);
  const pageSize = integer('page_size', query.page_size, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  if (problems.length > 0) throw new ValidationError('Bad paging.', problems);
  return { offset: (page - 1) * pageSize, limit: pageSize };
}

/**
 * The window [from, to] of `start_date`/`end_date`: the last 90 days when neither is
 * given, 90 days from the one given otherwise, and never more than 90 days.
 * @throws ValidationError for a bad date, an end before the start, or a longer span.
 */
function dateWindow(
  query: Pick<RequestQuery, 'start_date' | 'end_date'>,
  now: Date,
  timeZone: string,
): { from: string; to?: string } {
  const read = (name: 'start_date' | 'end_date', endOfDay: boolean) => {
    const raw = scalarParam(name, query[name]);
    if (raw === undefined) return undefined;
    const t = parseIsoInstant(raw, timeZone, endOfDay);
    if (t === null)
      throw problem(
        name,
        'must be an ISO 8601 date or date and time, e.g. 2026-11-29T13:05:00+08:00',
      );
    return t;
  };
  const start = read('start_date', false);
  const end = read('end_date', true);
  const span = MAX_WINDOW_DAYS * DAY_MS;
  if (start === undefined && end === undefined)
    return { from: new Date(now.getTime() - span).toISOString() };
  const from = start ?? (end as number) - span;
  const to = end ?? from + span;
  if (to < from) throw problem('end_date', 'is before start_date');
  if (to - from > span)
    throw problem('end_date', `start_date and end_date may span at most ${MAX_WINDOW_DAYS} days`);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Builds the Open311 queries. */
export function createOpen311Query(deps: {
  store: Open311Store;
  reference: Pick<ReferenceDataCache, 'current'>;
  clock: Clock;
}) {
  async function extrasFor(cases: Case[]): Promise<RequestExtras> {
    const rejected = cases.filter((c) => c.status === 'rejected');
    const [firstAttachmentIds, rejectReasons] = await Promise.all([
      deps.store.findFirstAttachmentIds(cases.map((c) => c.id)),
      deps.store.findRejectReasons(rejected.map((c) => c.id)),
    ]);
    return { firstAttachmentIds, rejectReasons };
  }

  /**
   * Normalised case ids.
   * @throws ValidationError naming the position of a malformed one (its text is not
   *   repeated: it may be a tracking code, which no public answer shows).
   */
  function requestIds(ids: string[]): string[] {
    return ids.map((id, i) => {
      const normalised = normaliseRequestId(id);
      if (!normalised)
        throw problem(
          'service_request_id',
          `value ${i + 1} is not a service request id (the id of a request, a UUID)`,
        );
      return normalised;
    });
  }

  return {
    /**
     * `GET requests`: by ids (which override every other filter), or by service, status
     * and window, newest first, one page.
     * @throws ValidationError for a malformed or unknown parameter value.
     */
    async listRequests(query: RequestQuery): Promise<RequestBundle> {
      const ids = listParam(query.service_request_id);
      if (ids) {
        if (ids.length > MAX_PAGE_SIZE)
          throw problem('service_request_id', `lists at most ${MAX_PAGE_SIZE} ids`);
        const cases = await deps.store.findRequests(
          { ids: [...new Set(requestIds(ids))] },
          0,
          MAX_PAGE_SIZE,
        );
        return { cases, extras: await extrasFor(cases) };
      }
      const ref = await deps.reference.current();
      let categoryIds: string[] | undefined;
      const codes = listParam(query.service_code);
      if (codes) {
        categoryIds = codes.map((code) => {
          const category = ref.categoryByCode.get(code);
          if (!category || ref.parentCategoryIds.has(category.id))
            throw problem('service_code', `"${code}" is not a service (see services.json)`);
          return category.id;
        });
      }
      let statuses: CaseStatus[] | undefined;
      const wanted = listParam(query.status)?.map((s) => s.toLowerCase());
      if (wanted) {
        const unknown = wanted.find((s) => s !== 'open' && s !== 'closed');
        if (unknown) throw problem('status', `"${unknown}" is neither open nor closed`);
        const open = wanted.includes('open');
        const closed = wanted.includes('closed');
        if (!(open && closed))
          statuses = open ? [...OPEN_STATUSES] : (['closed', 'rejected'] as CaseStatus[]);
      }
      const range = dateWindow(query, deps.clock.now(), ref.calendar.timeZone);
      const { offset, limit } = paging(query);
      const cases = await deps.store.findRequests(
        { categoryIds, statuses, from: range.from, to: range.to },
        offset,
        limit,
      );
      return { cases, extras: await extrasFor(cases) };
    },

    /**
     * `GET requests/{id}`: one request by its id (the case's id).
     * @throws NotFoundError for an unknown or malformed id.
     */
    async getRequest(id: string): Promise<RequestBundle> {
      const normalised = normaliseRequestId(id);
      const [found] = normalised ? await deps.store.findRequests({ ids: [normalised] }, 0, 1) : [];
      if (!found)
        throw new NotFoundError(
          normalised
            ? `No service request has the id "${normalised}".`
            : 'No service request has this id: a service_request_id is a UUID.',
        );
      return { cases: [found], extras: await extrasFor([found]) };
    },

    /**
     * `GET tokens/{token}`: the token is the tracking code the POST answered, typed in any
     * case or spacing; answers the request's id and the code as normalised.
     * @throws NotFoundError for an unknown or malformed token (which is not repeated back).
     */
    async findToken(token: string): Promise<{ id: string; token: string }> {
      const code = normaliseTrackingCode(token);
      const id = code ? await deps.store.findIdByTrackingCode(code) : undefined;
      if (!code || !id) throw new NotFoundError('No service request has this token.');
      return { id, token: code };
    },

    /**
     * `GET servicerequestupdates`: status changes and public comments in the window,
     * oldest first, one page.
     * @throws ValidationError for a malformed parameter value.
     */
    async listUpdates(query: UpdateQuery): Promise<UpdateBundle> {
      const ref = await deps.reference.current();
      const range = dateWindow(query, deps.clock.now(), ref.calendar.timeZone);
      const { offset, limit } = paging(query);
      const updates = await deps.store.findPublicUpdates(range, offset, limit);
      const eventAttachmentIds = await deps.store.findFirstEventAttachmentIds(
        updates.map((u) => u.event.id),
      );
      return { updates, eventAttachmentIds };
    },
  };
}

export type Open311Query = ReturnType<typeof createOpen311Query>;
