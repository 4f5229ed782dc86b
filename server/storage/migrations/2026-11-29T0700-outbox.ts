/**
 * Notifications leave through a durable outbox: e-mail and webhook messages are rows
 * written in the same transaction as the case change, then sent by a job with retries.
 * Also the webhook subscriptions, the log of each delivery attempt, and the deadline
 * warnings already given (so a due-soon warning is sent once per stage deadline).
 * Frozen in time: never imports app code, never edited after release.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    // The subtree (path `/root/…/id/`) of the admin who subscribed: only its cases are sent.
    .addColumn('area_path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('case_id', 'text')
    .addColumn('webhook_id', 'text', (c) => c.references('webhooks.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_due_idx')
    .on('outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('outbox_webhook_idx')
    .on('outbox')
    .columns(['webhook_id', 'id'])
    .execute();

  await db.schema
    .createTable('outbox_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('outbox.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_attempts_message_idx')
    .on('outbox_attempts')
    .columns(['message_id', 'attempt'])
    .execute();

  await db.schema
    .createTable('deadline_warnings')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('warned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deadline_warnings_pk', ['case_id', 'stage', 'due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['deadline_warnings', 'outbox_attempts', 'outbox', 'webhooks']) {
    await db.schema.dropTable(table).execute();
  }
}
