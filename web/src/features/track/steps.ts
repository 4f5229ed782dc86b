/** Pure helpers of the tracking page: tracking codes as typed, and the status steps. */
import { CASE_STATUSES, type CaseStatus, type Tracking } from '../../api/types.ts';

/** The canonical path of a case, as the tracking page draws it. */
export const STEP_ORDER = [
  'submitted',
  'registered',
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'closed',
] as const satisfies readonly CaseStatus[];

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

/**
 * What a person typed as a tracking code, normalised as the server does (case, spaces,
 * dashes, I/L → 1, O → 0), or null when it cannot be one.
 */
export function normaliseTrackingCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(cleaned)) return null;
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4, 8)}-${cleaned.slice(8)}`;
}

export interface StepView {
  status: CaseStatus;
  state: 'done' | 'current' | 'todo';
  /** When the case last reached this step. */
  at: string | null;
}

/**
 * The steps to draw. A rejected case shows where it stopped; a suspended case shows the
 * step it was paused at; after rework the later steps are to do again.
 */
export function stepViews(tracking: Tracking): { steps: StepView[]; paused: boolean } {
  const reached = new Map<CaseStatus, string>([['submitted', tracking.createdAt]]);
  for (const step of tracking.steps) reached.set(step.status, step.at);

  if (tracking.status === 'rejected') {
    return {
      steps: [
        { status: 'submitted', state: 'done', at: tracking.createdAt },
        { status: 'rejected', state: 'current', at: reached.get('rejected') ?? null },
      ],
      paused: false,
    };
  }
  let effective: CaseStatus = tracking.status;
  const paused = tracking.status === 'suspended';
  if (paused) {
    const before = [...tracking.steps].reverse().find((s) => s.status !== 'suspended');
    effective = before?.status ?? 'submitted';
  }
  const current = Math.max(0, STEP_ORDER.indexOf(effective as (typeof STEP_ORDER)[number]));
  const finished = effective === 'closed';
  return {
    steps: STEP_ORDER.map((status, i) => ({
      status,
      state:
        i < current || (finished && i === current) ? 'done' : i === current ? 'current' : 'todo',
      at: i <= current ? (reached.get(status) ?? null) : null,
    })),
    paused,
  };
}
