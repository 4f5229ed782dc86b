/**
 * Group commit on PostgreSQL, where two servers each write their own groups: a failing
 * change stays alone in its failure, and a deadlock between two servers' groups is run
 * again instead of failing the changes that lost it.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmptyDb, type TestDb } from '../../tests/support/databases.ts';
import { openDatabase } from './database.ts';
import { createGroupCommit } from './group-commit.ts';

interface Tables {
  tally: { id: string; n: number };
}

describe('group commit on postgres', () => {
  let test: TestDb;
  let second: ReturnType<typeof openDatabase>;
  let a: Kysely<Tables>;
  let b: Kysely<Tables>;

  beforeEach(async () => {
    test = await createEmptyDb('postgres');
    second = openDatabase({ databaseUrl: test.url as string });
    a = test.db.kysely as unknown as Kysely<Tables>;
    b = second.kysely as unknown as Kysely<Tables>;
    await sql`create table tally (id text primary key, n integer not null)`.execute(a);
    await sql`insert into tally values ('x', 0), ('y', 0)`.execute(a);
  });
  afterEach(async () => {
    await second.close();
    await test.drop();
  });

  const bump = (id: string) => (trx: Kysely<Tables>) =>
    trx
      .updateTable('tally')
      .set((eb) => ({ n: eb('n', '+', 1) }))
      .where('id', '=', id)
      .execute();

  it('shares a transaction between concurrent changes and fails only the one that throws', async () => {
    const { writeTransaction, stats } = createGroupCommit(a);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, k) =>
        writeTransaction(async (trx) => {
          await bump('x')(trx);
          if (k === 4) throw new Error('refused');
          return k;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    const row = await a.selectFrom('tally').select('n').where('id', '=', 'x').executeTakeFirst();
    expect(row?.n).toBe(9);
    expect(stats.groups).toBeLessThan(10);
  });

  it('runs again a change that lost a deadlock with another server, and loses nothing', async () => {
    const one = createGroupCommit(a);
    const two = createGroupCommit(b);
    const pause = () => sql`select pg_sleep(0.2)`.execute(a);
    // Each server locks x and y in the opposite order, with a pause between: PostgreSQL
    // finds the deadlock and aborts one side.
    const outcomes = await Promise.allSettled([
      one.writeTransaction(async (trx) => {
        await bump('x')(trx);
        await sql`select pg_sleep(0.2)`.execute(trx);
        await bump('y')(trx);
      }),
      two.writeTransaction(async (trx) => {
        await bump('y')(trx);
        await sql`select pg_sleep(0.2)`.execute(trx);
        await bump('x')(trx);
      }),
    ]);
    await pause();
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const rows = await a.selectFrom('tally').select(['id', 'n']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'x', n: 2 },
      { id: 'y', n: 2 },
    ]);
  });
});
