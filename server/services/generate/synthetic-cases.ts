/**
 * One synthetic case and its lifecycle as the workflow would have left it: reported,
 * registered or rejected, dispatched, accepted, resolved, verified (8 % fail once and are
 * reworked), answered and closed, with stage deadlines, late stages marked overdue as the
 * sweeper would, 2 % suspended, 3 % stalled for good, and recent cases still open — plus
 * the day counters and gauges those steps add. Pure: randomness and days come in.
 */
import type { Case } from '../../domain/cases/case.ts';
import { nearTile } from '../../domain/cases/duplicates.ts';
import { departmentCounters, gaugeChanges } from '../../domain/cases/indicators.ts';
import { CLOSE_HOUR_BUCKETS } from '../../domain/cases/transitions.ts';
import { formatTrackingCode } from '../../domain/cases/tracking-code.ts';

const HOUR = 3_600_000;
/** Wall-clock stand-ins for the default SLA of a normal case, per stage. */
const SLA_HOURS = { register: 8, dispatch: 16, handle: 72, verify: 24, answer: 48 } as const;
type Stage = keyof typeof SLA_HOURS;

/** Where a case is and what it is about. */
export interface SyntheticCell {
  id: string;
  /** Ids from the city down to the cell: where counters and gauges are kept. */
  path: string[];
  pathText: string;
  lon: number;
  lat: number;
  /** Cell size in degrees (cases fall inside, near the centre). */
  size: number;
}

/** A leaf category and the department it routes to. */
export interface SyntheticCategory {
  id: string;
  code: string;
  departmentId: string | null;
}

/** A case row (in `BULK_CASE_COLUMNS` order), its counter increments and gauge metrics. */
export interface SyntheticCase {
  id: string;
  row: (string | number | null)[];
  departmentId: string | null;
  /** `[instant ms, metric, n]`: the counter of the local day of the instant. */
  counts: [number, string, number][];
  /** Gauge metrics this case adds 1 to (empty when it is closed or rejected). */
  gauges: string[];
  status: string;
}

/**
 * The lifecycle of one case reported at `createdMs`, stepped until a step would lie
 * after `endMs` (the moment the data ends).
 */
