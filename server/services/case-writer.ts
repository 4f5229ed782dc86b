/**
 * The one way a case change reaches storage: the case row, its timeline entry, linked
 * attachments, day counters and gauges, notifications, the outbox's e-mails and webhook
 * deliveries, the audit entry and the idempotency answer commit in one transaction — or
 * none of them does.
 */
import type { NotificationDraft } from '../domain/notify/in-app.ts';
import type { Transaction } from 'kysely';
import type { Case } from '../domain/cases/case.ts';
import { gaugeChanges, type GaugeDelta } from '../domain/cases/indicators.ts';
import type { EventDraft } from '../domain/cases/transitions.ts';
import type { Clock } from '../domain/ports.ts';
import { localDate } from '../domain/calendar/working-hours.ts';
import type { Db } from '../storage/database.ts';
import type { Database } from '../storage/schema/database.ts';
import type { AttachmentStore } from '../storage/stores/attachment-store.ts';
import type { AuditEntryInput, AuditStore } from '../storage/stores/audit-store.ts';
import type { CaseStore } from '../storage/stores/case-store.ts';
import type { IdempotencyStore, StoredAnswer } from '../storage/stores/idempotency-store.ts';
import type { NotificationStore } from '../storage/stores/notification-store.ts';
import type { OutboxDraft, OutboxStore } from '../storage/stores/outbox-store.ts';

/** Who did it, for the timeline and the audit log (null: the system, e.g. the sweeper). */
export interface ChangeActor {
  id: string;
  login: string;
  name: string;
}

/** One change to write. */
export interface CaseChange {
  before: Case | null;
  after: Case;
  /** The located cell and its ancestors: where counters and gauges are kept. */
  countedPath: string[];
  event: Omit<EventDraft, 'action' | 'fromStatus' | 'toStatus'> & {
    action: string;
    fromStatus: string | null;
  };
  actor: ChangeActor | null;
  /**
   * Reads that the answer needs, run first inside the transaction. On SQLite they then
   * run on the writing connection, whose page cache stays warm; the read-only
   * connection's cache is emptied by every commit, which made the same reads there cost
   * ten times more.
   */
  readFirst?: (trx: Transaction<Database>) => Promise<void>;
  counters: { metric: string; n: number }[];
  audit: { action: string; details: Record<string, unknown> };
  attachmentIds?: string[];
  notify?: { userIds: string[] } & NotificationDraft;
  /** Makes the change's answer replayable by key; the answer is built from the written case. */
  idempotency?: {
    key: string;
    requestHash: string;
    answer: (c: Case) => Omit<StoredAnswer, 'requestHash'>;
  };
}

