/**
 * Categories and departments become editable by an admin: each row gets a `version`
 * (optimistic concurrency: an edit names the version it read, and a stale one changes
 * nothing), and a category can be retired (`active = 0`): no new reports take it, while
 * its cases, counters and figures stay. Frozen in time: never imports app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('categories')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('categories')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('departments')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('departments').dropColumn('version').execute();
  await db.schema.alterTable('categories').dropColumn('active').execute();
  await db.schema.alterTable('categories').dropColumn('version').execute();
}
