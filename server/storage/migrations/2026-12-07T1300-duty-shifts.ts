/**
 * The duty schedule (SPEC "Staff"): shifts of an area with an officer on duty and a cover.
 * Shifts are looked up by area and time (who is on duty now, the roster of a week), so the
 * index leads with the area and orders by the end. Frozen in time: never imports app code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('duty_shifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_id', 'text', (c) => c.notNull().references('areas.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('primary_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('backup_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('duty_shifts_area_end')
    .on('duty_shifts')
    .columns(['area_id', 'ends_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('duty_shifts').execute();
}
