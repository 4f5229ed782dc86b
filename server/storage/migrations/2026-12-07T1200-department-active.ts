/**
 * A department can be retired (`active = 0`) when it is dissolved or merged: no case is
 * dispatched to it and no category or routing rule names it any more, while its cases,
 * counters and figures stay. Frozen in time: never imports app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('departments')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('departments').dropColumn('active').execute();
}
