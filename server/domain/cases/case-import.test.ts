import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, localDate } from '../calendar/working-hours.ts';
import type { Category } from '../org/category.ts';
import {
  buildImportedCase,
  checkImportRow,
  IMPORT_COLUMNS,
  memoLocalDay,
  readImportHeader,
  type ImportRecord,
} from './case-import.ts';
import { DEFAULT_SLA } from './deadlines.ts';

const NOW = new Date('2026-03-02T02:00:00Z');
const { header } = readImportHeader([...IMPORT_COLUMNS]);

function row(values: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>): string[] {
  const full: Record<string, string> = {
    external_id: 'old-1',
    category: 'C0104',
    description: 'The lamp is out',
    lat: '39.97',
    lon: '116.31',
    reported_at: '2025-11-03T19:42:00+08:00',
    ...values,
  };
  return IMPORT_COLUMNS.map((c) => full[c] ?? '');
}

function problemsOf(values: Parameters<typeof row>[0]): string[] {
  return checkImportRow(row(values), header, NOW).problems ?? [];
}

const CATEGORY: Category = {
  id: 'cat-lamp',
  code: 'C0104',
  parentId: null,
  kind: 'facility',
  nameZh: '路灯',
  nameEn: 'Street light',
  noticeZh: null,
  noticeEn: null,
  defaultPriority: 'normal',
  defaultDepartmentId: 'd-lights',
  attributes: [],
  duplicateRadiusM: 50,
  sortOrder: 0,
  active: true,
  version: 1,
};

function build(record: ImportRecord) {
  return buildImportedCase(record, {
    id: 'case-1',
    trackingCode: 'CG-AAAA-BBBB',
    category: CATEGORY,
    path: ['city', 'district', 'cell'],
    departmentId: 'd-lights',
    policy: DEFAULT_SLA.normal,
    calendar: DEFAULT_CALENDAR,
    now: NOW,
    localDay: (at) => localDate(at, DEFAULT_CALENDAR.timeZone),
  });
}

function recordOf(values: Parameters<typeof row>[0]): ImportRecord {
  const checked = checkImportRow(row(values), header, NOW);
  if (!checked.record) throw new Error(checked.problems.join('; '));
  return checked.record;
}

describe('the import header', () => {
  it('names unknown, repeated and missing columns', () => {
    const { problems } = readImportHeader(['external_id', 'category', 'category', 'religion']);
    expect(problems.map((p) => p.message)).toEqual([
      'the column appears twice',
      expect.stringContaining('unknown column "religion"'),
      'this column is required',
      'this column is required',
      'this column is required',
      'this column is required',
    ]);
    expect(problems.map((p) => p.field).slice(2)).toEqual([
      'line 1: description',
      'line 1: lat',
      'line 1: lon',
      'line 1: reported_at',
    ]);
  });

  it('accepts the columns in any order and in any case', () => {
    const read = readImportHeader([
      'LAT',
      'lon',
      'Reported_At',
      'description',
      'category',
      'external_id',
    ]);
    expect(read.problems).toEqual([]);
    expect(read.header.lat).toBe(0);
    expect(read.header.external_id).toBe(5);
  });
});

describe('one import row', () => {
  it('takes a minimal row as a submitted case reported through import', () => {
    const record = recordOf({});
    expect(record).toMatchObject({
      externalId: 'old-1',
      status: 'submitted',
      channel: 'import',
      priority: null,
      closedAt: null,
    });
    expect(record.reportedAt.toISOString()).toBe('2025-11-03T11:42:00.000Z');
  });

  it('refuses each broken rule with its column', () => {
    expect(problemsOf({ external_id: '' })).toEqual(['external_id: is required']);
    expect(problemsOf({ description: 'x' })).toEqual([
      'description: describe the problem (3 characters or more)',
    ]);
    expect(problemsOf({ lat: '91' })[0]).toMatch(/^lat: "91" is not a decimal degree/);
    expect(problemsOf({ lon: '1e2' })[0]).toMatch(/^lon: "1e2"/);
    expect(problemsOf({ priority: 'asap' })[0]).toMatch(/^priority: "asap"/);
    expect(problemsOf({ channel: 'fax' })[0]).toMatch(/^channel: "fax"/);
    expect(problemsOf({ status: 'suspended' })[0]).toMatch(/^status: "suspended"/);
    expect(problemsOf({ reported_at: '2025-11-03 19:42' })[0]).toMatch(
      /^reported_at: .* with an offset/,
    );
    expect(problemsOf({ reported_at: '2025-11-03T19:42:00' })[0]).toMatch(/with an offset/);
    expect(problemsOf({ reported_at: '2026-03-03T00:00:00Z' })).toEqual([
      'reported_at: lies in the future',
    ]);
    expect(problemsOf({ description: 'x'.repeat(5001) })).toEqual([
      'description: longer than 5000 characters',
    ]);
  });

  it('wants closed_at and an answer exactly for closed and rejected cases', () => {
    expect(problemsOf({ status: 'closed' })).toEqual([
      'closed_at: is required for a closed case',
      'answer: a closed case needs the written answer its reporter was given',
    ]);
    expect(problemsOf({ status: 'rejected', closed_at: '2025-11-04T00:00:00Z' })).toEqual([
      'answer: give the reason for the rejection',
    ]);
    expect(problemsOf({ status: 'registered', closed_at: '2025-11-04T00:00:00Z' })).toEqual([
      'closed_at: only a closed or rejected case has one',
    ]);
    expect(
      problemsOf({ status: 'closed', closed_at: '2025-11-01T00:00:00Z', answer: 'Fixed.' }),
    ).toEqual(['closed_at: lies before reported_at']);
    expect(problemsOf({ status: 'dispatched', satisfaction: 'satisfied' })).toEqual([
      'satisfaction: only a verified or closed case has one',
    ]);
  });
});

