/**
 * Duty reminders: an officer and a cover are reminded once, an hour before their shift
 * starts. `reminded_at` records that it was done (or that the plan itself came within the
 * hour, when the notice of the plan served as the reminder); the reminder job reads the
 * shifts starting soon that are not yet reminded through a partial index on the start.
 * Frozen in time: never imports app code.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('duty_shifts').addColumn('reminded_at', 'text').execute();
  await db.schema
    .createIndex('duty_shifts_remind_idx')
    .on('duty_shifts')
    .column('starts_at')
    .where(sql.ref('reminded_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('duty_shifts_remind_idx').execute();
  await db.schema.alterTable('duty_shifts').dropColumn('reminded_at').execute();
}
