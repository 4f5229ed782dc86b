/**
 * Cases imported from another system (`civicgrid import-cases`, docs/import-cases.md): the
 * CSV columns, the checks on one row, and the case a checked row becomes — routed,
 * with the running stage's deadline, and the day counters a report and its later steps
 * would have moved. Problems, not people: the format has no column for a reporter's
 * contact or any other personal data, since consent cannot be shown for migrated rows.
 */
import { localDate, type WorkCalendar } from '../calendar/working-hours.ts';
import type { FieldProblem } from '../errors.ts';
import { PRIORITIES, type Category, type Priority } from '../org/category.ts';
import {
  CHANNELS,
  SATISFACTIONS,
  type Case,
  type CaseStatus,
  type Channel,
  type Satisfaction,
  type Stage,
} from './case.ts';
import { startStage, type SlaPolicy } from './deadlines.ts';
import { departmentMetric, departmentMetricFor, monthOf } from './indicators.ts';
import { closeBucket } from './transitions.ts';

/** Every column the file may have, in the documented order. */
export const IMPORT_COLUMNS = [
  'external_id',
  'category',
  'title',
  'description',
  'lat',
  'lon',
  'address',
  'priority',
  'channel',
  'reported_at',
  'status',
  'department',
  'closed_at',
  'answer',
  'satisfaction',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The columns every file must have. */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = [
  'external_id',
  'category',
  'description',
  'lat',
  'lon',
  'reported_at',
];

/** The statuses an imported case may have: every state but `suspended`. */
export const IMPORT_STATUSES = [
  'submitted',
  'registered',
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'closed',
  'rejected',
] as const satisfies readonly CaseStatus[];
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The stage whose clock runs in each open status (as the workflow leaves it). */
const RUNNING_STAGE: Record<ImportStatus, Stage | null> = {
  submitted: 'register',
  registered: 'dispatch',
  dispatched: 'handle',
  in_progress: 'handle',
  resolved: 'verify',
  verified: 'answer',
  closed: null,
  rejected: null,
};

/** Statuses a case reaches only once dispatched to a department. */
const DISPATCHED: ReadonlySet<ImportStatus> = new Set([
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'closed',
]);

const LIMITS = { external_id: 200, title: 120, description: 5000, address: 300, answer: 5000 };
/** ISO 8601 with a date, a time and an offset (a time without an offset is ambiguous). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Where each column sits in the file's header row. */
export type ImportHeader = Partial<Record<ImportColumn, number>>;

/**
 * Reads the header row.
 * @returns the column positions, or the problems (unknown, repeated or missing columns).
 */
export function readImportHeader(names: readonly string[]): {
  header: ImportHeader;
  problems: FieldProblem[];
} {
  const header: ImportHeader = {};
  const problems: FieldProblem[] = [];
  const known = new Set<string>(IMPORT_COLUMNS);
  names.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!known.has(name)) {
      problems.push({
        field: `line 1: column ${i + 1}`,
        message: `unknown column "${raw}" (columns: ${IMPORT_COLUMNS.join(', ')})`,
      });
    } else if (header[name as ImportColumn] !== undefined) {
      problems.push({ field: `line 1: ${name}`, message: 'the column appears twice' });
    } else header[name as ImportColumn] = i;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (header[column] === undefined)
      problems.push({ field: `line 1: ${column}`, message: 'this column is required' });
  }
  return { header, problems };
}

/** One row, checked on its own (references to categories, departments and areas not yet). */
export interface ImportRecord {
  externalId: string;
  categoryCode: string;
  title: string | null;
  description: string;
  lat: number;
  lon: number;
  address: string | null;
  priority: Priority | null;
  channel: Channel;
  reportedAt: Date;
  status: ImportStatus;
  departmentCode: string | null;
  closedAt: Date | null;
  answer: string | null;
  satisfaction: Satisfaction | null;
}

function oneOf<T extends string>(values: readonly T[], text: string): T | undefined {
  return (values as readonly string[]).includes(text) ? (text as T) : undefined;
}

/**
 * Checks one data row against the format, at `now` (no date may lie in the future).
 * @returns the record, or the messages of every problem, each prefixed by its column.
 */