/** Builds the writer. */
export function createCaseWriter(deps: {
  db: Db;
  cases: Pick<
    CaseStore,
    | 'insert'
    | 'insertDepartments'
    | 'indexText'
    | 'updateIfVersion'
    | 'insertEvent'
    | 'eventRow'
    | 'insertEventRows'
    | 'addCounterSets'
    | 'applyGauges'
  >;
  audit: Pick<AuditStore, 'appendMany'>;
  attachments: Pick<AttachmentStore, 'linkToCase'>;
  notifications: Pick<NotificationStore, 'insertMany'>;
  idempotency: Pick<IdempotencyStore, 'insert'>;
  clock: Clock;
  timeZone: () => Promise<string>;
  /** Plans the change's e-mails and webhook deliveries; reads only, before the transaction. */
  planOutbox?: (change: CaseChange) => Promise<OutboxDraft[]>;
  outbox?: Pick<OutboxStore, 'enqueue'>;
}) {
  // The rows every change shares (the city's counters and gauges, the audit chain's
  // head) are written once per group commit, for all its changes, at its end: fewer rows
  // written, and on PostgreSQL their locks are held only until the commit.
  type CounterSet = Parameters<CaseStore['addCounterSets']>[1][number];
  const writeCounters = (trx: Transaction<Database>, sets: CounterSet[]) =>
    deps.cases.addCounterSets(trx, sets);
  const writeGauges = (trx: Transaction<Database>, deltas: GaugeDelta[][]) =>
    deps.cases.applyGauges(trx, deltas.flat());
  const writeText = (trx: Transaction<Database>, caseIds: string[]) =>
    deps.cases.indexText(trx, caseIds);
  const writeAudit = (trx: Transaction<Database>, entries: AuditEntryInput[]) =>
    deps.audit.appendMany(trx, entries);
  // A new case's department rows and first timeline entry are fresh rows that nothing
  // else in its group can read (its id is known to nobody before the answer): they are
  // written at the group's end, one statement each for every new case of the group.
  const writeDepartments = (trx: Transaction<Database>, cases: Case[]) =>
    deps.cases.insertDepartments(trx, cases);
  type EventRow = ReturnType<typeof deps.cases.eventRow>;
  const writeEvents = (trx: Transaction<Database>, rows: EventRow[]) =>
    deps.cases.insertEventRows(trx, rows);

  /**
   * Writes the change atomically; returns the timeline entry's id.
   * @throws StaleVersionError when the case changed since `before` was read.
   */
  return async function writeCaseChange(change: CaseChange): Promise<string> {
    const now = new Date(change.after.updatedAt);
    const day = localDate(now, await deps.timeZone());
    const messages = (await deps.planOutbox?.(change)) ?? [];
    return deps.db.writeTransaction(async (trx, group) => {
      await change.readFirst?.(trx);
      if (change.before) {
        const departmentsChanged =
          change.before.departmentId !== change.after.departmentId ||
          change.before.coDepartmentIds.join() !== change.after.coDepartmentIds.join();
        await deps.cases.updateIfVersion(
          trx,
          change.after,
          change.before.version,
          departmentsChanged,
        );
      } else {
        await deps.cases.insert(trx, change.after);
        group.atEnd(writeText, change.after.id);
        group.atEnd(writeDepartments, change.after);
      }
      const actor = change.actor;
      const event = { ...change.event, toStatus: change.after.status };
      const eventActor = { id: actor?.id ?? null, name: actor?.name ?? null };
      let eventId: string;
      // Attachments are linked to the entry (a foreign key): it must exist first.
      if (!change.before && !change.attachmentIds?.length) {
        const row = deps.cases.eventRow(change.after.id, event, eventActor, now);
        group.atEnd(writeEvents, row);
        eventId = row.id;
      } else {
        eventId = await deps.cases.insertEvent(trx, change.after.id, event, eventActor, now);
      }
      if (change.attachmentIds?.length) {
        await deps.attachments.linkToCase(trx, change.attachmentIds, change.after.id, eventId);
      }
      if (change.notify?.userIds.length) {
        await deps.notifications.insertMany(
          trx,
          change.notify.userIds.filter((id) => id !== actor?.id),
          {
            caseId: change.after.id,
            kind: change.notify.kind,
            message: change.notify.message,
            params: change.notify.params,
          },
          now,
        );
      }
      // Enqueued, never sent, here: sending happens in the outbox job, after the commit.
      if (messages.length > 0 && deps.outbox) await deps.outbox.enqueue(trx, messages, now);
      if (change.idempotency) {
        await deps.idempotency.insert(
          trx,
          change.idempotency.key,
          {
            requestHash: change.idempotency.requestHash,
            ...change.idempotency.answer(change.after),
          },
          deps.clock.now(),
        );
      }
      group.atEnd(writeCounters, { areaPath: change.countedPath, day, metrics: change.counters });
      group.atEnd(writeGauges, gaugeChanges(change.before, change.after, change.countedPath));
      group.atEnd(writeAudit, {
        at: now,
        actorId: actor?.id ?? null,
        actorLogin: actor?.login ?? 'system',
        action: change.audit.action,
        subjectType: 'case',
        subjectId: change.after.id,
        details: {
          ...change.audit.details,
          version: change.after.version,
          status: change.after.status,
          eventId,
        },
      });
      return eventId;
    });
  };
}

export type WriteCaseChange = ReturnType<typeof createCaseWriter>;
