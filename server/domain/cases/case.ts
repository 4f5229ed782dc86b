/** Cases: one reported problem and its state (SPEC "Domain", "Workflow"). */
import type { Priority } from '../org/category.ts';

export const CASE_STATUSES = [
  'submitted',
  'registered',
  'dispatched',
  'in_progress',
  'resolved',
  'verified',
  'closed',
  'rejected',
  'suspended',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** States in which work is still owed; `closed` and `rejected` are final. */
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(
  (s) => s !== 'closed' && s !== 'rejected',
);

export const CHANNELS = [
  'web',
  'field',
  'phone',
  'walk_in',
  'open311',
  'import',
  'inspection',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const SATISFACTIONS = ['satisfied', 'neutral', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** The stages that each have a deadline, in workflow order. */
export const STAGES = ['register', 'dispatch', 'handle', 'verify', 'answer'] as const;
export type Stage = (typeof STAGES)[number];

/** One stage's deadline: when it is due, when it was done, whether it ran late. */
export interface StageDeadline {
  due: string;
  doneAt: string | null;
  overdue: boolean;
}
export type Deadlines = Partial<Record<Stage, StageDeadline>>;

/** Who reported, with the least data needed; contact only with consent. */
export interface Reporter {
  userId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  consent: boolean;
}

/** A case as the domain sees it. Times are ISO 8601 UTC strings. */
export interface Case {
  id: string;
  trackingCode: string;
  categoryId: string;
  title: string;
  description: string;
  address: string | null;
  lat: number;
  lon: number;
  /** The owning area (the located cell, or an ancestor after escalation). */
  areaId: string;
  /** Ids root → owning area. */
  areaPath: string[];
  locatedAreaId: string;
  priority: Priority;
  channel: Channel;
  status: CaseStatus;
  suspendedFrom: CaseStatus | null;
  departmentId: string | null;
  coDepartmentIds: string[];
  handlerId: string | null;
  responsibleLead: string | null;
  reporter: Reporter;
  attributes: Record<string, unknown>;
  duplicateOf: string | null;
  satisfaction: Satisfaction | null;
  answer: string | null;
  reworkCount: number;
  supervised: boolean;
  escalations: number;
  /** The stage whose clock runs (null once final). */
  stage: Stage | null;
  stageDueAt: string | null;
  stageOverdue: boolean;
  /** When the overdue stage escalates to the parent area by policy (null: not scheduled). */
  escalateAt: string | null;
  /** True once the case counted as "due for closure" in the indicators. */
  dueCounted: boolean;
  deadlines: Deadlines;
  suspendedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** True while work is owed on the case. */
export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