export function checkImportRow(
  fields: readonly string[],
  header: ImportHeader,
  now: Date,
): { record: ImportRecord; problems?: undefined } | { record?: undefined; problems: string[] } {
  const problems: string[] = [];
  const text = (column: ImportColumn): string => {
    const at = header[column];
    return at === undefined ? '' : (fields[at] ?? '').trim();
  };
  const limited = (column: keyof typeof LIMITS): string => {
    const value = text(column);
    if ([...value].length > LIMITS[column])
      problems.push(`${column}: longer than ${LIMITS[column]} characters`);
    return value;
  };
  const instant = (column: ImportColumn): Date | null => {
    const value = text(column);
    if (!value) return null;
    const at = new Date(value);
    if (!INSTANT.test(value) || Number.isNaN(at.getTime())) {
      problems.push(`${column}: "${value}" is not a date and time with an offset (ISO 8601)`);
      return null;
    }
    if (at.getTime() > now.getTime()) problems.push(`${column}: lies in the future`);
    return at;
  };
  const coordinate = (column: 'lat' | 'lon', max: number): number => {
    const value = text(column);
    const n = Number(value);
    if (!value) problems.push(`${column}: is required`);
    else if (!DECIMAL.test(value) || !Number.isFinite(n) || Math.abs(n) > max)
      problems.push(`${column}: "${value}" is not a decimal degree between -${max} and ${max}`);
    return n;
  };

  const externalId = limited('external_id');
  if (!externalId) problems.push('external_id: is required');
  else if (CONTROL.test(externalId)) problems.push('external_id: has control characters');
  const categoryCode = text('category');
  if (!categoryCode) problems.push('category: is required');
  const description = limited('description');
  if ([...description].length < 3)
    problems.push('description: describe the problem (3 characters or more)');
  const title = limited('title');
  const address = limited('address');
  const lat = coordinate('lat', 90);
  const lon = coordinate('lon', 180);

  const priorityText = text('priority');
  const priority = priorityText ? (oneOf(PRIORITIES, priorityText) ?? null) : null;
  if (priorityText && !priority)
    problems.push(`priority: "${priorityText}" is not one of ${PRIORITIES.join(', ')}`);
  const channelText = text('channel');
  const channel = channelText ? oneOf(CHANNELS, channelText) : 'import';
  if (!channel) problems.push(`channel: "${channelText}" is not one of ${CHANNELS.join(', ')}`);
  const statusText = text('status');
  const status = statusText ? oneOf(IMPORT_STATUSES, statusText) : 'submitted';
  if (!status) problems.push(`status: "${statusText}" is not one of ${IMPORT_STATUSES.join(', ')}`);

  const reportedAt = instant('reported_at');
  if (!text('reported_at')) problems.push('reported_at: is required');
  const closedAt = instant('closed_at');
  const final = status === 'closed' || status === 'rejected';
  if (status && final && !closedAt && !text('closed_at'))
    problems.push(`closed_at: is required for a ${status} case`);
  if (status && !final && closedAt)
    problems.push(`closed_at: only a closed or rejected case has one`);
  if (reportedAt && closedAt && closedAt < reportedAt)
    problems.push('closed_at: lies before reported_at');

  const answer = limited('answer');
  if (status === 'closed' && !answer)
    problems.push('answer: a closed case needs the written answer its reporter was given');
  if (status === 'rejected' && !answer) problems.push('answer: give the reason for the rejection');
  if (status && !final && answer) problems.push('answer: only a closed or rejected case has one');

  const satisfactionText = text('satisfaction');
  const satisfaction = satisfactionText ? (oneOf(SATISFACTIONS, satisfactionText) ?? null) : null;
  if (satisfactionText && !satisfaction)
    problems.push(`satisfaction: "${satisfactionText}" is not one of ${SATISFACTIONS.join(', ')}`);
  if (satisfaction && status !== 'verified' && status !== 'closed')
    problems.push('satisfaction: only a verified or closed case has one');

  if (problems.length > 0 || !channel || !status || !reportedAt) {
    return { problems: problems.length > 0 ? problems : ['the row is not valid'] };
  }
  return {
    record: {
      externalId,
      categoryCode,
      title: title || null,
      description,
      lat,
      lon,
      address: address || null,
      priority,
      channel,
      reportedAt,
      status,
      departmentCode: text('department') || null,
      closedAt,
      answer: answer || null,
      satisfaction,
    },
  };
}

/** What the case store, the counters and the audit need to know besides the row. */
export interface ImportContext {
  id: string;
  trackingCode: string;
  category: Category;
  /** Ids root → the located grid cell. */
  path: string[];
  departmentId: string | null;
  policy: SlaPolicy;
  calendar: WorkCalendar;
  /** When the import runs: the running stage's clock starts then. */
  now: Date;
  /** The local date (`YYYY-MM-DD`) of an instant in the calendar's time zone. */
  localDay: (at: Date) => string;
}