export function synthesizeCase(input: {
  rand: () => number;
  serial: number;
  createdMs: number;
  endMs: number;
  cell: SyntheticCell;
  category: SyntheticCategory;
}): SyntheticCase {
  const { rand, serial, cell, category, endMs } = input;
  const created = input.createdMs;
  const iso = (ms: number) => new Date(ms).toISOString();
  const hours = (min: number, max: number) => (min + (max - min) * rand() * rand()) * HOUR;
  const counts: [number, string, number][] = [];
  const lead = category.departmentId;
  let dueCounted = false;
  /** The fields of a case that department counters and gauges read. */
  const view = (c: Partial<Case>) =>
    ({ departmentId: lead, coDepartmentIds: [], dueCounted: false, ...c }) as Case;
  let dispatched = false;
  const count1 = (ms: number, metric: string, n = 1) => {
    counts.push([ms, metric, n]);
    // After dispatch, steps also count for the lead department, as the workflow's do.
    if (lead && (dispatched || metric === 'dispatched'))
      for (const d of departmentCounters(view({}), view({ dueCounted }), [{ metric, n }]))
        counts.push([ms, d.metric, d.n]);
  };

  const channel = rand() < 0.6 ? 'web' : rand() < 0.75 ? 'field' : 'phone';
  const priority = rand() < 0.04 ? 'high' : 'normal';
  count1(created, 'reported');
  count1(created, `category:${category.code}`);
  count1(created, `channel:${channel}`);

  const deadlines: Partial<
    Record<Stage, { due: string; doneAt: string | null; overdue: boolean }>
  > = {};
  // The running stage and its due time (an object: closures below change it).
  const clock: { stage: Stage | null; due: number } = { stage: null, due: 0 };
  let status = 'submitted';
  let version = 1;
  let at = created;
  let reworks = 0;
  let satisfaction: string | null = null;
  let closedAt: number | null = null;
  let suspendedAt: number | null = null;
  const start = (s: Stage, ms: number) => {
    clock.stage = s;
    clock.due = ms + SLA_HOURS[s] * HOUR;
    deadlines[s] = { due: iso(clock.due), doneAt: null, overdue: false };
  };
  const markOverdue = (s: Stage) => {
    count1(clock.due, `overdue_${s}`);
    version++;
    if (s === 'handle' && !dueCounted) {
      dueCounted = true;
      count1(clock.due, 'due_closure');
    }
  };
  /** The running stage done at `ms`; a late one was marked overdue by the sweeper first. */
  const finish = (ms: number) => {
    const s = clock.stage as Stage;
    const late = ms > clock.due;
    if (late) markOverdue(s);
    deadlines[s] = { due: iso(clock.due), doneAt: iso(ms), overdue: late };
    count1(ms, `${s}_${late ? 'late' : 'on_time'}`);
    clock.stage = null;
  };
  start('register', created);
  // A few cases stall for good at some step; the rest run to the end unless time runs out.
  const stallAt = rand() < 0.03 ? 1 + Math.floor(rand() * 6) : 99;
  const rejected = rand() < 0.06;
  const suspendAt = rand() < 0.02 ? 3 : 99;
  const steps: (() => number)[] = [
    () => hours(0.1, 20),
    () => hours(0.2, 30),
    () => hours(0.1, 8),
    () => hours(1, 200),
    () => hours(0.5, 60),
    () => hours(0.2, 72),
  ];
  let step = 0;
  let reworkPending = rand() < 0.08;
  while (step < steps.length && step < stallAt) {
    if (step === suspendAt) {
      const next = at + hours(1, 48);
      if (next > endMs) break;
      at = next;
      suspendedAt = at;
      version++;
      count1(at, 'suspended');
      break;
    }
    const next = at + (steps[step] as () => number)();
    if (next > endMs) break;
    at = next;
    version++;
    if (step === 0) {
      finish(at);
      if (rejected) {
        status = 'rejected';
        closedAt = at;
        count1(at, 'rejected');
        break;
      }
      status = 'registered';
      count1(at, 'registered');
      start('dispatch', at);
    } else if (step === 1) {
      finish(at);
      status = 'dispatched';
      count1(at, 'dispatched');
      dispatched = true;
      start('handle', at);
    } else if (step === 2) {
      status = 'in_progress';
    } else if (step === 3) {
      finish(at);
      status = 'resolved';
      count1(at, 'resolved');
      if (!dueCounted) {
        dueCounted = true;
        count1(at, 'due_closure');
      }
      start('verify', at);
    } else if (step === 4) {
      finish(at);
      if (reworkPending) {
        reworkPending = false;
        reworks++;
        count1(at, 'verify_failed');
        status = 'dispatched';
        start('handle', at);
        step = 2;
        continue;
      }
      count1(at, 'verify_ok');
      if (rand() < 0.7) {
        const r = rand();
        satisfaction = r < 0.8 ? 'satisfied' : r < 0.92 ? 'neutral' : 'unsatisfied';
        count1(at, `satisfaction_${satisfaction}`);
      }
      status = 'verified';
      start('answer', at);
    } else {
      finish(at);
      status = 'closed';
      closedAt = at;
      const closeHours = (at - created) / HOUR;
      count1(at, 'closed');
      count1(at, 'close_hours_sum', closeHours);
      const bound = CLOSE_HOUR_BUCKETS.find((b) => closeHours <= b) ?? Infinity;
      count1(at, `close_hours_le_${bound === Infinity ? 'inf' : bound}`);
    }
    step++;
  }
  const isOpen = status !== 'closed' && status !== 'rejected';
  let overdue = false;
  if (suspendedAt !== null) {
    status = 'suspended';
  } else if (isOpen && clock.stage !== null && clock.due < endMs) {
    // The sweeper has marked the running stage overdue.
    overdue = true;
    markOverdue(clock.stage);
    const running = deadlines[clock.stage];
    if (running) running.overdue = true;
  }
  // The gauges of the case as it stands, from the workflow's own rule.
  const gauges = gaugeChanges(
    null,
    view({
      status: status as Case['status'],
      suspendedFrom: status === 'suspended' ? 'in_progress' : null,
      stage: isOpen ? clock.stage : null,
      stageOverdue: overdue,
    }),
    [''],
  ).map((g) => g.metric);

  // A time-ordered id (as uuidv7: the creation instant first), unique by its serial tail.
  const hex = created.toString(16).padStart(12, '0');
  const id = `${hex.slice(0, 8)}-${hex.slice(8)}-7${Math.floor(rand() * 0xfff)
    .toString(16)
    .padStart(3, '0')}-${(8 + Math.floor(rand() * 4)).toString(16)}${Math.floor(rand() * 0xfff)
    .toString(16)
    .padStart(3, '0')}-${serial.toString(16).padStart(12, '0')}`;
  const codeBytes = Buffer.alloc(8);
  codeBytes.writeUInt32BE(serial >>> 0, 0);
  codeBytes.writeUInt32BE(Math.floor(rand() * 0xffffffff), 4);
  const text = `Synthetic case ${serial}`;
  const spread = cell.size * 0.6;
  const lat = cell.lat + (rand() - 0.5) * spread;
  const lon = cell.lon + (rand() - 0.5) * spread;
  return {
    id,
    departmentId: category.departmentId,
    counts,
    gauges,
    status,
    row: [
      id,
      formatTrackingCode(codeBytes),
      category.id,
      text,
      `${text}: made by civicgrid generate`,
      null,
      lat,
      lon,
      nearTile(lat, lon),
      cell.id,
      cell.pathText,
      cell.id,
      priority,
      channel,
      status,
      status === 'suspended' ? 'in_progress' : null,
      category.departmentId,
      null,
      null,
      null,
      null,
      null,
      null,
      0,
      '{}',
      null,
      satisfaction,
      status === 'closed' ? 'Handled: see the report.' : null,
      reworks,
      0,
      0,
      isOpen ? clock.stage : null,
      isOpen && clock.stage ? iso(clock.due) : null,
      overdue ? 1 : 0,
      null,
      dueCounted ? 1 : 0,
      JSON.stringify(deadlines),
      suspendedAt === null ? null : iso(suspendedAt),
      version,
      iso(created),
      iso(at),
      closedAt === null ? null : iso(closedAt),
    ],
  };
}
