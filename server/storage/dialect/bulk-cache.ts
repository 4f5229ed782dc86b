/**
 * A larger page cache for a long batched write (`civicgrid import-cases`): the counters
 * of many areas and days are upserted at random places in their index, which a default
 * 2 MiB SQLite cache turns into reads of pages just evicted. PostgreSQL: nothing (its
 * shared buffers are the server's to size).
 */
import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** SQLite page cache during a bulk write, in KiB. */
export const BULK_CACHE_KIB = 262_144;

/** Widens this connection's page cache; the function it returns puts it back. */
export async function widenPageCache(db: Db): Promise<() => Promise<void>> {
  if (db.dialect !== 'sqlite') return async () => undefined;
  const row = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db.kysely)).rows[0];
  const before = Number(row?.cache_size ?? -2000);
  await sql.raw(`pragma cache_size = -${BULK_CACHE_KIB}`).execute(db.kysely);
  return async () => {
    await sql.raw(`pragma cache_size = ${before}`).execute(db.kysely);
  };
}
