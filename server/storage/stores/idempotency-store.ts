/** Answers remembered by `Idempotency-Key`, so a retried request returns the first answer. */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A remembered answer. */
export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

/** Builds the idempotency store. */
export function createIdempotencyStore(db: Db) {
  const k = db.kysely;
  return {
    /** The answer remembered for a key, or undefined. */
    async find(key: string, exec: Executor = k): Promise<StoredAnswer | undefined> {
      const row = await exec
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst();
      // A replay acknowledges the first request's change: only once it is durable.
      if (row) await db.durable();
      return (
        row && {
          requestHash: row.request_hash,
          status: Number(row.status),
          body: JSON.parse(row.response),
        }
      );
    },

    /** Remembers an answer inside the transaction that produced it (a duplicate key fails it). */
    async insert(exec: Executor, key: string, answer: StoredAnswer, now: Date): Promise<void> {
      await exec
        .insertInto('idempotency_keys')
        .values({
          key,
          request_hash: answer.requestHash,
          status: answer.status,
          response: JSON.stringify(answer.body),
          created_at: now.toISOString(),
        })
        .execute();
    },

    /** Forgets answers older than `before`; returns how many. */
    async deleteOlderThan(before: Date): Promise<number> {
      const result = await k
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', before.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
