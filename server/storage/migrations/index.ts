/**
 * The list of migrations, in order. Listed by hand (not read from a folder) so the same
 * code runs from TypeScript sources, a bundle or a test without file-system globbing.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './2026-11-29T0500-foundation.ts';
import * as cases from './2026-11-29T0600-cases.ts';
import * as outbox from './2026-11-29T0700-outbox.ts';
import * as jobRuns from './2026-11-29T0800-job-runs.ts';
import * as caseImports from './2026-11-29T0900-case-imports.ts';
import * as overdueQueueIndex from './2026-11-29T1000-overdue-queue-index.ts';
import * as compactCounters from './2026-11-29T1100-compact-counters.ts';
import * as nearTiles from './2026-11-29T1200-near-tiles.ts';
import * as userVersion from './2026-12-07T1000-user-version.ts';
import * as orgVersions from './2026-12-07T1100-org-versions.ts';
import * as departmentActive from './2026-12-07T1200-department-active.ts';
import * as dutyShifts from './2026-12-07T1300-duty-shifts.ts';
import * as notificationParams from './2026-12-07T1400-notification-params.ts';
import * as unreadNotifications from './2026-12-07T1500-unread-notifications-index.ts';
import * as dutyReminders from './2026-12-07T1600-duty-reminders.ts';

const migrations: Record<string, Migration> = {
  '2026-11-29T0500-foundation': foundation,
  '2026-11-29T0600-cases': cases,
  '2026-11-29T0700-outbox': outbox,
  '2026-11-29T0800-job-runs': jobRuns,
  '2026-11-29T0900-case-imports': caseImports,
  '2026-11-29T1000-overdue-queue-index': overdueQueueIndex,
  '2026-11-29T1100-compact-counters': compactCounters,
  '2026-11-29T1200-near-tiles': nearTiles,
  '2026-12-07T1000-user-version': userVersion,
  '2026-12-07T1100-org-versions': orgVersions,
  '2026-12-07T1200-department-active': departmentActive,
  '2026-12-07T1300-duty-shifts': dutyShifts,
  '2026-12-07T1400-notification-params': notificationParams,
  '2026-12-07T1500-unread-notifications-index': unreadNotifications,
  '2026-12-07T1600-duty-reminders': dutyReminders,
};

/** Provides the migrations above to Kysely's `Migrator`. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
