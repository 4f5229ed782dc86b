/**
 * The overdue work queue (`GET /api/v1/cases?overdue=true`, newest first): without an
 * index on (stage_overdue, id), the database gathers every overdue case and sorts them
 * before it can return the first page (seconds at ten million cases); with it, the page
 * is read newest first and stops after 50 rows in scope. Frozen in time: never imports
 * app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('cases_overdue_idx')
    .on('cases')
    .columns(['stage_overdue', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_overdue_idx').execute();
}
