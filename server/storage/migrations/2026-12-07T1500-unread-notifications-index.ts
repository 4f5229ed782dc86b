/**
 * A staff member's unread notifications: the bell's count (polled every half minute), "mark
 * all read" and opening a case (which marks that case's notifications read) read only the
 * unread rows, through a partial index, however many read ones a long-serving dispatcher
 * has gathered. Without it each of them walked every notification the user ever had.
 * Frozen in time: never imports app code.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('notifications_unread_idx')
    .on('notifications')
    .columns(['user_id', 'id'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('notifications_unread_idx').execute();
}
