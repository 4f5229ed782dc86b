/**
 * Deadline warnings already given: a stage deadline gets one due-soon warning, and a
 * moved deadline (a new dispatch deadline, a resumed clock) gets its own.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Case } from '../../domain/cases/case.ts';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';
import { rowToCase } from './case-store.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** Builds the deadline-warning store. */
export function createDeadlineWarningStore(db: Db) {
  const k = db.kysely;
  return {
    /**
     * Open, running cases whose stage falls due after `now` and no later than `until`,
     * not yet warned about that deadline; soonest first.
     */
    async findDueSoon(now: Date, until: Date, limit: number): Promise<Case[]> {
      const rows = await k
        .selectFrom('cases')
        .selectAll()
        .where('stage_overdue', '=', 0)
        .where('stage_due_at', '>', now.toISOString())
        .where('stage_due_at', '<=', until.toISOString())
        .where('status', '!=', 'suspended')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('deadline_warnings as w')
                .select('w.case_id')
                .whereRef('w.case_id', '=', 'cases.id')
                .whereRef('w.stage', '=', 'cases.stage')
                .whereRef('w.due_at', '=', 'cases.stage_due_at'),
            ),
          ),
        )
        .orderBy('stage_due_at')
        .limit(limit)
        .execute();
      return rows.map((row) => rowToCase(row));
    },

    /** Records the warning about a stage deadline; false when it was already given. */
    async markWarned(
      exec: Executor,
      warning: { caseId: string; stage: string; dueAt: string },
      now: Date,
    ): Promise<boolean> {
      const result = await exec
        .insertInto('deadline_warnings')
        .values({
          case_id: warning.caseId,
          stage: warning.stage,
          due_at: warning.dueAt,
          warned_at: now.toISOString(),
        })
        .onConflict((oc) => oc.columns(['case_id', 'stage', 'due_at']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}

export type DeadlineWarningStore = ReturnType<typeof createDeadlineWarningStore>;
