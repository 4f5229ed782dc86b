/**
 * The outbox: e-mails and webhook deliveries waiting to be sent, their attempts, and the
 * addresses of the staff they go to. Messages are inserted inside the transaction of the
 * change that caused them, so a message exists exactly when its change committed.
 */
import type { Kysely, Transaction } from 'kysely';
import type { IdGenerator } from '../../domain/ports.ts';
import type { Db } from '../database.ts';
import type { OutboxAttemptsTable, OutboxTable } from '../schema/outbox.table.ts';
import type { Database } from '../schema/database.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export type OutboxKind = 'email' | 'webhook';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'dead';

/** A rendered e-mail to one recipient. */
export interface EmailPayload {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which template made it (`reporter.closed`, `staff.assigned` …), for the log. */
  template: string;
}

/** A webhook delivery: the event and the exact body to sign and send. */
export interface WebhookPayload {
  event: string;
  body: string;
}

/**
 * A message to enqueue. `failure` records a message that could not even be prepared: it
 * is stored dead with that error, visible in the log instead of failing the change.
 */
export type OutboxDraft =
  | {
      kind: 'email';
      dedupeKey: string;
      caseId: string | null;
      webhookId?: null;
      payload: EmailPayload;
      failure?: string;
    }
  | {
      kind: 'webhook';
      dedupeKey: string;
      caseId: string | null;
      webhookId: string;
      payload: WebhookPayload;
      failure?: string;
    };

/** A stored message. */
export interface OutboxMessage {
  id: string;
  kind: OutboxKind;
  dedupeKey: string;
  caseId: string | null;
  webhookId: string | null;
  payload: EmailPayload | WebhookPayload;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** One logged attempt to send a message. */
export interface OutboxAttempt {
  messageId: string;
  attempt: number;
  at: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/** The outcome of one attempt, and the message's state after it. */
export interface AttemptOutcome {
  attempt: number;
  at: Date;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  status: OutboxStatus;
  nextAttemptAt: Date;
}

function rowToMessage(row: OutboxTable): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind as OutboxKind,
    dedupeKey: row.dedupe_key,
    caseId: row.case_id,
    webhookId: row.webhook_id,
    payload: JSON.parse(row.payload) as EmailPayload | WebhookPayload,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

function rowToAttempt(row: OutboxAttemptsTable): OutboxAttempt {
  return {
    messageId: row.message_id,
    attempt: Number(row.attempt),
    at: row.at,
    ok: Number(row.ok) === 1,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    error: row.error,
  };
}

/** Error texts are kept short: they are for people reading the delivery log. */
function clip(text: string | null): string | null {
  return text === null ? null : text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

/** Builds the outbox store. */
export function createOutboxStore(db: Db, ids: IdGenerator) {
  const k = db.kysely;
  return {
    /** Inserts messages (in the caller's transaction); a message whose dedupe key exists is skipped. */
    async enqueue(exec: Executor, drafts: readonly OutboxDraft[], now: Date): Promise<string[]> {
      const stamp = now.toISOString();
      const inserted: string[] = [];
      for (const draft of drafts) {
        const id = ids.next();
        const result = await exec
          .insertInto('outbox')
          .values({
            id,
            kind: draft.kind,
            dedupe_key: draft.dedupeKey,
            case_id: draft.caseId,
            webhook_id: draft.webhookId ?? null,
            payload: JSON.stringify(draft.payload),
            status: draft.failure ? 'dead' : 'pending',
            attempts: 0,
            next_attempt_at: stamp,
            last_error: draft.failure ? clip(draft.failure) : null,
            created_at: stamp,
            sent_at: null,
          })
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) inserted.push(id);
      }
      return inserted;
    },

    /** Messages waiting to be sent whose time has come, oldest due first. */
    async findDue(now: Date, limit: number): Promise<OutboxMessage[]> {
      const rows = await k
        .selectFrom('outbox')
        .selectAll()
        .where('status', 'in', ['pending', 'failed'])
        .where('next_attempt_at', '<=', now.toISOString())
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(rowToMessage);
    },

    /**
     * Claims a message for one attempt: counts the attempt and pushes its next attempt to
     * `leaseUntil`, so if this process dies while sending, the message is tried again
     * then. False when someone else claimed it first.
     */
    async claim(message: OutboxMessage, leaseUntil: Date): Promise<boolean> {
      const result = await k
        .updateTable('outbox')
        .set({ attempts: message.attempts + 1, next_attempt_at: leaseUntil.toISOString() })
        .where('id', '=', message.id)
        .where('attempts', '=', message.attempts)
        .where('status', 'in', ['pending', 'failed'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Records an attempt and the message's state after it, together. */
    async finishAttempt(id: string, outcome: AttemptOutcome): Promise<void> {
      await k.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox')
          .set({
            status: outcome.status,
            next_attempt_at: outcome.nextAttemptAt.toISOString(),
            last_error: clip(outcome.error),
            ...(outcome.ok ? { sent_at: outcome.at.toISOString() } : {}),
          })
          .where('id', '=', id)
          .execute();
        await trx
          .insertInto('outbox_attempts')
          .values({
            id: ids.next(),
            message_id: id,
            attempt: outcome.attempt,
            at: outcome.at.toISOString(),
            ok: outcome.ok ? 1 : 0,
            status_code: outcome.statusCode,
            error: clip(outcome.error),
          })
          .execute();
      });
    },

    /** One message, or undefined. */
    async findById(id: string): Promise<OutboxMessage | undefined> {
      const row = await k.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? rowToMessage(row) : undefined;
    },

    /** Deliveries to one webhook, newest first, before the cursor id. */
    async listByWebhook(
      webhookId: string,
      options: { before?: string; limit: number },
    ): Promise<OutboxMessage[]> {
      let query = k.selectFrom('outbox').selectAll().where('webhook_id', '=', webhookId);
      if (options.before) query = query.where('id', '<', options.before);
      const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
      return rows.map(rowToMessage);
    },

    /** Messages of a case, oldest first (for tests and support). */
    async listByCase(caseId: string): Promise<OutboxMessage[]> {
      const rows = await k
        .selectFrom('outbox')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('id')
        .execute();
      return rows.map(rowToMessage);
    },

    /** The attempts of some messages, in order. */
    async listAttempts(messageIds: readonly string[]): Promise<OutboxAttempt[]> {
      if (messageIds.length === 0) return [];
      const rows = await k
        .selectFrom('outbox_attempts')
        .selectAll()
        .where('message_id', 'in', messageIds)
        .orderBy('message_id')
        .orderBy('attempt')
        .execute();
      return rows.map(rowToAttempt);
    },

    /** Deletes up to `limit` sent or dead messages created before `before`; returns how many. */
    async purgeFinished(before: Date, limit: number): Promise<number> {
      const result = await k
        .deleteFrom('outbox')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('outbox')
            .select('id')
            .where('status', 'in', ['sent', 'dead'])
            .where('created_at', '<', before.toISOString())
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** E-mail addresses of active staff among `userIds` (those without one are left out). */
    async findStaffAddresses(
      userIds: readonly string[],
      exec: Executor = k,
    ): Promise<{ userId: string; email: string }[]> {
      if (userIds.length === 0) return [];
      const rows = await exec
        .selectFrom('users')
        .select(['id', 'email'])
        .where('id', 'in', [...new Set(userIds)])
        .where('active', '=', 1)
        .where('email', 'is not', null)
        .orderBy('id')
        .execute();
      return rows.flatMap((r) => (r.email ? [{ userId: r.id, email: r.email }] : []));
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
