/**
 * Optimistic concurrency for staff accounts: every user carries a `version`, checked and
 * bumped by the same `update … where id = ? and version = ?` that changes it, so two
 * admins editing one account no longer overwrite each other. Existing accounts start at 1.
 * Frozen in time: never imports app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('version').execute();
}
