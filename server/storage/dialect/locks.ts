/**
 * Job locks through the database, so one sweeper runs at a time across instances. A lock
 * is a row with a holder and an expiry; taking it succeeds when it is free or expired.
 * The same SQL (INSERT … ON CONFLICT … DO UPDATE … WHERE) works on both dialects.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** Takes or renews the named lock for `holder` until `expiresAt`; true when held. */
export async function tryLock(
  db: Kysely<Database>,
  name: string,
  holder: string,
  now: Date,
  expiresAt: Date,
): Promise<boolean> {
  await sql`insert into job_locks (name, holder, expires_at) values (${name}, ${holder}, ${expiresAt.toISOString()})
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
    where job_locks.holder = excluded.holder or job_locks.expires_at < ${now.toISOString()}`.execute(
    db,
  );
  const row = await db
    .selectFrom('job_locks')
    .select('holder')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.holder === holder;
}

/**
 * Extends a lock `holder` still has until `expiresAt`; false when it no longer has it.
 * Never takes a free lock: a renewal that arrives after the release must not hold the
 * lock again for a whole lease while no run is going on.
 */
export async function renewLock(
  db: Kysely<Database>,
  name: string,
  holder: string,
  expiresAt: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('job_locks')
    .set({ expires_at: expiresAt.toISOString() })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Releases the lock if `holder` has it. */
export async function releaseLock(
  db: Kysely<Database>,
  name: string,
  holder: string,
): Promise<void> {
  await db.deleteFrom('job_locks').where('name', '=', name).where('holder', '=', holder).execute();
}
