/**
 * Cases imported from another system (`civicgrid import-cases`): one row per external id,
 * so importing the same file again adds nothing. Frozen in time: never imports app code,
 * never edited after release.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_imports')
    .addColumn('external_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    // SHA-256 of the imported row, to tell a re-import that changed from one that did not.
    .addColumn('row_hash', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_imports').execute();
}