/**
 * `localDate` in `timeZone`, remembered per quarter hour (no time zone changes its offset
 * between quarter hours), for the many dates of a large import.
 */
export function memoLocalDay(timeZone: string): (at: Date) => string {
  const days = new Map<number, string>();
  return (at) => {
    const quarter = Math.floor(at.getTime() / 900_000);
    let day = days.get(quarter);
    if (day === undefined) {
      day = localDate(at, timeZone);
      if (days.size > 100_000) days.clear();
      days.set(quarter, day);
    }
    return day;
  };
}

/** One day counter: `day` is a local date or a month (`YYYY-MM`, the roll-up). */
export interface DayCount {
  day: string;
  metric: string;
  n: number;
}

/** Adds a day counter and its month's roll-up. */
function countOn(counters: DayCount[], day: string, metric: string, n: number): void {
  counters.push({ day, metric, n }, { day: monthOf(day), metric, n });
}

/**
 * The case a checked row becomes, and the counters it moves for its located cell and
 * every ancestor, each on the local day it happened (and that day's month). Only what
 * the row tells is counted: reported on the day reported; closure, time to close and
 * satisfaction on the day closed; a rejection on its day. A resolved or verified case
 * counts as due for closure (as its resolve step would have), on the day reported, the
 * only day known.
 */
export function buildImportedCase(
  record: ImportRecord,
  ctx: ImportContext,
): { case: Case; counters: DayCount[] } {
  const { category, path } = ctx;
  const located = path[path.length - 1] as string;
  const priority = record.priority ?? category.defaultPriority;
  const status = record.status;
  const closed = status === 'closed';
  const dueCounted = closed || status === 'resolved' || status === 'verified';
  let draft: Case = {
    id: ctx.id,
    trackingCode: ctx.trackingCode,
    categoryId: category.id,
    title: record.title ?? record.description.slice(0, 60),
    description: record.description,
    address: record.address,
    lat: record.lat,
    lon: record.lon,
    areaId: located,
    areaPath: path,
    locatedAreaId: located,
    priority,
    channel: record.channel,
    status,
    suspendedFrom: null,
    departmentId: ctx.departmentId,
    coDepartmentIds: [],
    handlerId: null,
    responsibleLead: null,
    reporter: { userId: null, name: null, phone: null, email: null, consent: false },
    attributes: {},
    duplicateOf: null,
    satisfaction: record.satisfaction,
    answer: closed ? record.answer : null,
    reworkCount: 0,
    supervised: false,
    escalations: 0,
    stage: null,
    stageDueAt: null,
    stageOverdue: false,
    escalateAt: null,
    dueCounted,
    deadlines: {},
    suspendedAt: null,
    version: 1,
    createdAt: record.reportedAt.toISOString(),
    updatedAt: ctx.now.toISOString(),
    closedAt: record.closedAt?.toISOString() ?? null,
  };
  const stage = RUNNING_STAGE[status];
  if (stage) draft = startStage(draft, stage, ctx.now, ctx.policy, ctx.calendar);

  const counters: DayCount[] = [];
  const count = (at: Date, metric: string, n = 1) => countOn(counters, ctx.localDay(at), metric, n);
  const reported = record.reportedAt;
  count(reported, 'reported');
  count(reported, `category:${category.code}`);
  count(reported, `channel:${record.channel}`);
  if (status === 'resolved' || status === 'verified') count(reported, 'due_closure');
  if (closed && record.closedAt) {
    const hours = (record.closedAt.getTime() - reported.getTime()) / 3_600_000;
    count(record.closedAt, 'due_closure');
    count(record.closedAt, 'closed');
    count(record.closedAt, 'close_hours_sum', hours);
    count(record.closedAt, `close_hours_le_${closeBucket(hours)}`);
    if (record.satisfaction) count(record.closedAt, `satisfaction_${record.satisfaction}`);
  }
  if (status === 'verified' && record.satisfaction)
    count(reported, `satisfaction_${record.satisfaction}`);
  if (status === 'rejected' && record.closedAt) count(record.closedAt, 'rejected');
  // The department that handled a dispatched case: assigned on the only day known (the
  // report's), then judged by what the row tells, as its steps would have judged it.
  if (draft.departmentId && DISPATCHED.has(status)) {
    const lead = draft.departmentId;
    count(reported, departmentMetric(lead, 'assigned'));
    for (const c of [...counters]) {
      const metric = departmentMetricFor(lead, c.metric);
      if (metric) counters.push({ day: c.day, metric, n: c.n });
    }
  }
  return { case: draft, counters };
}
