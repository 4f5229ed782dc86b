/**
 * A token that changes whenever reference data changes (categories, departments, SLA
 * policies, routing overrides, the calendar): bumped in the transaction of each change,
 * so every instance's reference cache can notice another's change with one tiny read.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../database.ts';
import type { Database } from '../schema/database.ts';

const KEY = 'reference_version';

export function createReferenceVersionStore(db: Db) {
  return {
    /** Gives the token a new value, inside the change's transaction. */
    async bump(exec: Kysely<Database> | Transaction<Database>): Promise<void> {
      const value = `${Date.now()}-${randomBytes(6).toString('hex')}`;
      await exec
        .insertInto('settings')
        .values({ key: KEY, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    /** The current token ('0' before the first change). */
    async read(): Promise<string> {
      const row = await db.kysely
        .selectFrom('settings')
        .select('value')
        .where('key', '=', KEY)
        .executeTakeFirst();
      return row?.value ?? '0';
    },
  };
}

export type ReferenceVersionStore = ReturnType<typeof createReferenceVersionStore>;
