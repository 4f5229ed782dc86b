/**
 * A notification keeps the facts it was worded from (JSON: tracking code, title, stage,
 * deadline, duty area and times), so the web app can word it in the reader's language.
 * Older rows keep only their English sentence. Frozen in time: never imports app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('params', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('params').execute();
}
