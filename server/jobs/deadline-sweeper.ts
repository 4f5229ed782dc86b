/**
 * The deadline sweeper: marks stages that ran past their deadline as overdue, tells the
 * responsible staff, and escalates to the parent area's centre by policy. Bounded batches,
 * idempotent (a case is marked once; a concurrent step wins and the sweep moves on), and
 * one instance at a time across servers through a database lock.
 */
import { caseNotification } from '../domain/notify/in-app.ts';
import { departmentCounters } from '../domain/cases/indicators.ts';
import { markOverdue, escalateOwnership } from '../domain/cases/transitions.ts';
import { StaleVersionError } from '../domain/errors.ts';
import type { Clock } from '../domain/ports.ts';
import type { CaseStore } from '../storage/stores/case-store.ts';
import type { NotificationStore } from '../storage/stores/notification-store.ts';
import type { AreaLocator } from '../services/area-locator.ts';
import type { WriteCaseChange } from '../services/case-writer.ts';
import type { ReferenceDataCache } from '../services/reference-data.ts';
import type { Job } from './job.ts';

/** What one sweep did. */
export interface SweepResult {
  marked: number;
  escalated: number;
  skipped: number;
}

/** Builds the sweeper job. */
export function createDeadlineSweeper(deps: {
  cases: Pick<CaseStore, 'findDueStages' | 'findDueEscalations'>;
  notifications: Pick<NotificationStore, 'findRecipients'>;
  locator: Pick<AreaLocator, 'current'>;
  reference: Pick<ReferenceDataCache, 'current'>;
  write: WriteCaseChange;
  clock: Clock;
  batchLimit?: number;
  /** Pause between two sweeps (default 30 s). */
  intervalMs?: number;
}): Job<SweepResult> {
  const batchLimit = deps.batchLimit ?? 200;
  return {
    name: 'deadline-sweeper',
    intervalMs: deps.intervalMs ?? 30_000,
    batchLimit,
    async run(): Promise<SweepResult> {
      const now = deps.clock.now();
      const ref = await deps.reference.current();
      const index = await deps.locator.current();
      const result: SweepResult = { marked: 0, escalated: 0, skipped: 0 };

      for (const c of await deps.cases.findDueStages(now, batchLimit)) {
        const marked = markOverdue(c, now, ref.policyFor(c.categoryId, c.priority), ref.calendar);
        if (!marked) continue;
        const staff = await deps.notifications.findRecipients(
          c.areaPath,
          ['dispatcher', 'grid_leader', 'department_head'],
          c.departmentId ? [c.departmentId] : [],
        );
        try {
          await deps.write({
            before: c,
            after: marked.next,
            countedPath: index.lineage(c.locatedAreaId),
            event: {
              kind: 'deadline',
              action: 'overdue',
              fromStatus: c.status,
              note: null,
              public: false,
              details: { stage: c.stage, due: c.stageDueAt },
            },
            actor: null,
            counters: [...marked.counters, ...departmentCounters(c, marked.next, marked.counters)],
            audit: { action: 'case.overdue', details: { stage: c.stage, due: c.stageDueAt } },
            notify: {
              userIds: [...staff, ...(c.handlerId ? [c.handlerId] : [])],
              ...caseNotification('case.overdue', c, {
                stage: c.stage ?? undefined,
                dueAt: c.stageDueAt ?? undefined,
              }),
            },
          });
          result.marked++;
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          result.skipped++;
        }
      }

      for (const c of await deps.cases.findDueEscalations(now, batchLimit)) {
        const parentId = c.areaPath[c.areaPath.length - 2];
        const stamp = now.toISOString();
        const after = parentId
          ? {
              ...escalateOwnership(c, { id: parentId, path: c.areaPath.slice(0, -1) }),
              version: c.version + 1,
              updatedAt: stamp,
            }
          : { ...c, escalateAt: null, version: c.version + 1, updatedAt: stamp };
        const staff = parentId
          ? await deps.notifications.findRecipients(
              after.areaPath,
              ['dispatcher', 'grid_leader'],
              [],
            )
          : [];
        try {
          await deps.write({
            before: c,
            after,
            countedPath: index.lineage(c.locatedAreaId),
            event: {
              kind: 'escalation',
              action: 'escalate',
              fromStatus: c.status,
              note: parentId ? 'Escalated by policy: the stage stayed overdue.' : null,
              public: false,
              details: { byPolicy: true, fromAreaId: c.areaId, toAreaId: after.areaId },
            },
            actor: null,
            counters: parentId ? [{ metric: 'escalated', n: 1 }] : [],
            audit: {
              action: 'case.escalate',
              details: { byPolicy: true, fromAreaId: c.areaId, toAreaId: after.areaId },
            },
            notify: {
              userIds: staff,
              ...caseNotification('case.escalated', c),
            },
          });
          if (parentId) result.escalated++;
        } catch (error) {
          if (!(error instanceof StaleVersionError)) throw error;
          result.skipped++;
        }
      }
      return result;
    },
  };
}
