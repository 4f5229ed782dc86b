/**
 * Duty reminders: an hour before a shift starts, its officer on duty (A) and its cover (B)
 * are reminded — in-app, and by e-mail when SMTP is configured and they have an address —
 * so that the person an urgent report will reach knows it is their turn. The reminder,
 * the notifications and the e-mails commit together, and the shift is marked reminded in
 * the same transaction, so each shift's officers are reminded once across instances and
 * runs; a shift whose start moves is reminded again (see `remindedOnPlan`). Bounded,
 * under the job lock.
 */
import { REMIND_BEFORE_MS } from '../domain/duty/duty-shift.ts';
import { dutyReminder } from '../domain/notify/in-app.ts';
import type { Clock } from '../domain/ports.ts';
import type { Db } from '../storage/database.ts';
import type { AreaStore } from '../storage/stores/area-store.ts';
import type { DutyStore } from '../storage/stores/duty-store.ts';
import type { NotificationStore } from '../storage/stores/notification-store.ts';
import type { OutboxStore } from '../storage/stores/outbox-store.ts';
import { dutyMailDrafts } from '../services/notify/plan-messages.ts';
import type { ReferenceDataCache } from '../services/reference-data.ts';
import type { Job } from './job.ts';

/** What one run did. */
export interface DutyReminderResult {
  /** Shifts whose officers were reminded. */
  reminded: number;
}

/** Builds the reminder job. */
export function createDutyReminder(deps: {
  db: Db;
  duty: Pick<DutyStore, 'findDueReminders' | 'markReminded'>;
  areas: Pick<AreaStore, 'findSummariesByIds'>;
  notifications: Pick<NotificationStore, 'insertMany'>;
  outbox: Pick<OutboxStore, 'findStaffAddresses' | 'enqueue'>;
  reference: Pick<ReferenceDataCache, 'current'>;
  clock: Clock;
  /** False when no SMTP server is configured: only in-app notifications then. */
  email: boolean;
  publicUrl: string;
  batchLimit?: number;
}): Job<DutyReminderResult> {
  const batchLimit = deps.batchLimit ?? 100;
  return {
    name: 'duty-reminder',
    intervalMs: 60_000,
    batchLimit,
    async run(): Promise<DutyReminderResult> {
      const now = deps.clock.now();
      const result: DutyReminderResult = { reminded: 0 };
      const due = await deps.duty.findDueReminders(
        now,
        new Date(now.getTime() + REMIND_BEFORE_MS),
        batchLimit,
      );
      if (due.length === 0) return result;
      const areas = new Map(
        (await deps.areas.findSummariesByIds([...new Set(due.map((s) => s.areaId))])).map((a) => [
          a.id,
          a,
        ]),
      );
      const timeZone = (await deps.reference.current()).calendar.timeZone;
      // Every officer's address in one read, for the whole batch.
      const addresses = deps.email
        ? await deps.outbox.findStaffAddresses(
            due.flatMap((s) => [s.primaryUserId, ...(s.backupUserId ? [s.backupUserId] : [])]),
          )
        : [];
      for (const shift of due) {
        const area = areas.get(shift.areaId);
        if (!area) continue;
        const officers = [
          ['A', shift.primaryUserId],
          ...(shift.backupUserId ? [['B', shift.backupUserId] as const] : []),
        ] as const;
        const reminded = await deps.db.kysely.transaction().execute(async (trx) => {
          if (!(await deps.duty.markReminded(trx, shift.id, now))) return false;
          for (const [role, userId] of officers) {
            await deps.notifications.insertMany(
              trx,
              [userId],
              { caseId: null, ...dutyReminder(role, area, shift) },
              now,
            );
            const mails = dutyMailDrafts({
              kind: role === 'A' ? 'assigned' : 'cover',
              reminder: true,
              area,
              spans: [shift],
              timeZone,
              recipient: addresses.find((a) => a.userId === userId),
              base: { publicUrl: deps.publicUrl },
              dedupeKey: `duty-reminder:${shift.id}:${shift.startsAt}`,
            });
            if (mails.length > 0) await deps.outbox.enqueue(trx, mails, now);
          }
          return true;
        });
        if (reminded) result.reminded++;
      }
      return result;
    },
  };
}
