/**
 * Due-soon warnings: a stage whose deadline falls within the next two hours (or half the
 * stage's limit, when shorter) is announced once to the people who must act in it — in-app,
 * and by e-mail when SMTP is configured; an urgent case's register and dispatch stages to
 * the officers on duty. The warning, the notifications and the e-mails commit together, so
 * each stage deadline is warned about exactly once across instances and runs. Bounded,
 * under the job lock.
 */
import { caseNotification } from '../domain/notify/in-app.ts';
import {
  dueSoonRoles,
  dueSoonWindowMs,
  dutyActsIn,
  DUE_SOON_MS,
} from '../domain/notify/notices.ts';
import type { Clock } from '../domain/ports.ts';
import type { Db } from '../storage/database.ts';
import type { DeadlineWarningStore } from '../storage/stores/deadline-warning-store.ts';
import type { NotificationStore } from '../storage/stores/notification-store.ts';
import type { OutboxStore } from '../storage/stores/outbox-store.ts';
import { staffMailDrafts } from '../services/notify/plan-messages.ts';
import type { ReferenceDataCache } from '../services/reference-data.ts';
import type { UrgentReach } from '../services/urgent-reach.ts';
import type { Job } from './job.ts';

/** What one run did. */
export interface DueSoonResult {
  warned: number;
}

/** Builds the due-soon job. */
export function createDueSoonNotifier(deps: {
  db: Db;
  warnings: DeadlineWarningStore;
  notifications: Pick<NotificationStore, 'findRecipients' | 'insertMany'>;
  outbox: Pick<OutboxStore, 'findStaffAddresses' | 'enqueue'>;
  reference: Pick<ReferenceDataCache, 'current'>;
  /** Who an urgent case reaches now: the officers on duty, or everyone in a gap. */
  urgentReach: UrgentReach;
  clock: Clock;
  /** False when no SMTP server is configured: only in-app notifications then. */
  email: boolean;
  publicUrl: string;
  batchLimit?: number;
}): Job<DueSoonResult> {
  const batchLimit = deps.batchLimit ?? 100;
  return {
    name: 'due-soon-notifier',
    intervalMs: 60_000,
    batchLimit,
    async run(): Promise<DueSoonResult> {
      const now = deps.clock.now();
      const ref = await deps.reference.current();
      const result: DueSoonResult = { warned: 0 };
      const due = await deps.warnings.findDueSoon(
        now,
        new Date(now.getTime() + DUE_SOON_MS),
        batchLimit,
      );
      for (const c of due) {
        if (!c.stage || !c.stageDueAt) continue;
        const limit = ref.policyFor(c.categoryId, c.priority).minutes[c.stage];
        // Not yet: a later run warns about it (it stays unwarned).
        if (Date.parse(c.stageDueAt) - now.getTime() > dueSoonWindowMs(limit)) continue;
        const roles = dueSoonRoles(c.stage);
        const userIds = [
          ...(c.priority === 'urgent' && dutyActsIn(c.stage)
            ? await deps.urgentReach(c.areaPath, now)
            : await deps.notifications.findRecipients(c.areaPath, roles.area, [])),
          ...(await deps.notifications.findRecipients(
            [],
            roles.department,
            c.departmentId ? [c.departmentId] : [],
          )),
          ...(c.stage === 'handle' && c.handlerId ? [c.handlerId] : []),
        ];
        const recipients = deps.email ? await deps.outbox.findStaffAddresses(userIds) : [];
        const mails = staffMailDrafts(c, 'due_soon', recipients, {
          ref,
          base: { publicUrl: deps.publicUrl },
          dedupePrefix: `due-soon:${c.id}:${c.stage}:${c.stageDueAt}`,
        });
        const stage = c.stage;
        const dueAt = c.stageDueAt;
        const warned = await deps.db.kysely.transaction().execute(async (trx) => {
          if (!(await deps.warnings.markWarned(trx, { caseId: c.id, stage, dueAt }, now)))
            return false;
          await deps.notifications.insertMany(
            trx,
            userIds,
            { caseId: c.id, ...caseNotification('case.due_soon', c, { stage, dueAt }) },
            now,
          );
          await deps.outbox.enqueue(trx, mails, now);
          return true;
        });
        if (warned) result.warned++;
      }
      return result;
    },
  };
}