describe('the case an import row becomes', () => {
  it('runs the stage of its status from the time of the import', () => {
    const dispatched = build(recordOf({ status: 'dispatched' })).case;
    expect(dispatched.status).toBe('dispatched');
    expect(dispatched.stage).toBe('handle');
    expect(dispatched.deadlines.handle?.due).toBe(dispatched.stageDueAt);
    expect(Date.parse(dispatched.stageDueAt ?? '')).toBeGreaterThan(NOW.getTime());
    expect(dispatched.createdAt).toBe('2025-11-03T11:42:00.000Z');
    expect(dispatched.updatedAt).toBe(NOW.toISOString());
    expect(dispatched.reporter).toEqual({
      userId: null,
      name: null,
      phone: null,
      email: null,
      consent: false,
    });
    expect(build(recordOf({})).case.stage).toBe('register');
    expect(build(recordOf({ status: 'resolved' })).case).toMatchObject({
      stage: 'verify',
      dueCounted: true,
    });
  });

  it('closes a closed case with its answer and counts closure on the day closed', () => {
    const { case: c, counters } = build(
      recordOf({
        status: 'closed',
        closed_at: '2025-11-05T10:15:00+08:00',
        answer: 'The lamp was replaced.',
        satisfaction: 'satisfied',
        channel: 'phone',
      }),
    );
    expect(c).toMatchObject({
      status: 'closed',
      stage: null,
      stageDueAt: null,
      answer: 'The lamp was replaced.',
      closedAt: '2025-11-05T02:15:00.000Z',
      satisfaction: 'satisfied',
      dueCounted: true,
      channel: 'phone',
    });
    const on = (day: string) =>
      Object.fromEntries(counters.filter((k) => k.day === day).map((k) => [k.metric, k.n]));
    expect(on('2025-11-03')).toEqual({
      reported: 1,
      'category:C0104': 1,
      'channel:phone': 1,
      // Its department was assigned it on the only day known.
      'dept:d-lights:assigned': 1,
    });
    const closedDay = on('2025-11-05');
    expect(closedDay).toMatchObject({
      closed: 1,
      due_closure: 1,
      close_hours_le_48: 1,
      satisfaction_satisfied: 1,
      // … and is judged by the closure as its steps would have judged it.
      'dept:d-lights:closed': 1,
      'dept:d-lights:due_closure': 1,
      'dept:d-lights:satisfaction_satisfied': 1,
    });
    expect(Object.keys(closedDay).filter((m) => m.startsWith('dept:'))).toHaveLength(3);
    expect(closedDay.close_hours_sum).toBeCloseTo(38.55, 2);
    // Every day counter is rolled up into its month as well.
    expect(on('2025-11')).toMatchObject({ reported: 1, closed: 1 });
  });

  it('counts a rejection, not a closure', () => {
    const { case: c, counters } = build(
      recordOf({ status: 'rejected', closed_at: '2025-11-04T00:00:00Z', answer: 'Duplicate.' }),
    );
    expect(c).toMatchObject({ status: 'rejected', answer: null, stage: null });
    expect(counters.map((k) => k.metric)).toContain('rejected');
    expect(counters.map((k) => k.metric)).not.toContain('closed');
  });

  it('remembers local days per quarter hour without changing them', () => {
    const localDay = memoLocalDay('Asia/Shanghai');
    for (const at of ['2025-11-03T15:59:59Z', '2025-11-03T16:00:00Z', '2025-11-03T16:14:00Z']) {
      expect(localDay(new Date(at))).toBe(localDate(new Date(at), 'Asia/Shanghai'));
    }
  });
});
